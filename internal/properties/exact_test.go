package properties_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// The same worlds, proved rather than sampled: package audit derives every
// request that can make a difference from the documents themselves and
// asks each of its properties, so a PASS holds for every request (within
// the fragment its package doc states). The sampled properties above stay:
// they test what audit does not (the reader trust policy, the three yeses
// with a document taken away), and they cross-check it.

// intent is what w's setup intends, as audit reads it.
func (w *world) intent() audit.Intent {
	return audit.Intent{
		Site:            w.site,
		Vendor:          &trust.Vendor{Account: w.vendor, ExternalID: w.externalID, RoleName: w.vendorRole},
		VendorRoleARN:   w.vendorRoleARN(),
		ProtectedTrails: w.protectedTrails(),
		ProtectKey:      w.protectsKey(),
		SCPAccounts:     w.scpAccounts,
	}
}

// deployed are w's documents by their role, the security team's read role
// with its read policy.
func (w *world) deployed() audit.Deployed {
	return audit.Deployed{BucketPolicy: w.bucketPolicy, KeyPolicy: w.keyPolicy, VendorTrustPolicy: w.vendorTrust,
		VendorReadPolicy: w.vendorRead, SCPs: w.scps,
		ReaderPolicies: map[string][]*policy.Document{w.readerRoleARN(): {w.readerRead}}}
}

// TestDefaultsExact proves every property audit knows for the default
// documents of every scenario; with -short, of one.
func TestDefaultsExact(t *testing.T) {
	for _, s := range scenarios() {
		t.Run(s.name, func(t *testing.T) {
			if testing.Short() && s.name != "single-account/no-kms" {
				t.Skip("runs without -short")
			}
			w := build(t, s)
			rep, err := audit.Check(w.intent(), w.deployed())
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range rep.Results {
				n += r.Requests
				if r.Status != audit.Pass {
					t.Errorf("%s: %s: %s", r.Property, r.Status, counterexample(r))
				}
			}
			if len(rep.Missing) > 0 {
				t.Errorf("missing documents: %v", rep.Missing)
			}
			t.Logf("%d properties proved, %d representative requests", len(rep.Results), n)
		})
	}
}

func counterexample(r audit.Result) string {
	c := r.Counterexample
	if c == nil {
		return r.Description
	}
	return c.Principal + " " + c.Action + " " + c.Resource + " " + ctxString(c.Context) + ": " + c.Decision + ", want " + c.Want + " (" + c.Reason + ")"
}
