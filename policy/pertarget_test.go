package policy_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
)

func TestPerTargetCheck(t *testing.T) {
	rcps := policy.PerTarget{Kind: policy.KindRCP, Max: policy.RCPsPerTarget, Managed: "RCPFullAWSAccess", ManagedCount: policy.ManagedRCPsPerTarget}
	scps := policy.PerTarget{Kind: policy.KindSCP, Max: policy.SCPsPerTarget, Managed: "FullAWSAccess", ManagedCount: policy.ManagedSCPsPerTarget}
	tests := []struct {
		name   string
		q      policy.PerTarget
		docs   int
		fit    int
		hint   string
		want   string // "" for no error
		reason string
	}{
		{name: "rcp at the limit", q: rcps, docs: 4, fit: 3, want: "",
			reason: "4 RCPs fit beside RCPFullAWSAccess in the 5 of a target"},
		{name: "rcp one over", q: rcps, docs: 5, fit: 3, hint: "list fewer",
			want:   `breakGlassRoles: "7 break-glass roles" make 5 resource control policies, 1 more than the 4 one root, OU or account holds beside RCPFullAWSAccess (5 per target, RCPFullAWSAccess among them): 3 of them fit; list fewer`,
			reason: "RCPFullAWSAccess cannot be detached and counts towards the 5"},
		{name: "scp at the limit", q: scps, docs: 9, fit: 3, want: "",
			reason: "9 SCPs fit beside FullAWSAccess in today's 10"},
		{name: "scp two over, no item fits", q: scps, docs: 11, fit: -1,
			want:   `breakGlassRoles: "7 break-glass roles" make 11 service control policies, 2 more than the 9 one root, OU or account holds beside FullAWSAccess (10 per target, FullAWSAccess among them)`,
			reason: "fit -1 (the list is not what is at fault) says nothing of how many fit, and no hint adds no clause"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			err := tc.q.Check(tc.docs, "breakGlassRoles", "break-glass roles", 7, tc.fit, tc.hint)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Check(%d) = %v, want nil (%s)", tc.docs, err, tc.reason)
				}
				return
			}
			if err == nil || err.Error() != tc.want {
				t.Fatalf("Check(%d) = %v\nwant %s\n(%s)", tc.docs, err, tc.want, tc.reason)
			}
			var fe *policy.FieldError
			if !errors.As(err, &fe) || fe.Field != "breakGlassRoles" || fe.Value != "7 break-glass roles" {
				t.Errorf("error %#v is not a *policy.FieldError on breakGlassRoles with the count as its value", err)
			}
			if !errors.Is(err, policy.ErrTooManyPolicies) || errors.Is(err, policy.ErrSize) {
				t.Errorf("error wraps the wrong sentinel: want policy.ErrTooManyPolicies, not policy.ErrSize")
			}
		})
	}
}

// A builder that packed its statements into documents checks how many one
// root, OU or account can hold beside the AWS managed policy before it
// returns them.
func ExamplePerTarget_Check() {
	q := policy.PerTarget{Kind: policy.KindRCP, Max: policy.RCPsPerTarget, Managed: "RCPFullAWSAccess", ManagedCount: policy.ManagedRCPsPerTarget}
	fmt.Println(q.Room(), q.Check(4, "breakGlassRoles", "break-glass roles", 60, -1, ""))
	err := q.Check(5, "breakGlassRoles", "break-glass roles", 61, 60, "list fewer break-glass roles")
	fmt.Println(errors.Is(err, policy.ErrTooManyPolicies))
	fmt.Println(err)
	// Output:
	// 4 <nil>
	// true
	// breakGlassRoles: "61 break-glass roles" make 5 resource control policies, 1 more than the 4 one root, OU or account holds beside RCPFullAWSAccess (5 per target, RCPFullAWSAccess among them): 60 of them fit; list fewer break-glass roles
}

// TestPerTargetMostThatFit: the most items whose documents fit in the
// room, where a packing error counts as not fitting.
func TestPerTargetMostThatFit(t *testing.T) {
	q := policy.PerTarget{Kind: policy.KindRCP, Max: policy.RCPsPerTarget, Managed: "RCPFullAWSAccess", ManagedCount: policy.ManagedRCPsPerTarget}
	docs := func(k int) (int, error) { return 1 + k/10, nil } // a document per ten items
	if got := q.MostThatFit(100, docs); got != 39 {
		t.Errorf("MostThatFit = %d, want 39 (1 + k/10 documents: 39 items make 4, 40 make 5)", got)
	}
	failing := func(k int) (int, error) {
		if k > 12 {
			return 0, errors.New("a statement too large")
		}
		return 1, nil
	}
	if got := q.MostThatFit(100, failing); got != 12 {
		t.Errorf("MostThatFit with a packing error past 12 items = %d, want 12", got)
	}
}
