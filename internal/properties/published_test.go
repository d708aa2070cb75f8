package properties_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The same properties, run against the policies published in the source
// documents (the fixtures of each package's testdata/documents; see each
// PROVENANCE.md). Each published document replaces the library's document of
// its kind in a world built from the setup its source describes; the other
// documents stay the library's defaults.
//
// Only placeholders and typos that stop a document from being evaluated, or
// hide what it was meant to do, are patched, each by a named patch with its
// reason; the mistakes that make a document fail its purpose stay, and the
// table records which properties each document fails.

// patch is one correction of a published document, applied in the test.
type patch struct {
	name   string
	reason string
	apply  func(t *testing.T, d *policy.Document) *policy.Document
}

// replace returns a patch that replaces every from by to in the document's
// JSON; it fails when from does not occur (the mapping went stale).
func replace(name, reason string, pairs ...string) patch {
	return patch{name: name, reason: reason, apply: func(t *testing.T, d *policy.Document) *policy.Document {
		t.Helper()
		b, err := d.JSON()
		if err != nil {
			t.Fatalf("patch %s: %v", name, err)
		}
		s := string(b)
		for i := 0; i < len(pairs); i += 2 {
			if !strings.Contains(s, pairs[i]) {
				t.Fatalf("patch %s: %q not found in the document", name, pairs[i])
			}
			s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
		}
		out, err := policy.Decode(d.Kind, []byte(s))
		if err != nil {
			t.Fatalf("patch %s: %v", name, err)
		}
		return out
	}}
}

// statement returns statement i of d, failing when its Sid is not sid (so
// that a patch never edits the wrong statement).
func statement(t *testing.T, d *policy.Document, i int, sid string) *iampolicy.Statement {
	t.Helper()
	if i >= len(d.Statements) || d.Statements[i].Sid != sid {
		t.Fatalf("patch target: want Statement[%d] with Sid %q in a document of %d statements", i, sid, len(d.Statements))
	}
	return &d.Statements[i]
}

func applyPatches(t *testing.T, d *policy.Document, patches ...patch) *policy.Document {
	t.Helper()
	for _, p := range patches {
		t.Logf("patch %s: %s", p.name, p.reason)
		d = p.apply(t, d)
	}
	return d
}

// fixture loads a published document from a package's testdata/documents.
func fixture(t *testing.T, kind policy.Kind, pkg, name string) *policy.Document {
	t.Helper()
	return golden.Fixture(t, kind, "../../"+pkg+"/testdata/documents/"+name)
}

// Setups described by the source documents.
var (
	seedKey = policy.KeyARN(part, homeRegion, acctA, keyID)

	// seed000Bucket: 000_9393c8efe2ee63f7.txt's bucket policy, for one
	// delivering account (the document names none; 111111111111 as in the
	// bucket package's test) whose key and bucket my-bucket it owns.
	seed000Bucket = setup{
		name: "000 bucket policy", bucket: "my-bucket", logAccount: acctA, accounts: []string{acctA},
		keyARN: seedKey, keyAdmins: []string{policy.RoleARN(part, acctA, "KeyAdmin")},
		securityTeam: policy.RoleARN(part, acctA, "SecurityTeam"), vendor: acctVendor, externalID: "vendor-assigned-4242",
		scpAccounts: []string{acctA}, breakGlass: []string{policy.RoleARN(part, acctA, "BreakGlass")}, protectTrail: true,
	}
	// seed000Key: 000_9393c8efe2ee63f7.txt's key policy: accounts A, B and C
	// deliver, the key is in A; the placeholders are mapped as in the
	// kmskey package's test (A 111111111111, B 222222222222, C 333333333333,
	// user/username -> user/cloudtrail-admin, role/rolename -> role/KeyAdministrator).
	seed000Key = setup{
		name: "000 key policy", bucket: "my-bucket", logAccount: acctA, accounts: []string{acctA, acctB, acctC},
		keyARN:       seedKey,
		keyAdmins:    []string{"arn:aws:iam::" + acctA + ":user/cloudtrail-admin", "arn:aws:iam::" + acctA + ":role/KeyAdministrator"},
		securityTeam: policy.RoleARN(part, acctA, "SecurityTeam"), vendor: acctVendor, externalID: "vendor-assigned-4242",
		scpAccounts: []string{acctA}, breakGlass: []string{policy.RoleARN(part, acctA, "BreakGlass")}, protectTrail: true,
	}
	// exampleCorp: 001_822d5e798a88b041.txt: Production 123456789012 holds
	// the bucket and delivers with Dev 999988887777; the vendor AnyCompany
	// 998877665544 uses external ID 8900-544. The JSON names the bucket
	// my-cloudtrail-logs (the prose says example-ct-logs). No KMS key.
	exampleCorp = setup{
		name: "001 Example Corp", bucket: "my-cloudtrail-logs", logAccount: "123456789012", accounts: []string{"123456789012", "999988887777"},
		securityTeam: "arn:aws:iam::123456789012:role/SecurityTeam", vendor: "998877665544", externalID: "8900-544",
		scpAccounts: []string{"123456789012"}, breakGlass: []string{"arn:aws:iam::123456789012:role/BreakGlass"}, protectTrail: true,
	}
	// govOrg: 002_74df2a9a5e86bcde.txt: the organization trail of management
	// account 111111111111 delivers to gov-my-cloudtrail in the log account
	// 222222222222, to which the SCP is attached. No KMS key. The
	// organization ID placeholder is mapped to o-exampleorgid.
	govOrg = setup{
		name: "002 organization", bucket: "gov-my-cloudtrail", logAccount: "222222222222",
		org: &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"}, members: []string{"222222222222", acctSec, acctMember},
		securityTeam: policy.RoleARN(part, acctSec, "SecurityTeam"), vendor: acctVendor, externalID: "vendor-assigned-4242",
		scpAccounts: []string{"222222222222"}, breakGlass: []string{"arn:aws:iam::222222222222:role/BreakGlass"},
	}
	// seed003: 003_310bfc30b9735668.txt: accounts 111111111111 and
	// 222222222222 deliver to the first's bucket (myBucketName, which is not
	// a valid name: mybucketname). No KMS key.
	seed003 = setup{
		name: "003 multi-account", bucket: "mybucketname", logAccount: acctA, accounts: []string{acctA, acctB},
		securityTeam: policy.RoleARN(part, acctA, "SecurityTeam"), vendor: acctVendor, externalID: "vendor-assigned-4242",
		scpAccounts: []string{acctA, acctB}, breakGlass: []string{policy.RoleARN(part, acctA, "BreakGlass"), policy.RoleARN(part, acctB, "BreakGlass")},
		protectTrail: true,
	}
	// sraOrg: 004_af91f5bc3f7af5cb.txt: an organization trail (management
	// account 111111111111) delivers to the Security Reference
	// Architecture's bucket in the log account 222222222222, whose key
	// encrypts the logs.
	sraOrg = setup{
		name: "004 organization", bucket: "sra-org-trail-logs-222222222222-us-east-1", logAccount: "222222222222",
		org: &cloudtrail.Organization{ID: orgID, ManagementAccount: "111111111111"}, members: []string{"222222222222", acctSec, acctMember},
		keyARN:       policy.KeyARN(part, homeRegion, "222222222222", keyID),
		keyAdmins:    []string{"arn:aws:iam::222222222222:role/KeyAdmin"},
		securityTeam: policy.RoleARN(part, acctSec, "SecurityTeam"), vendor: acctVendor, externalID: "vendor-assigned-4242",
		scpAccounts: []string{"222222222222"}, breakGlass: []string{"arn:aws:iam::222222222222:role/BreakGlass"},
	}
)

// expectedFailure is a property a published document fails.
type expectedFailure struct {
	property string
	why      string
}

// publishedDocuments: fixture → the world it is put in → the properties it
// fails. Every other property must hold, and the library's default
// documents for the same setup must fail none.
func publishedDocuments() []struct {
	fixture string
	setup   setup
	put     func(t *testing.T, w *world)
	fails   []expectedFailure
} {
	type entry = struct {
		fixture string
		setup   setup
		put     func(t *testing.T, w *world)
		fails   []expectedFailure
	}
	return []entry{{
		fixture: "bucket/000-bucket-policy.json",
		setup:   seed000Bucket,
		put: func(t *testing.T, w *world) {
			d := fixture(t, policy.KindBucketPolicy, "bucket", "000-bucket-policy.json")
			w.bucketPolicy = applyPatches(t, d,
				patch{"restore-lost-wildcard", "PROVENANCE 1: Resource arn:aws:s3:::my-bucket/ names only the empty key; the typo hides what the policy does",
					func(t *testing.T, d *policy.Document) *policy.Document {
						statement(t, d, 1, "AWSCloudTrailWrite").Resource = policy.Strings("arn:aws:s3:::my-bucket/*")
						return d
					}},
				patch{"empty-principal", `PROVENANCE 2: "Principal": "" cannot be evaluated; a deny for everyone is "*" (as in 004)`,
					func(t *testing.T, d *policy.Document) *policy.Document {
						statement(t, d, 2, "DenyUnEncryptedObjectUploads").Principal = policy.Everyone()
						return d
					}},
				replace("placeholder-key", "PROVENANCE 4: arn:aws:kms:region:account:key/key-id is a placeholder for the setup's key",
					"arn:aws:kms:region:account:key/key-id", seedKey),
			)
		},
		fails: []expectedFailure{
			{propNeedsRightKey, "THE published mistake (PROVENANCE 3): both keys under one StringNotEquals are ANDed, so an SSE-KMS upload under another key (or without a key ID) is not denied"},
			{propTrailWritesDigests, "the deny covers the whole bucket, so the SSE-S3 digest files are refused and log file validation stops (PROVENANCE 8)"},
			{propTLS, "no aws:SecureTransport deny: log writes and reads over HTTP are allowed"},
			{propNoOtherTrail, "no aws:SourceArn: a trail of any account may write"},
			{propOwnPrefix, "Resource is the whole bucket: a trail may write outside its AWSLogs/<account>/ path (PROVENANCE 6)"},
		},
	}, {
		fixture: "bucket/001-legacy-bucket-policy.json",
		setup:   exampleCorp,
		put: func(t *testing.T, w *world) {
			w.bucketPolicy = fixture(t, policy.KindBucketPolicy, "bucket", "001-legacy-bucket-policy.json")
		},
		fails: []expectedFailure{
			{propTrailWritesLogs, "it names the 2014 per-Region CloudTrail accounts, not the service principal cloudtrail.amazonaws.com that delivers today"},
			{propTrailWritesDigests, "the same: the service principal may not write"},
			{propTrailReadsACL, "the same: the service principal may not read the ACL"},
			{propTLS, "no aws:SecureTransport deny"},
		},
	}, {
		fixture: "bucket/002-organization-bucket-policy.json",
		setup:   govOrg,
		put: func(t *testing.T, w *world) {
			d := fixture(t, policy.KindBucketPolicy, "bucket", "002-organization-bucket-policy.json")
			w.bucketPolicy = applyPatches(t, d,
				replace("ten-digit-account", "PROVENANCE 1: 1111111111 has 10 digits; the prose's management account is 111111111111",
					"AWSLogs/1111111111/", "AWSLogs/111111111111/"),
				replace("placeholder-org-id", "PROVENANCE 3: o-YOUR-ORGANIZATIONS-ID is a placeholder for the setup's organization",
					"o-YOUR-ORGANIZATIONS-ID", "o-exampleorgid"),
			)
		},
		fails: []expectedFailure{
			{propTLS, "no aws:SecureTransport deny"},
			{propNoOtherTrail, "no aws:SourceArn: a trail of any account may write under the management account's and the organization's paths"},
		},
	}, {
		fixture: "bucket/003-multi-account-bucket-policy.json",
		setup:   seed003,
		put: func(t *testing.T, w *world) {
			d := fixture(t, policy.KindBucketPolicy, "bucket", "003-multi-account-bucket-policy.json")
			w.bucketPolicy = applyPatches(t, d,
				replace("lower-case-bucket", "PROVENANCE 1: myBucketName is a placeholder and not a valid bucket name", "myBucketName", "mybucketname"))
		},
		fails: []expectedFailure{
			{propTLS, "no aws:SecureTransport deny"},
			{propNoOtherTrail, "no aws:SourceArn: a trail of any account may write under both accounts' paths"},
			{propOwnPrefix, "one statement for both accounts' paths, no condition tying a path to its account"},
		},
	}, {
		fixture: "bucket/004-deny-statements.json",
		setup:   sraOrg,
		put: func(t *testing.T, w *world) {
			// 004 is two deny statements to add to the bucket policy: they
			// replace the library's two encryption denies.
			raw, err := os.ReadFile("../../bucket/testdata/documents/004-deny-statements.json")
			if err != nil {
				t.Fatal(err)
			}
			var stmts []iampolicy.Statement
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&stmts); err != nil {
				t.Fatalf("decode 004: %v", err)
			}
			denies := applyPatches(t, policy.New(policy.KindBucketPolicy, stmts...),
				replace("placeholder-buckets", "PROVENANCE 2: the two statements name the one bucket with different placeholders",
					"sra-org-trail-logs-<account_id>-<region>", w.bucket, "sra-org-trail-logs-<logging_account_id>-<region>", w.bucket),
				replace("placeholder-key", "PROVENANCE 3: <bucket_encryption_key_arn> is a placeholder for the setup's key",
					"<bucket_encryption_key_arn>", w.keyARN))
			var kept []iampolicy.Statement
			for _, s := range w.bucketPolicy.Statements {
				if s.Sid != "DenyUnencryptedObjectUploads" && s.Sid != "DenyWrongKMSKey" {
					kept = append(kept, s)
				}
			}
			if len(kept) != len(w.bucketPolicy.Statements)-2 {
				t.Fatalf("the default bucket policy has no DenyUnencryptedObjectUploads and DenyWrongKMSKey to replace")
			}
			w.bucketPolicy = policy.New(policy.KindBucketPolicy, append(kept, denies.Statements...)...)
		},
		fails: []expectedFailure{
			{propTrailWritesDigests, "both denies cover the whole bucket (bucket/*), so the SSE-S3 digest files, which carry neither aws:kms nor a key ID, are refused"},
		},
	}, {
		fixture: "kmskey/000-key-policy.json",
		setup:   seed000Key,
		put: func(t *testing.T, w *world) {
			d := fixture(t, policy.KindKeyPolicy, "kmskey", "000-key-policy.json")
			w.keyPolicy = applyPatches(t, d, replace("placeholders", "PROVENANCE 1 and 2: placeholders, not account IDs or principals",
				"arn:aws:iam::aws-account-id-A:user/username", "arn:aws:iam::"+acctA+":user/cloudtrail-admin",
				"arn:aws:iam::aws-account-id-A:role/rolename", "arn:aws:iam::"+acctA+":role/KeyAdministrator",
				"aws-account-id-A", acctA, "aws-account-id-B", acctB, "aws-account-id-C", acctC))
		},
		fails: []expectedFailure{
			{propOnlyIntended, "\"Enable cross account log decryption\" allows kms:CallerAccount B or C with B's or C's trails: B decrypts C's logs; and the named user and role share the root's kms:*, so they decrypt every log without an IAM policy"},
			{propKMSNoOtherTrail, "\"Allow CloudTrail to describe key\" has no aws:SourceArn: a trail of any account may DescribeKey"},
		},
	}, {
		fixture: "trust/001-read-only-role-policy.json",
		setup:   exampleCorp,
		put: func(t *testing.T, w *world) {
			w.vendorRead = fixture(t, policy.KindIdentityPolicy, "trust", "001-read-only-role-policy.json")
		},
		fails: []expectedFailure{
			{propReaderNothingElse, "s3:Get* and s3:List* also allow object versions, ACLs and tags under AWSLogs/ and ListBucketVersions (PROVENANCE 2)"},
		},
	}, {
		fixture: "trust/001-vendor-trust-policy.json",
		setup:   exampleCorp,
		put: func(t *testing.T, w *world) {
			w.vendorTrust = fixture(t, policy.KindTrustPolicy, "trust", "001-vendor-trust-policy.json")
		},
		fails: nil, // the vendor's account root, StringEquals sts:ExternalId: it does what it says
	}, {
		fixture: "scp/002-anti-deletion-scp.json",
		setup:   govOrg,
		put: func(t *testing.T, w *world) {
			d := fixture(t, policy.KindSCP, "scp", "002-anti-deletion-scp.json")
			w.scps = []*policy.Document{applyPatches(t, d,
				replace("placeholder-bucket", "PROVENANCE 2: YOUR-BUCKET is the prose's gov-my-cloudtrail", "YOUR-BUCKET", "gov-my-cloudtrail"))}
		},
		fails: []expectedFailure{
			{propNoTampering, "THE published mistake (PROVENANCE 1): Resource names only the bucket, so s3:DeleteObject, s3:DeleteObjectVersion and the other object actions are not denied; s3:PutObjectRetention and s3:BypassGovernanceRetention are not listed at all"},
			{propBreakGlass, "no exemption: not even a break-glass role can ever change the bucket policy, lifecycle, versioning or encryption again"},
		},
	}}
}

// TestPublishedDocuments runs every property with each published document in
// place of the library's and checks the table: each listed property fails,
// no other does, and the default documents of the same setup fail nothing.
func TestPublishedDocuments(t *testing.T) {
	total := 0
	t.Cleanup(func() { t.Logf("%d requests evaluated over %d published documents", total, len(publishedDocuments())) })
	baselines := map[string]map[string][]outcome{} // by setup name: what the defaults fail
	for _, pd := range publishedDocuments() {
		t.Run(pd.fixture, func(t *testing.T) {
			baseFailed, ok := baselines[pd.setup.name]
			n1 := 0
			if !ok {
				baseFailed, n1 = run(t, build(t, pd.setup).checks())
				baselines[pd.setup.name] = baseFailed
			}

			w := build(t, pd.setup)
			pd.put(t, w)
			checks := w.checks()
			failed, n2 := run(t, checks)
			total += n1 + n2
			t.Logf("%d requests with the published document, %d with the defaults of the same setup", n2, n1)

			count := map[string]int{}
			for _, c := range checks {
				count[c.property]++
			}
			listed := map[string]bool{}
			for _, e := range pd.fails {
				listed[e.property] = true
				f := failed[e.property]
				if len(f) == 0 {
					t.Errorf("%s: expected to fail (%s), but all %d requests pass", e.property, e.why, count[e.property])
					continue
				}
				t.Logf("fails %s (%d of %d requests): %s; e.g.:\n%s", e.property, len(f), count[e.property], e.why, examples(f, 1))
			}
			for _, p := range properties(checks) {
				if !listed[p] && len(failed[p]) > 0 {
					t.Errorf("%s fails with the published document and is not in the table:\n%s", p, examples(failed[p], 3))
				}
			}
			for p, f := range baseFailed {
				t.Errorf("the default documents for this setup fail %s:\n%s", p, examples(f, 3))
			}
		})
	}
}
