package trust_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// The scenario of the source document 001_822d5e798a88b041.txt: Example
// Corp's Production account owns the bucket and the role; AnyCompany is the
// vendor.
const (
	production = "123456789012" // log archive account (prose, line 199)
	dev        = "999988887777"
	vendor     = "998877665544" // AnyCompany (prose, line 156)
	externalID = "8900-544"
	keyARN     = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	orgID      = "o-exampleorgid"
)

func vendorConfig() trust.VendorConfig {
	return trust.VendorConfig{LogArchiveAccount: production, VendorAccount: vendor, ExternalID: externalID}
}

// patchAddSids gives the fixture's statements the Sids the library emits.
// Not a correction: the published statements have no Sid, and ours carry
// one so that diffs, merges and evaluation traces can name each statement.
// golden.Compare keeps Sids, so without this patch the comparison would
// report exactly that difference.
func patchAddSids(t *testing.T, d *policy.Document, sids ...string) {
	t.Helper()
	if len(sids) != len(d.Statements) {
		t.Fatalf("patchAddSids: %d Sids for %d statements", len(sids), len(d.Statements))
	}
	for i := range d.Statements {
		if d.Statements[i].Sid != "" {
			t.Fatalf("patchAddSids: statement %d already has Sid %q", i, d.Statements[i].Sid)
		}
		d.Statements[i].Sid = sids[i]
	}
}

// TestVendorTrustPolicyFixture compares the default trust policy with the
// one the IAM console created in the source document (lines 204-212). The
// published JSON has no mistake (PROVENANCE.md); the only difference is
// the Sid.
func TestVendorTrustPolicyFixture(t *testing.T) {
	want := golden.Fixture(t, policy.KindTrustPolicy, "testdata/documents/001-vendor-trust-policy.json")
	patchAddSids(t, want, "AllowVendorAssumeRoleWithExternalID")

	got, err := trust.BuildTrustPolicy(vendorConfig())
	if err != nil {
		t.Fatalf("BuildTrustPolicy: %v", err)
	}
	golden.Compare(t, want, got)
}

// TestReadPolicyFixture reproduces the published read-only role policy
// (lines 176-191). Differences from the document, all visible here:
//   - Bucket: the JSON names my-cloudtrail-logs while the prose's bucket is
//     example-ct-logs (PROVENANCE.md, mistake 1). We build with the JSON's
//     name, because the test compares with the JSON.
//   - Actions: the document grants s3:Get* and s3:List* (mistake 2), which
//     BroadActions reproduces on purpose; TestReadPolicyFixtureNarrowed
//     shows the default.
//   - Sids: added by patchAddSids.
//
// The s3:prefix condition on the bucket statement (mistake 3: it limits
// that statement to listing) is what the library emits too.
func TestReadPolicyFixture(t *testing.T) {
	want := golden.Fixture(t, policy.KindIdentityPolicy, "testdata/documents/001-read-only-role-policy.json")
	patchAddSids(t, want, "ListCloudTrailLogFiles", "ReadCloudTrailLogFiles")

	got, err := trust.BuildReadPolicy(trust.ReadConfig{Bucket: "my-cloudtrail-logs", BroadActions: true})
	if err != nil {
		t.Fatalf("BuildReadPolicy: %v", err)
	}
	golden.Compare(t, want, got)
}

// patchExactActions replaces the document's s3:Get* and s3:List* with the
// two actions its prose says the vendor needs (line 193: "GET Bucket (List
// Objects)" = s3:ListBucket on the bucket, "GET Object" = s3:GetObject on
// the objects). The wildcards also grant e.g. s3:GetObjectAcl and
// s3:ListBucketMultipartUploads, which a log reader does not need.
func patchExactActions(t *testing.T, d *policy.Document) {
	t.Helper()
	wild := []string{"s3:Get*", "s3:List*"}
	for i, s := range d.Statements {
		if got := s.Action.Values(); !slices.Equal(got, wild) {
			t.Fatalf("patchExactActions: statement %d has actions %v, want %v", i, got, wild)
		}
	}
	d.Statements[0].Action = iampolicy.NewStringOrSlice(true, "s3:ListBucket")
	d.Statements[1].Action = iampolicy.NewStringOrSlice(true, "s3:GetObject")
}

// TestReadPolicyFixtureNarrowed shows that the default (least-privilege)
// policy is the published one with its wildcards replaced by the two
// actions the prose names, and nothing else changed.
func TestReadPolicyFixtureNarrowed(t *testing.T) {
	want := golden.Fixture(t, policy.KindIdentityPolicy, "testdata/documents/001-read-only-role-policy.json")
	patchExactActions(t, want)
	patchAddSids(t, want, "ListCloudTrailLogFiles", "ReadCloudTrailLogFiles")

	got, err := trust.BuildReadPolicy(trust.ReadConfig{Bucket: "my-cloudtrail-logs"})
	if err != nil {
		t.Fatalf("BuildReadPolicy: %v", err)
	}
	golden.Compare(t, want, got)
}

// TestGolden checks every emitted document: validation, strict round trip
// and the bytes of testdata/<name>.golden.json (rewrite with -update, then
// read the diff).
func TestGolden(t *testing.T) {
	vendorRoles := vendorConfig()
	vendorRoles.VendorRoles = []string{
		"arn:aws:iam::998877665544:role/log-analytics/Ingest",
		"arn:aws:iam::998877665544:role/AnyCompanyReader",
		"arn:aws:iam::998877665544:role/AnyCompanyReader", // duplicate, emitted once
	}
	vendorRoles.RoleName = "CloudTrailAccessForAnyCompany"
	vendorCN := vendorConfig()
	vendorCN.Partition = policy.PartitionChina

	cases := []struct {
		name   string
		reason string
		build  func() (*policy.Document, error)
	}{
		{
			name:   "vendor-trust",
			reason: "the default: the vendor's account root, with the external ID",
			build:  func() (*policy.Document, error) { return trust.BuildTrustPolicy(vendorConfig()) },
		},
		{
			name:   "vendor-trust-roles",
			reason: "named vendor roles replace the root, sorted and de-duplicated",
			build:  func() (*policy.Document, error) { return trust.BuildTrustPolicy(vendorRoles) },
		},
		{
			name:   "vendor-trust-aws-cn",
			reason: "every ARN carries the partition",
			build:  func() (*policy.Document, error) { return trust.BuildTrustPolicy(vendorCN) },
		},
		{
			name:   "read",
			reason: "least privilege for every log file in the bucket, no KMS",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs"})
			},
		},
		{
			name:   "read-kms",
			reason: "SSE-KMS logs: kms:Decrypt on the key, CloudTrail data through S3 only",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs", KMSKeyARN: keyARN})
			},
		},
		{
			name:   "read-prefix",
			reason: "a log file prefix goes before AWSLogs in the list condition and the object ARN",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs", Prefix: "logs/cloudtrail"})
			},
		},
		{
			name:   "read-accounts",
			reason: "only two accounts' files, given unsorted and with a duplicate",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs", Accounts: []string{dev, production, dev}})
			},
		},
		{
			name:   "read-organization",
			reason: "only the organization trail's files",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs", OrganizationID: orgID})
			},
		},
		{
			name:   "read-organization-accounts",
			reason: "one account's files from its own trails and from the organization trail",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs", Prefix: "org", OrganizationID: orgID, Accounts: []string{dev}})
			},
		},
		{
			name:   "read-broad",
			reason: "the published document's wildcard actions, with a key",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs", KMSKeyARN: keyARN, BroadActions: true})
			},
		},
		{
			name:   "read-get-bucket-location",
			reason: "GetBucketLocation in a statement of its own, outside the s3:prefix condition",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs", AllowGetBucketLocation: true})
			},
		},
		{
			name:   "read-aws-cn-kms",
			reason: "China: aws-cn ARNs, and no kms:ViaService (its value is not documented for aws-cn)",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{
					Partition: policy.PartitionChina, Bucket: "example-ct-logs",
					KMSKeyARN: "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
				})
			},
		},
		{
			name:   "read-aws-us-gov-kms",
			reason: "GovCloud: aws-us-gov ARNs and the ViaService of the key's Region",
			build: func() (*policy.Document, error) {
				return trust.BuildReadPolicy(trust.ReadConfig{
					Partition: policy.PartitionGovCloud, Bucket: "example-ct-logs",
					KMSKeyARN: "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
				})
			},
		},
		{
			name:   "reader-trust",
			reason: "the security team's own role: no external ID",
			build: func() (*policy.Document, error) {
				return trust.BuildReaderTrustPolicy(trust.ReaderConfig{
					LogArchiveAccount: production,
					Principals:        []string{"arn:aws:iam::111122223333:role/SecurityAnalyst"},
				})
			},
		},
		{
			name:   "reader-trust-organization",
			reason: "several principals and the aws:PrincipalOrgID condition",
			build: func() (*policy.Document, error) {
				return trust.BuildReaderTrustPolicy(trust.ReaderConfig{
					LogArchiveAccount: production,
					OrganizationID:    orgID,
					Principals: []string{
						"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAudit_0123456789abcdef",
						"arn:aws:iam::111122223333:role/SecurityAnalyst",
					},
				})
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := tc.build()
			if err != nil {
				t.Fatalf("%s: %v", tc.reason, err)
			}
			golden.Check(t, doc, "testdata/"+tc.name+".golden.json")
		})
	}
}

func TestBuildTrustPolicyBadInput(t *testing.T) {
	long := strings.Repeat("a", 1225)
	role65 := strings.Repeat("R", 65)
	cases := []struct {
		name   string
		reason string
		modify func(*trust.VendorConfig)
		want   []golden.Problem
	}{
		{
			name:   "vendor-11-digits",
			reason: "an account ID has exactly 12 digits",
			modify: func(c *trust.VendorConfig) { c.VendorAccount = "99887766554" },
			want:   []golden.Problem{{Field: "VendorAccount", Value: "99887766554", Err: policy.ErrAccountID}},
		},
		{
			name:   "vendor-letters",
			reason: "a placeholder is not an account ID",
			modify: func(c *trust.VendorConfig) { c.VendorAccount = "aws-account-Z" },
			want:   []golden.Problem{{Field: "VendorAccount", Value: "aws-account-Z", Err: policy.ErrAccountID}},
		},
		{
			name:   "vendor-missing",
			reason: "the vendor's account is required",
			modify: func(c *trust.VendorConfig) { c.VendorAccount = "" },
			want:   []golden.Problem{{Field: "VendorAccount", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "vendor-is-log-account",
			reason: "a principal of the log account is not a third party",
			modify: func(c *trust.VendorConfig) { c.VendorAccount = production },
			want:   []golden.Problem{{Field: "VendorAccount", Value: production, Err: policy.ErrConflict}},
		},
		{
			name:   "log-account-bad",
			reason: "the role's account must be an account ID too",
			modify: func(c *trust.VendorConfig) { c.LogArchiveAccount = "12345678901a" },
			want:   []golden.Problem{{Field: "LogArchiveAccount", Value: "12345678901a", Err: policy.ErrAccountID}},
		},
		{
			name:   "external-id-missing",
			reason: "no trust policy for a third party without an external ID",
			modify: func(c *trust.VendorConfig) { c.ExternalID = "" },
			want:   []golden.Problem{{Field: "ExternalID", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "external-id-too-short",
			reason: "at least 2 characters",
			modify: func(c *trust.VendorConfig) { c.ExternalID = "8" },
			want:   []golden.Problem{{Field: "ExternalID", Value: "8", Err: policy.ErrExternalID}},
		},
		{
			name:   "external-id-space",
			reason: "no white space",
			modify: func(c *trust.VendorConfig) { c.ExternalID = "8900 544" },
			want:   []golden.Problem{{Field: "ExternalID", Value: "8900 544", Err: policy.ErrExternalID}},
		},
		{
			name:   "external-id-unicode",
			reason: `letters are ASCII only ([\w] in STS's pattern)`,
			modify: func(c *trust.VendorConfig) { c.ExternalID = "kundé-544" },
			want:   []golden.Problem{{Field: "ExternalID", Value: "kundé-544", Err: policy.ErrExternalID}},
		},
		{
			name:   "external-id-1225",
			reason: "at most 1,224 characters",
			modify: func(c *trust.VendorConfig) { c.ExternalID = long },
			want:   []golden.Problem{{Field: "ExternalID", Value: long, Err: policy.ErrExternalID}},
		},
		{
			name:   "role-name-65",
			reason: "IAM role names have at most 64 characters",
			modify: func(c *trust.VendorConfig) { c.RoleName = role65 },
			want:   []golden.Problem{{Field: "RoleName", Value: role65, Err: policy.ErrRoleName}},
		},
		{
			name:   "role-name-space",
			reason: "IAM role names have no spaces",
			modify: func(c *trust.VendorConfig) { c.RoleName = "CloudTrail Reader" },
			want:   []golden.Problem{{Field: "RoleName", Value: "CloudTrail Reader", Err: policy.ErrRoleName}},
		},
		{
			name:   "vendor-role-other-account",
			reason: "a vendor role must belong to the vendor's account",
			modify: func(c *trust.VendorConfig) {
				c.VendorRoles = []string{"arn:aws:iam::998877665544:role/Reader", "arn:aws:iam::111122223333:role/Reader"}
			},
			want: []golden.Problem{{Field: "VendorRoles[1]", Value: "arn:aws:iam::111122223333:role/Reader", Err: policy.ErrConflict}},
		},
		{
			name:   "vendor-role-not-a-role",
			reason: "only role ARNs are vendor roles",
			modify: func(c *trust.VendorConfig) { c.VendorRoles = []string{"arn:aws:iam::998877665544:user/alice"} },
			want:   []golden.Problem{{Field: "VendorRoles[0]", Value: "arn:aws:iam::998877665544:user/alice", Err: policy.ErrARN}},
		},
		{
			name:   "vendor-role-other-partition",
			reason: "every ARN is in the config's partition",
			modify: func(c *trust.VendorConfig) { c.VendorRoles = []string{"arn:aws-cn:iam::998877665544:role/Reader"} },
			want:   []golden.Problem{{Field: "VendorRoles[0]", Value: "arn:aws-cn:iam::998877665544:role/Reader", Err: policy.ErrARN}},
		},
		{
			name:   "partition-unknown",
			reason: "only aws, aws-cn and aws-us-gov",
			modify: func(c *trust.VendorConfig) { c.Partition = "aws-iso" },
			want:   []golden.Problem{{Field: "Partition", Value: "aws-iso", Err: policy.ErrPartition}},
		},
		{
			name:   "everything-at-once",
			reason: "all problems come back together",
			modify: func(c *trust.VendorConfig) {
				c.VendorAccount, c.ExternalID, c.RoleName = "1", "x y", "a b"
			},
			want: []golden.Problem{
				{Field: "VendorAccount", Value: "1", Err: policy.ErrAccountID},
				{Field: "ExternalID", Value: "x y", Err: policy.ErrExternalID},
				{Field: "RoleName", Value: "a b", Err: policy.ErrRoleName},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := vendorConfig()
			tc.modify(&cfg)
			doc, err := trust.BuildTrustPolicy(cfg)
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}

func TestBuildReadPolicyBadInput(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		cfg    trust.ReadConfig
		want   []golden.Problem
	}{
		{
			name:   "bucket-missing",
			reason: "the bucket is required",
			cfg:    trust.ReadConfig{},
			want:   []golden.Problem{{Field: "Bucket", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "bucket-upper-case",
			reason: "bucket names are lower case",
			cfg:    trust.ReadConfig{Bucket: "Example-CT-Logs"},
			want:   []golden.Problem{{Field: "Bucket", Value: "Example-CT-Logs", Err: policy.ErrBucketName}},
		},
		{
			name:   "bucket-arn",
			reason: "a bucket name, not its ARN",
			cfg:    trust.ReadConfig{Bucket: "arn:aws:s3:::example-ct-logs"},
			want:   []golden.Problem{{Field: "Bucket", Value: "arn:aws:s3:::example-ct-logs", Err: policy.ErrBucketName}},
		},
		{
			name:   "prefix-leading-slash",
			reason: "the prefix is written as CloudTrail's S3KeyPrefix",
			cfg:    trust.ReadConfig{Bucket: "example-ct-logs", Prefix: "/logs"},
			want:   []golden.Problem{{Field: "Prefix", Value: "/logs", Err: policy.ErrPrefix}},
		},
		{
			name:   "prefix-with-awslogs",
			reason: "CloudTrail adds AWSLogs itself",
			cfg:    trust.ReadConfig{Bucket: "example-ct-logs", Prefix: "AWSLogs"},
			want:   []golden.Problem{{Field: "Prefix", Value: "AWSLogs", Err: policy.ErrPrefix}},
		},
		{
			name:   "prefix-wildcard",
			reason: "a wildcard in the prefix would widen the policy",
			cfg:    trust.ReadConfig{Bucket: "example-ct-logs", Prefix: "logs*"},
			want:   []golden.Problem{{Field: "Prefix", Value: "logs*", Err: policy.ErrPrefix}},
		},
		{
			name:   "account-bad",
			reason: "each account is 12 digits; the path names the index",
			cfg:    trust.ReadConfig{Bucket: "example-ct-logs", Accounts: []string{production, "12345"}},
			want:   []golden.Problem{{Field: "Accounts[1]", Value: "12345", Err: policy.ErrAccountID}},
		},
		{
			name:   "organization-bad",
			reason: "o- and 10 to 32 lower-case letters or digits",
			cfg:    trust.ReadConfig{Bucket: "example-ct-logs", OrganizationID: "o-ABC"},
			want:   []golden.Problem{{Field: "OrganizationID", Value: "o-ABC", Err: policy.ErrOrgID}},
		},
		{
			name:   "key-alias",
			reason: "an alias resolves in the caller's account",
			cfg:    trust.ReadConfig{Bucket: "example-ct-logs", KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail"},
			want:   []golden.Problem{{Field: "KMSKeyARN", Value: "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail", Err: policy.ErrARN}},
		},
		{
			name:   "key-other-partition",
			reason: "the key is in the config's partition",
			cfg: trust.ReadConfig{Bucket: "example-ct-logs",
				KMSKeyARN: "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
			want: []golden.Problem{{Field: "KMSKeyARN", Value: "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrARN}},
		},
		{
			name:   "everything-at-once",
			reason: "all problems come back together",
			cfg:    trust.ReadConfig{Partition: "aws-iso", Bucket: "ab", Prefix: "a//b", Accounts: []string{"x"}},
			want: []golden.Problem{
				{Field: "Partition", Value: "aws-iso", Err: policy.ErrPartition},
				{Field: "Bucket", Value: "ab", Err: policy.ErrBucketName},
				{Field: "Prefix", Value: "a//b", Err: policy.ErrPrefix},
				{Field: "Accounts[0]", Value: "x", Err: policy.ErrAccountID},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := trust.BuildReadPolicy(tc.cfg)
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}

func TestBuildReaderTrustPolicyBadInput(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		cfg    trust.ReaderConfig
		want   []golden.Problem
	}{
		{
			name:   "no-principals",
			reason: "someone must be able to assume the role",
			cfg:    trust.ReaderConfig{LogArchiveAccount: production},
			want:   []golden.Problem{{Field: "Principals", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "principal-wildcard",
			reason: "never everyone",
			cfg:    trust.ReaderConfig{LogArchiveAccount: production, Principals: []string{"*"}},
			want:   []golden.Problem{{Field: "Principals[0]", Value: "*", Err: policy.ErrARN}},
		},
		{
			name:   "principal-not-iam",
			reason: "a service or bucket ARN is not a principal",
			cfg:    trust.ReaderConfig{LogArchiveAccount: production, Principals: []string{"arn:aws:s3:::example-ct-logs"}},
			want:   []golden.Problem{{Field: "Principals[0]", Value: "arn:aws:s3:::example-ct-logs", Err: policy.ErrARN}},
		},
		{
			name:   "organization-and-account-bad",
			reason: "all problems come back together",
			cfg: trust.ReaderConfig{LogArchiveAccount: "123", OrganizationID: "org-1",
				Principals: []string{"arn:aws:iam::111122223333:role/SecurityAnalyst"}},
			want: []golden.Problem{
				{Field: "LogArchiveAccount", Value: "123", Err: policy.ErrAccountID},
				{Field: "OrganizationID", Value: "org-1", Err: policy.ErrOrgID},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := trust.BuildReaderTrustPolicy(tc.cfg)
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}

// TestExternalIDBounds checks the accepted edges of the external ID rules
// (the rejected ones are in TestBuildTrustPolicyBadInput).
func TestExternalIDBounds(t *testing.T) {
	for _, id := range []string{"ab", strings.Repeat("z", 1224), "Aa0_+=,.@:/-"} {
		cfg := vendorConfig()
		cfg.ExternalID = id
		// 1,224 characters fit the default 2,048-character limit.
		doc, err := trust.BuildTrustPolicy(cfg)
		if err != nil {
			t.Errorf("external ID of %d characters %.20q: %v", len(id), id, err)
			continue
		}
		got := doc.Statements[0].Condition["StringEquals"]["sts:ExternalId"]
		if vals, _, _ := got.Values(); !slices.Equal(vals, []string{id}) {
			t.Errorf("sts:ExternalId = %v, want [%.20q]", vals, id)
		}
	}
}

// TestTrustPolicySizeLimit: many vendor roles outgrow the default 2,048
// characters; the raised quota of 4,096 takes them.
func TestTrustPolicySizeLimit(t *testing.T) {
	cfg := vendorConfig()
	for i := range 40 {
		cfg.VendorRoles = append(cfg.VendorRoles, fmt.Sprintf("arn:aws:iam::998877665544:role/AnyCompanyLogReader%02d", i))
	}
	doc, err := trust.BuildTrustPolicy(cfg)
	var se *policy.SizeError
	if doc != nil || !errors.As(err, &se) || se.Limit != policy.TrustPolicyLimit {
		t.Fatalf("BuildTrustPolicy with 40 roles = %v, %v; want no document and a size error at %d", doc, err, policy.TrustPolicyLimit)
	}
	cfg.Limits.TrustPolicy = policy.TrustPolicyLimitRaised
	if _, err := trust.BuildTrustPolicy(cfg); err != nil {
		t.Errorf("with the raised limit: %v", err)
	}
}

// TestInputsNotModified: the builders sort and de-duplicate copies, and the
// order of set-like inputs does not change the output.
func TestInputsNotModified(t *testing.T) {
	roles := []string{"arn:aws:iam::998877665544:role/B", "arn:aws:iam::998877665544:role/A", "arn:aws:iam::998877665544:role/B"}
	accounts := []string{dev, production, dev}
	rolesBefore, accountsBefore := slices.Clone(roles), slices.Clone(accounts)

	cfg := vendorConfig()
	cfg.VendorRoles = roles
	t1, err := trust.BuildTrustPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r1, err := trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs", Accounts: accounts})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rolesBefore, roles); diff != "" {
		t.Errorf("VendorRoles modified (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(accountsBefore, accounts); diff != "" {
		t.Errorf("Accounts modified (-before +after):\n%s", diff)
	}

	cfg.VendorRoles = []string{roles[1], roles[0]}
	t2, err := trust.BuildTrustPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := trust.BuildReadPolicy(trust.ReadConfig{Bucket: "example-ct-logs", Accounts: []string{production, dev}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]*policy.Document{{t1, t2}, {r1, r2}} {
		a, _ := p[0].JSON()
		b, _ := p[1].JSON()
		if diff := cmp.Diff(string(a), string(b)); diff != "" {
			t.Errorf("input order changed the output (-first +second):\n%s", diff)
		}
	}
}

func TestRoleARN(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		got    string
		want   string
	}{
		{
			name:   "vendor-default-name",
			reason: "an empty RoleName means DefaultRoleName",
			got:    vendorConfig().RoleARN(),
			want:   "arn:aws:iam::123456789012:role/CloudTrailLogReader",
		},
		{
			name:   "vendor-named-aws-cn",
			reason: "the name and the partition as given",
			got: trust.VendorConfig{Partition: policy.PartitionChina, LogArchiveAccount: production,
				RoleName: "CloudTrailAccessForAnyCompany"}.RoleARN(),
			want: "arn:aws-cn:iam::123456789012:role/CloudTrailAccessForAnyCompany",
		},
		{
			name:   "reader-default-name",
			reason: "an empty RoleName means DefaultReaderRoleName",
			got:    trust.ReaderConfig{LogArchiveAccount: production}.RoleARN(),
			want:   "arn:aws:iam::123456789012:role/CloudTrailSecurityReader",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("%s: RoleARN() = %q, want %q", tc.reason, tc.got, tc.want)
			}
		})
	}
}

// maxReadAccounts is how many listed accounts fit in the read policy with
// the default 6,144-character limit, for the bucket name below and no
// prefix, key or organization (the README's table gives the same number).
const maxReadAccounts = 67

// TestReadPolicySizeLimit: past the managed policy limit the error says, on
// Accounts, how many accounts fit and what to grant instead.
func TestReadPolicySizeLimit(t *testing.T) {
	listed := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("5%011d", i)
		}
		return out
	}
	// accountsProblem returns the FieldError on Accounts in err, if any.
	accountsProblem := func(err error) *policy.FieldError {
		for _, e := range policy.Unjoin(err) {
			var fe *policy.FieldError
			if errors.As(e, &fe) && fe.Field == "Accounts" {
				return fe
			}
		}
		return nil
	}
	// fitIn reads the count out of the Accounts problem.
	fitIn := func(t *testing.T, fe *policy.FieldError) int {
		t.Helper()
		var n int
		_, after, ok := strings.Cut(fe.Reason, "statements, and ")
		if _, err := fmt.Sscanf(after, "%d of them fit", &n); !ok || err != nil {
			t.Fatalf("no count in %q", fe.Reason)
		}
		return n
	}
	const bucketName = "example-cloudtrail-logs"

	if _, err := trust.BuildReadPolicy(trust.ReadConfig{Bucket: bucketName, Accounts: listed(maxReadAccounts)}); err != nil {
		t.Fatalf("%d accounts should fit: %v", maxReadAccounts, err)
	}
	for _, n := range []int{maxReadAccounts + 1, 1000} {
		cfg := trust.ReadConfig{Bucket: bucketName, Accounts: listed(n)}
		doc, err := trust.BuildReadPolicy(cfg)
		var se *policy.SizeError
		if doc != nil || !errors.As(err, &se) {
			t.Fatalf("%d accounts: got %v, %v; want no document and a *policy.SizeError", n, doc, err)
		}
		fe := accountsProblem(err)
		if fe == nil {
			t.Fatalf("%d accounts: no problem on Accounts in\n%v", n, err)
		}
		type problem struct{ Field, Value, Reason string }
		want := problem{Field: "Accounts", Value: fmt.Sprintf("%d accounts", n),
			Reason: fmt.Sprintf("make the read policy too large: each account adds its log path to two statements, and %d of them fit; "+
				"list no accounts to read every log file under AWSLogs/, "+
				"or set OrganizationID and list no accounts to read only the organization trail's files under AWSLogs/<OrganizationID>/", maxReadAccounts)}
		if diff := cmp.Diff(want, problem{fe.Field, fe.Value, fe.Reason}); diff != "" {
			t.Errorf("%d accounts: problem on Accounts (-want +got):\n%s", n, diff)
		}
		if !errors.Is(fe, policy.ErrSize) {
			t.Errorf("%d accounts: %v does not wrap ErrSize", n, fe)
		}
	}

	// The count is measured on the caller's own config, whatever makes
	// each account's share longer: it must be exactly the most that build.
	cases := []struct {
		name   string
		cfg    trust.ReadConfig
		advice string
		reason string
	}{
		{"organization-and-prefix", trust.ReadConfig{Bucket: bucketName, Prefix: "org", OrganizationID: orgID},
			"list no accounts to read only the organization trail's files under org/AWSLogs/o-exampleorgid/",
			"two paths per account, and the advice names the organization's path"},
		{"key-and-broad-actions", trust.ReadConfig{Bucket: "example-ct-logs", KMSKeyARN: keyARN, BroadActions: true, AllowGetBucketLocation: true},
			"list no accounts to read every log file under AWSLogs/",
			"the statements that do not grow with accounts count too"},
		{"lower-limit", trust.ReadConfig{Bucket: bucketName, Limits: policy.Limits{IdentityPolicy: 1000}},
			"list no accounts",
			"a caller's lower limit is the one measured against"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Accounts = listed(300)
			_, err := trust.BuildReadPolicy(cfg)
			fe := accountsProblem(err)
			if fe == nil {
				t.Fatalf("no problem on Accounts in\n%v\n(%s)", err, tc.reason)
			}
			if !strings.Contains(fe.Reason, tc.advice) {
				t.Errorf("reason %q lacks %q (%s)", fe.Reason, tc.advice, tc.reason)
			}
			fit := fitIn(t, fe)
			cfg.Accounts = listed(fit)
			if _, err := trust.BuildReadPolicy(cfg); err != nil {
				t.Errorf("the %d accounts said to fit do not: %v (%s)", fit, err, tc.reason)
			}
			cfg.Accounts = listed(fit + 1)
			if _, err := trust.BuildReadPolicy(cfg); !errors.Is(err, policy.ErrSize) {
				t.Errorf("%d accounts, one more than said to fit: got %v, want ErrSize (%s)", fit+1, err, tc.reason)
			}
		})
	}

	// A limit too small for the policy without any account: the accounts
	// are not the problem, so no advice about them.
	_, err := trust.BuildReadPolicy(trust.ReadConfig{Bucket: bucketName, Accounts: listed(3), Limits: policy.Limits{IdentityPolicy: 100}})
	if !errors.Is(err, policy.ErrSize) {
		t.Fatalf("limit 100: got %v, want ErrSize", err)
	}
	if fe := accountsProblem(err); fe != nil {
		t.Errorf("limit 100: the policy is too large even without accounts, yet the error blames them: %v", fe)
	}
}
