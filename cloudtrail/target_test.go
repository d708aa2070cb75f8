package cloudtrail_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

func TestTargetKindString(t *testing.T) {
	for k, want := range map[cloudtrail.TargetKind]string{
		cloudtrail.BucketPolicyTarget:       "bucket policy",
		cloudtrail.KeyPolicyTarget:          "key policy",
		cloudtrail.RoleTrustTarget:          "role trust policy",
		cloudtrail.RolePolicyTarget:         "role policy",
		cloudtrail.OrganizationPolicyTarget: "organization policy",
		cloudtrail.TopicPolicyTarget:        "topic policy",
		0:                                   "unknown target",
		99:                                  "unknown target",
	} {
		if got := k.String(); got != want {
			t.Errorf("TargetKind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

func TestTargets(t *testing.T) {
	full := mustNew(t, cloudtrail.SiteConfig{
		Partition: policy.PartitionChina, Bucket: bucket, LogArchiveAccount: logAcct, Accounts: []string{acctA},
		Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
		KMSKeyARN:    "arn:aws-cn:kms:cn-north-1:" + acctA + ":key/" + keyID,
	})
	bare := mustNew(t, minimal())
	tests := []struct {
		name   string
		got    cloudtrail.Target
		want   cloudtrail.Target
		reason string
	}{
		{name: "bucket policy", got: full.BucketPolicyTarget(),
			want:   cloudtrail.Target{Kind: cloudtrail.BucketPolicyTarget, Account: logAcct, AppliedIn: cloudtrail.LogArchiveAccount, Bucket: bucket},
			reason: "applied by the log archive account, which owns the bucket"},
		{name: "bucket policy without a log archive account", got: bare.BucketPolicyTarget(),
			want:   cloudtrail.Target{Kind: cloudtrail.BucketPolicyTarget, AppliedIn: cloudtrail.LogArchiveAccount, Bucket: bucket},
			reason: "the account is empty when the setup does not say"},
		{name: "key policy", got: full.KeyPolicyTarget(),
			want:   cloudtrail.Target{Kind: cloudtrail.KeyPolicyTarget, Account: acctA, AppliedIn: cloudtrail.KeyAccount, KeyARN: "arn:aws-cn:kms:cn-north-1:" + acctA + ":key/" + keyID},
			reason: "applied by the key's account, not the log archive account"},
		{name: "key policy in the log archive account", got: mustNew(t, cloudtrail.SiteConfig{Bucket: bucket, LogArchiveAccount: acctA, Accounts: []string{acctA},
			KMSKeyARN: "arn:aws:kms:us-east-1:" + acctA + ":key/" + keyID}).KeyPolicyTarget(),
			want:   cloudtrail.Target{Kind: cloudtrail.KeyPolicyTarget, Account: acctA, AppliedIn: cloudtrail.LogArchiveAccount, KeyARN: "arn:aws:kms:us-east-1:" + acctA + ":key/" + keyID},
			reason: "a key of the log archive account is applied with the bucket policy and the role"},
		{name: "created key", got: mustNew(t, cloudtrail.SiteConfig{Bucket: bucket, BucketRegion: "eu-west-1", LogArchiveAccount: logAcct, Accounts: []string{acctA}, CreateKey: true}).KeyPolicyTarget(),
			want: cloudtrail.Target{Kind: cloudtrail.KeyPolicyTarget, Account: logAcct, AppliedIn: cloudtrail.LogArchiveAccount, CreateKey: true,
				KeyARN: "arn:aws:kms:eu-west-1:" + logAcct + ":key/" + cloudtrail.PlannedKeyID},
			reason: "the output creates the key in the log archive account and the bucket's Region; the ARN is the placeholder"},
		{name: "key policy without a key", got: bare.KeyPolicyTarget(),
			want:   cloudtrail.Target{Kind: cloudtrail.KeyPolicyTarget, AppliedIn: cloudtrail.LogArchiveAccount},
			reason: "no key, no account or ARN"},
		{name: "role trust policy", got: full.RoleTarget(cloudtrail.RoleTrustTarget, "VendorReader", ""),
			want:   cloudtrail.Target{Kind: cloudtrail.RoleTrustTarget, Account: logAcct, AppliedIn: cloudtrail.LogArchiveAccount, RoleName: "VendorReader", RoleARN: "arn:aws-cn:iam::" + logAcct + ":role/VendorReader"},
			reason: "the role lives in the log archive account; its ARN carries the partition"},
		{name: "role policy", got: full.RoleTarget(cloudtrail.RolePolicyTarget, "VendorReader", "read-logs"),
			want: cloudtrail.Target{Kind: cloudtrail.RolePolicyTarget, Account: logAcct, AppliedIn: cloudtrail.LogArchiveAccount, RoleName: "VendorReader",
				RoleARN: "arn:aws-cn:iam::" + logAcct + ":role/VendorReader", PolicyName: "read-logs"},
			reason: "an inline policy of the role"},
		{name: "role without a log archive account", got: bare.RoleTarget(cloudtrail.RolePolicyTarget, "VendorReader", "read-logs"),
			want:   cloudtrail.Target{Kind: cloudtrail.RolePolicyTarget, AppliedIn: cloudtrail.LogArchiveAccount, RoleName: "VendorReader", PolicyName: "read-logs"},
			reason: "no account, so no role ARN"},
		{name: "organization policy", got: full.OrganizationPolicyTarget(cloudtrail.ServiceControlPolicy, "protect-logs"),
			want:   cloudtrail.Target{Kind: cloudtrail.OrganizationPolicyTarget, Account: mgmt, AppliedIn: cloudtrail.ManagementAccount, PolicyType: "SERVICE_CONTROL_POLICY", PolicyName: "protect-logs"},
			reason: "created in the management account"},
		{name: "organization policy without an organization", got: bare.OrganizationPolicyTarget(cloudtrail.ServiceControlPolicy, "protect-logs"),
			want:   cloudtrail.Target{Kind: cloudtrail.OrganizationPolicyTarget, AppliedIn: cloudtrail.ManagementAccount, PolicyType: "SERVICE_CONTROL_POLICY", PolicyName: "protect-logs"},
			reason: "the account is empty when the setup does not say"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("(-want +got):\n%s\n(%s)", diff, tc.reason)
			}
		})
	}
}

func TestDocuments(t *testing.T) {
	s := mustNew(t, minimal(withLogArchive(logAcct)))
	bp := policy.New(policy.KindBucketPolicy)
	scp1, scp2 := policy.New(policy.KindSCP), policy.New(policy.KindSCP)
	ds := cloudtrail.Documents{
		{Name: "bucket-policy", Policy: bp, Target: s.BucketPolicyTarget()},
		{Name: "scp-1", Policy: scp1, Target: s.OrganizationPolicyTarget(cloudtrail.ServiceControlPolicy, "scp-1")},
		{Name: "vendor-trust", Target: s.RoleTarget(cloudtrail.RoleTrustTarget, "Vendor", "")},
		{Name: "scp-2", Policy: scp2, Target: s.OrganizationPolicyTarget(cloudtrail.ServiceControlPolicy, "scp-2")},
	}

	if diff := cmp.Diff([]string{"bucket-policy", "scp-1", "vendor-trust", "scp-2"}, ds.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}
	if got := (cloudtrail.Documents{}).Names(); len(got) != 0 {
		t.Errorf("Names of no documents = %q", got)
	}

	if d, ok := ds.Get("scp-2"); !ok || d.Policy != scp2 || d.Target.PolicyName != "scp-2" {
		t.Errorf(`Get("scp-2") = %+v, %v; want the second SCP`, d, ok)
	}
	if d, ok := ds.Get("bucket-policy"); !ok || d.Policy != bp {
		t.Errorf(`Get("bucket-policy") = %+v, %v`, d, ok)
	}
	if d, ok := ds.Get("key-policy"); ok || d.Name != "" || d.Policy != nil {
		t.Errorf(`Get("key-policy") = %+v, %v; want the zero Document, false`, d, ok)
	}
	if _, ok := ds.Get("SCP-1"); ok {
		t.Errorf("Get ignores case: names are exact")
	}

	names := func(ds cloudtrail.Documents) []string { return ds.Names() }
	for _, c := range []struct {
		kind cloudtrail.TargetKind
		want []string
	}{
		{cloudtrail.OrganizationPolicyTarget, []string{"scp-1", "scp-2"}},
		{cloudtrail.BucketPolicyTarget, []string{"bucket-policy"}},
		{cloudtrail.RoleTrustTarget, []string{"vendor-trust"}},
		{cloudtrail.KeyPolicyTarget, []string{}},
	} {
		if diff := cmp.Diff(c.want, names(ds.Of(c.kind))); diff != "" {
			t.Errorf("Of(%s) (-want +got):\n%s", c.kind, diff)
		}
	}
	if got := ds.Of(cloudtrail.KeyPolicyTarget); got != nil {
		t.Errorf("Of a kind with no documents = %v, want nil", got)
	}
}

func TestDocumentKind(t *testing.T) {
	tests := []struct {
		target cloudtrail.Target
		want   policy.Kind
		ok     bool
		reason string
	}{
		{cloudtrail.Target{Kind: cloudtrail.BucketPolicyTarget}, policy.KindBucketPolicy, true, "a bucket takes a bucket policy"},
		{cloudtrail.Target{Kind: cloudtrail.KeyPolicyTarget, AppliedIn: cloudtrail.LogArchiveAccount}, policy.KindKeyPolicy, true, "a key takes a key policy"},
		{cloudtrail.Target{Kind: cloudtrail.RoleTrustTarget}, policy.KindTrustPolicy, true, "a role's trust policy"},
		{cloudtrail.Target{Kind: cloudtrail.RolePolicyTarget}, policy.KindIdentityPolicy, true, "a role's inline policy is an identity policy"},
		{cloudtrail.Target{Kind: cloudtrail.OrganizationPolicyTarget, PolicyType: cloudtrail.ServiceControlPolicy}, policy.KindSCP, true, "an SCP"},
		{cloudtrail.Target{Kind: cloudtrail.OrganizationPolicyTarget, PolicyType: cloudtrail.ResourceControlPolicy}, policy.KindRCP, true, "an RCP"},
		{cloudtrail.Target{Kind: cloudtrail.OrganizationPolicyTarget, PolicyType: "TAG_POLICY"}, 0, false, "a policy type the library does not write"},
		{cloudtrail.Target{Kind: cloudtrail.TopicPolicyTarget}, policy.KindTopicPolicy, true, "an SNS topic takes a topic policy"},
		{cloudtrail.Target{}, 0, false, "the zero target has no kind"},
	}
	for _, tc := range tests {
		got, ok := tc.target.DocumentKind()
		if got != tc.want || ok != tc.ok {
			t.Errorf("%+v.DocumentKind() = %v, %v; want %v, %v (%s)", tc.target, got, ok, tc.want, tc.ok, tc.reason)
		}
	}
}
