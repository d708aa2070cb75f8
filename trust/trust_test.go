package trust_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
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

// siteConfig is Example Corp's logging site: the bucket example-ct-logs in
// the Production account, to which Production and Dev deliver.
func siteConfig() cloudtrail.SiteConfig {
	return cloudtrail.SiteConfig{Bucket: bucket, LogArchiveAccount: production, Accounts: []string{production, dev}}
}

// newSite returns the Site of c, which must be valid.
func newSite(c cloudtrail.SiteConfig) *cloudtrail.Site {
	s, err := cloudtrail.New(c)
	if err != nil {
		panic(fmt.Sprintf("cloudtrail.New(%+v): %v", c, err))
	}
	return s
}

// siteWith returns the Site of siteConfig changed by change.
func siteWith(change func(*cloudtrail.SiteConfig)) *cloudtrail.Site {
	c := siteConfig()
	change(&c)
	return newSite(c)
}

// withSite makes the Site of c with cloudtrail.New, passes it to build and
// returns build's document with both errors joined, so that a case asserts
// what the user of a setup sees, whichever of the two reports a problem.
// The builder's errors wrapping cloudtrail.ErrIncompleteSite are dropped:
// they only say that New has reported the Site's problems.
func withSite(c cloudtrail.SiteConfig, build func(*cloudtrail.Site) (*policy.Document, error)) (*policy.Document, error) {
	site, siteErr := cloudtrail.New(c)
	doc, err := build(site)
	errs := policy.Unjoin(siteErr)
	for _, e := range policy.Unjoin(err) {
		if !errors.Is(e, cloudtrail.ErrIncompleteSite) {
			errs = append(errs, e)
		}
	}
	return doc, errors.Join(errs...)
}

func vendorConfig() trust.VendorConfig {
	return trust.VendorConfig{Site: newSite(siteConfig()), Vendor: trust.Vendor{Account: vendor, ExternalID: externalID}}
}

// readConfig returns the ReadConfig of the site siteConfig changed by change.
func readConfig(change func(*cloudtrail.SiteConfig)) trust.ReadConfig {
	return trust.ReadConfig{Site: siteWith(change)}
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

	cfg := readConfig(func(c *cloudtrail.SiteConfig) { c.Bucket = "my-cloudtrail-logs" })
	cfg.BroadActions = true
	got, err := trust.BuildReadPolicy(cfg)
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

	got, err := trust.BuildReadPolicy(readConfig(func(c *cloudtrail.SiteConfig) { c.Bucket = "my-cloudtrail-logs" }))
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
	vendorRoles.Vendor.Roles = []string{
		"arn:aws:iam::998877665544:role/log-analytics/Ingest",
		"arn:aws:iam::998877665544:role/AnyCompanyReader",
		"arn:aws:iam::998877665544:role/AnyCompanyReader", // duplicate, emitted once
	}
	vendorRoles.Vendor.RoleName = "CloudTrailAccessForAnyCompany"
	vendorCN := vendorConfig()
	vendorCN.Site = siteWith(func(c *cloudtrail.SiteConfig) { c.Partition = policy.PartitionChina })
	none := func(*cloudtrail.SiteConfig) {}
	withKey := func(c *cloudtrail.SiteConfig) { c.KMSKeyARN = keyARN }
	withOrg := func(c *cloudtrail.SiteConfig) {
		c.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: production}
	}
	// read builds the read policy of the site changed by change, with the
	// options opts sets.
	read := func(change func(*cloudtrail.SiteConfig), opts func(*trust.ReadConfig)) func() (*policy.Document, error) {
		return func() (*policy.Document, error) {
			cfg := readConfig(change)
			opts(&cfg)
			return trust.BuildReadPolicy(cfg)
		}
	}
	defaults := func(*trust.ReadConfig) {}

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
			build:  read(none, defaults),
		},
		{
			name:   "read-kms",
			reason: "SSE-KMS logs: kms:Decrypt on the key, CloudTrail data through S3 only",
			build:  read(withKey, defaults),
		},
		{
			name:   "read-prefix",
			reason: "a log file prefix goes before AWSLogs in the list condition and the object ARN",
			build:  read(func(c *cloudtrail.SiteConfig) { c.Prefix = "logs/cloudtrail" }, defaults),
		},
		{
			name:   "read-accounts",
			reason: "only two accounts' files, given unsorted and with a duplicate",
			build:  read(none, func(r *trust.ReadConfig) { r.LimitToAccounts = []string{dev, production, dev} }),
		},
		{
			name:   "read-organization",
			reason: "only the organization trail's files",
			build:  read(withOrg, func(r *trust.ReadConfig) { r.LimitToOrganization = true }),
		},
		{
			name:   "read-organization-accounts",
			reason: "one account's files from its own trails and from the organization trail",
			build: read(func(c *cloudtrail.SiteConfig) { withOrg(c); c.Prefix = "org" }, func(r *trust.ReadConfig) {
				r.LimitToOrganization, r.LimitToAccounts = true, []string{dev}
			}),
		},
		{
			name:   "read-broad",
			reason: "the published document's wildcard actions, with a key",
			build:  read(withKey, func(r *trust.ReadConfig) { r.BroadActions = true }),
		},
		{
			name:   "read-get-bucket-location",
			reason: "GetBucketLocation in a statement of its own, outside the s3:prefix condition",
			build:  read(none, func(r *trust.ReadConfig) { r.AllowGetBucketLocation = true }),
		},
		{
			name:   "read-aws-cn-kms",
			reason: "China: aws-cn ARNs, and no kms:ViaService (its value is not documented for aws-cn)",
			build: read(func(c *cloudtrail.SiteConfig) {
				c.Partition = policy.PartitionChina
				c.KMSKeyARN = "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			}, defaults),
		},
		{
			name:   "read-aws-us-gov-kms",
			reason: "GovCloud: aws-us-gov ARNs and the ViaService of the key's Region",
			build: read(func(c *cloudtrail.SiteConfig) {
				c.Partition = policy.PartitionGovCloud
				c.KMSKeyARN = "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			}, defaults),
		},
		{
			name:   "reader-trust",
			reason: "the security team's own role: no external ID",
			build: func() (*policy.Document, error) {
				return trust.BuildReaderTrustPolicy(trust.ReaderConfig{
					Site:       newSite(siteConfig()),
					Principals: []string{"arn:aws:iam::111122223333:role/SecurityAnalyst"},
				})
			},
		},
		{
			name:   "reader-trust-organization",
			reason: "several principals and the aws:PrincipalOrgID condition",
			build: func() (*policy.Document, error) {
				return trust.BuildReaderTrustPolicy(trust.ReaderConfig{
					Site:                siteWith(withOrg),
					LimitToOrganization: true,
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
		modify func(*cloudtrail.SiteConfig, *trust.Vendor)
		want   []golden.Problem
	}{
		{
			name:   "vendor-11-digits",
			reason: "an account ID has exactly 12 digits",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.Account = "99887766554" },
			want:   []golden.Problem{{Field: "vendor.account", Value: "99887766554", Err: policy.ErrAccountID}},
		},
		{
			name:   "vendor-letters",
			reason: "a placeholder is not an account ID",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.Account = "aws-account-Z" },
			want:   []golden.Problem{{Field: "vendor.account", Value: "aws-account-Z", Err: policy.ErrAccountID}},
		},
		{
			name:   "vendor-missing",
			reason: "the vendor's account is required",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.Account = "" },
			want:   []golden.Problem{{Field: "vendor.account", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "vendor-is-log-account",
			reason: "a principal of the log account is not a third party",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.Account = production },
			want:   []golden.Problem{{Field: "vendor.account", Value: production, Err: policy.ErrConflict}},
		},
		{
			name:   "log-account-bad",
			reason: "the role's account must be an account ID too; reported once, by cloudtrail.New",
			modify: func(c *cloudtrail.SiteConfig, _ *trust.Vendor) { c.LogArchiveAccount = "12345678901a" },
			want:   []golden.Problem{{Field: "logArchiveAccount", Value: "12345678901a", Err: policy.ErrAccountID}},
		},
		{
			name:   "log-account-missing",
			reason: "the role lives in the log archive account, which a vendor therefore requires",
			modify: func(c *cloudtrail.SiteConfig, _ *trust.Vendor) { c.LogArchiveAccount = "" },
			want:   []golden.Problem{{Field: "logArchiveAccount", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "external-id-missing",
			reason: "no trust policy for a third party without an external ID",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.ExternalID = "" },
			want:   []golden.Problem{{Field: "vendor.externalId", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "external-id-too-short",
			reason: "at least 2 characters",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.ExternalID = "8" },
			want:   []golden.Problem{{Field: "vendor.externalId", Value: "8", Err: policy.ErrExternalID}},
		},
		{
			name:   "external-id-space",
			reason: "no white space",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.ExternalID = "8900 544" },
			want:   []golden.Problem{{Field: "vendor.externalId", Value: "8900 544", Err: policy.ErrExternalID}},
		},
		{
			name:   "external-id-unicode",
			reason: `letters are ASCII only ([\w] in STS's pattern)`,
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.ExternalID = "kundé-544" },
			want:   []golden.Problem{{Field: "vendor.externalId", Value: "kundé-544", Err: policy.ErrExternalID}},
		},
		{
			name:   "external-id-1225",
			reason: "at most 1,224 characters",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.ExternalID = long },
			want:   []golden.Problem{{Field: "vendor.externalId", Value: long, Err: policy.ErrExternalID}},
		},
		{
			name:   "role-name-65",
			reason: "IAM role names have at most 64 characters",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.RoleName = role65 },
			want:   []golden.Problem{{Field: "vendor.roleName", Value: role65, Err: policy.ErrRoleName}},
		},
		{
			name:   "role-name-space",
			reason: "IAM role names have no spaces",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) { v.RoleName = "CloudTrail Reader" },
			want:   []golden.Problem{{Field: "vendor.roleName", Value: "CloudTrail Reader", Err: policy.ErrRoleName}},
		},
		{
			name:   "vendor-role-other-account",
			reason: "a vendor role must belong to the vendor's account",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) {
				v.Roles = []string{"arn:aws:iam::998877665544:role/Reader", "arn:aws:iam::111122223333:role/Reader"}
			},
			want: []golden.Problem{{Field: "vendor.roles[1]", Value: "arn:aws:iam::111122223333:role/Reader", Err: policy.ErrConflict}},
		},
		{
			name:   "vendor-role-not-a-role",
			reason: "only role ARNs are vendor roles",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) {
				v.Roles = []string{"arn:aws:iam::998877665544:user/alice"}
			},
			want: []golden.Problem{{Field: "vendor.roles[0]", Value: "arn:aws:iam::998877665544:user/alice", Err: policy.ErrARN}},
		},
		{
			name:   "vendor-role-other-partition",
			reason: "every ARN is in the setup's partition",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) {
				v.Roles = []string{"arn:aws-cn:iam::998877665544:role/Reader"}
			},
			want: []golden.Problem{{Field: "vendor.roles[0]", Value: "arn:aws-cn:iam::998877665544:role/Reader", Err: policy.ErrARN}},
		},
		{
			name:   "partition-unknown",
			reason: "only aws, aws-cn and aws-us-gov",
			modify: func(c *cloudtrail.SiteConfig, _ *trust.Vendor) { c.Partition = "aws-iso" },
			want:   []golden.Problem{{Field: "partition", Value: "aws-iso", Err: policy.ErrPartition}},
		},
		{
			name:   "everything-at-once",
			reason: "all problems come back together",
			modify: func(_ *cloudtrail.SiteConfig, v *trust.Vendor) {
				v.Account, v.ExternalID, v.RoleName = "1", "x y", "a b"
			},
			want: []golden.Problem{
				{Field: "vendor.account", Value: "1", Err: policy.ErrAccountID},
				{Field: "vendor.externalId", Value: "x y", Err: policy.ErrExternalID},
				{Field: "vendor.roleName", Value: "a b", Err: policy.ErrRoleName},
			},
		},
		{
			name:   "incomplete-site",
			reason: "the vendor's problems are reported along with the site's",
			modify: func(c *cloudtrail.SiteConfig, v *trust.Vendor) { c.Bucket, v.ExternalID = "", "x y" },
			want: []golden.Problem{
				{Field: "bucket", Value: "", Err: policy.ErrRequired},
				{Field: "vendor.externalId", Value: "x y", Err: policy.ErrExternalID},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc, v := siteConfig(), vendorConfig().Vendor
			tc.modify(&sc, &v)
			doc, err := withSite(sc, func(s *cloudtrail.Site) (*policy.Document, error) {
				return trust.BuildTrustPolicy(trust.VendorConfig{Site: s, Vendor: v})
			})
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}

func TestBuildReadPolicyBadInput(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		site   func(*cloudtrail.SiteConfig)
		cfg    trust.ReadConfig // without its Site
		want   []golden.Problem
	}{
		{
			name:   "bucket-missing",
			reason: "the bucket is required",
			site:   func(c *cloudtrail.SiteConfig) { c.Bucket = "" },
			want:   []golden.Problem{{Field: "bucket", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "bucket-upper-case",
			reason: "bucket names are lower case",
			site:   func(c *cloudtrail.SiteConfig) { c.Bucket = "Example-CT-Logs" },
			want:   []golden.Problem{{Field: "bucket", Value: "Example-CT-Logs", Err: policy.ErrBucketName}},
		},
		{
			name:   "bucket-arn",
			reason: "a bucket name, not its ARN",
			site:   func(c *cloudtrail.SiteConfig) { c.Bucket = "arn:aws:s3:::example-ct-logs" },
			want:   []golden.Problem{{Field: "bucket", Value: "arn:aws:s3:::example-ct-logs", Err: policy.ErrBucketName}},
		},
		{
			name:   "prefix-leading-slash",
			reason: "the prefix is written as CloudTrail's S3KeyPrefix",
			site:   func(c *cloudtrail.SiteConfig) { c.Prefix = "/logs" },
			want:   []golden.Problem{{Field: "prefix", Value: "/logs", Err: cloudtrail.ErrPrefix}},
		},
		{
			name:   "prefix-with-awslogs",
			reason: "CloudTrail adds AWSLogs itself",
			site:   func(c *cloudtrail.SiteConfig) { c.Prefix = "AWSLogs" },
			want:   []golden.Problem{{Field: "prefix", Value: "AWSLogs", Err: cloudtrail.ErrPrefix}},
		},
		{
			name:   "prefix-wildcard",
			reason: "a wildcard in the prefix would widen the policy",
			site:   func(c *cloudtrail.SiteConfig) { c.Prefix = "logs*" },
			want:   []golden.Problem{{Field: "prefix", Value: "logs*", Err: cloudtrail.ErrPrefix}},
		},
		{
			name:   "account-bad",
			reason: "each account is 12 digits; the path names the index",
			cfg:    trust.ReadConfig{ReadOptions: trust.ReadOptions{LimitToAccounts: []string{production, "12345"}}},
			want:   []golden.Problem{{Field: "vendor.readPolicy.limitToAccounts[1]", Value: "12345", Err: policy.ErrAccountID}},
		},
		{
			name:   "organization-bad",
			reason: "o- and 10 to 32 lower-case letters or digits",
			site: func(c *cloudtrail.SiteConfig) {
				c.Organization = &cloudtrail.Organization{ID: "o-ABC", ManagementAccount: production}
			},
			cfg:  trust.ReadConfig{ReadOptions: trust.ReadOptions{LimitToOrganization: true}},
			want: []golden.Problem{{Field: "organization.id", Value: "o-ABC", Err: policy.ErrOrgID}},
		},
		{
			name:   "organization-missing",
			reason: "only an organization trail writes under the organization's path",
			cfg:    trust.ReadConfig{ReadOptions: trust.ReadOptions{LimitToOrganization: true}},
			want:   []golden.Problem{{Field: "vendor.readPolicy.limitToOrganization", Value: "true", Err: policy.ErrConflict}},
		},
		{
			name:   "key-alias",
			reason: "an alias resolves in the caller's account",
			site:   func(c *cloudtrail.SiteConfig) { c.KMSKeyARN = "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail" },
			want:   []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail", Err: policy.ErrARN}},
		},
		{
			name:   "key-other-partition",
			reason: "the key is in the setup's partition",
			site: func(c *cloudtrail.SiteConfig) {
				c.KMSKeyARN = "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			},
			want: []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrARN}},
		},
		{
			name:   "everything-at-once",
			reason: "all problems come back together, the read policy's own with the site's",
			site:   func(c *cloudtrail.SiteConfig) { c.Partition, c.Bucket, c.Prefix = "aws-iso", "ab", "a//b" },
			cfg:    trust.ReadConfig{ReadOptions: trust.ReadOptions{LimitToAccounts: []string{"x"}}},
			want: []golden.Problem{
				{Field: "partition", Value: "aws-iso", Err: policy.ErrPartition},
				{Field: "bucket", Value: "ab", Err: policy.ErrBucketName},
				{Field: "prefix", Value: "a//b", Err: cloudtrail.ErrPrefix},
				{Field: "vendor.readPolicy.limitToAccounts[0]", Value: "x", Err: policy.ErrAccountID},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc := siteConfig()
			if tc.site != nil {
				tc.site(&sc)
			}
			doc, err := withSite(sc, func(s *cloudtrail.Site) (*policy.Document, error) {
				cfg := tc.cfg
				cfg.Site = s
				return trust.BuildReadPolicy(cfg)
			})
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}

func TestBuildReaderTrustPolicyBadInput(t *testing.T) {
	analyst := []string{"arn:aws:iam::111122223333:role/SecurityAnalyst"}
	cases := []struct {
		name   string
		reason string
		site   func(*cloudtrail.SiteConfig)
		cfg    trust.ReaderConfig // without its Site
		want   []golden.Problem
	}{
		{
			name:   "no-principals",
			reason: "someone must be able to assume the role",
			want:   []golden.Problem{{Field: "principals", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "principal-wildcard",
			reason: "never everyone",
			cfg:    trust.ReaderConfig{Principals: []string{"*"}},
			want:   []golden.Problem{{Field: "principals[0]", Value: "*", Err: policy.ErrARN}},
		},
		{
			name:   "principal-not-iam",
			reason: "a service or bucket ARN is not a principal",
			cfg:    trust.ReaderConfig{Principals: []string{"arn:aws:s3:::example-ct-logs"}},
			want:   []golden.Problem{{Field: "principals[0]", Value: "arn:aws:s3:::example-ct-logs", Err: policy.ErrARN}},
		},
		{
			name:   "principal-other-partition",
			reason: "every ARN is in the setup's partition",
			cfg:    trust.ReaderConfig{Principals: []string{"arn:aws-us-gov:iam::111122223333:role/SecurityAnalyst"}},
			want:   []golden.Problem{{Field: "principals[0]", Value: "arn:aws-us-gov:iam::111122223333:role/SecurityAnalyst", Err: policy.ErrARN}},
		},
		{
			name:   "role-name-space",
			reason: "IAM role names have no spaces",
			cfg:    trust.ReaderConfig{Principals: analyst, RoleName: "Security Reader"},
			want:   []golden.Problem{{Field: "roleName", Value: "Security Reader", Err: policy.ErrRoleName}},
		},
		{
			name:   "log-account-missing",
			reason: "the role lives in the log archive account",
			site:   func(c *cloudtrail.SiteConfig) { c.LogArchiveAccount = "" },
			cfg:    trust.ReaderConfig{Principals: analyst},
			want:   []golden.Problem{{Field: "logArchiveAccount", Value: "", Err: policy.ErrRequired}},
		},
		{
			name:   "organization-missing",
			reason: "aws:PrincipalOrgID needs the setup's organization",
			cfg:    trust.ReaderConfig{Principals: analyst, LimitToOrganization: true},
			want:   []golden.Problem{{Field: "limitToOrganization", Value: "true", Err: policy.ErrConflict}},
		},
		{
			name:   "organization-and-account-bad",
			reason: "all problems come back together",
			site: func(c *cloudtrail.SiteConfig) {
				c.LogArchiveAccount = "123"
				c.Organization = &cloudtrail.Organization{ID: "org-1", ManagementAccount: production}
			},
			cfg: trust.ReaderConfig{LimitToOrganization: true, Principals: analyst},
			want: []golden.Problem{
				{Field: "logArchiveAccount", Value: "123", Err: policy.ErrAccountID},
				{Field: "organization.id", Value: "org-1", Err: policy.ErrOrgID},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc := siteConfig()
			if tc.site != nil {
				tc.site(&sc)
			}
			doc, err := withSite(sc, func(s *cloudtrail.Site) (*policy.Document, error) {
				cfg := tc.cfg
				cfg.Site = s
				return trust.BuildReaderTrustPolicy(cfg)
			})
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}

// TestIncompleteSite: every builder refuses a missing or incomplete Site
// with an error wrapping cloudtrail.ErrIncompleteSite, and still reports
// the problems of its own options.
func TestIncompleteSite(t *testing.T) {
	incomplete, err := cloudtrail.New(cloudtrail.SiteConfig{Bucket: "Bad_Bucket", LogArchiveAccount: production, Accounts: []string{production}})
	if err == nil {
		t.Fatal("cloudtrail.New accepted a bad bucket name")
	}
	for _, tc := range []struct {
		name  string
		site  *cloudtrail.Site
		field string // of the builder's own problem
		build func(*cloudtrail.Site) (*policy.Document, error)
	}{
		{"vendor-nil", nil, "vendor.externalId", func(s *cloudtrail.Site) (*policy.Document, error) {
			return trust.BuildTrustPolicy(trust.VendorConfig{Site: s, Vendor: trust.Vendor{Account: vendor, ExternalID: "x y"}})
		}},
		{"vendor-incomplete", incomplete, "vendor.externalId", func(s *cloudtrail.Site) (*policy.Document, error) {
			return trust.BuildTrustPolicy(trust.VendorConfig{Site: s, Vendor: trust.Vendor{Account: vendor, ExternalID: "x y"}})
		}},
		{"read-nil", nil, "vendor.readPolicy.limitToAccounts[0]", func(s *cloudtrail.Site) (*policy.Document, error) {
			return trust.BuildReadPolicy(trust.ReadConfig{Site: s, ReadOptions: trust.ReadOptions{LimitToAccounts: []string{"1"}}})
		}},
		{"read-incomplete", incomplete, "vendor.readPolicy.limitToAccounts[0]", func(s *cloudtrail.Site) (*policy.Document, error) {
			return trust.BuildReadPolicy(trust.ReadConfig{Site: s, ReadOptions: trust.ReadOptions{LimitToAccounts: []string{"1"}}})
		}},
		{"reader-nil", nil, "principals", func(s *cloudtrail.Site) (*policy.Document, error) {
			return trust.BuildReaderTrustPolicy(trust.ReaderConfig{Site: s})
		}},
		{"reader-incomplete", incomplete, "principals", func(s *cloudtrail.Site) (*policy.Document, error) {
			return trust.BuildReaderTrustPolicy(trust.ReaderConfig{Site: s})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := tc.build(tc.site)
			if doc != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite) {
				t.Fatalf("got %v, %v; want no document and an error wrapping ErrIncompleteSite", doc, err)
			}
			var fields []string
			for _, e := range policy.Unjoin(err) {
				var fe *policy.FieldError
				if errors.As(e, &fe) {
					fields = append(fields, fe.Field)
				}
			}
			if want := []string{"site", tc.field}; !slices.Equal(fields, want) {
				t.Errorf("problems on %q, want %q:\n%v", fields, want, err)
			}
		})
	}
}

// TestExternalIDBounds checks the accepted edges of the external ID rules
// (the rejected ones are in TestBuildTrustPolicyBadInput).
func TestExternalIDBounds(t *testing.T) {
	for _, id := range []string{"ab", strings.Repeat("z", 1224), "Aa0_+=,.@:/-"} {
		cfg := vendorConfig()
		cfg.Vendor.ExternalID = id
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
		cfg.Vendor.Roles = append(cfg.Vendor.Roles, fmt.Sprintf("arn:aws:iam::998877665544:role/AnyCompanyLogReader%02d", i))
	}
	doc, err := trust.BuildTrustPolicy(cfg)
	var se *policy.SizeError
	if doc != nil || !errors.As(err, &se) || se.Limit != policy.TrustPolicyLimit {
		t.Fatalf("BuildTrustPolicy with 40 roles = %v, %v; want no document and a size error at %d", doc, err, policy.TrustPolicyLimit)
	}
	// The error blames the roles and says how many fit: exactly the most
	// that build.
	if se.Field != "vendor.roles" || se.Noun != "roles" || se.Count != 40 || se.Fit <= 0 || se.Fit >= 40 {
		t.Fatalf("size error %+v: want Field vendor.roles, Noun roles, Count 40 and 0 < Fit < 40", *se)
	}
	fits := cfg
	fits.Vendor.Roles = cfg.Vendor.Roles[:se.Fit]
	if _, err := trust.BuildTrustPolicy(fits); err != nil {
		t.Errorf("the %d roles said to fit do not: %v", se.Fit, err)
	}
	fits.Vendor.Roles = cfg.Vendor.Roles[:se.Fit+1]
	if _, err := trust.BuildTrustPolicy(fits); !errors.Is(err, policy.ErrSize) {
		t.Errorf("%d roles, one more than said to fit: got %v, want ErrSize", se.Fit+1, err)
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
	cfg.Vendor.Roles = roles
	t1, err := trust.BuildTrustPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	site := newSite(siteConfig())
	r1, err := trust.BuildReadPolicy(trust.ReadConfig{Site: site, ReadOptions: trust.ReadOptions{LimitToAccounts: accounts}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rolesBefore, roles); diff != "" {
		t.Errorf("vendor.roles modified (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(accountsBefore, accounts); diff != "" {
		t.Errorf("limitToAccounts modified (-before +after):\n%s", diff)
	}

	cfg.Vendor.Roles = []string{roles[1], roles[0]}
	t2, err := trust.BuildTrustPolicy(cfg)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := trust.BuildReadPolicy(trust.ReadConfig{Site: site, ReadOptions: trust.ReadOptions{LimitToAccounts: []string{production, dev}}})
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
	cnSite := siteWith(func(c *cloudtrail.SiteConfig) { c.Partition = policy.PartitionChina })
	noLogArchive := siteWith(func(c *cloudtrail.SiteConfig) { c.LogArchiveAccount = "" })
	arn := func(s string, ok bool) string {
		if !ok {
			return "(none)"
		}
		return s
	}
	cases := []struct {
		name   string
		reason string
		got    string
		want   string
	}{
		{
			name:   "vendor-default-name",
			reason: "an empty RoleName means DefaultRoleName",
			got:    arn(vendorConfig().RoleARN()),
			want:   "arn:aws:iam::123456789012:role/CloudTrailLogReader",
		},
		{
			name:   "vendor-named-aws-cn",
			reason: "the name as given, the Site's partition",
			got:    arn(trust.VendorConfig{Site: cnSite, Vendor: trust.Vendor{RoleName: "CloudTrailAccessForAnyCompany"}}.RoleARN()),
			want:   "arn:aws-cn:iam::123456789012:role/CloudTrailAccessForAnyCompany",
		},
		{
			name:   "vendor-no-log-archive",
			reason: "without the log archive account there is no role to name",
			got:    arn(trust.VendorConfig{Site: noLogArchive}.RoleARN()),
			want:   "(none)",
		},
		{
			name:   "vendor-bad-name",
			reason: "an invalid role name names no role",
			got:    arn(trust.VendorConfig{Site: newSite(siteConfig()), Vendor: trust.Vendor{RoleName: "a b"}}.RoleARN()),
			want:   "(none)",
		},
		{
			name:   "vendor-no-site",
			reason: "nothing to name without a Site",
			got:    arn(trust.VendorConfig{}.RoleARN()),
			want:   "(none)",
		},
		{
			name:   "reader-default-name",
			reason: "an empty RoleName means DefaultReaderRoleName",
			got:    arn(trust.ReaderConfig{Site: newSite(siteConfig())}.RoleARN()),
			want:   "arn:aws:iam::123456789012:role/CloudTrailSecurityReader",
		},
		{
			name:   "reader-no-log-archive",
			reason: "without the log archive account there is no role to name",
			got:    arn(trust.ReaderConfig{Site: noLogArchive}.RoleARN()),
			want:   "(none)",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("%s: RoleARN() = %q, want %q", tc.reason, tc.got, tc.want)
			}
		})
	}
	if got, want := (trust.VendorConfig{}).RoleName(), trust.DefaultRoleName; got != want {
		t.Errorf("RoleName() of the zero VendorConfig = %q, want %q", got, want)
	}
}

// maxReadAccounts is how many listed accounts fit in the read policy with
// the default 6,144-character limit, for the bucket name below and no
// prefix, key or organization (the README's table gives the same number).
const maxReadAccounts = 67

// TestReadPolicySizeLimit: past the managed policy limit the error, one
// *policy.SizeError on limitToAccounts, says how many accounts fit and what
// to grant instead.
func TestReadPolicySizeLimit(t *testing.T) {
	listed := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("5%011d", i)
		}
		return out
	}
	// sizeProblem returns the one *policy.SizeError err must be.
	sizeProblem := func(t *testing.T, err error) *policy.SizeError {
		t.Helper()
		var se *policy.SizeError
		if errs := policy.Unjoin(err); len(errs) != 1 || !errors.As(errs[0], &se) {
			t.Fatalf("want one *policy.SizeError, got %v", err)
		}
		return se
	}
	const bucketName = "example-cloudtrail-logs"
	org := &cloudtrail.Organization{ID: orgID, ManagementAccount: production}
	site := func(c cloudtrail.SiteConfig) *cloudtrail.Site {
		if c.Bucket == "" {
			c.Bucket = bucketName
		}
		c.Accounts = []string{production}
		return newSite(c)
	}
	orgSite := site(cloudtrail.SiteConfig{Organization: org})

	if _, err := trust.BuildReadPolicy(trust.ReadConfig{Site: orgSite, ReadOptions: trust.ReadOptions{LimitToAccounts: listed(maxReadAccounts)}}); err != nil {
		t.Fatalf("%d accounts should fit: %v", maxReadAccounts, err)
	}
	for _, n := range []int{maxReadAccounts + 1, 1000} {
		cfg := trust.ReadConfig{Site: orgSite, ReadOptions: trust.ReadOptions{LimitToAccounts: listed(n)}}
		doc, err := trust.BuildReadPolicy(cfg)
		if doc != nil {
			t.Fatalf("%d accounts: got a document", n)
		}
		se := sizeProblem(t, err)
		type problem struct {
			Field, Noun string
			Count, Fit  int
			Hint        string
		}
		want := problem{Field: "vendor.readPolicy.limitToAccounts", Noun: "accounts", Count: n, Fit: maxReadAccounts,
			Hint: "each account adds its log path to two statements; " +
				"list no accounts to read every log file under AWSLogs/, " +
				"or set vendor.readPolicy.limitToOrganization and list no accounts to read only the organization trail's files under AWSLogs/o-exampleorgid/"}
		if diff := cmp.Diff(want, problem{se.Field, se.Noun, se.Count, se.Fit, se.Hint}); diff != "" {
			t.Errorf("%d accounts: size error (-want +got):\n%s", n, diff)
		}
		head := fmt.Sprintf("vendor.readPolicy.limitToAccounts: %q make the identity policy ", fmt.Sprintf("%d accounts", n))
		tail := fmt.Sprintf(": %d of them fit; %s", maxReadAccounts, want.Hint)
		if msg := se.Error(); !strings.HasPrefix(msg, head) || !strings.HasSuffix(msg, tail) {
			t.Errorf("%d accounts: message %q, want %q...%q", n, msg, head, tail)
		}
		if !errors.Is(err, policy.ErrSize) {
			t.Errorf("%d accounts: %v does not wrap ErrSize", n, err)
		}
	}

	// The count is measured on the caller's own config, whatever makes
	// each account's share longer: it must be exactly the most that build.
	cases := []struct {
		name   string
		site   *cloudtrail.Site
		cfg    trust.ReadConfig
		advice string
		reason string
	}{
		{"organization-and-prefix", site(cloudtrail.SiteConfig{Prefix: "org", Organization: org}), trust.ReadConfig{ReadOptions: trust.ReadOptions{LimitToOrganization: true}},
			"list no accounts to read only the organization trail's files under org/AWSLogs/o-exampleorgid/",
			"two paths per account, and the advice names the organization's path"},
		{"key-and-broad-actions", site(cloudtrail.SiteConfig{Bucket: "example-ct-logs", KMSKeyARN: keyARN}),
			trust.ReadConfig{ReadOptions: trust.ReadOptions{BroadActions: true, AllowGetBucketLocation: true}},
			"list no accounts to read every log file under AWSLogs/",
			"the statements that do not grow with accounts count too"},
		{"lower-limit", orgSite, trust.ReadConfig{Limits: policy.Limits{IdentityPolicy: 1000}},
			"list no accounts",
			"a caller's lower limit is the one measured against"},
		{"no-organization", site(cloudtrail.SiteConfig{}), trust.ReadConfig{},
			"each account adds its log path to two statements; list no accounts to read every log file under AWSLogs/",
			"without an organization in the setup, the advice offers no organization path"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.Site = tc.site
			cfg.LimitToAccounts = listed(300)
			_, err := trust.BuildReadPolicy(cfg)
			se := sizeProblem(t, err)
			if se.Field != "vendor.readPolicy.limitToAccounts" {
				t.Fatalf("size error on %q, want limitToAccounts: %v (%s)", se.Field, se, tc.reason)
			}
			if !strings.Contains(se.Hint, tc.advice) {
				t.Errorf("hint %q lacks %q (%s)", se.Hint, tc.advice, tc.reason)
			}
			if _, hasOrg := tc.site.Organization(); !hasOrg && strings.Contains(se.Hint, "limitToOrganization") {
				t.Errorf("hint %q suggests limitToOrganization for a setup without an organization (%s)", se.Hint, tc.reason)
			}
			fit := se.Fit
			cfg.LimitToAccounts = listed(fit)
			if _, err := trust.BuildReadPolicy(cfg); err != nil {
				t.Errorf("the %d accounts said to fit do not: %v (%s)", fit, err, tc.reason)
			}
			cfg.LimitToAccounts = listed(fit + 1)
			if _, err := trust.BuildReadPolicy(cfg); !errors.Is(err, policy.ErrSize) {
				t.Errorf("%d accounts, one more than said to fit: got %v, want ErrSize (%s)", fit+1, err, tc.reason)
			}
		})
	}

	// A limit too small for the policy without any account: the accounts
	// are not the problem, so no advice about them.
	_, err := trust.BuildReadPolicy(trust.ReadConfig{Site: orgSite, Limits: policy.Limits{IdentityPolicy: 100}, ReadOptions: trust.ReadOptions{LimitToAccounts: listed(3)}})
	if !errors.Is(err, policy.ErrSize) {
		t.Fatalf("limit 100: got %v, want ErrSize", err)
	}
	if se := sizeProblem(t, err); se.Field != "" || se.Hint != "" {
		t.Errorf("limit 100: the policy is too large even without accounts, yet the error blames them: %v", se)
	}
}
