package kmskey_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// FuzzBuild derives a site and the key policy's options from a few fuzzed
// strings and option bits, makes the site with cloudtrail.New and builds
// the key policy from it. Invariants: neither panics; Build returns a
// document or an error, never both; given a site New refused, Build
// returns no document and an error wrapping cloudtrail.ErrIncompleteSite;
// every problem of either is a *policy.FieldError or a *policy.SizeError;
// a document passes Validate (schema, size, Sids) and round-trips; the
// caller's slices are left as they were.
func FuzzBuild(f *testing.F) {
	const (
		a1, a2 = "111111111111", "222222222222"
		orgID  = "o-exampleorgid"
		key    = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		mrk    = "arn:aws:kms:eu-west-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab"
		trail  = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org"
		admin  = "arn:aws:iam::222222222222:role/KeyAdmin"
		reader = "arn:aws:iam::111111111111:role/Security"
	)
	f.Add(key, a1, "", "", "", "", "", "", "", "", uint8(0))
	f.Add(key, a1, a2, orgID, a1, trail, admin, reader, "333333333333", "us-east-1", uint8(1))
	f.Add(mrk, "", "", orgID, a1, "", "arn:aws:iam::111111111111:user/alice", "", "", "", uint8(2|4))
	f.Add(key, a2, "", "", "", "", admin, "", "", "", uint8(8|16))
	f.Add("arn:aws-cn:kms:cn-north-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", a1, "", "", "", "", "", "", "", "cn-north-1", uint8(32))
	f.Add("arn:aws:kms:us-east-1:222222222222:alias/cloudtrail", "１１１１１１１１１１１１", "22222222222", "O-EXAMPLE", "", "arn:aws:cloudtrail:us-east-1:1111111111:trail/x", "arn:aws:iam::333333333333:root", "arn:aws:iam::999999999999:role/x", "x", "us-west-2", uint8(255))
	f.Add(key, a1, a2, "", "", "", admin, "arn:aws:iam::333333333333:role/VendorReadOnly", "333333333333", "", uint8(64))
	f.Add("", "", "", "", "", "", "", "", "", "", uint8(0))
	f.Fuzz(func(t *testing.T, keyARN, acct1, acct2, org, mgmt, trailARN, admin, reader, logArchive, region string, flags uint8) {
		sc := cloudtrail.SiteConfig{
			Bucket:            "example-ct-logs",
			KMSKeyARN:         keyARN,
			LogArchiveAccount: logArchive,
			BucketRegion:      region,
		}
		cfg := kmskey.Config{
			Options: kmskey.Options{
				OmitSourceArn:               flags&2 != 0,
				AllowAdministratorsToUseKey: flags&4 != 0,
				AllowKeyLockout:             flags&8 != 0,
			},
		}
		if flags&1 != 0 {
			cfg.SidStyle = kmskey.SidsSpaced
		}
		if flags&16 != 0 {
			cfg.PolicyID = "Key policy for CloudTrail"
		}
		if flags&32 != 0 {
			sc.Partition = policy.PartitionChina
		}
		if flags&128 != 0 {
			// CloudTrail's decrypt for an S3 Bucket Key, under
			// aws:SourceAccount when bit 2 is clear, so that both source
			// forms are built; with bit 1 (omitSourceArn) aws:SourceAccount
			// is refused.
			cfg.AllowCloudTrailToDecryptForBucketKey = true
			cfg.AllowAnySourceInAccounts = flags&4 == 0
		}
		for _, a := range []string{acct1, acct2} {
			if a != "" {
				sc.Accounts = append(sc.Accounts, a)
			}
		}
		if org != "" || mgmt != "" {
			sc.Organization = &cloudtrail.Organization{ID: org, ManagementAccount: mgmt}
		}
		if trailARN != "" {
			sc.Trails = []string{trailARN}
		}
		if admin != "" {
			cfg.KeyAdministrators = []string{admin, admin}
		}
		if reader != "" {
			// Bit 64 gives the role as the vendor's, else as a reader of the site.
			if flags&64 != 0 {
				cfg.VendorRoleARN = reader
			} else {
				sc.Readers = []string{reader}
			}
		}
		before := [][]string{slices.Clone(sc.Accounts), slices.Clone(sc.Trails), slices.Clone(cfg.KeyAdministrators), slices.Clone(sc.Readers)}

		site, siteErr := cloudtrail.New(sc)
		cfg.Site = site
		doc, err := kmskey.Build(cfg)
		after := [][]string{sc.Accounts, sc.Trails, cfg.KeyAdministrators, sc.Readers}
		for i := range before {
			if !slices.Equal(before[i], after[i]) {
				t.Errorf("New or Build modified a caller's slice: %q, now %q", before[i], after[i])
			}
		}
		if siteErr != nil && (doc != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite)) {
			t.Fatalf("Build of a site New refused (%v): got document %v and error %v, want no document and ErrIncompleteSite", siteErr, doc != nil, err)
		}
		golden.CheckNamed(t, "cloudtrail.New", siteErr, nil)
		// Besides field errors, a size error may come.
		golden.CheckBuilt(t, "Build", doc, err, func(e error) bool { var se *policy.SizeError; return errors.As(e, &se) })
	})
}
