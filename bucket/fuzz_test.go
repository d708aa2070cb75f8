package bucket_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// FuzzBuild derives a Config from a few fuzzed strings and option bits.
// Invariants: Build never panics; it returns a document or an error, never
// both; every problem is a *policy.FieldError or a *bucket.SizeError; a
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
		cfg := bucket.Config{
			Bucket:                             name,
			Prefix:                             prefix,
			KMSKeyARN:                          keyARN,
			OmitEncryptionDeniesForFirstCreate: flags&1 != 0,
			AllowAnySourceTrail:                flags&2 != 0,
			AllowAnySourceInAccounts:           flags&4 != 0,
			AllowInsecureTransport:             flags&8 != 0,
		}
		cfg.Partition = policy.Partition(part)
		for _, a := range []string{acct1, acct2} {
			if a != "" {
				cfg.Accounts = append(cfg.Accounts, a)
			}
		}
		if org != "" || mgmt != "" {
			cfg.Organization = &policy.Organization{ID: org, ManagementAccount: mgmt}
		}
		if trailARN != "" {
			cfg.Trails = []string{trailARN}
		}
		if flags&16 != 0 {
			cfg.SidSuffix = "20150319"
		}
		if flags&32 != 0 {
			cfg.LegacyPrincipalRegions = []string{"us-east-1", "us-west-2"}
		}
		if flags&64 != 0 {
			cfg.BucketRegion = "us-east-1"
		}
		if flags&128 != 0 {
			// The compact write statement, and readers: one built from the
			// fuzzed account (valid or not) and a duplicate of it.
			cfg.AllowWritesAcrossAccountPrefixes = true
			r := "arn:" + part + ":iam::" + acct2 + ":role/SecurityReader"
			cfg.Readers = []string{r, "arn:aws:iam::111111111111:role/Audit", r}
		}
		accounts, trails, readers := slices.Clone(cfg.Accounts), slices.Clone(cfg.Trails), slices.Clone(cfg.Readers)

		doc, err := bucket.Build(cfg)
		if !slices.Equal(accounts, cfg.Accounts) || !slices.Equal(trails, cfg.Trails) || !slices.Equal(readers, cfg.Readers) {
			t.Errorf("Build modified the caller's slices: %q %q %q, now %q %q %q", accounts, trails, readers, cfg.Accounts, cfg.Trails, cfg.Readers)
		}
		// Besides field errors, a size error (which names no field) may come.
		golden.CheckBuilt(t, "Build", doc, err, func(e error) bool { var se *bucket.SizeError; return errors.As(e, &se) })
	})
}
