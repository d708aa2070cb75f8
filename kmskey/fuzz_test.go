package kmskey_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// FuzzBuild derives a Config from a few fuzzed strings and option bits.
// Invariants: Build never panics; it returns a document or an error, never
// both; every problem is a *policy.FieldError or a *policy.SizeError; a
// document passes Validate (schema, size, Sids) and round-trips; the
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
	f.Add("", "", "", "", "", "", "", "", "", "", uint8(0))
	f.Fuzz(func(t *testing.T, keyARN, acct1, acct2, org, mgmt, trailARN, admin, reader, logArchive, region string, flags uint8) {
		cfg := kmskey.Config{
			KeyARN:                      keyARN,
			LogArchiveAccount:           logArchive,
			BucketRegion:                region,
			OmitSourceArn:               flags&2 != 0,
			AllowAdministratorsToUseKey: flags&4 != 0,
			AllowKeyLockout:             flags&8 != 0,
		}
		if flags&1 != 0 {
			cfg.SidStyle = kmskey.SidsSpaced
		}
		if flags&16 != 0 {
			cfg.PolicyID = "Key policy for CloudTrail"
		}
		if flags&32 != 0 {
			cfg.Partition = policy.PartitionChina
		}
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
		if admin != "" {
			cfg.KeyAdministrators = []string{admin, admin}
		}
		if reader != "" {
			cfg.Readers = []string{reader}
		}
		before := [][]string{slices.Clone(cfg.Accounts), slices.Clone(cfg.Trails), slices.Clone(cfg.KeyAdministrators), slices.Clone(cfg.Readers)}

		doc, err := kmskey.Build(cfg)
		after := [][]string{cfg.Accounts, cfg.Trails, cfg.KeyAdministrators, cfg.Readers}
		for i := range before {
			if !slices.Equal(before[i], after[i]) {
				t.Errorf("Build modified a caller's slice: %q, now %q", before[i], after[i])
			}
		}
		// Besides field errors, a size error (which names no field) may come.
		golden.CheckBuilt(t, "Build", doc, err, func(e error) bool { var se *policy.SizeError; return errors.As(e, &se) })
	})
}
