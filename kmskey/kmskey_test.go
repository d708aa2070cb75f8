package kmskey_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

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

// documentConfig is the Config that reproduces the document: accounts A, B
// and C deliver with per-account trail patterns, the key is in A, the named
// user and role share the root's kms:* (AllowAdministratorsToUseKey), no
// aws:SourceArn (the document predates AWS's recommendation), the document's
// spaced Sids and its Id.
var documentConfig = kmskey.Config{
	Sources:                     policy.Sources{Accounts: []string{acctA, acctB, acctC}},
	KeyARN:                      keyA,
	KeyAdministrators:           []string{"arn:aws:iam::" + acctA + ":user/cloudtrail-admin", "arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
	SidStyle:                    kmskey.SidsSpaced,
	PolicyID:                    "Key policy for CloudTrail",
	OmitSourceArn:               true,
	AllowAdministratorsToUseKey: true,
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
	got, err := kmskey.Build(documentConfig)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
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
	built, err := kmskey.Build(documentConfig)
	if err != nil {
		t.Fatal(err)
	}
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
		cfg    kmskey.Config
	}{
		{
			name:   "single-account",
			reason: "one account's trails, key in the same account: root, CloudTrail encrypt and describe with aws:SourceArn patterns, the account's own decrypt",
			cfg: kmskey.Config{
				Sources: policy.Sources{Accounts: []string{acctA}},
				KeyARN:  keyA,
			},
		},
		{
			name:   "several-accounts",
			reason: "three accounts (given unsorted, with a duplicate), key in A: one decrypt statement per account, limited to its own trails",
			cfg: kmskey.Config{
				Sources:      policy.Sources{Accounts: []string{acctC, acctA, acctB, acctC}},
				KeyARN:       keyA,
				BucketRegion: "us-east-1",
			},
		},
		{
			name:   "exact-trails",
			reason: "known trail ARNs: aws:SourceArn with StringEquals and the exact ARNs, context limited to the same trails",
			cfg: kmskey.Config{
				Sources: policy.Sources{
					Accounts: []string{acctA, acctB},
					Trails: []string{
						policy.TrailARN(policy.PartitionAWS, "us-east-1", acctB, "main"),
						policy.TrailARN(policy.PartitionAWS, "eu-west-1", acctA, "management-events"),
					},
				},
				KeyARN: keyA,
			},
		},
		{
			name:   "organization-trail",
			reason: "organization trail owned by the management account, which also holds the key: context and SourceArn name the management account's trails",
			cfg: kmskey.Config{
				Sources: policy.Sources{Organization: &policy.Organization{ID: orgID, ManagementAccount: acctA}},
				KeyARN:  keyA,
			},
		},
		{
			name:   "key-in-third-account",
			reason: "AWS SRA layout: organization trail of management account A, bucket in log-archive account B, key in security account; no decrypt for the key account (it owns no trail), the management account decrypts its trail's logs, two readers (security team, vendor role in the log-archive account) and an administrator",
			cfg: kmskey.Config{
				Sources: policy.Sources{
					Organization: &policy.Organization{ID: orgID, ManagementAccount: acctA},
					Trails:       []string{policy.TrailARN(policy.PartitionAWS, "us-east-1", acctA, "org-trail")},
				},
				KeyARN:            keySec,
				LogArchiveAccount: acctB,
				KeyAdministrators: []string{"arn:aws:iam::" + acctSec + ":role/KeyAdministrator"},
				Readers: []string{
					policy.RoleARN(policy.PartitionAWS, acctB, "VendorReadOnly"),
					policy.RoleARN(policy.PartitionAWS, acctSec, "SecurityAudit"),
				},
				BucketRegion: "us-east-1",
			},
		},
		{
			name:   "readers-and-administrators",
			reason: "several accounts with key administrators (management actions only, no decrypt) and a reader role in a delivering account",
			cfg: kmskey.Config{
				Sources: policy.Sources{Accounts: []string{acctA, acctB}},
				KeyARN:  keyA,
				KeyAdministrators: []string{
					"arn:aws:iam::" + acctA + ":role/KeyAdministrator",
					"arn:aws:iam::" + acctA + ":user/break-glass",
				},
				Readers: []string{policy.RoleARN(policy.PartitionAWS, acctB, "SecurityAudit")},
			},
		},
		{
			name:   "aws-us-gov",
			reason: "the GovCloud partition in every ARN: key, root, trail patterns",
			cfg: kmskey.Config{
				Sources: policy.Sources{Partition: policy.PartitionGovCloud, Accounts: []string{acctA, acctB}},
				KeyARN:  policy.KeyARN(policy.PartitionGovCloud, "us-gov-west-1", acctA, keyID),
				Readers: []string{policy.RoleARN(policy.PartitionGovCloud, acctA, "SecurityAudit")},
			},
		},
		{
			name:   "allow-key-lockout",
			reason: "the root statement dropped on purpose: administrators manage the key, nobody else can",
			cfg: kmskey.Config{
				Sources:           policy.Sources{Accounts: []string{acctA}},
				KeyARN:            keyA,
				KeyAdministrators: []string{"arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
				AllowKeyLockout:   true,
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
			got, err := kmskey.Build(tt.cfg)
			if err != nil {
				t.Fatalf("Build (%s): %v", tt.reason, err)
			}
			golden.Check(t, got, "testdata/"+tt.name+".golden.json")
		})
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
	return policy.TrailARN(policy.PartitionAWS, "us-east-1", account, "main")
}

func TestBuildBehaviour(t *testing.T) {
	cfg := kmskey.Config{
		Sources:           policy.Sources{Accounts: []string{acctA, acctB}},
		KeyARN:            keyA,
		KeyAdministrators: []string{"arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
		Readers:           []string{policy.RoleARN(policy.PartitionAWS, acctA, "SecurityAudit")},
	}
	doc, err := kmskey.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctGen := func(contextTrail, sourceArn string) evalRequest {
		r := evalRequest{service: kmskey.CloudTrailPrincipal, action: "kms:GenerateDataKey", key: keyA, context: map[string][]string{
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
		{"cloudtrail-describes-key", "DescribeKey with a delivering trail as source", evalRequest{service: kmskey.CloudTrailPrincipal, action: "kms:DescribeKey", key: keyA, context: map[string][]string{"aws:SourceArn": {trailOf(acctA)}}}, nil, "Allow"},
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

func TestBuildBadInput(t *testing.T) {
	good := func() kmskey.Config {
		return kmskey.Config{Sources: policy.Sources{Accounts: []string{acctA, acctB}}, KeyARN: keyA}
	}
	with := func(f func(*kmskey.Config)) kmskey.Config {
		c := good()
		f(&c)
		return c
	}
	tests := []struct {
		name      string
		reason    string
		cfg       kmskey.Config
		wantField string
		wantValue string
		wantErr   error
	}{
		{"account-11-digits", "an account ID is 12 digits", with(func(c *kmskey.Config) { c.Accounts = []string{acctA, "11111111111"} }), "Accounts[1]", "11111111111", policy.ErrAccountID},
		{"account-placeholder", "the document's placeholder is not an account ID", with(func(c *kmskey.Config) { c.Accounts = []string{"aws-account-id-A"} }), "Accounts[0]", "aws-account-id-A", policy.ErrAccountID},
		{"management-account-invalid", "the organization's management account is an account ID too", with(func(c *kmskey.Config) {
			c.Accounts = nil
			c.Organization = &policy.Organization{ID: orgID, ManagementAccount: "12345"}
		}), "Organization.ManagementAccount", "12345", policy.ErrAccountID},
		{"log-archive-account-invalid", "LogArchiveAccount is an account ID", with(func(c *kmskey.Config) { c.LogArchiveAccount = "1234567890123" }), "LogArchiveAccount", "1234567890123", policy.ErrAccountID},
		{"no-delivering-accounts", "no account and no organization: nothing delivers", with(func(c *kmskey.Config) { c.Accounts = nil }), "Accounts", "", policy.ErrRequired},
		{"key-arn-missing", "the key ARN is required", with(func(c *kmskey.Config) { c.KeyARN = "" }), "KeyARN", "", policy.ErrRequired},
		{"key-alias", "an alias resolves in the caller's account", with(func(c *kmskey.Config) { c.KeyARN = "arn:aws:kms:us-east-1:111111111111:alias/cloudtrail" }), "KeyARN", "arn:aws:kms:us-east-1:111111111111:alias/cloudtrail", policy.ErrARN},
		{"key-s3-arn", "an S3 ARN is not a key", with(func(c *kmskey.Config) { c.KeyARN = "arn:aws:s3:::example-ct-logs" }), "KeyARN", "arn:aws:s3:::example-ct-logs", policy.ErrARN},
		{"key-bare-id", "a bare key ID resolves in the caller's account", with(func(c *kmskey.Config) { c.KeyARN = keyID }), "KeyARN", keyID, policy.ErrARN},
		{"key-other-partition", "the key is in aws-cn but the setup is aws", with(func(c *kmskey.Config) {
			c.KeyARN = policy.KeyARN(policy.PartitionChina, "cn-north-1", acctA, keyID)
		}), "KeyARN", "arn:aws-cn:kms:cn-north-1:111111111111:key/" + keyID, policy.ErrARN},
		{"bucket-region-mismatch", "CloudTrail needs the key in the bucket's Region", with(func(c *kmskey.Config) { c.BucketRegion = "eu-west-1" }), "BucketRegion", "eu-west-1", policy.ErrConflict},
		{"bucket-region-other-partition", "a China Region in the aws partition", with(func(c *kmskey.Config) { c.BucketRegion = "cn-north-1" }), "BucketRegion", "cn-north-1", policy.ErrRegion},
		{"admin-not-arn", "a user name is not an IAM ARN", with(func(c *kmskey.Config) { c.KeyAdministrators = []string{"alice"} }), "KeyAdministrators[0]", "alice", policy.ErrARN},
		{"admin-session-arn", "an STS session ARN is not an IAM principal a key policy should name", with(func(c *kmskey.Config) {
			c.KeyAdministrators = []string{"arn:aws:sts::111111111111:assumed-role/Admin/alice"}
		}), "KeyAdministrators[0]", "arn:aws:sts::111111111111:assumed-role/Admin/alice", policy.ErrARN},
		{"admin-kms-arn", "a key ARN is not an administrator", with(func(c *kmskey.Config) { c.KeyAdministrators = []string{keyA} }), "KeyAdministrators[0]", keyA, policy.ErrARN},
		{"admin-root", "an account root as administrator", with(func(c *kmskey.Config) {
			c.KeyAdministrators = []string{"arn:aws:iam::" + acctA + ":root"}
		}), "KeyAdministrators[0]", "arn:aws:iam::111111111111:root", policy.ErrPrincipal},
		{"admin-other-account", "key management is not possible across accounts", with(func(c *kmskey.Config) {
			c.KeyAdministrators = []string{"arn:aws:iam::" + acctB + ":role/Admin"}
		}), "KeyAdministrators[0]", "arn:aws:iam::222222222222:role/Admin", policy.ErrConflict},
		{"admin-other-partition", "every ARN carries the setup's partition", with(func(c *kmskey.Config) {
			c.KeyAdministrators = []string{"arn:aws-us-gov:iam::" + acctA + ":role/Admin"}
		}), "KeyAdministrators[0]", "arn:aws-us-gov:iam::111111111111:role/Admin", policy.ErrARN},
		{"reader-outside-allowed-accounts", "a role of an account outside the setup", with(func(c *kmskey.Config) {
			c.Readers = []string{"arn:aws:iam::999999999999:role/Auditor"}
		}), "Readers[0]", "arn:aws:iam::999999999999:role/Auditor", policy.ErrConflict},
		{"reader-user", "readers are roles", with(func(c *kmskey.Config) {
			c.Readers = []string{"arn:aws:iam::" + acctA + ":user/alice"}
		}), "Readers[0]", "arn:aws:iam::111111111111:user/alice", policy.ErrARN},
		{"trail-of-other-account", "a trail whose account does not deliver", with(func(c *kmskey.Config) {
			c.Trails = []string{trailOf(acctC)}
		}), "Trails[0]", trailOf(acctC), policy.ErrConflict},
		{"account-without-trail", "with exact trails, an account that owns none of them could not deliver", with(func(c *kmskey.Config) {
			c.Trails = []string{trailOf(acctA)}
		}), "Accounts[1]", acctB, policy.ErrConflict},
		{"management-without-trail", "the organization trail belongs to the management account, so it must be named", with(func(c *kmskey.Config) {
			c.Accounts = []string{acctB}
			c.Organization = &policy.Organization{ID: orgID, ManagementAccount: acctA}
			c.Trails = []string{trailOf(acctB)}
		}), "Organization.ManagementAccount", acctA, policy.ErrConflict},
		{"unknown-sid-style", "only the two Sid styles exist", with(func(c *kmskey.Config) { c.SidStyle = "fancy" }), "SidStyle", "fancy", policy.ErrUnsupported},
		{"lockout-without-administrators", "dropping the root statement with nobody else to manage the key", with(func(c *kmskey.Config) { c.AllowKeyLockout = true }), "AllowKeyLockout", "true", policy.ErrConflict},
		{"bad-partition", "an unknown partition", with(func(c *kmskey.Config) { c.Partition = "aws-iso" }), "Partition", "aws-iso", policy.ErrPartition},
	}
	// also holds the further problems a case brings besides the one it is
	// about: with only another account's trail named, neither delivering
	// account owns one of the Trails.
	also := map[string][]golden.Problem{
		"trail-of-other-account": {
			{Field: "Accounts[0]", Value: acctA, Err: policy.ErrConflict},
			{Field: "Accounts[1]", Value: acctB, Err: policy.ErrConflict},
		},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			doc, err := kmskey.Build(tt.cfg)
			want := append([]golden.Problem{{Field: tt.wantField, Value: tt.wantValue, Err: tt.wantErr}}, also[tt.name]...)
			golden.CheckProblems(t, doc, err, want)
		})
	}
}

// TestBuildReportsEveryProblem checks that problems are collected, not
// returned one at a time.
func TestBuildReportsEveryProblem(t *testing.T) {
	_, err := kmskey.Build(kmskey.Config{
		Sources:           policy.Sources{Accounts: []string{"1", acctB}},
		KeyARN:            "arn:aws:kms:us-east-1:111111111111:alias/x",
		KeyAdministrators: []string{"bob"},
		Readers:           []string{"carol"},
		BucketRegion:      "moon-1",
	})
	var got []string
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if errors.As(e, &fe) {
			got = append(got, fe.Field)
		}
	}
	want := []string{"Accounts[0]", "KeyARN", "BucketRegion", "KeyAdministrators[0]", "Readers[0]"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields with problems (-want +got):\n%s", diff)
	}
}

// ---------------------------------------------------------------------------
// Canonical inputs, no mutation, size.

func TestBuildDoesNotMutateAndIgnoresOrder(t *testing.T) {
	accounts := []string{acctC, acctA, acctB}
	admins := []string{"arn:aws:iam::" + acctA + ":role/Z", "arn:aws:iam::" + acctA + ":role/A"}
	readers := []string{policy.RoleARN(policy.PartitionAWS, acctC, "R"), policy.RoleARN(policy.PartitionAWS, acctB, "R")}
	cfg := kmskey.Config{Sources: policy.Sources{Accounts: accounts}, KeyARN: keyA, KeyAdministrators: admins, Readers: readers}
	before := slices.Concat(accounts, admins, readers)

	first, err := kmskey.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, slices.Concat(accounts, admins, readers)); diff != "" {
		t.Errorf("Build modified the caller's slices (-before +after):\n%s", diff)
	}

	rev := func(s []string) []string { r := slices.Clone(s); slices.Reverse(r); return append(r, r[0]) }
	second, err := kmskey.Build(kmskey.Config{Sources: policy.Sources{Accounts: rev(accounts)}, KeyARN: keyA, KeyAdministrators: rev(admins), Readers: rev(readers)})
	if err != nil {
		t.Fatal(err)
	}
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
	cfgFor := func(n int) kmskey.Config {
		accts := []string{acctA}
		for i := range n {
			accts = append(accts, fmt.Sprintf("5%011d", i))
		}
		return kmskey.Config{Sources: policy.Sources{Accounts: accts}, KeyARN: keyA}
	}
	if _, err := kmskey.Build(cfgFor(maxAccounts)); err != nil {
		t.Errorf("%d other accounts should fit: %v", maxAccounts, err)
	}
	doc, err := kmskey.Build(cfgFor(maxAccounts + 1))
	if doc != nil || !errors.Is(err, policy.ErrSize) {
		t.Fatalf("%d other accounts: got %v, want ErrSize and no document", maxAccounts+1, err)
	}
	if fe := findField(err, "Accounts"); fe == nil || !strings.Contains(fe.Reason, "organization trail") {
		t.Errorf("size error should suggest an organization trail on Accounts:\n%v", err)
	}
	// The error says how many fit, measured for this very setup, also when
	// the caller is far over the limit.
	for _, n := range []int{maxAccounts + 1, 1000} {
		_, err := kmskey.Build(cfgFor(n))
		want := fmt.Sprintf("and %d of them fit", maxAccounts)
		if fe := findField(err, "Accounts"); fe == nil || !strings.Contains(fe.Reason, want) {
			t.Errorf("%d other accounts: size error should say %q:\n%v", n, want, err)
		}
	}
	// An organization trail does not grow with its member accounts: the
	// policy only names the management account.
	org, err := kmskey.Build(kmskey.Config{Sources: policy.Sources{Organization: &policy.Organization{ID: orgID, ManagementAccount: acctA}}, KeyARN: keySec})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(org.Statements); n != 4 {
		t.Errorf("organization trail with the key in a security account: %d statements, want 4 (root, encrypt, describe, management account decrypt)", n)
	}

	// A caller-chosen lower limit is honoured.
	small := cfgFor(1)
	small.Limits = policy.Limits{KeyPolicy: 500}
	if _, err := kmskey.Build(small); !errors.Is(err, policy.ErrSize) {
		t.Errorf("Limits.KeyPolicy = 500: got %v, want ErrSize", err)
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

// TestConfigJSON decodes a setup written with the field names of the
// setup file (issue 7): the embedded Sources' fields sit at the top level.
func TestConfigJSON(t *testing.T) {
	const setup = `{
  "partition": "aws",
  "accounts": ["111111111111", "222222222222"],
  "kmsKeyArn": "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "keyAdministrators": ["arn:aws:iam::111111111111:role/KeyAdministrator"],
  "readers": ["arn:aws:iam::222222222222:role/SecurityAudit"],
  "logArchiveAccount": "111111111111",
  "bucketRegion": "us-east-1",
  "sidStyle": "spaced"
}`
	var got kmskey.Config
	dec := json.NewDecoder(strings.NewReader(setup))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode: %v", err)
	}
	want := kmskey.Config{
		Sources:           policy.Sources{Partition: policy.PartitionAWS, Accounts: []string{acctA, acctB}},
		KeyARN:            keyA,
		KeyAdministrators: []string{"arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
		Readers:           []string{"arn:aws:iam::" + acctB + ":role/SecurityAudit"},
		LogArchiveAccount: acctA,
		BucketRegion:      "us-east-1",
		SidStyle:          kmskey.SidsSpaced,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded Config (-want +got):\n%s", diff)
	}
	if _, err := kmskey.Build(got); err != nil {
		t.Errorf("Build: %v", err)
	}
}
