package scp_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// TestBuildPerTarget builds the most SCPs Build can make, one per
// statement (a statement is never divided), under the old quotas and
// today's: four, which one target holds beside FullAWSAccess under both (4
// of the old 5, 9 of today's 10). The break-glass roles make every
// statement too long to share an SCP with the next.
func TestBuildPerTarget(t *testing.T) {
	tests := []struct {
		name   string
		limit  int
		roles  int
		reason string
	}{
		{name: "old quotas", limit: policy.SCPLimitBefore20260515, roles: 40,
			reason: "5,120 characters and 5 SCPs per target: four SCPs fill the four places beside FullAWSAccess"},
		{name: "today's quotas", limit: 0, roles: 80,
			reason: "10,240 characters and 10 SCPs per target: four SCPs of 9 places"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			sc := cloudtrail.SiteConfig{
				Bucket:            bucket,
				Accounts:          []string{logAccount},
				BreakGlassRoles:   roles(tc.roles),
				KMSKeyARN:         keyARN,
				LogArchiveAccount: logAccount,
			}
			cfg := scp.Config{Options: scp.Options{ProtectTrails: []string{trail}, SizeLimit: tc.limit}}
			docs := mustBuild(t, sc, cfg)
			want := [][]string{{scp.SidLogBucket}, {scp.SidAccountPublicAccess}, {scp.SidTrails}, {scp.SidLogKey}}
			if diff := cmp.Diff(want, sids(docs)); diff != "" {
				t.Fatalf("statements per SCP (-want +got):\n%s\n(%s)", diff, tc.reason)
			}
			for _, d := range docs {
				golden.CheckEmitted(t, d, policy.Limits{SCP: tc.limit})
			}
		})
	}
}
