package audit_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/policy"
)

// TestAccountPathVariable: the documents of the compact account shape
// (bucketPolicy and keyPolicy accountPathVariable), whose values hold
// ${aws:SourceAccount} and ${kms:CallerAccount}, are audited, every property
// holds, and each way of breaking the shape's isolation is caught by the
// property it breaks.
func TestAccountPathVariable(t *testing.T) {
	s := loadSetup(t, filepath.Join("..", "cmd", "trailpolicy", "testdata", "compat", "setups", "example-corp.yaml"))
	s.BucketPolicy.AccountPathVariable, s.KeyPolicy.AccountPathVariable = true, true
	rep := auditCase(t, s, func(t *testing.T, d *audit.Deployed) {
		for _, doc := range []*policy.Document{d.BucketPolicy, d.KeyPolicy} {
			js, _ := doc.JSON()
			if !strings.Contains(string(js), "${aws:SourceAccount}") {
				t.Fatalf("the setup's %s has no account variable:\n%s", doc.Kind, js)
			}
		}
	})
	for _, r := range rep.Results {
		if r.Status != audit.Pass {
			t.Errorf("%s: %s: %s", r.Property, r.Status, describe(r))
		}
	}

	// Each mutation edits one statement (by Sid) of one document, as JSON.
	mutations := []struct {
		name, doc, sid string
		edit           func(st map[string]any)
		fails          string // the property that must fail
	}{
		{"no aws:SourceAccount list: any account's trail writes under its own AWSLogs/<id>/", "bucket", "AWSCloudTrailWrite",
			func(st map[string]any) { delete(cond(st, "StringEquals"), "aws:SourceAccount") }, audit.PropOnlyDeliveringTrail},
		{"Resource AWSLogs/*/: a trail writes under another account's path", "bucket", "AWSCloudTrailWrite",
			func(st map[string]any) { st["Resource"] = replaceVar(st["Resource"], "${aws:SourceAccount}", "*") }, audit.PropOnlyDeliveringTrail},
		{"Resource keyed by ${aws:PrincipalAccount}, which CloudTrail's requests lack", "bucket", "AWSCloudTrailWrite",
			func(st map[string]any) {
				st["Resource"] = replaceVar(st["Resource"], "${aws:SourceAccount}", "${aws:PrincipalAccount}")
			}, audit.PropTrailWritesLogs},
		{"one delivering account dropped from the list", "bucket", "AWSCloudTrailWrite",
			func(st map[string]any) { cond(st, "StringEquals")["aws:SourceAccount"] = "123456789012" }, audit.PropTrailWritesLogs},
		{"decrypt context arn:…:*:trail/*: an account decrypts another's logs", "key", "AllowAccountsToDecryptOwnLogFiles",
			func(st map[string]any) {
				c := cond(st, "StringLike")
				c["kms:EncryptionContext:aws:cloudtrail:arn"] = replaceVar(c["kms:EncryptionContext:aws:cloudtrail:arn"], "${kms:CallerAccount}", "*")
			}, audit.PropOnlyIntendedDecrypt},
	}
	if testing.Short() {
		return // each mutation is a whole audit, 2 to 3 s here
	}
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			rep := auditCase(t, s, func(t *testing.T, d *audit.Deployed) {
				switch m.doc {
				case "bucket":
					d.BucketPolicy = mutate(t, d.BucketPolicy, m.sid, m.edit)
				case "key":
					d.KeyPolicy = mutate(t, d.KeyPolicy, m.sid, m.edit)
				}
			})
			for _, r := range rep.Results {
				if r.Property == m.fails {
					if r.Status != audit.Fail {
						t.Errorf("%s: %s, want FAIL", r.Property, r.Status)
					} else {
						t.Logf("%s: %s", r.Property, describe(r))
					}
					return
				}
			}
			t.Errorf("no result for %s", m.fails)
		})
	}
}

// mutate returns doc with edit applied to the statement of sid.
func mutate(t *testing.T, doc *policy.Document, sid string, edit func(map[string]any)) *policy.Document {
	t.Helper()
	js, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(js, &v); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, st := range v["Statement"].([]any) {
		if st := st.(map[string]any); st["Sid"] == sid {
			edit(st)
			found = true
		}
	}
	if !found {
		t.Fatalf("no statement %s in the %s", sid, doc.Kind)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	d, err := policy.Decode(doc.Kind, out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return d
}

// cond returns the statement's condition block of op.
func cond(st map[string]any, op string) map[string]any {
	return st["Condition"].(map[string]any)[op].(map[string]any)
}

// replaceVar replaces old by new in a JSON string or list of strings.
func replaceVar(v any, old, new string) any {
	switch v := v.(type) {
	case string:
		return strings.ReplaceAll(v, old, new)
	case []any:
		out := make([]any, len(v))
		for i := range v {
			out[i] = replaceVar(v[i], old, new)
		}
		return out
	}
	return v
}
