package rcp_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/rcp"
)

// fullSite is orgSite with 1+extra break-glass roles, and trusted is 300
// accounts outside the organization: with them every statement but
// DenyInsecureTransport is nearly a whole RCP.
func fullSite(extra int) (cloudtrail.SiteConfig, rcp.Options) {
	sc := orgSite()
	for i := range extra {
		sc.BreakGlassRoles = append(sc.BreakGlassRoles, fmt.Sprintf("arn:aws:iam::222222222222:role/incident-response/BreakGlassOperator%03d", i))
	}
	var opts rcp.Options
	for i := range 300 {
		opts.TrustedAccounts = append(opts.TrustedAccounts, fmt.Sprintf("5%011d", i))
	}
	return sc, opts
}

// TestBuildPerTarget: four RCPs, the most one target holds beside
// RCPFullAWSAccess, are built; one more break-glass role makes the bucket
// statement too long to share an RCP with DenyInsecureTransport, and the
// fifth RCP is refused on breakGlassRoles.
func TestBuildPerTarget(t *testing.T) {
	sc, opts := fullSite(50)
	docs := mustBuild(t, sc, opts)
	var sids [][]string
	for _, d := range docs {
		golden.CheckEmitted(t, d, policy.Limits{})
		var in []string
		for _, s := range d.Statements {
			in = append(in, s.Sid)
		}
		sids = append(sids, in)
	}
	want := [][]string{{rcp.SidOrgIdentities}, {rcp.SidConfusedDeputy}, {rcp.SidSecureTransport, rcp.SidLogBucket}, {rcp.SidLogKey}}
	if diff := cmp.Diff(want, sids); diff != "" {
		t.Fatalf("statements per RCP with 51 break-glass roles (-want +got):\n%s", diff)
	}

	sc, opts = fullSite(51)
	docs, err := buildSetup(sc, opts)
	if docs != nil || err == nil {
		t.Fatalf("got %d RCPs and error %v; want no RCPs and an error", len(docs), err)
	}
	const msg = `breakGlassRoles: "52 break-glass roles" make 5 resource control policies, 1 more than the 4 one root, OU or account holds beside RCPFullAWSAccess (5 per target, RCPFullAWSAccess among them): 51 of them fit; the tampering statements grow with breakGlassRoles, DenyPrincipalsOutsideOrganization with rcp.trustedAccounts, DenyServicesOutsideOrganization with rcp.trustedAccounts, trails and accounts: list fewer break-glass roles or let a * stand for the part of their names that differs, trust fewer accounts outside the organization, or use an organization trail`
	if err.Error() != msg {
		t.Errorf("error:\n%v\nwant:\n%s", err, msg)
	}
	var fe *policy.FieldError
	if !errors.As(err, &fe) || fe.Field != "breakGlassRoles" || !errors.Is(err, policy.ErrTooManyPolicies) {
		t.Errorf("error %v: want a *policy.FieldError on breakGlassRoles wrapping policy.ErrTooManyPolicies", err)
	}
}
