package bucket_test

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

const (
	testBucket = "example-cloudtrail-logs"
	mgmt       = "111111111111"
	acct2      = "222222222222"
	acct3      = "333333333333"
	orgID      = "o-exampleorgid"
	keyARN     = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	otherKey   = "arn:aws:kms:us-east-1:222222222222:key/9999abcd-12ab-34cd-56ef-1234567890ab"
	trailMain  = "arn:aws:cloudtrail:us-east-1:111111111111:trail/main"
	trailAudit = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/audit"
	reader2    = "arn:aws:iam::222222222222:role/SecurityReader"
	reader3    = "arn:aws:iam::333333333333:role/Auditor"
)

func org() *cloudtrail.Organization {
	return &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt}
}

// goldenCases are the configurations whose output is kept byte for byte in
// testdata/<name>.golden.json. Each golden file was read and checked by hand.
func goldenCases() []struct {
	name   string
	reason string
	cfg    setup
} {
	return []struct {
		name   string
		reason string
		cfg    setup
	}{
		{"single-account", "the default: one account, any of its trails, TLS deny",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt}}}},
		{"several-accounts", "accounts sorted and de-duplicated, one write statement each with its own path and pattern",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{acct3, mgmt, acct2, mgmt}}}},
		{"several-accounts-across-prefixes", "AllowWritesAcrossAccountPrefixes: one write statement, every path and every pattern, as AWS's multi-account example",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{acct3, mgmt, acct2}},
				Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true}}}},
		{"readers", "readers in other accounts list and get under the prefix's AWSLogs/, sorted and de-duplicated",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Prefix: "logs/cloudtrail", Readers: []string{reader3, reader2, reader3}, Accounts: []string{mgmt}}}},
		{"single-account-kms", "a KMS key adds the two encryption denies on log files",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: []string{mgmt}}}},
		{"organization", "organization trail: management account path plus the o- path",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Organization: org()}}},
		{"organization-kms", "organization trail with a KMS key in another account",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, BucketRegion: "us-east-1", Organization: org()}}},
		{"organization-first-create", "the first-create phase leaves out the encryption denies",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org()},
				Config: bucket.Config{OmitEncryptionDeniesForFirstCreate: true}}},
		{"organization-and-accounts", "an organization trail plus an account outside it",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org(), Accounts: []string{acct3}}}},
		{"prefix", "a log file prefix goes before AWSLogs everywhere, the denies included",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Prefix: "logs/cloudtrail", KMSKeyARN: keyARN, Accounts: []string{mgmt, acct2}}}},
		{"exact-trails", "named trails are matched exactly with StringEquals",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt, acct2}, Trails: []string{trailAudit, trailMain}}}},
		{"organization-exact-trail", "the organization trail named exactly; it belongs to the management account",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org(), Trails: []string{trailMain}}}},
		{"aws-cn", "China partition in every ARN, same service principal",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, BucketRegion: "cn-north-1",
				KMSKeyARN: "arn:aws-cn:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
				Partition: policy.PartitionChina, Accounts: []string{mgmt, acct2}}}},
		{"aws-us-gov", "GovCloud partition in every ARN, organization trail",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, BucketRegion: "us-gov-west-1",
				KMSKeyARN: "arn:aws-us-gov:kms:us-gov-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
				Partition: policy.PartitionGovCloud, Organization: org()}}},
		{"aws-eusc", "European Sovereign Cloud partition in every ARN, organization trail",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, BucketRegion: "eusc-de-east-1",
				KMSKeyARN: "arn:aws-eusc:kms:eusc-de-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
				Partition: policy.PartitionEUSC, Organization: org()}}},
		{"source-account", "aws:SourceAccount instead of per-account trail patterns, one account per write statement",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt, acct2}},
				Config: bucket.Config{Options: bucket.Options{AllowAnySourceInAccounts: true}}}},
		{"organization-source-org-id", "aws:SourceOrgID, as AWS Control Tower's audit bucket: one value on every statement, so the accounts' writes are one statement",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org(), Accounts: []string{acct3, acct2}},
				Config: bucket.Config{Options: bucket.Options{AllowAnySourceInOrganization: true}}}},
		{"list-bucket", "AllowCloudTrailToListBucket: s3:ListBucket beside s3:GetBucketAcl in the ACL check, as AWS Control Tower and the SRA write it, under the same aws:SourceArn condition",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Organization: org(), Accounts: []string{acct2}},
				Config: bucket.Config{Options: bucket.Options{AllowCloudTrailToListBucket: true}}}},
		{"legacy-principals", "per-Region CloudTrail accounts, as 2013 policies had",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt}},
				Config: bucket.Config{Options: bucket.Options{LegacyPrincipalRegions: []string{"us-west-2", "us-east-1"}, AllowAnySourceTrail: true, SidSuffix: "20131101"}}}},
	}
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := bucket.Build(config(t, tc.cfg))
			if err != nil {
				t.Fatalf("Build (%s): %v", tc.reason, err)
			}
			golden.Check(t, doc, filepath.Join("testdata", tc.name+".golden.json"))
		})
	}
}

// statement returns the statement with the given Sid, failing the test when
// there is none.
func statement(t *testing.T, doc *policy.Document, sid string) iampolicy.Statement {
	t.Helper()
	for _, s := range doc.Statements {
		if s.Sid == sid {
			return s
		}
	}
	t.Fatalf("no statement with Sid %q in %v", sid, sids(doc))
	return iampolicy.Statement{}
}

func sids(doc *policy.Document) []string {
	var out []string
	for _, s := range doc.Statements {
		out = append(out, s.Sid)
	}
	return out
}

// conditions returns a statement's Condition as operator -> key -> values.
func conditions(s iampolicy.Statement) map[string]map[string][]string {
	if len(s.Condition) == 0 {
		return nil
	}
	out := map[string]map[string][]string{}
	for op, keys := range s.Condition {
		out[op] = map[string][]string{}
		for k, v := range keys {
			vals, _, _ := v.Values()
			out[op][k] = vals
		}
	}
	return out
}

func TestWrongKeyDenyIsSeparateStatement(t *testing.T) {
	doc := mustBuild(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: []string{mgmt}}})
	tests := []struct {
		sid    string
		reason string
		want   map[string]map[string][]string
	}{
		{bucket.SidDenyUnencrypted, "denies uploads without SSE-KMS, one key only",
			map[string]map[string][]string{"StringNotEquals": {"s3:x-amz-server-side-encryption": {"aws:kms"}}}},
		{bucket.SidDenyWrongKey, "denies uploads with any other key, in its own statement so it is not ANDed with the first",
			map[string]map[string][]string{"StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": {keyARN}}}},
	}
	for _, tc := range tests {
		t.Run(tc.sid, func(t *testing.T) {
			s := statement(t, doc, tc.sid)
			if diff := cmp.Diff(tc.want, conditions(s)); diff != "" {
				t.Errorf("%s condition (%s) (-want +got):\n%s", tc.sid, tc.reason, diff)
			}
			if s.Effect != "Deny" || s.Action == nil || !slices.Equal(s.Action.Values(), []string{"s3:PutObject"}) {
				t.Errorf("%s: want Deny s3:PutObject, got %s %v", tc.sid, s.Effect, s.Action)
			}
		})
	}
	for _, s := range doc.Statements {
		c := conditions(s)["StringNotEquals"]
		if _, a := c["s3:x-amz-server-side-encryption"]; a {
			if _, b := c["s3:x-amz-server-side-encryption-aws-kms-key-id"]; b {
				t.Errorf("statement %s tests both encryption keys in one condition: a wrong-key upload would not be denied", s.Sid)
			}
		}
	}
}

// TestEncryptionDenies evaluates uploads against the KMS policy: log files
// must be SSE-KMS with the key, digest files (SSE-S3, as AWS documents)
// must still be delivered, for account trails and organization trails, with
// and without a prefix.
func TestEncryptionDenies(t *testing.T) {
	for _, prefix := range []string{"", "logs/ct"} {
		doc := mustBuild(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Prefix: prefix, KMSKeyARN: keyARN, Organization: org(), Accounts: []string{acct3}}})
		base := "arn:aws:s3:::" + testBucket + "/" + cloudtrail.LogPath(prefix) + "/"
		orgTrail := "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/org"
		ownTrail := "arn:aws:cloudtrail:eu-west-1:" + acct3 + ":trail/own"
		logOrg := base + orgID + "/" + acct2 + "/CloudTrail/us-east-1/2024/05/01/" + acct2 + "_CloudTrail_us-east-1_20240501T0000Z_x.json.gz"
		logAcct := base + acct3 + "/CloudTrail/eu-west-1/2024/05/01/" + acct3 + "_CloudTrail_eu-west-1_20240501T0000Z_x.json.gz"
		logMgmt := base + mgmt + "/CloudTrail/us-east-1/2024/05/01/f.json.gz"
		digestOrg := base + orgID + "/" + acct2 + "/CloudTrail-Digest/us-east-1/2024/05/01/" + acct2 + "_CloudTrail-Digest_us-east-1_org_us-east-1_20240501T000000Z.json.gz"
		digestAcct := base + acct3 + "/CloudTrail-Digest/eu-west-1/2024/05/01/" + acct3 + "_CloudTrail-Digest_eu-west-1_own_eu-west-1_20240501T000000Z.json.gz"
		tests := []struct {
			name   string
			reason string
			req    request
			want   decision
		}{
			{"org-log-right-key", "an organization log file with the key is delivered", putLog(logOrg, orgTrail, "aws:kms", keyARN), allowed},
			{"org-log-wrong-key", "a wrong key is denied", putLog(logOrg, orgTrail, "aws:kms", otherKey), denied},
			{"org-log-sse-s3", "a log file without SSE-KMS is denied", putLog(logOrg, orgTrail, "AES256", ""), denied},
			{"org-log-no-sse", "a log file without encryption headers is denied", putLog(logOrg, orgTrail, "", ""), denied},
			{"mgmt-log-wrong-key", "the management account's own path is covered too", putLog(logMgmt, orgTrail, "aws:kms", otherKey), denied},
			{"acct-log-right-key", "an account trail's log file with the key is delivered", putLog(logAcct, ownTrail, "aws:kms", keyARN), allowed},
			{"acct-log-wrong-key", "an account trail's log file with a wrong key is denied", putLog(logAcct, ownTrail, "aws:kms", otherKey), denied},
			{"org-digest-sse-s3", "organization digest files are SSE-S3 and must still be delivered", putLog(digestOrg, orgTrail, "AES256", ""), allowed},
			{"acct-digest-sse-s3", "account digest files are SSE-S3 and must still be delivered", putLog(digestAcct, ownTrail, "AES256", ""), allowed},
			{"acct-digest-no-header", "digest files without an explicit header must still be delivered", putLog(digestAcct, ownTrail, "", ""), allowed},
		}
		for _, tc := range tests {
			t.Run(strings.ReplaceAll(prefix, "/", "_")+"/"+tc.name, func(t *testing.T) {
				if got := decide(t, doc, tc.req); got != tc.want {
					t.Errorf("%s: decide = %s, want %s (%s)", tc.req.arn, got, tc.want, tc.reason)
				}
			})
		}
	}
}

// TestConfusedDeputy checks that only the delivering accounts' trails get in.
func TestConfusedDeputy(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		cfg    setup
		trail  string
		want   decision
	}{
		{"pattern-own-trail", "any trail of the delivering account", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt}}},
			"arn:aws:cloudtrail:ap-south-1:" + mgmt + ":trail/anything", allowed},
		{"pattern-foreign-trail", "a trail of an outsider writing under the delivering account's path",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt}}}, "arn:aws:cloudtrail:us-east-1:444444444444:trail/evil", implicitDeny},
		{"exact-named-trail", "the named trail", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt}, Trails: []string{trailMain}}}, trailMain, allowed},
		{"exact-other-trail", "another trail of the same account is not named",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt}, Trails: []string{trailMain}}}, "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/other", implicitDeny},
		{"exact-home-region", "a trail ARN carries its home Region; the same name elsewhere is another trail",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt}, Trails: []string{trailMain}}}, "arn:aws:cloudtrail:eu-west-1:" + mgmt + ":trail/main", implicitDeny},
		{"source-account-own", "aws:SourceAccount admits the account's trails", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt}},
			Config: bucket.Config{Options: bucket.Options{AllowAnySourceInAccounts: true}}},
			"arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/x", allowed},
		{"source-account-foreign", "aws:SourceAccount refuses outsiders", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt}},
			Config: bucket.Config{Options: bucket.Options{AllowAnySourceInAccounts: true}}},
			"arn:aws:cloudtrail:us-east-1:444444444444:trail/xyz", implicitDeny},
		{"allow-any-source-trail", "without aws:SourceArn an outsider's trail gets in: the weakening the option is named for",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt}},
				Config: bucket.Config{Options: bucket.Options{AllowAnySourceTrail: true}}}, "arn:aws:cloudtrail:us-east-1:444444444444:trail/evil", allowed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Bucket = testBucket
			doc := mustBuild(t, tc.cfg)
			obj := "arn:aws:s3:::" + testBucket + "/AWSLogs/" + mgmt + "/CloudTrail/us-east-1/2024/05/01/f.json.gz"
			if got := decide(t, doc, putLog(obj, tc.trail, "", "")); got != tc.want {
				t.Errorf("PutObject by %s: %s, want %s (%s)", tc.trail, got, tc.want, tc.reason)
			}
			acl := request{action: "s3:GetBucketAcl", arn: "arn:aws:s3:::" + testBucket,
				context: map[string]string{"aws:SourceArn": tc.trail, "aws:SourceAccount": strings.Split(tc.trail, ":")[4], "aws:SecureTransport": "true"}}
			if got := decide(t, doc, acl); got != tc.want {
				t.Errorf("GetBucketAcl by %s: %s, want %s (%s)", tc.trail, got, tc.want, tc.reason)
			}
		})
	}
}

// TestOrganizationCoversMembersWithoutGrowing: one organization statement
// admits the organization trail's writes for any member account, and the
// policy does not depend on how many members there are (it has no place to
// list them).
func TestOrganizationCoversMembersWithoutGrowing(t *testing.T) {
	cfg := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org()}}
	doc := mustBuild(t, cfg)
	orgTrail := "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/org"
	for i := range 1000 {
		member := strings.Repeat("0", 12-len(itoa(i))) + itoa(i)
		obj := "arn:aws:s3:::" + testBucket + "/AWSLogs/" + orgID + "/" + member + "/CloudTrail/us-east-1/2024/05/01/f.json.gz"
		if got := decide(t, doc, putLog(obj, orgTrail, "aws:kms", keyARN)); got != allowed {
			t.Fatalf("member %s: %s, want Allow", member, got)
		}
	}
	// A member account's own trail may not write into the organization path.
	obj := "arn:aws:s3:::" + testBucket + "/AWSLogs/" + orgID + "/" + acct2 + "/CloudTrail/us-east-1/2024/05/01/f.json.gz"
	if got := decide(t, doc, putLog(obj, "arn:aws:cloudtrail:us-east-1:"+acct2+":trail/own", "aws:kms", keyARN)); got != implicitDeny {
		t.Errorf("member's own trail into the organization path: %s, want ImplicitDeny", got)
	}
	// Nor may an account that delivers to the bucket with a trail of its own:
	// only the management account's trails write under AWSLogs/<o-id>/.
	withAcct := cfg
	withAcct.Accounts = []string{acct3}
	own := "arn:aws:cloudtrail:us-east-1:" + acct3 + ":trail/own"
	if got := decide(t, mustBuild(t, withAcct), putLog(obj, own, "aws:kms", keyARN)); got != implicitDeny {
		t.Errorf("delivering account's own trail into the organization path: %s, want ImplicitDeny", got)
	}
	// Same size for a different organization with an ID of the same length:
	// the size depends on the organization's identity, not on its members.
	other := cfg
	other.Organization = &cloudtrail.Organization{ID: "o-zzzzzzzzzzzz", ManagementAccount: "999999999999"}
	a, _ := doc.CompactJSON()
	b, _ := mustBuild(t, other).CompactJSON()
	if len(a) != len(b) {
		t.Errorf("organization policy size differs between organizations: %d vs %d", len(a), len(b))
	}
	for _, s := range doc.Statements {
		if s.Resource == nil {
			continue
		}
		if n := len(s.Resource.Values()); n > 2 {
			t.Errorf("statement %s lists %d resources: an organization policy should list paths, not members", s.Sid, n)
		}
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// TestNeverPrincipalOrgID: aws:PrincipalOrgID never matches a service
// principal, so it must not appear on the CloudTrail statements.
func TestNeverPrincipalOrgID(t *testing.T) {
	for _, tc := range goldenCases() {
		doc := mustBuild(t, tc.cfg)
		b, _ := doc.CompactJSON()
		if strings.Contains(strings.ToLower(string(b)), "principalorgid") {
			t.Errorf("%s: emits aws:PrincipalOrgID", tc.name)
		}
	}
}

func TestServicePrincipalInEveryPartition(t *testing.T) {
	for _, p := range policy.Partitions() {
		cfg := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Partition: p, Accounts: []string{mgmt}}}
		doc := mustBuild(t, cfg)
		for _, sid := range []string{bucket.SidACLCheck, bucket.SidWrite} {
			s := statement(t, doc, sid)
			if got := s.Principal.Service().Values(); !slices.Equal(got, []string{"cloudtrail.amazonaws.com"}) {
				t.Errorf("%s %s: service principal %v", p, sid, got)
			}
			for _, r := range s.Resource.Values() {
				if !strings.HasPrefix(r, "arn:"+string(p)+":s3:::") {
					t.Errorf("%s %s: resource %s not in partition", p, sid, r)
				}
			}
		}
	}
}

// TestCanonicalInput: the order and duplicates of set-like inputs change
// nothing, and the caller's slices are left alone.
func TestCanonicalInput(t *testing.T) {
	a := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{acct3, mgmt, acct2, acct3},
		Trails: []string{trailMain, trailAudit, "arn:aws:cloudtrail:us-east-1:333333333333:trail/xyz"}}}
	b := a
	b.Accounts = []string{mgmt, acct2, acct3}
	b.Trails = []string{trailAudit, "arn:aws:cloudtrail:us-east-1:333333333333:trail/xyz", trailMain}
	before := slices.Clone(a.Accounts)
	beforeTrails := slices.Clone(a.Trails)
	ja, _ := mustBuild(t, a).JSON()
	jb, _ := mustBuild(t, b).JSON()
	if diff := cmp.Diff(string(jb), string(ja)); diff != "" {
		t.Errorf("reordered input changed the output (-sorted +unsorted):\n%s", diff)
	}
	if !slices.Equal(before, a.Accounts) || !slices.Equal(beforeTrails, a.Trails) {
		t.Errorf("Build modified the caller's slices: %v %v", a.Accounts, a.Trails)
	}

	l1 := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt}},
		Config: bucket.Config{Options: bucket.Options{AllowAnySourceTrail: true, LegacyPrincipalRegions: []string{"us-west-2", "eu-west-1", "us-west-2"}}}}
	l2 := l1
	l2.LegacyPrincipalRegions = []string{"eu-west-1", "us-west-2"}
	j1, _ := mustBuild(t, l1).JSON()
	j2, _ := mustBuild(t, l2).JSON()
	if string(j1) != string(j2) {
		t.Errorf("legacy Region order changed the output:\n%s\n%s", j1, j2)
	}
	if !slices.Equal(l1.LegacyPrincipalRegions, []string{"us-west-2", "eu-west-1", "us-west-2"}) {
		t.Errorf("Build modified LegacyPrincipalRegions: %v", l1.LegacyPrincipalRegions)
	}
}

// TestOptions checks what each option adds or removes.
func TestOptions(t *testing.T) {
	base := func() setup {
		return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: []string{mgmt}}}
	}
	tests := []struct {
		name     string
		reason   string
		mod      func(*setup)
		wantSids []string
		check    func(t *testing.T, doc *policy.Document)
	}{
		{"default", "allow pair, TLS deny and both encryption denies", func(*setup) {},
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "DenyInsecureTransport", "DenyUnencryptedObjectUploads", "DenyWrongKMSKey"}, nil},
		{"no-kms", "without a key there is nothing to enforce", func(c *setup) { c.KMSKeyARN = "" },
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "DenyInsecureTransport"}, nil},
		{"first-create", "the first-create phase drops only the encryption denies", func(c *setup) { c.OmitEncryptionDeniesForFirstCreate = true },
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "DenyInsecureTransport"}, nil},
		{"insecure-transport", "AllowInsecureTransport drops the TLS deny only", func(c *setup) { c.AllowInsecureTransport = true },
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "DenyUnencryptedObjectUploads", "DenyWrongKMSKey"}, nil},
		{"sid-suffix", "the suffix goes on every Sid", func(c *setup) { c.SidSuffix = "20150319" },
			[]string{"AWSCloudTrailAclCheck20150319", "AWSCloudTrailWrite20150319", "DenyInsecureTransport20150319", "DenyUnencryptedObjectUploads20150319", "DenyWrongKMSKey20150319"}, nil},
		{"organization", "an organization adds its own write statement", func(c *setup) { c.Accounts = nil; c.Organization = org() },
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "AWSCloudTrailOrganizationWrite", "DenyInsecureTransport", "DenyUnencryptedObjectUploads", "DenyWrongKMSKey"},
			func(t *testing.T, doc *policy.Document) {
				w := statement(t, doc, bucket.SidWrite)
				ow := statement(t, doc, bucket.SidOrganizationWrite)
				if diff := cmp.Diff([]string{"arn:aws:s3:::" + testBucket + "/AWSLogs/" + mgmt + "/*"}, w.Resource.Values()); diff != "" {
					t.Errorf("write resource (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff([]string{"arn:aws:s3:::" + testBucket + "/AWSLogs/" + orgID + "/*"}, ow.Resource.Values()); diff != "" {
					t.Errorf("organization write resource (-want +got):\n%s", diff)
				}
			}},
		{"default-source-pattern", "no named trails: a StringLike pattern per account on both allow statements", func(*setup) {},
			nil, func(t *testing.T, doc *policy.Document) {
				want := []string{"arn:aws:cloudtrail:*:" + mgmt + ":trail/*"}
				for _, sid := range []string{bucket.SidACLCheck, bucket.SidWrite} {
					if diff := cmp.Diff(want, conditions(statement(t, doc, sid))["StringLike"]["aws:SourceArn"]); diff != "" {
						t.Errorf("%s aws:SourceArn (-want +got):\n%s", sid, diff)
					}
				}
			}},
		{"exact-trails", "named trails: StringEquals on the ARNs", func(c *setup) { c.Trails = []string{trailMain} },
			nil, func(t *testing.T, doc *policy.Document) {
				for _, sid := range []string{bucket.SidACLCheck, bucket.SidWrite} {
					c := conditions(statement(t, doc, sid))
					if diff := cmp.Diff([]string{trailMain}, c["StringEquals"]["aws:SourceArn"]); diff != "" {
						t.Errorf("%s aws:SourceArn (-want +got):\n%s", sid, diff)
					}
					if _, like := c["StringLike"]; like {
						t.Errorf("%s: StringLike with exact trails", sid)
					}
				}
			}},
		{"source-account", "aws:SourceAccount replaces aws:SourceArn", func(c *setup) { c.AllowAnySourceInAccounts = true },
			nil, func(t *testing.T, doc *policy.Document) {
				c := conditions(statement(t, doc, bucket.SidWrite))
				if diff := cmp.Diff(map[string]map[string][]string{"StringEquals": {"aws:SourceAccount": {mgmt}, "s3:x-amz-acl": {"bucket-owner-full-control"}}}, c); diff != "" {
					t.Errorf("write condition (-want +got):\n%s", diff)
				}
			}},
		{"allow-any-source-trail", "no confused-deputy condition at all", func(c *setup) { c.AllowAnySourceTrail = true },
			nil, func(t *testing.T, doc *policy.Document) {
				if c := conditions(statement(t, doc, bucket.SidACLCheck)); c != nil {
					t.Errorf("acl check still has a condition: %v", c)
				}
				if diff := cmp.Diff(map[string]map[string][]string{"StringEquals": {"s3:x-amz-acl": {"bucket-owner-full-control"}}}, conditions(statement(t, doc, bucket.SidWrite))); diff != "" {
					t.Errorf("write condition (-want +got):\n%s", diff)
				}
			}},
		{"legacy", "legacy Regions replace the service principal, in Region order", func(c *setup) {
			c.AllowAnySourceTrail = true
			c.LegacyPrincipalRegions = []string{"us-east-1", "ap-southeast-1"}
		}, nil, func(t *testing.T, doc *policy.Document) {
			want := []string{"arn:aws:iam::903692715234:root", "arn:aws:iam::086441151436:root"}
			for _, sid := range []string{bucket.SidACLCheck, bucket.SidWrite} {
				p := statement(t, doc, sid).Principal
				if p.Service() != nil {
					t.Errorf("%s: service principal kept with legacy principals", sid)
				}
				if diff := cmp.Diff(want, p.AWS().Values()); diff != "" {
					t.Errorf("%s principals (-want +got):\n%s", sid, diff)
				}
			}
		}},
		{"readers", "readers add their list and read statements before the denies", func(c *setup) { c.Readers = []string{reader2} },
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "AllowLogReadersToList", "AllowLogReadersToRead", "DenyInsecureTransport", "DenyUnencryptedObjectUploads", "DenyWrongKMSKey"}, nil},
		{"tls-deny-shape", "the TLS deny covers bucket and objects for everyone", func(*setup) {}, nil,
			func(t *testing.T, doc *policy.Document) {
				s := statement(t, doc, bucket.SidDenyInsecure)
				b, _ := json.Marshal(map[string]any{"effect": s.Effect, "action": s.Action.Values(), "resource": s.Resource.Values(), "cond": conditions(s)})
				want := `{"action":["s3:*"],"cond":{"Bool":{"aws:SecureTransport":["false"]}},"effect":"Deny","resource":["arn:aws:s3:::example-cloudtrail-logs","arn:aws:s3:::example-cloudtrail-logs/*"]}`
				if diff := cmp.Diff(want, string(b)); diff != "" {
					t.Errorf("TLS deny (-want +got):\n%s", diff)
				}
				if bs, _ := s.Principal.MarshalJSON(); string(bs) != `"*"` {
					t.Errorf("TLS deny principal %s", bs)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base()
			tc.mod(&cfg)
			doc := mustBuild(t, cfg)
			if tc.wantSids != nil {
				if diff := cmp.Diff(tc.wantSids, sids(doc)); diff != "" {
					t.Errorf("Sids (%s) (-want +got):\n%s", tc.reason, diff)
				}
			}
			if tc.check != nil {
				tc.check(t, doc)
			}
		})
	}
}

// TestBadInput: every bad value is reported with its field and value, all
// problems at once, and no document comes back.
func TestBadInput(t *testing.T) {
	ok := func() setup {
		return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt}}}
	}
	tests := []struct {
		name   string
		reason string
		mod    func(*setup)
		want   []golden.Problem
	}{
		{"empty-bucket", "a bucket is required", func(c *setup) { c.Bucket = "" }, []golden.Problem{{Field: "bucket", Value: "", Err: policy.ErrRequired}}},
		{"upper-case-bucket", "S3 bucket names are lower case (003's myBucketName)", func(c *setup) { c.Bucket = "myBucketName" }, []golden.Problem{{Field: "bucket", Value: "myBucketName", Err: policy.ErrBucketName}}},
		{"bucket-placeholder", "004's placeholder holds < and >", func(c *setup) { c.Bucket = "sra-org-trail-logs-<account_id>-<region>" }, []golden.Problem{{Field: "bucket", Value: "sra-org-trail-logs-<account_id>-<region>", Err: policy.ErrBucketName}}},
		{"prefix-leading-slash", "CloudTrail adds the separator", func(c *setup) { c.Prefix = "/logs" }, []golden.Problem{{Field: "prefix", Value: "/logs", Err: cloudtrail.ErrPrefix}}},
		{"prefix-trailing-slash", "CloudTrail adds the separator", func(c *setup) { c.Prefix = "logs/" }, []golden.Problem{{Field: "prefix", Value: "logs/", Err: cloudtrail.ErrPrefix}}},
		{"prefix-awslogs", "CloudTrail adds AWSLogs itself", func(c *setup) { c.Prefix = "x/AWSLogs" }, []golden.Problem{{Field: "prefix", Value: "x/AWSLogs", Err: cloudtrail.ErrPrefix}}},
		{"prefix-dotdot", "relative segments", func(c *setup) { c.Prefix = "a/../b" }, []golden.Problem{{Field: "prefix", Value: "a/../b", Err: cloudtrail.ErrPrefix}}},
		{"prefix-double-slash", "empty segment", func(c *setup) { c.Prefix = "a//b" }, []golden.Problem{{Field: "prefix", Value: "a//b", Err: cloudtrail.ErrPrefix}}},
		{"account-10-digits", "002's 1111111111", func(c *setup) { c.Accounts = []string{mgmt, "1111111111"} }, []golden.Problem{{Field: "accounts[1]", Value: "1111111111", Err: policy.ErrAccountID}}},
		{"account-placeholder", "000's aws-account-id-A", func(c *setup) { c.Accounts = []string{"aws-account-id-A"} }, []golden.Problem{{Field: "accounts[0]", Value: "aws-account-id-A", Err: policy.ErrAccountID}}},
		{"no-accounts", "someone must deliver", func(c *setup) { c.Accounts = nil }, []golden.Problem{{Field: "accounts", Value: "", Err: policy.ErrRequired}}},
		{"org-placeholder", "002's o-YOUR-ORGANIZATIONS-ID", func(c *setup) {
			c.Organization = &cloudtrail.Organization{ID: "o-YOUR-ORGANIZATIONS-ID", ManagementAccount: mgmt}
		}, []golden.Problem{{Field: "organization.id", Value: "o-YOUR-ORGANIZATIONS-ID", Err: policy.ErrOrgID}}},
		{"org-without-management", "an organization trail is owned by the management account", func(c *setup) {
			c.Organization = &cloudtrail.Organization{ID: orgID}
		}, []golden.Problem{{Field: "organization.managementAccount", Value: "", Err: policy.ErrRequired}}},
		{"trail-of-other-account", "a trail must belong to a delivering account", func(c *setup) {
			c.Trails = []string{trailMain, "arn:aws:cloudtrail:us-east-1:444444444444:trail/xyz"}
		}, []golden.Problem{{Field: "trails[1]", Value: "arn:aws:cloudtrail:us-east-1:444444444444:trail/xyz", Err: policy.ErrConflict}}},
		{"account-without-trail", "with exact trails, an account without one could not deliver", func(c *setup) {
			c.Accounts = []string{mgmt, acct2}
			c.Trails = []string{trailMain}
		}, []golden.Problem{{Field: "accounts[1]", Value: acct2, Err: policy.ErrConflict}}},
		{"management-without-trail", "the organization trail must be named among exact trails", func(c *setup) {
			c.Accounts = []string{acct2}
			c.Organization = org()
			c.Trails = []string{trailAudit}
		}, []golden.Problem{{Field: "organization.managementAccount", Value: mgmt, Err: policy.ErrConflict}}},
		{"key-wrong-service", "an S3 ARN is not a key", func(c *setup) { c.KMSKeyARN = "arn:aws:s3:::my-bucket/key" }, []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws:s3:::my-bucket/key", Err: policy.ErrARN}}},
		{"key-alias", "an alias resolves in the caller's account", func(c *setup) { c.KMSKeyARN = "arn:aws:kms:us-east-1:222222222222:alias/logs" }, []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:us-east-1:222222222222:alias/logs", Err: policy.ErrARN}}},
		{"key-placeholder", "000's arn:aws:kms:region:account:key/key-id", func(c *setup) { c.KMSKeyARN = "arn:aws:kms:region:account:key/key-id" }, []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:region:account:key/key-id", Err: policy.ErrARN}}},
		{"key-wrong-partition", "a China key for an aws setup", func(c *setup) {
			c.KMSKeyARN = "arn:aws-cn:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		}, []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws-cn:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrARN}}},
		{"key-region-not-in-partition", "a key ARN whose Region belongs to another partition", func(c *setup) {
			c.KMSKeyARN = "arn:aws:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		}, []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrARN}}},
		{"key-region-not-bucket-region", "SSE-KMS needs a key in the bucket's Region", func(c *setup) {
			c.KMSKeyARN = keyARN
			c.BucketRegion = "eu-west-1"
		}, []golden.Problem{{Field: "kmsKeyArn", Value: keyARN, Err: policy.ErrConflict}}},
		{"bucket-region-other-partition", "the bucket Region must be in the partition", func(c *setup) { c.BucketRegion = "cn-north-1" }, []golden.Problem{{Field: "bucketRegion", Value: "cn-north-1", Err: policy.ErrRegion}}},
		{"bucket-region-malformed", "not a Region code", func(c *setup) { c.BucketRegion = "Virginia" }, []golden.Problem{{Field: "bucketRegion", Value: "Virginia", Err: policy.ErrRegion}}},
		{"partition-unknown", "only aws, aws-cn, aws-us-gov, aws-eusc", func(c *setup) { c.Partition = "aws-iso" }, []golden.Problem{{Field: "partition", Value: "aws-iso", Err: policy.ErrPartition}}},
		{"first-create-without-key", "the phase only concerns the key's denies", func(c *setup) { c.OmitEncryptionDeniesForFirstCreate = true }, []golden.Problem{{Field: "omitEncryptionDeniesForFirstCreate", Value: "true", Err: policy.ErrConflict}}},
		{"legacy-needs-any-source", "aws:SourceArn would block legacy principals", func(c *setup) { c.LegacyPrincipalRegions = []string{"us-east-1"} }, []golden.Problem{{Field: "bucketPolicy.legacyPrincipalRegions", Value: "us-east-1", Err: policy.ErrConflict}}},
		{"legacy-unknown-region", "no account in AWS's table", func(c *setup) {
			c.AllowAnySourceTrail = true
			c.LegacyPrincipalRegions = []string{"us-east-1", "il-central-1"}
		}, []golden.Problem{{Field: "bucketPolicy.legacyPrincipalRegions[1]", Value: "il-central-1", Err: policy.ErrUnsupported}}},
		{"legacy-region-other-partition", "a China Region in an aws setup", func(c *setup) {
			c.AllowAnySourceTrail = true
			c.LegacyPrincipalRegions = []string{"cn-north-1"}
		}, []golden.Problem{{Field: "bucketPolicy.legacyPrincipalRegions[0]", Value: "cn-north-1", Err: policy.ErrRegion}}},
		{"any-source-with-trails", "named trails would be ignored", func(c *setup) {
			c.AllowAnySourceTrail = true
			c.Trails = []string{trailMain}
		}, []golden.Problem{{Field: "bucketPolicy.allowAnySourceTrail", Value: "true", Err: policy.ErrConflict}}},
		{"source-account-with-trails", "named trails would be ignored", func(c *setup) {
			c.AllowAnySourceInAccounts = true
			c.Trails = []string{trailMain}
		}, []golden.Problem{{Field: "bucketPolicy.allowAnySourceInAccounts", Value: "true", Err: policy.ErrConflict}}},
		{"across-with-any-source", "AllowAnySourceTrail already writes one statement for every path", func(c *setup) {
			c.AllowAnySourceTrail = true
			c.AllowWritesAcrossAccountPrefixes = true
		}, []golden.Problem{{Field: "bucketPolicy.allowWritesAcrossAccountPrefixes", Value: "true", Err: policy.ErrConflict}}},
		{"source-org-without-organization", "aws:SourceOrgID needs the organization the trails' accounts belong to", func(c *setup) {
			c.AllowAnySourceInOrganization = true
		}, []golden.Problem{{Field: "bucketPolicy.allowAnySourceInOrganization", Value: "true", Err: policy.ErrConflict}}},
		{"source-org-with-bad-organization", "an organization New refused is one problem, not a missing one as well", func(c *setup) {
			c.Organization = &cloudtrail.Organization{ID: "o-BAD", ManagementAccount: mgmt}
			c.AllowAnySourceInOrganization = true
		}, []golden.Problem{{Field: "organization.id", Value: "o-BAD", Err: policy.ErrOrgID}}},
		{"source-org-with-trails", "named trails would be ignored", func(c *setup) {
			c.Organization = org()
			c.AllowAnySourceInOrganization = true
			c.Trails = []string{trailMain}
		}, []golden.Problem{{Field: "bucketPolicy.allowAnySourceInOrganization", Value: "true", Err: policy.ErrConflict}}},
		{"source-org-with-any-source", "no source condition and an organization's at once", func(c *setup) {
			c.Organization = org()
			c.AllowAnySourceTrail = true
			c.AllowAnySourceInOrganization = true
		}, []golden.Problem{{Field: "bucketPolicy.allowAnySourceInOrganization", Value: "true", Err: policy.ErrConflict}}},
		{"source-org-with-source-account", "one source key: aws:SourceAccount or aws:SourceOrgID", func(c *setup) {
			c.Organization = org()
			c.AllowAnySourceInAccounts = true
			c.AllowAnySourceInOrganization = true
		}, []golden.Problem{{Field: "bucketPolicy.allowAnySourceInOrganization", Value: "true", Err: policy.ErrConflict}}},
		{"across-with-source-org", "aws:SourceOrgID already writes one statement for every path", func(c *setup) {
			c.Organization = org()
			c.AllowAnySourceInOrganization = true
			c.AllowWritesAcrossAccountPrefixes = true
		}, []golden.Problem{{Field: "bucketPolicy.allowWritesAcrossAccountPrefixes", Value: "true", Err: policy.ErrConflict}}},
		{"reader-group", "a policy cannot name an IAM group as a principal", func(c *setup) {
			c.Readers = []string{reader2, "arn:aws:iam::222222222222:group/auditors"}
		}, []golden.Problem{{Field: "readers[1]", Value: "arn:aws:iam::222222222222:group/auditors", Err: policy.ErrARN}}},
		{"reader-session", "a role session lasts only a while: name its role", func(c *setup) {
			c.Readers = []string{"arn:aws:sts::222222222222:assumed-role/SecurityReader/alice"}
		}, []golden.Problem{{Field: "readers[0]", Value: "arn:aws:sts::222222222222:assumed-role/SecurityReader/alice", Err: policy.ErrARN}}},
		{"reader-wildcard", "a wildcard is no role ARN", func(c *setup) { c.Readers = []string{"*"} }, []golden.Problem{{Field: "readers[0]", Value: "*", Err: policy.ErrARN}}},
		{"reader-other-partition", "a GovCloud role in an aws setup", func(c *setup) {
			c.Readers = []string{"arn:aws-us-gov:iam::222222222222:role/SecurityReader"}
		}, []golden.Problem{{Field: "readers[0]", Value: "arn:aws-us-gov:iam::222222222222:role/SecurityReader", Err: policy.ErrARN}}},
		{"sid-suffix-chars", "Sids hold letters and digits only", func(c *setup) { c.SidSuffix = "2015-03-19" }, []golden.Problem{{Field: "bucketPolicy.sidSuffix", Value: "2015-03-19", Err: policy.ErrSid}}},
		{"several-at-once", "every problem is reported together", func(c *setup) {
			c.Bucket = "B"
			c.Prefix = "/p/"
			c.Accounts = []string{"12"}
		}, []golden.Problem{{Field: "bucket", Value: "B", Err: policy.ErrBucketName}, {Field: "prefix", Value: "/p/", Err: cloudtrail.ErrPrefix}, {Field: "accounts[0]", Value: "12", Err: policy.ErrAccountID}}},
		{"site-and-options-at-once", "the options are checked against an incomplete site too, so that every problem comes in one run", func(c *setup) {
			c.Bucket = "B"
			c.SidSuffix = "2015-03-19"
			c.Trails = []string{trailMain}
			c.AllowAnySourceTrail = true
			c.LegacyPrincipalRegions = []string{"cn-north-1"}
		}, []golden.Problem{{Field: "bucket", Value: "B", Err: policy.ErrBucketName}, {Field: "bucketPolicy.sidSuffix", Value: "2015-03-19", Err: policy.ErrSid},
			{Field: "bucketPolicy.allowAnySourceTrail", Value: "true", Err: policy.ErrConflict}, {Field: "bucketPolicy.legacyPrincipalRegions[0]", Value: "cn-north-1", Err: policy.ErrRegion}}},
		{"first-create-with-bad-key", "a kmsKeyArn that New refused is one problem: the option that needs the key is not reported as well (Site.Refused)", func(c *setup) {
			c.KMSKeyARN = "arn:aws:kms:us-east-1:222222222222:alias/logs"
			c.OmitEncryptionDeniesForFirstCreate = true
		}, []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:us-east-1:222222222222:alias/logs", Err: policy.ErrARN}}},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate test name %s", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok()
			tc.mod(&cfg)
			doc, err := build(cfg)
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}

// TestSiteRequired: Build builds nothing from a nil Site or from one that
// cloudtrail.New returned with an error, and says so under "site", besides
// the problems of its own options.
func TestSiteRequired(t *testing.T) {
	incomplete, err := cloudtrail.New(cloudtrail.SiteConfig{Bucket: "B", Accounts: []string{mgmt}})
	if err == nil {
		t.Fatal("cloudtrail.New accepted an invalid bucket name")
	}
	tests := []struct {
		name   string
		reason string
		cfg    bucket.Config
		want   []golden.Problem
	}{
		{"nil", "no Site at all", bucket.Config{}, []golden.Problem{{Field: "site", Err: cloudtrail.ErrIncompleteSite}}},
		{"nil-and-options", "the options that do not depend on the Site are still checked", bucket.Config{Options: bucket.Options{SidSuffix: "-", AllowAnySourceTrail: true, AllowAnySourceInAccounts: true}},
			[]golden.Problem{{Field: "site", Err: cloudtrail.ErrIncompleteSite}, {Field: "bucketPolicy.sidSuffix", Value: "-", Err: policy.ErrSid},
				{Field: "bucketPolicy.allowAnySourceInAccounts", Value: "true", Err: policy.ErrConflict}}},
		{"nil-and-first-create", "without a Site, whether it has a key is unknown: no conflict", bucket.Config{OmitEncryptionDeniesForFirstCreate: true},
			[]golden.Problem{{Field: "site", Err: cloudtrail.ErrIncompleteSite}}},
		{"incomplete", "a Site New reported problems with", bucket.Config{Site: incomplete}, []golden.Problem{{Field: "site", Err: cloudtrail.ErrIncompleteSite}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := bucket.Build(tc.cfg)
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}
