package scp_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// FuzzBuild derives a Config from fuzzed strings, a size limit and option
// bits. Invariants: Build never panics; it returns documents or an error,
// never both; every problem names a field; each document passes validation
// with the limit in force and round-trips; the statements of several
// documents carry distinct Sids; the caller's slices are left as they were.
func FuzzBuild(f *testing.F) {
	const (
		trail = "arn:aws:cloudtrail:us-east-1:111111111111:trail/org"
		key   = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		role  = "arn:aws:iam::111111111111:role/BreakGlass*"
	)
	f.Add("", "example-cloudtrail-logs", "", "", "", "", "", 0, uint8(0))
	f.Add("aws", "example-cloudtrail-logs", role, trail, key, "222222222222", "333333333333", 0, uint8(3))
	f.Add("aws", "example-cloudtrail-logs", role, trail, key, "222222222222", "333333333333", 900, uint8(0))
	f.Add("aws", "example-cloudtrail-logs", role, trail, key, "", "", 5120, uint8(1))
	f.Add("aws", "example-cloudtrail-logs", "arn:aws:iam::111111111111:role/*", trail, key, "111111111111", "111111111111", -1, uint8(0))
	f.Add("aws-cn", "Bad_Bucket", "arn:aws:iam::111111111111:role/p*th/x", "arn:aws:cloudtrail:us-east-1:1111111111:trail/x", "arn:aws:kms:us-east-1:222222222222:alias/x", "１", "", 10, uint8(0))
	f.Fuzz(func(t *testing.T, part, bucketName, role, trailARN, keyARN, logAcct, mgmt string, limit int, flags uint8) {
		cfg := scp.Config{
			Partition:            policy.Partition(part),
			Bucket:               bucketName,
			ProtectKeyARN:        keyARN,
			LogArchiveAccount:    logAcct,
			ManagementAccount:    mgmt,
			SizeLimit:            limit,
			AllowObjectOverwrite: flags&1 != 0,
			AllowObjectDeletion:  flags&2 != 0,
		}
		if role != "" {
			cfg.BreakGlassRoles = []string{role, strings.ToUpper(role)}
		}
		if trailARN != "" {
			cfg.ProtectTrails = []string{trailARN}
		}
		roles, trails := slices.Clone(cfg.BreakGlassRoles), slices.Clone(cfg.ProtectTrails)
		docs, err := scp.Build(cfg)
		if !slices.Equal(roles, cfg.BreakGlassRoles) || !slices.Equal(trails, cfg.ProtectTrails) {
			t.Errorf("Build modified the caller's slices")
		}
		if err != nil {
			if docs != nil {
				t.Fatalf("Build returned documents with error %v", err)
			}
			golden.CheckNamed(t, "Build", err, func(e error) bool { return strings.HasPrefix(e.Error(), "SizeLimit: ") })
			return
		}
		if len(docs) == 0 {
			t.Fatal("Build returned neither documents nor an error")
		}
		limits := policy.Limits{SCP: limit}
		sids := map[string]bool{}
		for i, d := range docs {
			if d == nil {
				t.Fatalf("document %d is nil", i)
			}
			golden.CheckEmitted(t, d, limits)
			for _, s := range d.Statements {
				if sids[s.Sid] {
					t.Errorf("Sid %q appears in two documents", s.Sid)
				}
				sids[s.Sid] = true
			}
		}
	})
}
