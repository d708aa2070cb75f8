package format_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/format"
)

func TestByAccount(t *testing.T) {
	full := fullSetup(t)
	existing := existingKeySetup(t)
	bare := func(d cloudtrail.Document) cloudtrail.Document {
		d.Target.AppliedIn, d.Target.Account = "", ""
		return d
	}
	odd := full[0]
	odd.Target.AppliedIn = "security-account"
	type group struct {
		Role    cloudtrail.AccountRole
		Account string
		Names   []string
	}
	for _, tc := range []struct {
		name   string
		reason string
		docs   cloudtrail.Documents
		want   []group
	}{{
		name:   "site that creates its key",
		reason: "the key is created in the log archive account; the SCPs are the management account's",
		docs:   cloudtrail.Documents{full[4], full[0], full[1], full[5], full[2], full[3]},
		want: []group{
			{cloudtrail.LogArchiveAccount, testLogs, []string{"bucket-policy", "key-policy", "vendor-trust-policy", "vendor-read-policy"}},
			{cloudtrail.ManagementAccount, testMgmt, []string{"scp-1", "scp-2"}},
		},
	}, {
		name:   "key in the key account",
		reason: "the key's policy is applied by the key's account, between the log archive and management accounts",
		docs:   existing,
		want: []group{
			{cloudtrail.LogArchiveAccount, testLogs, []string{"bucket-policy", "vendor-trust-policy", "vendor-read-policy"}},
			{cloudtrail.KeyAccount, testKeyAcct, []string{"key-policy"}},
		},
	}, {
		name:   "targets without accounts",
		reason: "a target without AppliedIn goes to the account its kind defaults to; without Account the ID is empty",
		docs:   cloudtrail.Documents{bare(full[4]), bare(full[0]), bare(full[1])},
		want: []group{
			{cloudtrail.LogArchiveAccount, "", []string{"bucket-policy", "key-policy"}},
			{cloudtrail.ManagementAccount, "", []string{"scp-1"}},
		},
	}, {
		name:   "unknown account",
		reason: "an account the formats do not know comes last, so that nothing is lost; the writers report it",
		docs:   cloudtrail.Documents{odd, full[4], full[1]},
		want: []group{
			{cloudtrail.LogArchiveAccount, testLogs, []string{"key-policy"}},
			{cloudtrail.ManagementAccount, testMgmt, []string{"scp-1"}},
			{"security-account", testLogs, []string{"bucket-policy"}},
		},
	}, {
		name:   "empty",
		reason: "no documents, no parts",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			before := slices.Clone(tc.docs)
			var got []group
			for _, g := range format.ByAccount(tc.docs) {
				got = append(got, group{g.Role, g.Account, g.Docs.Names()})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("parts differ (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if !slices.EqualFunc(before, tc.docs, func(a, b cloudtrail.Document) bool { return a.Name == b.Name && a.Target == b.Target }) {
				t.Error("ByAccount changed its input")
			}
		})
	}
}

// TestSCPAddressStable checks that the first SCP keeps its Terraform
// address and CloudFormation logical ID when a second one is added (the
// root package names them protect-cloudtrail, protect-cloudtrail-2): a
// changed address is planned as destroy and create, which would leave the
// organization unprotected in between.
func TestSCPAddressStable(t *testing.T) {
	s := scps(t)
	one := cloudtrail.Documents{{Name: "scp", Policy: s[0], Target: scpTarget("protect-cloudtrail")}}
	two := cloudtrail.Documents{
		{Name: "scp-1", Policy: s[0], Target: scpTarget("protect-cloudtrail")},
		{Name: "scp-2", Policy: s[1], Target: scpTarget("protect-cloudtrail-2")},
	}
	tfAddresses := func(docs cloudtrail.Documents) []string {
		got, err := format.Terraform(docs)
		if err != nil {
			t.Fatal(err)
		}
		file, diags := hclsyntax.ParseConfig(got, "scp.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		var out []string
		for _, b := range file.Body.(*hclsyntax.Body).Blocks {
			out = append(out, strings.Join(b.Labels, "."))
		}
		return out
	}
	cfnIDs := func(docs cloudtrail.Documents) []string {
		got, err := format.CloudFormation(docs, format.JSON)
		if err != nil {
			t.Fatal(err)
		}
		checkGoformation(t, got, format.JSON, docs)
		return parseJSON(t, got).keys(t, path("Resources"))
	}
	if diff := cmp.Diff([]string{"aws_organizations_policy.protect_cloudtrail"}, tfAddresses(one)); diff != "" {
		t.Errorf("Terraform, one SCP (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"aws_organizations_policy.protect_cloudtrail", "aws_organizations_policy.protect_cloudtrail_2"}, tfAddresses(two)); diff != "" {
		t.Errorf("Terraform, two SCPs: the first must keep its address (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ProtectCloudTrailPolicy"}, cfnIDs(one)); diff != "" {
		t.Errorf("CloudFormation, one SCP (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"ProtectCloudTrailPolicy", "ProtectCloudTrailPolicy2"}, cfnIDs(two)); diff != "" {
		t.Errorf("CloudFormation, two SCPs: the first must keep its logical ID (-want +got):\n%s", diff)
	}
}

// TestDependsOnRole checks that the bucket policy and the key wait for the
// role their documents name, in Terraform and within one CloudFormation
// template, and only then.
func TestDependsOnRole(t *testing.T) {
	naming := bucketPolicy()
	naming.Statements = append(naming.Statements, readerStatement())
	trust := cloudtrail.Document{Name: "trust", Policy: trustPolicy(t), Target: roleTarget(testRoleName, "")}
	bucketDoc := cloudtrail.Document{Name: "bucket-policy", Policy: naming, Target: bucketTarget(testBucket)}
	for _, tc := range []struct {
		name   string
		reason string
		docs   cloudtrail.Documents
		want   bool
	}{
		{"bucket policy naming the role", "S3 refuses a principal that does not exist yet", cloudtrail.Documents{bucketDoc, trust}, true},
		{"bucket policy without the role", "no role in the list (or the template), nothing to wait for", cloudtrail.Documents{bucketDoc}, false},
		{"bucket policy not naming the role", "a policy that does not name the role need not wait", cloudtrail.Documents{{Name: "bucket-policy", Policy: bucketPolicy(), Target: bucketTarget(testBucket)}, trust}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tf, err := format.Terraform(tc.docs)
			if err != nil {
				t.Fatal(err)
			}
			file, diags := hclsyntax.ParseConfig(tf, "b.tf", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			var got any
			for _, b := range file.Body.(*hclsyntax.Body).Blocks {
				if b.Labels[0] == "aws_s3_bucket_policy" {
					if a, ok := b.Body.Attributes["depends_on"]; ok {
						got = plainAttr(t, a.Expr)
					}
				}
			}
			if (got != nil) != tc.want || tc.want && !cmp.Equal(got, dependsOnRole) {
				t.Errorf("Terraform depends_on = %v, want it %v (%s)", got, tc.want, tc.reason)
			}
			for _, f := range []format.TemplateFormat{format.YAML, format.JSON} {
				cfn, err := format.CloudFormation(tc.docs, f)
				if err != nil {
					t.Fatal(err)
				}
				// checkGoformation checks DependsOn against the documents.
				checkGoformation(t, cfn, f, tc.docs)
				if got := bytes.Contains(cfn, []byte("DependsOn")); got != tc.want {
					t.Errorf("CloudFormation %s: DependsOn present %v, want %v (%s)", f, got, tc.want, tc.reason)
				}
			}
		})
	}
}

func TestPutKeyPolicyCommand(t *testing.T) {
	const key = "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"
	for _, tc := range []struct {
		name, reason, arn, file, want string
	}{
		{"plain", "the key's Region goes with the command, whatever the CLI's default", key, "key-policy.json",
			"aws kms put-key-policy --key-id " + key + " --region us-gov-west-1 --policy-name default --policy file://key-policy.json"},
		{"file with a space", "a shell would split the path", key, "my policies/key policy.json",
			"aws kms put-key-policy --key-id " + key + " --region us-gov-west-1 --policy-name default --policy 'file://my policies/key policy.json'"},
		{"quote in the file name", "a single quote ends a single-quoted word", key, "it's.json",
			"aws kms put-key-policy --key-id " + key + ` --region us-gov-west-1 --policy-name default --policy 'file://it'\''s.json'`},
		{"not a key ARN", "without a Region the command leaves --region out", "<key ARN>", "key-policy.json",
			"aws kms put-key-policy --key-id '<key ARN>' --policy-name default --policy file://key-policy.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := format.PutKeyPolicyCommand(tc.arn, tc.file); got != tc.want {
				t.Errorf("PutKeyPolicyCommand(%q, %q) =\n%s\nwant\n%s\n(%s)", tc.arn, tc.file, got, tc.want, tc.reason)
			}
		})
	}
}

func TestProviderAlias(t *testing.T) {
	got := []string{format.ProviderAlias(cloudtrail.LogArchiveAccount), format.ProviderAlias(cloudtrail.KeyAccount), format.ProviderAlias(cloudtrail.ManagementAccount)}
	if diff := cmp.Diff([]string{"log_archive_account", "key_account", "management_account"}, got); diff != "" {
		t.Errorf("aliases differ (-want +got):\n%s", diff)
	}
}

func TestTerraformProvidersEmpty(t *testing.T) {
	if got := format.TerraformProviders(nil); got != nil {
		t.Errorf("TerraformProviders(nil) = %q, want nil: no account, no provider", got)
	}
	odd := cloudtrail.Documents{{Name: "bucket-policy", Target: cloudtrail.Target{Kind: cloudtrail.BucketPolicyTarget, AppliedIn: "security-account"}}}
	if got := format.TerraformProviders(odd); got != nil {
		t.Errorf("TerraformProviders of an unknown account = %q, want nil (Terraform reports the account)", got)
	}
}
