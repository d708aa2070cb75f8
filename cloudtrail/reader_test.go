package cloudtrail_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
)

// TestParseReader: the three kinds of reader, with the name a policy is
// attached by (no path: IAM names a role or user by its name alone).
func TestParseReader(t *testing.T) {
	tests := []struct {
		arn    string
		reason string
		want   cloudtrail.Reader
	}{
		{"arn:aws:iam::111122223333:role/SecurityAudit", "a role", cloudtrail.Reader{Kind: cloudtrail.ReaderRole, Account: "111122223333", Name: "SecurityAudit"}},
		{"arn:aws:iam::111122223333:role/team/audit/SecurityAudit", "a role with a path: the name without it", cloudtrail.Reader{Kind: cloudtrail.ReaderRole, Account: "111122223333", Name: "SecurityAudit"}},
		{"arn:aws-cn:iam::111122223333:user/ops/alice", "a user with a path, in China", cloudtrail.Reader{Kind: cloudtrail.ReaderUser, Account: "111122223333", Name: "alice"}},
		{"arn:aws-eusc:iam::111122223333:root", "a whole account, in the European Sovereign Cloud", cloudtrail.Reader{Kind: cloudtrail.ReaderRoot, Account: "111122223333"}},
	}
	for _, tc := range tests {
		got, err := cloudtrail.ParseReader("readers[0]", tc.arn)
		if err != nil {
			t.Errorf("%s (%s): %v", tc.arn, tc.reason, err)
			continue
		}
		tc.want.ARN = tc.arn
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (%s) (-want +got):\n%s", tc.arn, tc.reason, diff)
		}
	}
	for k, want := range map[cloudtrail.ReaderKind]string{cloudtrail.ReaderRole: "role", cloudtrail.ReaderUser: "user", cloudtrail.ReaderRoot: "root", 0: "unknown"} {
		if got := k.String(); got != want {
			t.Errorf("ReaderKind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

// TestReaderAccount: a reader account's role carries its ID, and no other
// role reads as one.
func TestReaderAccount(t *testing.T) {
	r := cloudtrail.ReaderAccount("444455556666")
	if id, ok := r.ReaderAccountID(); !ok || id != "444455556666" {
		t.Errorf("ReaderAccount(444455556666).ReaderAccountID() = %q, %v", id, ok)
	}
	if got, want := r.Description(), "the reader account 444455556666"; got != want {
		t.Errorf("Description() = %q, want %q", got, want)
	}
	for _, other := range []cloudtrail.AccountRole{cloudtrail.LogArchiveAccount, cloudtrail.ManagementAccount, "reader-account-", "reader-account-4444", cloudtrail.ReaderAccount("x44455556666")} {
		if id, ok := other.ReaderAccountID(); ok {
			t.Errorf("%q reads as the reader account %q", other, id)
		}
	}
	for k, want := range map[cloudtrail.TargetKind]string{cloudtrail.ExistingRolePolicyTarget: "existing role policy", cloudtrail.UserPolicyTarget: "user policy", cloudtrail.ManagedPolicyTarget: "managed policy", 42: "unknown target"} {
		if got := k.String(); got != want {
			t.Errorf("TargetKind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}
