package audit_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// The published documents of the source documents (each package's
// testdata/documents, see each PROVENANCE.md) put in place of the setup's
// own document of their kind. As in internal/properties, only the
// placeholders and typos that keep a document from being read are patched,
// each with its reason; the mistakes stay, and the audit must find them.

const (
	acctA = "111111111111"
	acctB = "222222222222"
	acctC = "333333333333"
)

var seedKey = policy.KeyARN(policy.PartitionAWS, "us-east-1", acctA, "1234abcd-12ab-34cd-56ef-1234567890ab")

// fixture reads a published document and applies the replacements
// (from, to pairs), each of which must occur.
func fixture(t *testing.T, kind policy.Kind, path string, pairs ...string) *policy.Document {
	t.Helper()
	d := golden.Fixture(t, kind, "../"+path)
	if len(pairs) == 0 {
		return d
	}
	b, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%s: %q not found", path, pairs[i])
		}
		s = strings.ReplaceAll(s, pairs[i], pairs[i+1])
	}
	out, err := policy.Decode(kind, []byte(s))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// publishedCase is a setup, a published document in place of its own, and
// the properties the audit must find failing.
type publishedCase struct {
	name  string
	setup trailpolicy.Setup
	put   func(t *testing.T, d *audit.Deployed)
	fails []string
}

func publishedCases() []publishedCase {
	vendor := &trust.Vendor{Account: "888888888888", ExternalID: "vendor-assigned-4242"}
	return []publishedCase{{
		// 000_9393c8efe2ee63f7.txt's bucket policy, for one account whose
		// key and bucket my-bucket it owns (as internal/properties).
		name: "000-bucket-policy",
		setup: trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "my-bucket", LogArchiveAccount: acctA, Accounts: []string{acctA}, KMSKeyARN: seedKey,
			BreakGlassRoles: []string{policy.RoleARN(policy.PartitionAWS, acctA, "BreakGlass")}}, Vendor: vendor},
		put: func(t *testing.T, d *audit.Deployed) {
			doc := fixture(t, policy.KindBucketPolicy, "bucket/testdata/documents/000-bucket-policy.json",
				// PROVENANCE 4: a placeholder for the setup's key.
				"arn:aws:kms:region:account:key/key-id", seedKey,
				// PROVENANCE 1: the lost "*" hides what the write statement does.
				`"Resource": "arn:aws:s3:::my-bucket/"`, `"Resource": "arn:aws:s3:::my-bucket/*"`)
			// PROVENANCE 2: "Principal": "" cannot be evaluated; a deny for everyone is "*".
			doc.Statements[2].Principal = policy.Everyone()
			d.BucketPolicy = doc
		},
		fails: []string{audit.PropTrailWritesDigests, audit.PropOnlyDeliveringTrail, audit.PropTLS, audit.PropRightKey},
	}, {
		// 000_9393c8efe2ee63f7.txt's key policy: A, B and C deliver, the key
		// is A's; placeholders mapped as in kmskey's tests.
		name: "000-key-policy",
		setup: trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "my-bucket", LogArchiveAccount: acctA, Accounts: []string{acctA, acctB, acctC}, KMSKeyARN: seedKey,
			BreakGlassRoles: []string{policy.RoleARN(policy.PartitionAWS, acctA, "BreakGlass")}}, Vendor: vendor},
		put: func(t *testing.T, d *audit.Deployed) {
			d.KeyPolicy = fixture(t, policy.KindKeyPolicy, "kmskey/testdata/documents/000-key-policy.json",
				"arn:aws:iam::aws-account-id-A:user/username", "arn:aws:iam::"+acctA+":user/cloudtrail-admin",
				"arn:aws:iam::aws-account-id-A:role/rolename", "arn:aws:iam::"+acctA+":role/KeyAdministrator",
				"aws-account-id-A", acctA, "aws-account-id-B", acctB, "aws-account-id-C", acctC)
		},
		// B decrypts C's logs. (The vendor's role is not in the published
		// policy, but its own read policy allows kms:Decrypt, and the root
		// statement delegates to the key account's IAM.)
		fails: []string{audit.PropOnlyIntendedDecrypt},
	}, {
		// 002_74df2a9a5e86bcde.txt: the organization trail of 111111111111
		// delivers to gov-my-cloudtrail in 222222222222, whose SCP is this.
		name: "002-anti-deletion-scp",
		setup: trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "gov-my-cloudtrail", LogArchiveAccount: acctB,
			Organization:    &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: acctA},
			BreakGlassRoles: []string{policy.RoleARN(policy.PartitionAWS, acctB, "BreakGlass")}}, Vendor: vendor},
		put: func(t *testing.T, d *audit.Deployed) {
			// PROVENANCE 2: YOUR-BUCKET is the prose's gov-my-cloudtrail.
			d.SCPs = []*policy.Document{fixture(t, policy.KindSCP, "scp/testdata/documents/002-anti-deletion-scp.json", "YOUR-BUCKET", "gov-my-cloudtrail")}
			// The source deploys no RCP; the setup's own would protect the
			// objects that the published SCP leaves open.
			d.RCPs = nil
		},
		fails: []string{audit.PropNoTampering},
	}}
}

// auditCase builds the setup's documents, lets put replace some, and audits.
func auditCase(t *testing.T, s trailpolicy.Setup, put func(t *testing.T, d *audit.Deployed)) *audit.Report {
	t.Helper()
	in, b, err := audit.IntentOf(s)
	if err != nil {
		t.Fatal(err)
	}
	d, err := audit.FromBundle(b)
	if err != nil {
		t.Fatal(err)
	}
	if put != nil {
		put(t, &d)
	}
	rep, err := audit.Check(in, d)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func failing(rep *audit.Report) []string {
	var out []string
	for _, r := range rep.Results {
		if r.Status != audit.Pass {
			out = append(out, r.Property)
		}
	}
	sort.Strings(out)
	return out
}

// TestPublishedDocuments: the audit reports each published document's
// known failures, with counterexamples (testdata/<case>.golden.json), and
// nothing else; the setup's own documents pass.
func TestPublishedDocuments(t *testing.T) {
	for _, pc := range publishedCases() {
		t.Run(pc.name, func(t *testing.T) {
			if testing.Short() && pc.name != "002-anti-deletion-scp" {
				t.Skip("the published bucket and key policies run without -short")
			}
			rep := auditCase(t, pc.setup, pc.put)
			want := append([]string(nil), pc.fails...)
			sort.Strings(want)
			if diff := cmp.Diff(want, failing(rep)); diff != "" {
				t.Errorf("failing properties (-want +got):\n%s", diff)
			}
			for _, r := range rep.Results {
				if r.Status == audit.Fail && (r.Counterexample == nil || r.Counterexample.Reason == "") {
					t.Errorf("%s fails without a counterexample and its reason: %+v", r.Property, r.Counterexample)
				}
			}
			compareGolden(t, "testdata/"+pc.name+".golden.json", rep)
		})
	}
}

// compareGolden compares the report with the golden file as JSON values,
// or rewrites it with -update.
func compareGolden(t *testing.T, path string, rep *audit.Report) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err == nil && !updating() {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var want, got any
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s differs (-want +got):\n%s", path, diff)
		}
		return
	}
	golden.Bytes(t, path, buf.Bytes())
}

func updating() bool {
	for _, a := range os.Args {
		if a == "-update" || a == "-update=true" || a == "--update" {
			return true
		}
	}
	return false
}

// clone copies d by rendering and decoding it.
func clone(t *testing.T, d *policy.Document) *policy.Document {
	t.Helper()
	b, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	out, err := policy.Decode(d.Kind, b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMutationsCaught: the mutations the issue names, made to the setup's
// own documents, each make exactly the property they break fail.
func TestMutationsCaught(t *testing.T) {
	base := loadSetup(t, "../cmd/trailpolicy/testdata/compat/setups/example-corp.yaml")
	stmt := func(t *testing.T, d *policy.Document, sid string) *iampolicy.Statement {
		t.Helper()
		for i := range d.Statements {
			if d.Statements[i].Sid == sid {
				return &d.Statements[i]
			}
		}
		t.Fatalf("no statement %s", sid)
		return nil
	}
	cases := []struct {
		name   string
		reason string
		put    func(t *testing.T, d *audit.Deployed)
		fails  []string
	}{{
		name:   "drop aws:SourceArn",
		reason: "without it any account's trail writes under the first account's path",
		put: func(t *testing.T, d *audit.Deployed) {
			delete(stmt(t, d.BucketPolicy, "AWSCloudTrailWrite123456789012").Condition, "StringLike")
		},
		fails: []string{audit.PropOnlyDeliveringTrail},
	}, {
		name:   "merge the two encryption denies",
		reason: "keys of one operator are ANDed, so an upload under another key is no longer denied (the 000 mistake)",
		put: func(t *testing.T, d *audit.Deployed) {
			wrong := stmt(t, d.BucketPolicy, "DenyWrongKMSKey")
			un := stmt(t, d.BucketPolicy, "DenyUnencryptedObjectUploads")
			for k, v := range wrong.Condition["StringNotEquals"] {
				un.Condition["StringNotEquals"][k] = v
			}
			var kept []iampolicy.Statement
			for _, s := range d.BucketPolicy.Statements {
				if s.Sid != "DenyWrongKMSKey" {
					kept = append(kept, s)
				}
			}
			d.BucketPolicy = policy.New(policy.KindBucketPolicy, kept...)
		},
		fails: []string{audit.PropRightKey},
	}, {
		name:   "widen a reader",
		reason: "the readers' decrypt statement granted to every AWS principal: any account may decrypt every delivered log file",
		put: func(t *testing.T, d *audit.Deployed) {
			d.KeyPolicy = clone(t, d.KeyPolicy)
			stmt(t, d.KeyPolicy, "AllowReadersToDecryptLogFiles").Principal = policy.AWSPrincipal("*")
		},
		fails: []string{audit.PropOnlyIntendedDecrypt},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && tc.name != "widen a reader" {
				t.Skip("the bucket policy mutations run without -short")
			}
			rep := auditCase(t, base, func(t *testing.T, d *audit.Deployed) {
				d.BucketPolicy = clone(t, d.BucketPolicy)
				tc.put(t, d)
			})
			if diff := cmp.Diff(tc.fails, failing(rep)); diff != "" {
				t.Errorf("%s (%s): failing properties (-want +got):\n%s", tc.name, tc.reason, diff)
			}
			for _, r := range rep.Results {
				if r.Status == audit.Fail {
					t.Logf("%s: %s", r.Property, fmt.Sprint(describe(r)))
				}
			}
		})
	}
}
