package bucket_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// FuzzBuild derives a site and the bucket policy's options from a few
// fuzzed strings and option bits, and runs cloudtrail.New and Build as a
// caller does. Invariants: neither panics; Build returns a document or an
// error, never both, and no document from a site New reported problems
// with; every problem is a *policy.FieldError or a *policy.SizeError; a
// document passes Validate (schema, size, Sids) and round-trips; the
// caller's slices are left as they were.
func FuzzBuild(f *testing.F) {
	const (
		good    = "example-cloudtrail-logs"
		a1, a2  = "111111111111", "222222222222"
		orgID   = "o-exampleorgid"
		key     = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		trail   = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org"
		noFlags = uint8(0)
	)
	f.Add(good, "", a1, "", "", "", "", "", "", noFlags)
	f.Add(good, "logs/org", a1, a2, orgID, a1, key, trail, "aws", uint8(1))
	f.Add(good, "", "", "", orgID, a2, key, "", "", uint8(2))
	f.Add(good, "", a1, a1, "", "", "", trail, "", uint8(4))
	f.Add("cn-logs", "p", a1, "", "", "", "arn:aws-cn:kms:cn-north-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", "", "aws-cn", uint8(8))
	f.Add(good, "", a1, "", "", "", "", "", "", uint8(16|32))
	f.Add(good, "a//b", "١١١١١١١١١١١١", " 222222222222", "o-SHORT", "", "arn:aws:kms:us-east-1:222222222222:alias/x", "arn:aws:cloudtrail:us-east-1:1111111111:trail/x", "aws-cn", uint8(255))
	f.Add("Bad_Bucket", "../x", "", "", "", "", "", "", "", noFlags)
	f.Add(good, "x\x00y", a1, "", "", "", key, "", "", uint8(64))
	f.Add(good, "logs", a1, a2, "", "", key, "", "aws", uint8(128))
	f.Fuzz(func(t *testing.T, name, prefix, acct1, acct2, org, mgmt, keyARN, trailARN, part string, flags uint8) {
		sc := cloudtrail.SiteConfig{
			Partition: policy.Partition(part),
			Bucket:    name,
			Prefix:    prefix,
			KMSKeyARN: keyARN,
		}
		cfg := bucket.Config{
			OmitEncryptionDeniesForFirstCreate: flags&1 != 0,
			Options: bucket.Options{
				AllowAnySourceTrail:      flags&2 != 0,
				AllowAnySourceInAccounts: flags&4 != 0,
				AllowInsecureTransport:   flags&8 != 0,
			},
		}
		for _, a := range []string{acct1, acct2} {
			if a != "" {
				sc.Accounts = append(sc.Accounts, a)
			}
		}
		if org != "" || mgmt != "" {
			sc.Organization = &cloudtrail.Organization{ID: org, ManagementAccount: mgmt}
		}
		if flags&4 != 0 && org != "" {
			// With an organization, bit 2 is its source key instead.
			cfg.AllowAnySourceInAccounts, cfg.AllowAnySourceInOrganization = false, true
		}
		if trailARN != "" {
			sc.Trails = []string{trailARN}
		}
		if flags&16 != 0 {
			cfg.SidSuffix = "20150319"
		}
		if flags&32 != 0 {
			cfg.LegacyPrincipalRegions = []string{"us-east-1", "us-west-2"}
		}
		if flags&64 != 0 {
			sc.BucketRegion = "us-east-1"
		}
		if flags&128 != 0 {
			// The compact write statement, and readers: one built from the
			// fuzzed account (valid or not) and a duplicate of it, and one
			// in the log archive account, which gets no grant.
			cfg.AllowWritesAcrossAccountPrefixes = true
			r := "arn:" + part + ":iam::" + acct2 + ":role/SecurityReader"
			sc.Readers = []string{r, "arn:aws:iam::111111111111:role/Audit", r}
			sc.LogArchiveAccount = a1
		}
		accounts, trails, readers := slices.Clone(sc.Accounts), slices.Clone(sc.Trails), slices.Clone(sc.Readers)
		legacy := slices.Clone(cfg.LegacyPrincipalRegions)

		site, siteErr := cloudtrail.New(sc)
		cfg.Site = site
		doc, err := bucket.Build(cfg)
		if !slices.Equal(accounts, sc.Accounts) || !slices.Equal(trails, sc.Trails) || !slices.Equal(readers, sc.Readers) {
			t.Errorf("New or Build modified the caller's slices: %q %q %q, now %q %q %q", accounts, trails, readers, sc.Accounts, sc.Trails, sc.Readers)
		}
		if !slices.Equal(legacy, cfg.LegacyPrincipalRegions) {
			t.Errorf("Build modified LegacyPrincipalRegions: %q, now %q", legacy, cfg.LegacyPrincipalRegions)
		}
		if siteErr != nil && !errors.Is(err, cloudtrail.ErrIncompleteSite) {
			t.Errorf("Build of an incomplete site does not report it: %v", err)
		}
		golden.CheckNamed(t, "cloudtrail.New", siteErr, nil)
		// Besides field errors, a size error (which names no field) may come.
		golden.CheckBuilt(t, "Build", doc, err, func(e error) bool { var se *policy.SizeError; return errors.As(e, &se) })
	})
}
