package policy_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/policy"
)

const (
	acctA = "111122223333"
	acctB = "444455556666"
	mgmt  = "999988887777"
	orgID = "o-a1b2c3d4e5"
)

func TestCheckSources(t *testing.T) {
	trailA := "arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/main"
	tests := []struct {
		name      string
		in        policy.Sources
		want      []string // problems(err), sorted
		reasonHas string   // part of the first error's message
		reason    string
	}{
		{name: "one account", in: policy.Sources{Accounts: []string{acctA}}, reason: "the smallest setup"},
		{name: "organization only", in: policy.Sources{Organization: &policy.Organization{ID: orgID, ManagementAccount: mgmt}}, reason: "an organization trail"},
		{name: "exact trail of a delivering account", in: policy.Sources{Accounts: []string{acctA}, Trails: []string{trailA}}, reason: "the trail's owner delivers"},
		{name: "organization trail", in: policy.Sources{Organization: &policy.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{"arn:aws:cloudtrail:eu-west-1:" + mgmt + ":trail/org"}}, reason: "the management account owns the organization trail"},
		{name: "China", in: policy.Sources{Partition: policy.PartitionChina, Accounts: []string{acctA},
			Trails: []string{"arn:aws-cn:cloudtrail:cn-north-1:" + acctA + ":trail/t12"}}, reason: "partitions agree"},
		{name: "nothing delivers", in: policy.Sources{},
			want: []string{p("Accounts", policy.ErrRequired)}, reasonHas: "name at least one delivering account", reason: "a policy for no one"},
		{name: "bad accounts", in: policy.Sources{Accounts: []string{acctA, "1111", "aws-account-id-A"}},
			want: []string{p("Accounts[1]", policy.ErrAccountID), p("Accounts[2]", policy.ErrAccountID)}, reasonHas: `Accounts[1]: "1111"`, reason: "each bad account by index"},
		{name: "organization without management account", in: policy.Sources{Organization: &policy.Organization{ID: orgID}},
			want: []string{p("Organization.ManagementAccount", policy.ErrRequired)}, reasonHas: "owned by the management account", reason: "the trail owner is needed for the ARN"},
		{name: "bad organization", in: policy.Sources{Organization: &policy.Organization{ID: "o-ABC", ManagementAccount: "12"}},
			want: []string{p("Organization.ID", policy.ErrOrgID), p("Organization.ManagementAccount", policy.ErrAccountID)}, reasonHas: "Organization.ID", reason: "both fields checked"},
		{name: "trail of a non-delivering account", in: policy.Sources{Accounts: []string{acctA}, Trails: []string{"arn:aws:cloudtrail:us-east-1:" + acctB + ":trail/main"}},
			want: []string{p("Accounts[0]", policy.ErrConflict), p("Trails[0]", policy.ErrConflict)}, reasonHas: "belongs to account " + acctB,
			reason: "the trail could never deliver, and the delivering account's trail is not named"},
		{name: "trail of a member account of an organization", in: policy.Sources{Organization: &policy.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{trailA}}, want: []string{p("Organization.ManagementAccount", policy.ErrConflict), p("Trails[0]", policy.ErrConflict)},
			reasonHas: "management account owns the trail", reason: "member accounts do not own the organization trail, which is then not named"},
		{name: "trail in another partition", in: policy.Sources{Partition: policy.PartitionGovCloud, Accounts: []string{acctA},
			Trails: []string{trailA}}, want: []string{p("Trails[0]", policy.ErrARN)}, reasonHas: "is in partition aws, but the setup's partition is aws-us-gov", reason: "partitions do not mix"},
		{name: "trail ARN with a Region of another partition", in: policy.Sources{Partition: policy.PartitionChina, Accounts: []string{acctA},
			Trails: []string{"arn:aws-cn:cloudtrail:us-east-1:" + acctA + ":trail/main"}}, want: []string{p("Trails[0]", policy.ErrARN)}, reasonHas: "not a Region of partition aws-cn", reason: "the ARN's own Region is checked"},
		{name: "not a trail ARN", in: policy.Sources{Accounts: []string{acctA}, Trails: []string{"main"}},
			want: []string{p("Trails[0]", policy.ErrARN)}, reasonHas: `Trails[0]: "main"`, reason: "a name is not an ARN"},
		{name: "unsupported partition", in: policy.Sources{Partition: "aws-iso", Accounts: []string{acctA}},
			want: []string{p("Partition", policy.ErrPartition)}, reasonHas: "aws-iso", reason: "only three partitions"},
		{name: "every owner names a trail", in: policy.Sources{Accounts: []string{acctA, acctB}, Organization: &policy.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{trailA, "arn:aws:cloudtrail:us-east-1:" + acctB + ":trail/second", "arn:aws:cloudtrail:eu-west-1:" + mgmt + ":trail/org"}}, reason: "each account and the management account own one"},
		{name: "account without a trail", in: policy.Sources{Accounts: []string{acctA, acctB}, Trails: []string{trailA}},
			want: []string{p("Accounts[1]", policy.ErrConflict)}, reasonHas: `Accounts[1]: "` + acctB + `" owns none of the Trails`,
			reason: "aws:SourceArn admits only the named trails, so the account's trails could not deliver"},
		{name: "management account without a trail", in: policy.Sources{Accounts: []string{acctA}, Organization: &policy.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{trailA}}, want: []string{p("Organization.ManagementAccount", policy.ErrConflict)}, reasonHas: "name it in Trails",
			reason: "the organization trail belongs to the management account and is not named"},
		{name: "management account in Accounts without a trail", in: policy.Sources{Accounts: []string{mgmt, acctA}, Organization: &policy.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{trailA}}, want: []string{p("Accounts[0]", policy.ErrConflict)}, reasonHas: "leave Trails empty",
			reason: "one account, one problem: reported where it is listed in Accounts"},
		{name: "unparsable trail hides coverage", in: policy.Sources{Accounts: []string{acctA, acctB}, Trails: []string{trailA, "b"}},
			want: []string{p("Trails[1]", policy.ErrARN)}, reasonHas: `Trails[1]: "b"`,
			reason: "the trail that does not parse may be the one of acctB: no guess"},
		{name: "invalid account without a trail", in: policy.Sources{Accounts: []string{"1", acctA}, Trails: []string{trailA}},
			want: []string{p("Accounts[0]", policy.ErrAccountID)}, reasonHas: "12-digit",
			reason: "an invalid account ID is one problem, not also a missing trail"},
		{name: "everything wrong", in: policy.Sources{Accounts: []string{"1"}, Organization: &policy.Organization{ID: "x"}, Trails: []string{"", trailA}},
			want: []string{p("Accounts[0]", policy.ErrAccountID), p("Organization.ID", policy.ErrOrgID), p("Organization.ManagementAccount", policy.ErrRequired),
				p("Trails[0]", policy.ErrRequired), p("Trails[1]", policy.ErrConflict)}, reasonHas: "Accounts[0]", reason: "all problems at once"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			err := policy.CheckSources(tc.in)
			if diff := cmp.Diff(tc.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s\nerror: %v\n(%s)", diff, err, tc.reason)
			}
			if err != nil && !strings.Contains(policy.Unjoin(err)[0].Error(), tc.reasonHas) {
				t.Errorf("first error %q does not say %q", policy.Unjoin(err)[0], tc.reasonHas)
			}
		})
	}
}

func TestSourcesOutputs(t *testing.T) {
	type outputs struct {
		Owners, LogIDs, TrailARNs []string
		Exact                     bool
	}
	tests := []struct {
		name   string
		in     policy.Sources
		want   outputs
		reason string
	}{
		{name: "accounts", in: policy.Sources{Accounts: []string{acctB, acctA, acctB}},
			want: outputs{
				Owners: []string{acctA, acctB}, LogIDs: []string{acctA, acctB},
				TrailARNs: []string{"arn:aws:cloudtrail:*:" + acctA + ":trail/*", "arn:aws:cloudtrail:*:" + acctB + ":trail/*"},
			}, reason: "sorted, duplicates dropped, one pattern per account"},
		{name: "organization", in: policy.Sources{Organization: &policy.Organization{ID: orgID, ManagementAccount: mgmt}},
			want: outputs{
				Owners: []string{mgmt}, LogIDs: []string{mgmt, orgID},
				TrailARNs: []string{"arn:aws:cloudtrail:*:" + mgmt + ":trail/*"},
			}, reason: "the organization trail writes under the org ID and the management account"},
		{name: "organization and accounts", in: policy.Sources{Partition: policy.PartitionGovCloud, Accounts: []string{mgmt, acctA},
			Organization: &policy.Organization{ID: orgID, ManagementAccount: mgmt}},
			want: outputs{
				Owners: []string{acctA, mgmt}, LogIDs: []string{acctA, mgmt, orgID},
				TrailARNs: []string{"arn:aws-us-gov:cloudtrail:*:" + acctA + ":trail/*", "arn:aws-us-gov:cloudtrail:*:" + mgmt + ":trail/*"},
			}, reason: "the management account counted once; the partition used"},
		{name: "exact trails", in: policy.Sources{Accounts: []string{acctA}, Trails: []string{
			"arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/b", "arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/a", "arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/b"}},
			want: outputs{
				Owners: []string{acctA}, LogIDs: []string{acctA},
				TrailARNs: []string{"arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/a", "arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/b"},
				Exact:     true,
			}, reason: "exact ARNs replace the patterns, sorted and unique"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := append([]string(nil), tc.in.Accounts...)
			beforeTrails := append([]string(nil), tc.in.Trails...)
			got := outputs{Owners: tc.in.OwnerAccounts(), LogIDs: tc.in.LogIDs(), TrailARNs: tc.in.TrailARNs(), Exact: tc.in.ExactTrails()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n(%s)", diff, tc.reason)
			}
			if !cmp.Equal(before, tc.in.Accounts) || !cmp.Equal(beforeTrails, tc.in.Trails) {
				t.Errorf("the outputs reordered the caller's slices")
			}
		})
	}
}
