package scp

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// TestCheckPerTarget checks the refusal that today's four statements never
// reach (see TestBuildPerTarget): how many SCPs each size limit allows, and
// the error past them.
func TestCheckPerTarget(t *testing.T) {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:          "gov-my-cloudtrail",
		Accounts:        []string{"222222222222"},
		BreakGlassRoles: []string{"arn:aws:iam::222222222222:role/BreakGlass"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		limit    int
		room     int
		raiseTip bool // the hint says to raise scp.sizeLimit
		reason   string
	}{
		{name: "old size", limit: policy.SCPLimitBefore20260515, room: 4, raiseTip: true,
			reason: "the old size quota goes with the old 5 SCPs per target"},
		{name: "smaller than the old size", limit: 4000, room: 4, raiseTip: true,
			reason: "a limit below the old quota keeps to the old quotas too"},
		{name: "between the two sizes", limit: 8000, room: 9, raiseTip: true,
			reason: "above the old size quota, today's 10 per target"},
		{name: "today's size", limit: 0, room: 9,
			reason: "0 is today's 10,240 characters and 10 SCPs per target"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			in, err := check(Config{Site: site, Options: Options{SizeLimit: tc.limit}})
			if err != nil {
				t.Fatal(err)
			}
			if err := in.checkPerTarget(tc.room); err != nil {
				t.Errorf("%d SCPs refused: %v (%s)", tc.room, err, tc.reason)
			}
			err = in.checkPerTarget(tc.room + 1)
			var fe *policy.FieldError
			if !errors.As(err, &fe) || fe.Field != "breakGlassRoles" || fe.Value != "1 break-glass roles" || !errors.Is(err, policy.ErrTooManyPolicies) {
				t.Fatalf("%d SCPs: error %v, want a *policy.FieldError on breakGlassRoles wrapping policy.ErrTooManyPolicies (%s)", tc.room+1, err, tc.reason)
			}
			head := fmt.Sprintf("make %d service control policies, 1 more than the %d one root, OU or account holds beside FullAWSAccess (%d per target, FullAWSAccess among them)", tc.room+1, tc.room, tc.room+1)
			if !strings.HasPrefix(fe.Reason, head) {
				t.Errorf("reason %q\ndoes not start %q", fe.Reason, head)
			}
			if got := strings.Contains(fe.Reason, "raise scp.sizeLimit"); got != tc.raiseTip {
				t.Errorf("reason %q: says to raise scp.sizeLimit = %v, want %v", fe.Reason, got, tc.raiseTip)
			}
		})
	}
}
