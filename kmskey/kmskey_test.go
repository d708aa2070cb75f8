package kmskey_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// Accounts and ARNs shared by the tests. The IDs are made up but valid.
const (
	acctA   = "111111111111" // key account in most cases; management account of the organization
	acctB   = "222222222222" // delivering account; log-archive account in the organization case
	acctC   = "333333333333" // delivering account
	acctSec = "444444444444" // security account holding the key (AWS SRA)
	orgID   = "o-exampleorg1"
	keyID   = "1234abcd-12ab-34cd-56ef-1234567890ab"
)

var (
	keyA   = policy.KeyARN(policy.PartitionAWS, "us-east-1", acctA, keyID)
	keySec = policy.KeyARN(policy.PartitionAWS, "us-east-1", acctSec, keyID)
)

// ---------------------------------------------------------------------------
// The published document 000-key-policy.json.

// The document's placeholders are not account IDs (PROVENANCE.md, mistake 1)
// and its principals user/username and role/rolename are placeholders too
// (mistake 2). The test maps them to real-looking values, visibly:
//
//	aws-account-id-A                             -> 111111111111 (owns the key, delivers its own logs)
//	aws-account-id-B                             -> 222222222222 (delivers its logs)
//	aws-account-id-C                             -> 333333333333 (delivers its logs)
//	arn:aws:iam::aws-account-id-A:user/username  -> arn:aws:iam::111111111111:user/cloudtrail-admin
//	arn:aws:iam::aws-account-id-A:role/rolename  -> arn:aws:iam::111111111111:role/KeyAdministrator
//
// The principals are replaced before the bare placeholders, so that
// "aws-account-id-A:user/username" is not half-replaced first.
var placeholders = []struct{ from, to string }{
	{"arn:aws:iam::aws-account-id-A:user/username", "arn:aws:iam::" + acctA + ":user/cloudtrail-admin"},
	{"arn:aws:iam::aws-account-id-A:role/rolename", "arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
	{"aws-account-id-A", acctA},
	{"aws-account-id-B", acctB},
	{"aws-account-id-C", acctC},
}

// documentSite and documentConfig reproduce the document: accounts A, B
// and C deliver with per-account trail patterns, the key is in A, the named
// user and role share the root's kms:* (AllowAdministratorsToUseKey), no
// aws:SourceArn (the document predates AWS's recommendation), the document's
// spaced Sids and its Id.
var documentSite = cloudtrail.SiteConfig{
	Bucket:    logBucket,
	Accounts:  []string{acctA, acctB, acctC},
	KMSKeyARN: keyA,
}

var documentConfig = kmskey.Config{
	KeyAdministrators: []string{"arn:aws:iam::" + acctA + ":user/cloudtrail-admin", "arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
	Options: kmskey.Options{
		SidStyle:                    kmskey.SidsSpaced,
		PolicyID:                    "Key policy for CloudTrail",
		OmitSourceArn:               true,
		AllowAdministratorsToUseKey: true,
	},
}

// patchPlaceholders replaces the document's placeholders by the mapping above.
// Reason: PROVENANCE.md mistakes 1 and 2; as published the ARNs are not valid
// and the conditions could never match.
func patchPlaceholders(t *testing.T, d *policy.Document) *policy.Document {
	t.Helper()
	b, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, p := range placeholders {
		if !strings.Contains(s, p.from) {
			t.Fatalf("placeholder %q not found in the fixture: the mapping is stale", p.from)
		}
		s = strings.ReplaceAll(s, p.from, p.to)
	}
	out, err := policy.Decode(d.Kind, []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// patchSplitCrossAccountDecrypt replaces the statement "Enable cross account
// log decryption" by one statement per account.
// Reason: as published it allows kms:CallerAccount B or C with the context of
// B's or C's trails; conditions are ANDed but the values of one key are ORed,
// so account B may decrypt C's logs and the other way round, which defeats
// "decrypt their own logs". (Not listed in PROVENANCE.md; see
// TestDocumentCrossAccountDecryptLeak for the evaluated proof.)
// Changed: one statement per account, Sid "Enable cross account log
// decryption for <account>", CallerAccount and context of that account only.
func patchSplitCrossAccountDecrypt(t *testing.T, d *policy.Document) *policy.Document {
	t.Helper()
	const sid = "Enable cross account log decryption"
	i := slices.IndexFunc(d.Statements, func(s iampolicy.Statement) bool { return s.Sid == sid })
	if i < 0 {
		t.Fatalf("fixture has no statement %q", sid)
	}
	var split []iampolicy.Statement
	for _, acct := range []string{acctB, acctC} {
		split = append(split, iampolicy.Statement{
			Sid:       sid + " for " + acct,
			Effect:    "Allow",
			Principal: policy.AWSPrincipal("*"),
			Action:    policy.List("kms:Decrypt", "kms:ReEncryptFrom"),
			Resource:  policy.Strings("*"),
			Condition: policy.Conditions{}.
				With("StringEquals", "kms:CallerAccount", acct).
				With("StringLike", "kms:EncryptionContext:aws:cloudtrail:arn", "arn:aws:cloudtrail:*:"+acct+":trail/*"),
		})
	}
	out := *d
	out.Statements = slices.Concat(d.Statements[:i], split, d.Statements[i+1:])
	return &out
}

func TestDocument000KeyPolicy(t *testing.T) {
	fixture := golden.Fixture(t, policy.KindKeyPolicy, "testdata/documents/000-key-policy.json")

	// The placeholders really are not account IDs (PROVENANCE.md mistake 1).
	for _, p := range []string{"aws-account-id-A", "aws-account-id-B", "aws-account-id-C"} {
		if err := policy.CheckAccountID("placeholder", p); !errors.Is(err, policy.ErrAccountID) {
			t.Errorf("CheckAccountID(%q) = %v, want ErrAccountID", p, err)
		}
	}

	want := patchSplitCrossAccountDecrypt(t, patchPlaceholders(t, fixture))
	got := mustBuild(t, documentSite, documentConfig)
	golden.Compare(t, want, got)
	golden.Check(t, got, "testdata/000-key-policy.golden.json")

	// Without the split patch the document differs: the correction is needed,
	// and Build does not reproduce the leak.
	if cmp.Equal(patchPlaceholders(t, fixture).Canonical(), got.Canonical()) {
		t.Error("the document with only its placeholders replaced equals Build's output; the split patch should be needed")
	}
}

// TestDocumentCrossAccountDecryptLeak evaluates the published combined
// statement and Build's per-account statements for account B reading a log
// file of account C's trail.
func TestDocumentCrossAccountDecryptLeak(t *testing.T) {
	fixture := patchPlaceholders(t, golden.Fixture(t, policy.KindKeyPolicy, "testdata/documents/000-key-policy.json"))
	built := mustBuild(t, documentSite, documentConfig)
	req := decryptBy("arn:aws:iam::"+acctB+":role/Auditor", keyA, trailOf(acctC))
	if got := decide(t, req, fixture, allowKeyUse(keyA)); got != "Allow" {
		t.Errorf("published document: account B decrypting C's log = %s, want Allow (the leak the patch corrects)", got)
	}
	if got := decide(t, req, built, allowKeyUse(keyA)); got != "ImplicitDeny" {
		t.Errorf("Build: account B decrypting C's log = %s, want ImplicitDeny", got)
	}
	own := decryptBy("arn:aws:iam::"+acctB+":role/Auditor", keyA, trailOf(acctB))
	if got := decide(t, own, built, allowKeyUse(keyA)); got != "Allow" {
		t.Errorf("Build: account B decrypting its own log = %s, want Allow", got)
	}
}

// ---------------------------------------------------------------------------
// Golden files for the defaults.

func TestBuildGolden(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		site   cloudtrail.SiteConfig
		cfg    kmskey.Config
	}{
		{
			name:   "single-account",
			reason: "one account's trails, key in the same account: root, CloudTrail encrypt and describe with aws:SourceArn patterns, the account's own decrypt",
			site:   cloudtrail.SiteConfig{Accounts: []string{acctA}, KMSKeyARN: keyA},
		},
		{
			name:   "several-accounts",
			reason: "three accounts (given unsorted, with a duplicate), key in A: one decrypt statement per account, limited to its own trails",
			site: cloudtrail.SiteConfig{
				Accounts:     []string{acctC, acctA, acctB, acctC},
				KMSKeyARN:    keyA,
				BucketRegion: "us-east-1",
			},
		},
		{
			name:   "exact-trails",
			reason: "known trail ARNs: aws:SourceArn with StringEquals and the exact ARNs, context limited to the same trails",
			site: cloudtrail.SiteConfig{
				Accounts: []string{acctA, acctB},
				Trails: []string{
					cloudtrail.TrailARN(policy.PartitionAWS, "us-east-1", acctB, "main"),
					cloudtrail.TrailARN(policy.PartitionAWS, "eu-west-1", acctA, "management-events"),
				},
				KMSKeyARN: keyA,
			},
		},
		{
			name:   "organization-trail",
			reason: "organization trail owned by the management account, which also holds the key: context and SourceArn name the management account's trails",
			site: cloudtrail.SiteConfig{
				Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA},
				KMSKeyARN:    keyA,
			},
		},
		{
			name:   "key-in-third-account",
			reason: "AWS SRA layout: organization trail of management account A, bucket in log-archive account B, key in security account; no decrypt for the key account (it owns no trail), the management account decrypts its trail's logs, two readers (security team, and the vendor's role in the log-archive account, given as VendorRoleARN) and an administrator",
			site: cloudtrail.SiteConfig{
				Organization:      &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA},
				Trails:            []string{cloudtrail.TrailARN(policy.PartitionAWS, "us-east-1", acctA, "org-trail")},
				KMSKeyARN:         keySec,
				LogArchiveAccount: acctB,
				Readers:           []string{policy.RoleARN(policy.PartitionAWS, acctSec, "SecurityAudit")},
				BucketRegion:      "us-east-1",
			},
			cfg: kmskey.Config{
				KeyAdministrators: []string{"arn:aws:iam::" + acctSec + ":role/KeyAdministrator"},
				VendorRoleARN:     policy.RoleARN(policy.PartitionAWS, acctB, "VendorReadOnly"),
			},
		},
		{
			name:   "readers-and-administrators",
			reason: "several accounts with key administrators (management actions only, no decrypt) and a reader role in a delivering account",
			site: cloudtrail.SiteConfig{
				Accounts:  []string{acctA, acctB},
				KMSKeyARN: keyA,
				Readers:   []string{policy.RoleARN(policy.PartitionAWS, acctB, "SecurityAudit")},
			},
			cfg: kmskey.Config{
				KeyAdministrators: []string{
					"arn:aws:iam::" + acctA + ":role/KeyAdministrator",
					"arn:aws:iam::" + acctA + ":user/break-glass",
				},
			},
		},
		{
			name:   "aws-us-gov",
			reason: "the GovCloud partition in every ARN: key, root, trail patterns",
			site: cloudtrail.SiteConfig{
				Partition: policy.PartitionGovCloud,
				Accounts:  []string{acctA, acctB},
				KMSKeyARN: policy.KeyARN(policy.PartitionGovCloud, "us-gov-west-1", acctA, keyID),
				Readers:   []string{policy.RoleARN(policy.PartitionGovCloud, acctA, "SecurityAudit")},
			},
		},
		{
			name:   "source-account",
			reason: "AllowAnySourceInAccounts: aws:SourceAccount of the owner accounts instead of the trail ARNs on CloudTrail's two statements; the encryption context still names the trails",
			site:   cloudtrail.SiteConfig{Accounts: []string{acctB, acctA}, KMSKeyARN: keyA},
			cfg:    kmskey.Config{Options: kmskey.Options{AllowAnySourceInAccounts: true}},
		},
		{
			name:   "cloudtrail-decrypt-bucket-key",
			reason: "AllowCloudTrailToDecryptForBucketKey: kms:Decrypt for CloudTrail after the encrypt statement, with its encryption context and aws:SourceArn, for an organization trail and an account's own",
			site: cloudtrail.SiteConfig{
				Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA},
				Accounts:     []string{acctB},
				KMSKeyARN:    keyA,
			},
			cfg: kmskey.Config{Options: kmskey.Options{AllowCloudTrailToDecryptForBucketKey: true}},
		},
		{
			name:   "alias-creation-during-setup",
			reason: "AllowAliasCreationDuringSetup, spaced Sids and the console's Id: the console's kms:CreateAlias statement for the key's account through EC2 in the key's Region, after the account's decrypt statement as on AWS's page",
			site:   cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, KMSKeyARN: keyA},
			cfg: kmskey.Config{Options: kmskey.Options{
				AllowAliasCreationDuringSetup: true,
				SidStyle:                      kmskey.SidsSpaced,
				PolicyID:                      "Key policy created by CloudTrail",
			}},
		},
		{
			name:   "decrypt-accounts",
			reason: "DecryptAccounts: the accounts' roots may decrypt every delivered log file, sorted and de-duplicated, after the readers",
			site:   cloudtrail.SiteConfig{Accounts: []string{acctA, acctB, acctC}, KMSKeyARN: keyA},
			cfg:    kmskey.Config{Options: kmskey.Options{DecryptAccounts: []string{acctC, acctA, acctC}}},
		},
		{
			name:   "allow-key-lockout",
			reason: "the root statement dropped on purpose: administrators manage the key, nobody else can",
			site:   cloudtrail.SiteConfig{Accounts: []string{acctA}, KMSKeyARN: keyA},
			cfg: kmskey.Config{
				KeyAdministrators: []string{"arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
				Options: kmskey.Options{
					AllowKeyLockout: true,
				},
			},
		},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			got, err := build(tt.site, tt.cfg)
			if err != nil {
				t.Fatalf("Build (%s): %v", tt.reason, err)
			}
			golden.Check(t, got, "testdata/"+tt.name+".golden.json")
		})
	}
}

// TestBuildVendorRole checks that the vendor's role is one more reader: the
// document is the same whether it is given as VendorRoleARN, listed among
// the site's readers as well, or listed there alone.
func TestBuildVendorRole(t *testing.T) {
	vendor := policy.RoleARN(policy.PartitionAWS, acctB, "VendorReadOnly")
	security := policy.RoleARN(policy.PartitionAWS, acctA, "SecurityAudit")
	site := func(readers ...string) cloudtrail.SiteConfig {
		return cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, KMSKeyARN: keyA, Readers: readers}
	}
	want, err := mustBuild(t, site(vendor, security), kmskey.Config{}).JSON()
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string]*policy.Document{
		"vendor-role":            mustBuild(t, site(security), kmskey.Config{VendorRoleARN: vendor}),
		"vendor-role-and-reader": mustBuild(t, site(vendor, security), kmskey.Config{VendorRoleARN: vendor}),
	} {
		got, err := doc.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s: document differs from the one with the vendor's role among the readers (-want +got):\n%s", name, diff)
		}
	}
}

// ---------------------------------------------------------------------------
// What the statements allow, evaluated.

// decryptBy is a kms:Decrypt request by role arn on key for a log file of trail.
func decryptBy(arn, key, trail string) evalRequest {
	return evalRequest{principal: arn, action: "kms:Decrypt", key: key, context: map[string][]string{
		"kms:EncryptionContext:aws:cloudtrail:arn": {trail},
		"kms:CallerAccount":                        {accountOf(arn)},
	}}
}

func trailOf(account string) string {
	return cloudtrail.TrailARN(policy.PartitionAWS, "us-east-1", account, "main")
}

func TestBuildBehaviour(t *testing.T) {
	doc := mustBuild(t, cloudtrail.SiteConfig{
		Accounts:  []string{acctA, acctB},
		KMSKeyARN: keyA,
		Readers:   []string{policy.RoleARN(policy.PartitionAWS, acctA, "SecurityAudit")},
	}, kmskey.Config{
		KeyAdministrators: []string{"arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
	})
	ctGen := func(contextTrail, sourceArn string) evalRequest {
		r := evalRequest{service: cloudtrail.ServicePrincipal, action: "kms:GenerateDataKey", key: keyA, context: map[string][]string{
			"kms:EncryptionContext:aws:cloudtrail:arn": {contextTrail},
		}}
		if sourceArn != "" {
			r.context["aws:SourceArn"] = []string{sourceArn}
		}
		return r
	}
	admin := "arn:aws:iam::" + acctA + ":role/KeyAdministrator"
	reader := policy.RoleARN(policy.PartitionAWS, acctA, "SecurityAudit")
	tests := []struct {
		name     string
		reason   string
		req      evalRequest
		identity *policy.Document
		want     string
	}{
		{"cloudtrail-encrypts-for-delivering-trail", "a delivering trail calls with its own ARN as context and source", ctGen(trailOf(acctB), trailOf(acctB)), nil, "Allow"},
		{"cloudtrail-refused-for-foreign-trail", "a trail of an account outside the setup", ctGen(trailOf(acctC), trailOf(acctC)), nil, "ImplicitDeny"},
		{"cloudtrail-refused-without-source-arn", "aws:SourceArn is required: the confused-deputy guard", ctGen(trailOf(acctB), ""), nil, "ImplicitDeny"},
		{"cloudtrail-refused-for-foreign-source", "the context names a delivering trail but a foreign trail calls", ctGen(trailOf(acctB), trailOf(acctC)), nil, "ImplicitDeny"},
		{"cloudtrail-describes-key", "DescribeKey with a delivering trail as source", evalRequest{service: cloudtrail.ServicePrincipal, action: "kms:DescribeKey", key: keyA, context: map[string][]string{"aws:SourceArn": {trailOf(acctA)}}}, nil, "Allow"},
		{"key-account-decrypts-own-logs", "principal \"*\" with kms:CallerAccount of the key account", decryptBy("arn:aws:iam::"+acctA+":role/Ops", keyA, trailOf(acctA)), nil, "Allow"},
		{"key-account-not-others-logs", "the key account's blanket statement covers its own trails only", decryptBy("arn:aws:iam::"+acctA+":role/Ops", keyA, trailOf(acctB)), nil, "ImplicitDeny"},
		{"reader-decrypts-every-log", "a named reader reads every delivering account's logs", decryptBy(reader, keyA, trailOf(acctB)), nil, "Allow"},
		{"reader-not-other-contexts", "the reader's grant is limited to CloudTrail's encryption context", evalRequest{principal: reader, action: "kms:Decrypt", key: keyA, context: map[string][]string{"kms:CallerAccount": {acctA}}}, nil, "ImplicitDeny"},
		{"admin-manages-key", "administrators may change the key policy", evalRequest{principal: admin, action: "kms:PutKeyPolicy", key: keyA}, nil, "Allow"},
		{"admin-cannot-decrypt", "administrators are not key users (no identity policy grants more)", decryptBy(admin, keyA, trailOf(acctB)), nil, "ImplicitDeny"},
		{"root-never-locked-out", "the account root keeps kms:*", evalRequest{principal: policy.AccountRootARN(policy.PartitionAWS, acctA), action: "kms:ScheduleKeyDeletion", key: keyA}, nil, "Allow"},
		{"iam-policies-enabled", "the root statement lets IAM policies in the key account grant access", evalRequest{principal: "arn:aws:iam::" + acctA + ":role/Ops", action: "kms:DescribeKey", key: keyA}, allowKeyUse(keyA), "Allow"},
		{"other-account-needs-identity-policy", "cross-account: the key policy alone is not enough", decryptBy("arn:aws:iam::"+acctB+":role/Ops", keyA, trailOf(acctB)), nil, "ImplicitDeny"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			if got := decide(t, tt.req, doc, tt.identity); got != tt.want {
				t.Errorf("%s: got %s, want %s", tt.reason, got, tt.want)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Bad input.

// setup is one test's input: the shared site and the key policy's own
// options (whose Site [build] sets).
type setup struct {
	site cloudtrail.SiteConfig
	opts kmskey.Config
}

func TestBuildBadInput(t *testing.T) {
	good := func() setup {
		return setup{site: cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, KMSKeyARN: keyA}}
	}
	with := func(f func(*cloudtrail.SiteConfig, *kmskey.Config)) setup {
		s := good()
		f(&s.site, &s.opts)
		return s
	}
	tests := []struct {
		name      string
		reason    string
		in        setup
		wantField string
		wantValue string
		wantErr   error
	}{
		{"account-11-digits", "an account ID is 12 digits", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.Accounts = []string{acctA, "11111111111"} }), "accounts[1]", "11111111111", policy.ErrAccountID},
		{"account-placeholder", "the document's placeholder is not an account ID", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.Accounts = []string{"aws-account-id-A"} }), "accounts[0]", "aws-account-id-A", policy.ErrAccountID},
		{"management-account-invalid", "the organization's management account is an account ID too", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) {
			c.Accounts = nil
			c.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: "12345"}
		}), "organization.managementAccount", "12345", policy.ErrAccountID},
		{"log-archive-account-invalid", "logArchiveAccount is an account ID", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.LogArchiveAccount = "1234567890123" }), "logArchiveAccount", "1234567890123", policy.ErrAccountID},
		{"no-delivering-accounts", "no account and no organization: nothing delivers", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.Accounts = nil }), "accounts", "", policy.ErrRequired},
		{"key-arn-missing", "a key policy needs the key's ARN (reported by Build: the site is valid without a key)", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.KMSKeyARN = "" }), "kmsKeyArn", "", policy.ErrRequired},
		{"key-alias", "an alias resolves in the caller's account", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) {
			c.KMSKeyARN = "arn:aws:kms:us-east-1:111111111111:alias/cloudtrail"
		}), "kmsKeyArn", "arn:aws:kms:us-east-1:111111111111:alias/cloudtrail", policy.ErrARN},
		{"key-s3-arn", "an S3 ARN is not a key", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.KMSKeyARN = "arn:aws:s3:::example-ct-logs" }), "kmsKeyArn", "arn:aws:s3:::example-ct-logs", policy.ErrARN},
		{"key-bare-id", "a bare key ID resolves in the caller's account", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.KMSKeyARN = keyID }), "kmsKeyArn", keyID, policy.ErrARN},
		{"key-other-partition", "the key is in aws-cn but the setup is aws", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) {
			c.KMSKeyARN = policy.KeyARN(policy.PartitionChina, "cn-north-1", acctA, keyID)
		}), "kmsKeyArn", "arn:aws-cn:kms:cn-north-1:111111111111:key/" + keyID, policy.ErrARN},
		// Reported once, on the key (cloudtrail.New), where it used to be
		// reported on BucketRegion with the Region as the value.
		{"bucket-region-mismatch", "CloudTrail needs the key in the bucket's Region", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.BucketRegion = "eu-west-1" }), "kmsKeyArn", keyA, policy.ErrConflict},
		{"bucket-region-other-partition", "a China Region in the aws partition", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.BucketRegion = "cn-north-1" }), "bucketRegion", "cn-north-1", policy.ErrRegion},
		{"admin-not-arn", "a user name is not an IAM ARN", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) { o.KeyAdministrators = []string{"alice"} }), "keyAdministrators[0]", "alice", policy.ErrARN},
		{"admin-session-arn", "an STS session ARN is not an IAM principal a key policy should name", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) {
			o.KeyAdministrators = []string{"arn:aws:sts::111111111111:assumed-role/Admin/alice"}
		}), "keyAdministrators[0]", "arn:aws:sts::111111111111:assumed-role/Admin/alice", policy.ErrARN},
		{"admin-kms-arn", "a key ARN is not an administrator", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) { o.KeyAdministrators = []string{keyA} }), "keyAdministrators[0]", keyA, policy.ErrARN},
		{"admin-root", "an account root as administrator", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) {
			o.KeyAdministrators = []string{"arn:aws:iam::" + acctA + ":root"}
		}), "keyAdministrators[0]", "arn:aws:iam::111111111111:root", policy.ErrPrincipal},
		{"admin-other-account", "key management is not possible across accounts", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) {
			o.KeyAdministrators = []string{"arn:aws:iam::" + acctB + ":role/Admin"}
		}), "keyAdministrators[0]", "arn:aws:iam::222222222222:role/Admin", policy.ErrConflict},
		{"admin-other-partition", "every ARN carries the setup's partition", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) {
			o.KeyAdministrators = []string{"arn:aws-us-gov:iam::" + acctA + ":role/Admin"}
		}), "keyAdministrators[0]", "arn:aws-us-gov:iam::111111111111:role/Admin", policy.ErrARN},
		{"reader-outside-allowed-accounts", "a role of an account outside the setup", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) {
			c.Readers = []string{"arn:aws:iam::999999999999:role/Auditor"}
		}), "readers[0]", "arn:aws:iam::999999999999:role/Auditor", policy.ErrConflict},
		{"reader-group", "a policy cannot name an IAM group as a principal", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) {
			c.Readers = []string{"arn:aws:iam::" + acctA + ":group/auditors"}
		}), "readers[0]", "arn:aws:iam::111111111111:group/auditors", policy.ErrARN},
		{"vendor-role-outside-allowed-accounts", "the vendor's role follows the readers' rule: it lives in the log archive account", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) {
			o.VendorRoleARN = "arn:aws:iam::999999999999:role/VendorReadOnly"
		}), "vendorRoleArn", "arn:aws:iam::999999999999:role/VendorReadOnly", policy.ErrConflict},
		{"vendor-role-user", "the vendor's principal is a role", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) {
			o.VendorRoleARN = "arn:aws:iam::" + acctB + ":user/vendor"
		}), "vendorRoleArn", "arn:aws:iam::222222222222:user/vendor", policy.ErrARN},
		{"trail-of-other-account", "a trail whose account does not deliver", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) {
			c.Trails = []string{trailOf(acctC)}
		}), "trails[0]", trailOf(acctC), policy.ErrConflict},
		{"account-without-trail", "with exact trails, an account that owns none of them could not deliver", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) {
			c.Trails = []string{trailOf(acctA)}
		}), "accounts[1]", acctB, policy.ErrConflict},
		{"management-without-trail", "the organization trail belongs to the management account, so it must be named", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) {
			c.Accounts = []string{acctB}
			c.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA}
			c.Trails = []string{trailOf(acctB)}
		}), "organization.managementAccount", acctA, policy.ErrConflict},
		{"unknown-sid-style", "only the two Sid styles exist", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) { o.SidStyle = "fancy" }), "keyPolicy.sidStyle", "fancy", policy.ErrUnsupported},
		{"policy-id-character", "a key policy holds no character past U+00FF; the problem names the setup's field, not the document's Id", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) { o.PolicyID = "Key policy \u2014 CloudTrail" }), "keyPolicy.policyId", "Key policy \u2014 CloudTrail", policy.ErrCharacter},
		{"source-account-without-source-arn", "aws:SourceAccount replaces the aws:SourceArn that omitSourceArn drops", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) {
			o.OmitSourceArn, o.AllowAnySourceInAccounts = true, true
		}), "keyPolicy.allowAnySourceInAccounts", "true", policy.ErrConflict},
		{"lockout-without-administrators", "dropping the root statement with nobody else to manage the key", with(func(_ *cloudtrail.SiteConfig, o *kmskey.Config) { o.AllowKeyLockout = true }), "keyPolicy.allowKeyLockout", "true", policy.ErrConflict},
		{"bad-partition", "an unknown partition", with(func(c *cloudtrail.SiteConfig, _ *kmskey.Config) { c.Partition = "aws-iso" }), "partition", "aws-iso", policy.ErrPartition},
	}
	// also holds the further problems a case brings besides the one it is
	// about: with only another account's trail named, neither delivering
	// account owns one of the trails.
	also := map[string][]golden.Problem{
		"trail-of-other-account": {
			{Field: "accounts[0]", Value: acctA, Err: policy.ErrConflict},
			{Field: "accounts[1]", Value: acctB, Err: policy.ErrConflict},
		},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			doc, err := build(tt.in.site, tt.in.opts)
			want := append([]golden.Problem{{Field: tt.wantField, Value: tt.wantValue, Err: tt.wantErr}}, also[tt.name]...)
			golden.CheckProblems(t, doc, err, want)
		})
	}
}

// TestBuildReportsEveryProblem checks that problems are collected, not
// returned one at a time: the site's (from cloudtrail.New) and the key
// policy's own options' (from Build, also when the site is incomplete).
func TestBuildReportsEveryProblem(t *testing.T) {
	fields := func(err error) []string {
		var got []string
		for _, e := range policy.Unjoin(err) {
			var fe *policy.FieldError
			if errors.As(e, &fe) {
				got = append(got, fe.Field)
			}
		}
		return got
	}
	_, err := build(cloudtrail.SiteConfig{
		Accounts:     []string{"1", acctB},
		KMSKeyARN:    "arn:aws:kms:us-east-1:111111111111:alias/x",
		Readers:      []string{"carol"},
		BucketRegion: "moon-1",
	}, kmskey.Config{KeyAdministrators: []string{"bob"}})
	// cloudtrail.New's problems in its order, then Build's.
	want := []string{"bucketRegion", "accounts[0]", "kmsKeyArn", "readers[0]", "keyAdministrators[0]"}
	if diff := cmp.Diff(want, fields(err)); diff != "" {
		t.Errorf("fields with problems (-want +got):\n%s", diff)
	}

	// With a valid key, an incomplete site still has the key's account:
	// an administrator of another account is reported in the same run as
	// the bad account.
	_, err = build(cloudtrail.SiteConfig{Accounts: []string{"1", acctB}, KMSKeyARN: keyA},
		kmskey.Config{KeyAdministrators: []string{"arn:aws:iam::" + acctB + ":role/Admin"}, Options: kmskey.Options{SidStyle: "fancy"}})
	want = []string{"accounts[0]", "keyPolicy.sidStyle", "keyAdministrators[0]"}
	if diff := cmp.Diff(want, fields(err)); diff != "" {
		t.Errorf("incomplete site: fields with problems (-want +got):\n%s", diff)
	}
	if fe := findField(err, "keyAdministrators[0]"); fe == nil || !errors.Is(fe, policy.ErrConflict) {
		t.Errorf("incomplete site: want the administrator of another account as a conflict:\n%v", err)
	}
}

// TestBuildSite checks Build's refusal of a missing or incomplete site: no
// document, an error wrapping cloudtrail.ErrIncompleteSite on "site", and
// the problems of its own options besides.
func TestBuildSite(t *testing.T) {
	doc, err := kmskey.Build(kmskey.Config{})
	if doc != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite) {
		t.Errorf("nil Site: got %v, %v; want no document and ErrIncompleteSite", doc, err)
	}
	if fe := findField(err, "site"); fe == nil {
		t.Errorf("nil Site: want a problem on site:\n%v", err)
	}

	site, siteErr := cloudtrail.New(cloudtrail.SiteConfig{Bucket: logBucket, Accounts: []string{"1"}, KMSKeyARN: keyA})
	if siteErr == nil {
		t.Fatal("cloudtrail.New accepted a bad account")
	}
	doc, err = kmskey.Build(kmskey.Config{Site: site, Options: kmskey.Options{AllowKeyLockout: true}})
	if doc != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite) {
		t.Errorf("incomplete Site: got %v, %v; want no document and ErrIncompleteSite", doc, err)
	}
	if fe := findField(err, "keyPolicy.allowKeyLockout"); fe == nil {
		t.Errorf("incomplete Site: Build should still check its own options:\n%v", err)
	}
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if !errors.As(e, &fe) {
			t.Errorf("problem is not a *policy.FieldError: %v", e)
		} else if fe.Field == "accounts[0]" {
			t.Errorf("Build repeats a problem of the site: %v", e)
		}
	}

	// A complete site without a key is no site for a key policy.
	doc, err = kmskey.Build(kmskey.Config{Site: mustSite(t, cloudtrail.SiteConfig{Accounts: []string{acctA}})})
	golden.CheckProblems(t, doc, err, []golden.Problem{{Field: "kmsKeyArn", Value: "", Err: policy.ErrRequired}})
	if fe := findField(err, "kmsKeyArn"); fe == nil || !strings.Contains(fe.Reason, "a key policy needs the key's ARN") {
		t.Errorf("want kmsKeyArn to say a key policy needs the key's ARN:\n%v", err)
	}
}

// ---------------------------------------------------------------------------
// Canonical inputs, no mutation, size.

func TestBuildDoesNotMutateAndIgnoresOrder(t *testing.T) {
	accounts := []string{acctC, acctA, acctB}
	admins := []string{"arn:aws:iam::" + acctA + ":role/Z", "arn:aws:iam::" + acctA + ":role/A"}
	readers := []string{policy.RoleARN(policy.PartitionAWS, acctC, "R"), policy.RoleARN(policy.PartitionAWS, acctB, "R")}
	before := slices.Concat(accounts, admins, readers)

	first := mustBuild(t, cloudtrail.SiteConfig{Accounts: accounts, KMSKeyARN: keyA, Readers: readers}, kmskey.Config{KeyAdministrators: admins})
	if diff := cmp.Diff(before, slices.Concat(accounts, admins, readers)); diff != "" {
		t.Errorf("Build modified the caller's slices (-before +after):\n%s", diff)
	}

	rev := func(s []string) []string { r := slices.Clone(s); slices.Reverse(r); return append(r, r[0]) }
	second := mustBuild(t, cloudtrail.SiteConfig{Accounts: rev(accounts), KMSKeyARN: keyA, Readers: rev(readers)}, kmskey.Config{KeyAdministrators: rev(admins)})
	a, _ := first.JSON()
	b, _ := second.JSON()
	if diff := cmp.Diff(string(a), string(b)); diff != "" {
		t.Errorf("reordered and duplicated inputs changed the output (-first +second):\n%s", diff)
	}
}

// maxAccounts is how many delivering accounts (besides the key's) fit in one
// key policy with the default limit; the package doc states it.
const maxAccounts = 69

func TestBuildSizeLimit(t *testing.T) {
	siteFor := func(n int) cloudtrail.SiteConfig {
		accts := []string{acctA}
		for i := range n {
			accts = append(accts, fmt.Sprintf("5%011d", i))
		}
		return cloudtrail.SiteConfig{Accounts: accts, KMSKeyARN: keyA}
	}
	if _, err := build(siteFor(maxAccounts), kmskey.Config{}); err != nil {
		t.Errorf("%d other accounts should fit: %v", maxAccounts, err)
	}
	doc, err := build(siteFor(maxAccounts+1), kmskey.Config{})
	if doc != nil || !errors.Is(err, policy.ErrSize) {
		t.Fatalf("%d other accounts: got %v, want ErrSize and no document", maxAccounts+1, err)
	}
	// One problem, the size error naming accounts (it used to come with a
	// second problem, a FieldError on Accounts).
	if n := len(policy.Unjoin(err)); n != 1 {
		t.Errorf("%d other accounts: %d problems, want one size error:\n%v", maxAccounts+1, n, err)
	}
	if se := sizeError(err); se == nil || se.Field != "accounts" || !strings.Contains(se.Hint, "organization trail") {
		t.Errorf("size error should suggest an organization trail on accounts:\n%v", err)
	}
	// The error says how many fit, measured for this very setup, also when
	// the caller is far over the limit.
	for _, n := range []int{maxAccounts + 1, 1000} {
		_, err := build(siteFor(n), kmskey.Config{})
		want := fmt.Sprintf("%d of them fit", maxAccounts)
		se := sizeError(err)
		if se == nil || se.Field != "accounts" || se.Count != n || se.Fit != maxAccounts || !strings.Contains(se.Error(), want) {
			t.Errorf("%d other accounts: size error on accounts should count %d and say %q:\n%v", n, n, want, err)
		}
	}
	// An organization trail does not grow with its member accounts: the
	// policy only names the management account.
	org := mustBuild(t, cloudtrail.SiteConfig{Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA}, KMSKeyARN: keySec}, kmskey.Config{})
	if n := len(org.Statements); n != 4 {
		t.Errorf("organization trail with the key in a security account: %d statements, want 4 (root, encrypt, describe, management account decrypt)", n)
	}

	// A caller-chosen lower limit is honoured. Even the key's account's
	// statements alone do not fit in 500 bytes, so the other account is not
	// what makes the document too large: the size error is the document's.
	small := kmskey.Config{Limits: policy.Limits{KeyPolicy: 500}}
	_, err = build(siteFor(1), small)
	if !errors.Is(err, policy.ErrSize) {
		t.Errorf("Limits.KeyPolicy = 500: got %v, want ErrSize", err)
	}
	if se := sizeError(err); se == nil || se.Field != "" {
		t.Errorf("Limits.KeyPolicy = 500: want the document's size error, naming no field:\n%v", err)
	}
	// With no delivering account but the key's, the size error is the
	// document's too.
	_, err = build(siteFor(0), small)
	if se := sizeError(err); se == nil || se.Field != "" {
		t.Errorf("only the key's account, Limits.KeyPolicy = 500: want the document's size error, naming no field:\n%v", err)
	}
}

// findField returns the first FieldError for field in err.
func findField(err error, field string) *policy.FieldError {
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if errors.As(e, &fe) && fe.Field == field {
			return fe
		}
	}
	return nil
}

// sizeError returns the first SizeError in err.
func sizeError(err error) *policy.SizeError {
	for _, e := range policy.Unjoin(err) {
		var se *policy.SizeError
		if errors.As(e, &se) {
			return se
		}
	}
	return nil
}

// TestConfigJSON decodes a setup written with the field names of the
// setup file (issue 7): the shared values are those of
// cloudtrail.SiteConfig, which sit at the top level, the key
// administrators beside them, and the key policy's own options in the
// keyPolicy block, kmskey.Options. kmskey.Config itself is not decoded and
// has no tags, but the field paths of Build's errors are the setup's names.
func TestConfigJSON(t *testing.T) {
	const setupFile = `{
  "partition": "aws",
  "bucket": "example-ct-logs",
  "accounts": ["111111111111", "222222222222"],
  "kmsKeyArn": "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "keyAdministrators": ["arn:aws:iam::111111111111:role/KeyAdministrator"],
  "readers": ["arn:aws:iam::222222222222:role/SecurityAudit"],
  "logArchiveAccount": "111111111111",
  "bucketRegion": "us-east-1",
  "keyPolicy": {"sidStyle": "spaced"}
}`
	// keySetup is how a setup file holds the key policy's inputs.
	type keySetup struct {
		cloudtrail.SiteConfig
		KeyAdministrators []string       `json:"keyAdministrators"`
		KeyPolicy         kmskey.Options `json:"keyPolicy"`
	}
	var got keySetup
	dec := json.NewDecoder(strings.NewReader(setupFile))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode: %v", err)
	}
	want := keySetup{
		SiteConfig: cloudtrail.SiteConfig{
			Partition:         policy.PartitionAWS,
			Bucket:            logBucket,
			Accounts:          []string{acctA, acctB},
			KMSKeyARN:         keyA,
			Readers:           []string{"arn:aws:iam::" + acctB + ":role/SecurityAudit"},
			LogArchiveAccount: acctA,
			BucketRegion:      "us-east-1",
		},
		KeyAdministrators: []string{"arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
		KeyPolicy:         kmskey.Options{SidStyle: kmskey.SidsSpaced},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded setup (-want +got):\n%s", diff)
	}
	if _, err := build(got.SiteConfig, kmskey.Config{KeyAdministrators: got.KeyAdministrators, Options: got.KeyPolicy}); err != nil {
		t.Errorf("Build: %v", err)
	}

	// Nothing decodes kmskey.Config: it has no tags.
	ct := reflect.TypeOf(kmskey.Config{})
	for i := range ct.NumField() {
		if f := ct.Field(i); f.Tag != "" {
			t.Errorf("kmskey.Config.%s has the tag %q", f.Name, f.Tag)
		}
	}
	// The paths of Build's errors for its own options are the setup's.
	_, err := build(got.SiteConfig, kmskey.Config{KeyAdministrators: []string{"x"}, Options: kmskey.Options{SidStyle: "x"}})
	for _, field := range []string{"keyAdministrators[0]", "keyPolicy.sidStyle"} {
		if findField(err, field) == nil {
			t.Errorf("no problem on %s:\n%v", field, err)
		}
	}
}
