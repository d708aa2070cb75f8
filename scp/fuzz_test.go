package scp_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// FuzzBuild derives a site and the SCP's options from fuzzed strings, a
// size limit and option bits, and builds them as the setup does
// (cloudtrail.New, then scp.Build). Bit 0 sets AllowObjectOverwrite, bit 1
// AllowObjectDeletion, bit 2 puts the trail among the site's trails instead
// of scp.protectTrails, bit 3 sets LeaveKeyUnprotected. Invariants: Build
// never panics; it returns documents or an error, never both; an incomplete
// site is refused; every problem names a field (or is a *policy.SizeError);
// each document passes validation with the limit in force and round-trips;
// the statements of several documents carry distinct Sids; the caller's
// slices are left as they were.
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
	f.Add("aws", "example-cloudtrail-logs", role, trail, key, "222222222222", "111111111111", 0, uint8(4))
	f.Add("aws", "example-cloudtrail-logs", role, trail, "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", "222222222222", "111111111111", 0, uint8(12))
	f.Fuzz(func(t *testing.T, part, bucketName, role, trailARN, keyARN, logAcct, mgmt string, limit int, flags uint8) {
		sc := cloudtrail.SiteConfig{
			Partition:         policy.Partition(part),
			Bucket:            bucketName,
			KMSKeyARN:         keyARN,
			LogArchiveAccount: logAcct,
		}
		if mgmt != "" {
			sc.Organization = &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: mgmt}
		} else {
			sc.Accounts = []string{"222222222222"}
		}
		cfg := scp.Config{
			Options: scp.Options{
				SizeLimit:            limit,
				AllowObjectOverwrite: flags&1 != 0,
				LeaveKeyUnprotected:  flags&8 != 0,
			},
			AllowObjectDeletion: flags&2 != 0,
		}
		if role != "" {
			sc.BreakGlassRoles = []string{role, strings.ToUpper(role)}
		}
		if trailARN != "" {
			if flags&4 != 0 {
				sc.Trails = []string{trailARN}
			} else {
				cfg.Options.ProtectTrails = []string{trailARN}
			}
		}
		roles, trails, protect := slices.Clone(sc.BreakGlassRoles), slices.Clone(sc.Trails), slices.Clone(cfg.Options.ProtectTrails)
		s, siteErr := cloudtrail.New(sc)
		cfg.Site = s
		docs, err := scp.Build(cfg)
		if !slices.Equal(roles, sc.BreakGlassRoles) || !slices.Equal(trails, sc.Trails) || !slices.Equal(protect, cfg.Options.ProtectTrails) {
			t.Errorf("New or Build modified the caller's slices")
		}
		if siteErr != nil && !errors.Is(err, cloudtrail.ErrIncompleteSite) {
			t.Fatalf("Build accepted a site with problems %v: %v", siteErr, err)
		}
		if err != nil {
			if docs != nil {
				t.Fatalf("Build returned documents with error %v", err)
			}
			golden.CheckNamed(t, "New", siteErr, nil)
			golden.CheckNamed(t, "Build", err, func(e error) bool {
				var se *policy.SizeError
				return errors.As(e, &se)
			})
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
