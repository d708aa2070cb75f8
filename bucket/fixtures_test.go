package bucket_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The tests in this file compare Build with the bucket policies published in
// the source documents (testdata/documents, see its PROVENANCE.md). Each
// document's mistakes are corrected by a named patch below, applied to the
// decoded fixture in the test, never to the file, so the published mistake
// stays visible. Options that reproduce an older form (no aws:SourceArn, no
// TLS deny, dated Sids, legacy principals) are set explicitly per document.
//
// 001 and 003 list two accounts' paths in one AWSCloudTrailWrite statement.
// They have no source condition, so they are reproduced with
// AllowAnySourceTrail alone, which keeps that single statement (statements
// per account would isolate nothing without a source condition, so Build
// refuses AllowWritesAcrossAccountPrefixes beside it as redundant).

// patch is one correction of a published document.
type patch struct {
	name   string
	reason string
	apply  func(t *testing.T, d *policy.Document)
}

func applyPatches(t *testing.T, d *policy.Document, patches []patch) {
	t.Helper()
	for _, p := range patches {
		t.Logf("patch %s: %s", p.name, p.reason)
		p.apply(t, d)
	}
}

// at returns a pointer to statement i, failing when the Sid is not the
// expected one (so a patch never edits the wrong statement).
func at(t *testing.T, d *policy.Document, i int, sid string) *iampolicy.Statement {
	t.Helper()
	if i >= len(d.Statements) || d.Statements[i].Sid != sid {
		t.Fatalf("patch target: want Statement[%d] with Sid %q, document has %v", i, sid, sids(d))
	}
	return &d.Statements[i]
}

func fixture(t *testing.T, name string) *policy.Document {
	t.Helper()
	return golden.Fixture(t, policy.KindBucketPolicy, filepath.Join("testdata", "documents", name))
}

const fixtureKey = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// patches000 corrects 000-bucket-policy.json (PROVENANCE.md, mistakes 1–8).
func patches000() []patch {
	return []patch{
		{"restoreLostWildcard", "mistake 1: Resource arn:aws:s3:::my-bucket/ names only the empty key; the deny in the same document has the /*",
			func(t *testing.T, d *policy.Document) {
				at(t, d, 1, "AWSCloudTrailWrite").Resource = policy.Strings("arn:aws:s3:::my-bucket/*")
			}},
		{"scopeWriteToAccountPath", "mistake 6: CloudTrail writes under AWSLogs/<account>/; grant that path of the one delivering account (the document names none; we use 111111111111)",
			func(t *testing.T, d *policy.Document) {
				at(t, d, 1, "AWSCloudTrailWrite").Resource = policy.Strings("arn:aws:s3:::my-bucket/AWSLogs/111111111111/*")
			}},
		{"fixEmptyPrincipal", `mistake 2: "Principal": "" is not a principal; a deny for everyone is "*"`,
			func(t *testing.T, d *policy.Document) {
				at(t, d, 2, "DenyUnEncryptedObjectUploads").Principal = policy.Everyone()
			}},
		{"replacePlaceholderKey", "mistake 4: arn:aws:kms:region:account:key/key-id is a placeholder, not a key ARN",
			func(t *testing.T, d *policy.Document) {
				s := at(t, d, 2, "DenyUnEncryptedObjectUploads")
				s.Condition["StringNotEquals"]["s3:x-amz-server-side-encryption-aws-kms-key-id"] = iampolicy.NewConditionValueString(true, fixtureKey)
			}},
		{"fixSidSpelling", "mistake 7: AWS and 004 spell it DenyUnencryptedObjectUploads",
			func(t *testing.T, d *policy.Document) {
				at(t, d, 2, "DenyUnEncryptedObjectUploads").Sid = bucket.SidDenyUnencrypted
			}},
		{"splitCombinedDeny", "mistake 3: both keys under one StringNotEquals are ANDed, so an upload with the wrong KMS key is not denied; one statement per key (as in 004)",
			func(t *testing.T, d *policy.Document) {
				s := at(t, d, 2, bucket.SidDenyUnencrypted)
				wrongKey := *s
				wrongKey.Sid = bucket.SidDenyWrongKey
				wrongKey.Condition = policy.Conditions{}.With("StringNotEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", fixtureKey)
				s.Condition = policy.Conditions{}.With("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms")
				d.Statements = append(d.Statements, wrongKey)
			}},
		{"spareDigestFiles", "mistake 8: digest files are SSE-S3, so the denies apply to log files only (AWSLogs/*/CloudTrail/*)",
			func(t *testing.T, d *policy.Document) {
				at(t, d, 2, bucket.SidDenyUnencrypted).Resource = policy.Strings("arn:aws:s3:::my-bucket/AWSLogs/*/CloudTrail/*")
				at(t, d, 3, bucket.SidDenyWrongKey).Resource = policy.Strings("arn:aws:s3:::my-bucket/AWSLogs/*/CloudTrail/*")
			}},
		insightsPatch(2, 3, "my-bucket"),
	}
}

// insightsPatch covers Insights events files with the two encryption
// denies at statements unencrypted and wrongKey, as the library does: the
// published documents deny on log files only, so an Insights file uploaded
// with another key, or without SSE-KMS, gets through.
func insightsPatch(unencrypted, wrongKey int, bucketName string) patch {
	return patch{"coverInsightsFiles", "not a typo but a gap: CloudTrail delivers Insights events to the CloudTrail-Insight folder, encrypted like the log files, and the denies must cover it too (AWSLogs/*/CloudTrail-Insight/*)",
		func(t *testing.T, d *policy.Document) {
			for _, i := range []int{unencrypted, wrongKey} {
				sid := bucket.SidDenyUnencrypted
				if i == wrongKey {
					sid = bucket.SidDenyWrongKey
				}
				s := at(t, d, i, sid)
				s.Resource = policy.List(append(s.Resource.Values(), "arn:aws:s3:::"+bucketName+"/AWSLogs/*/CloudTrail-Insight/*")...)
			}
		}}
}

// config000 reproduces 000: one account, a KMS key, no aws:SourceArn and no
// TLS deny (the document has neither), Sids without a date.
func config000() setup {
	return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "my-bucket", KMSKeyARN: fixtureKey, Accounts: []string{"111111111111"}},
		Config: bucket.Config{Options: bucket.Options{AllowAnySourceTrail: true, AllowInsecureTransport: true}}}
}

func TestDocument000(t *testing.T) {
	doc := fixture(t, "000-bucket-policy.json")
	if err := doc.Validate(); !errors.Is(err, policy.ErrPrincipal) {
		t.Errorf("published 000 should fail validation for its empty Principal, got %v", err)
	}
	applyPatches(t, doc, patches000())
	golden.Compare(t, doc, mustBuild(t, config000()))
}

// TestDocument000DenyShapeIsNotOurs shows why the combined deny is wrong and
// that Build does not emit it: with only the typos fixed, 000's deny lets an
// upload with the wrong KMS key through; Build's policy denies it.
func TestDocument000DenyShapeIsNotOurs(t *testing.T) {
	published := fixture(t, "000-bucket-policy.json")
	var typosOnly []patch
	for _, p := range patches000() {
		switch p.name {
		case "restoreLostWildcard", "scopeWriteToAccountPath", "fixEmptyPrincipal", "replacePlaceholderKey":
			typosOnly = append(typosOnly, p)
		}
	}
	applyPatches(t, published, typosOnly)
	ours := mustBuild(t, config000())

	obj := "arn:aws:s3:::my-bucket/AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/f.json.gz"
	trail := "arn:aws:cloudtrail:us-east-1:111111111111:trail/t"
	wrongKey := putLog(obj, trail, "aws:kms", "arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	if got := decide(t, published, wrongKey); got != allowed {
		t.Errorf("000 with typos fixed: wrong-key upload %s; the test expects the published combined deny to miss it", got)
	}
	if got := decide(t, ours, wrongKey); got != denied {
		t.Errorf("Build: wrong-key upload %s, want Deny", got)
	}
	for _, sse := range []string{"AES256", ""} {
		if got := decide(t, ours, putLog(obj, trail, sse, "")); got != denied {
			t.Errorf("Build: upload with SSE %q: %s, want Deny", sse, got)
		}
	}

	combined := published.Canonical().Statements
	for _, s := range ours.Canonical().Statements {
		for _, c := range combined {
			if c.Effect == "Deny" && len(c.Condition["StringNotEquals"]) == 2 && equalJSON(s, c) {
				t.Errorf("Build emits 000's combined deny %s", s.Sid)
			}
		}
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestDocument001(t *testing.T) {
	doc := fixture(t, "001-legacy-bucket-policy.json")
	// No corrections: the document is valid for what it is, a 2014 policy
	// with eight legacy regional principals (eu-central-1 and every later
	// Region missing, PROVENANCE mistake 2). It is reproduced with options;
	// the default (service principal) fixes what it lacks.
	cfg := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "my-cloudtrail-logs", Accounts: []string{"123456789012", "999988887777"}},
		Config: bucket.Config{Options: bucket.Options{AllowAnySourceTrail: true, AllowInsecureTransport: true, SidSuffix: "20131101",
			LegacyPrincipalRegions: []string{"ap-southeast-1", "eu-west-1", "sa-east-1", "ap-northeast-1", "us-east-1", "us-west-1", "ap-southeast-2", "us-west-2"}}}}
	golden.Compare(t, doc, mustBuild(t, cfg))
}

func TestDocument002(t *testing.T) {
	doc := fixture(t, "002-organization-bucket-policy.json")
	if err := doc.Validate(); !errors.Is(err, policy.ErrSid) {
		t.Errorf("published 002 should fail validation for its duplicate Sid, got %v", err)
	}
	applyPatches(t, doc, []patch{
		{"fixTenDigitAccount", "mistake 1: 1111111111 has 10 digits; the prose's management account is 111111111111",
			func(t *testing.T, d *policy.Document) {
				at(t, d, 1, "AWSCloudTrailWrite20150319").Resource = policy.Strings("arn:aws:s3:::gov-my-cloudtrail/AWSLogs/111111111111/*")
			}},
		{"renameDuplicateSid", "mistake 2: Sids must be unique; AWS renamed this one AWSCloudTrailOrganizationWrite20150319 in 2022",
			func(t *testing.T, d *policy.Document) {
				at(t, d, 2, "AWSCloudTrailWrite20150319").Sid = bucket.SidOrganizationWrite + "20150319"
			}},
		{"replacePlaceholderOrgID", "mistake 3: o-YOUR-ORGANIZATIONS-ID is not an organization ID; use o-exampleorgid",
			func(t *testing.T, d *policy.Document) {
				at(t, d, 2, bucket.SidOrganizationWrite+"20150319").Resource = policy.Strings("arn:aws:s3:::gov-my-cloudtrail/AWSLogs/o-exampleorgid/*")
			}},
	})
	cfg := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "gov-my-cloudtrail", Organization: &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"}},
		Config: bucket.Config{Options: bucket.Options{AllowAnySourceTrail: true, AllowInsecureTransport: true, SidSuffix: "20150319"}}}
	golden.Compare(t, doc, mustBuild(t, cfg))
}

func TestDocument003(t *testing.T) {
	doc := fixture(t, "003-multi-account-bucket-policy.json")
	applyPatches(t, doc, []patch{
		{"lowerCaseBucket", "mistake 1: myBucketName is not a valid bucket name (upper case); Build refuses it, so use mybucketname",
			func(t *testing.T, d *policy.Document) {
				for i := range d.Statements {
					var out []string
					for _, r := range d.Statements[i].Resource.Values() {
						out = append(out, strings.Replace(r, "myBucketName", "mybucketname", 1))
					}
					d.Statements[i].Resource = policy.Strings(out...)
				}
			}},
	})
	cfg := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "mybucketname", Accounts: []string{"111111111111", "222222222222"}},
		Config: bucket.Config{Options: bucket.Options{AllowAnySourceTrail: true, AllowInsecureTransport: true, SidSuffix: "20131101"}}}
	golden.Compare(t, doc, mustBuild(t, cfg))

	// The same accounts with the defaults is a different, safer policy: a
	// write statement per account, each with its own path and its own
	// trails, and the TLS deny.
	modern := mustBuild(t, setup{SiteConfig: cfg.SiteConfig})
	if equalJSON(modern.Canonical(), doc.Canonical()) {
		t.Errorf("the default policy should add aws:SourceArn and the TLS deny to 003's form")
	}
	for _, a := range cfg.Accounts {
		s := statement(t, modern, bucket.SidWrite+a)
		if diff := cmp.Diff([]string{"arn:aws:s3:::mybucketname/AWSLogs/" + a + "/*"}, s.Resource.Values()); diff != "" {
			t.Errorf("%s resource (-want +got):\n%s", s.Sid, diff)
		}
		if diff := cmp.Diff([]string{"arn:aws:cloudtrail:*:" + a + ":trail/*"}, conditions(s)["StringLike"]["aws:SourceArn"]); diff != "" {
			t.Errorf("%s aws:SourceArn (-want +got):\n%s", s.Sid, diff)
		}
	}
}

func TestDocument004(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "documents", "004-deny-statements.json"))
	if err != nil {
		t.Fatal(err)
	}
	var stmts []iampolicy.Statement // 004 is two statements, not a policy
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&stmts); err != nil {
		t.Fatalf("decode 004: %v", err)
	}
	doc := policy.New(policy.KindBucketPolicy, stmts...)
	const bucketName = "sra-org-trail-logs-222222222222-us-east-1"
	applyPatches(t, doc, []patch{
		{"replaceBucketPlaceholders", "mistake 2: the two statements name the one bucket with different <placeholders>; use " + bucketName,
			func(t *testing.T, d *policy.Document) {
				for i, sid := range []string{bucket.SidDenyUnencrypted, bucket.SidDenyWrongKey} {
					at(t, d, i, sid).Resource = policy.Strings("arn:aws:s3:::" + bucketName + "/*")
				}
			}},
		{"replaceKeyPlaceholder", "mistake 3: <bucket_encryption_key_arn> is a placeholder",
			func(t *testing.T, d *policy.Document) {
				at(t, d, 1, bucket.SidDenyWrongKey).Condition = policy.Conditions{}.With("StringNotEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", keyARN)
			}},
		{"spareDigestFiles", "mistake 5: digest files are SSE-S3; a bucket-wide must-be-aws:kms deny would stop them, so deny on log files only",
			func(t *testing.T, d *policy.Document) {
				for i, sid := range []string{bucket.SidDenyUnencrypted, bucket.SidDenyWrongKey} {
					at(t, d, i, sid).Resource = policy.Strings("arn:aws:s3:::" + bucketName + "/AWSLogs/*/CloudTrail/*")
				}
			}},
		insightsPatch(0, 1, bucketName),
	})
	built := mustBuild(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: bucketName, KMSKeyARN: keyARN, BucketRegion: "us-east-1", Organization: org()}})
	matching := policy.New(policy.KindBucketPolicy,
		statement(t, built, bucket.SidDenyUnencrypted), statement(t, built, bucket.SidDenyWrongKey))
	golden.Compare(t, doc, matching)
}
