package rcp_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/rcp"
)

// FuzzBuild derives a site and the RCP's options from fuzzed strings and
// option bits, and builds them as the setup does (cloudtrail.New, then
// rcp.Build). Bit 0 sets AllowObjectOverwrite, bit 1 LeaveKeyUnprotected,
// bit 2 drops the organization. Invariants: Build never panics; it returns
// documents or an error, never both; an incomplete site is refused; every
// problem names a field (or is a *policy.SizeError); each document passes
// validation as an RCP and round-trips, and denies only; the statements of
// several documents carry distinct Sids; the caller's slices are left as
// they were.
func FuzzBuild(f *testing.F) {
	f.Add("aws", bucket, breakGlass, orgTrail, keyARN, logAccount, mgmt, orgID, outside, uint8(0))
	f.Add("aws", bucket, "", "", "", "", mgmt, orgID, "", uint8(3))
	f.Add("aws", bucket, breakGlass, orgTrail, keyARN, mgmt, mgmt, orgID, "", uint8(0))
	f.Add("aws", bucket, breakGlass, orgTrail, "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", logAccount, mgmt, orgID, "", uint8(2))
	f.Add("aws-cn", "Bad_Bucket", "arn:aws:iam::111111111111:role/*", "arn:aws:cloudtrail:us-east-1:1111111111:trail/x", "arn:aws:kms:x", "１", mgmt, "o-x", "12", uint8(0))
	f.Add("aws", bucket, breakGlass, orgTrail, keyARN, logAccount, mgmt, orgID, outside, uint8(4))
	f.Fuzz(func(t *testing.T, part, bucketName, role, trailARN, key, logAcct, mgmtAcct, org, trusted string, flags uint8) {
		sc := cloudtrail.SiteConfig{
			Partition:         policy.Partition(part),
			Bucket:            bucketName,
			KMSKeyARN:         key,
			LogArchiveAccount: logAcct,
			Accounts:          []string{outside},
		}
		if flags&4 == 0 {
			sc.Organization = &cloudtrail.Organization{ID: org, ManagementAccount: mgmtAcct}
		}
		if role != "" {
			sc.BreakGlassRoles = []string{role}
		}
		if trailARN != "" {
			sc.Trails = []string{trailARN}
		}
		opts := rcp.Options{AllowObjectOverwrite: flags&1 != 0, LeaveKeyUnprotected: flags&2 != 0}
		if trusted != "" {
			opts.TrustedAccounts = []string{trusted, trusted}
		}
		roles, trails, accounts := slices.Clone(sc.BreakGlassRoles), slices.Clone(sc.Trails), slices.Clone(opts.TrustedAccounts)
		s, siteErr := cloudtrail.New(sc)
		docs, err := rcp.Build(rcp.Config{Site: s, Options: opts})
		if !slices.Equal(roles, sc.BreakGlassRoles) || !slices.Equal(trails, sc.Trails) || !slices.Equal(accounts, opts.TrustedAccounts) {
			t.Errorf("New or Build modified the caller's slices")
		}
		if siteErr != nil && !errors.Is(err, cloudtrail.ErrIncompleteSite) {
			t.Fatalf("Build accepted a site with problems %v: %v", siteErr, err)
		}
		if err != nil {
			if docs != nil {
				t.Fatalf("Build returned documents with error %v", err)
			}
			golden.CheckNamed(t, "Build", err, func(e error) bool {
				var se *policy.SizeError
				return errors.As(e, &se)
			})
			return
		}
		if len(docs) == 0 {
			t.Fatal("Build returned neither documents nor an error")
		}
		sids := map[string]bool{}
		for i, d := range docs {
			if d == nil || d.Kind != policy.KindRCP {
				t.Fatalf("document %d is %v, want an RCP", i, d)
			}
			golden.CheckEmitted(t, d, policy.Limits{})
			for _, s := range d.Statements {
				if sids[s.Sid] {
					t.Errorf("Sid %q appears in two documents", s.Sid)
				}
				sids[s.Sid] = true
			}
		}
	})
}
