package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 9980: "9,980", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestProblemsScreenful: past maxProblems, one line counts the rest.
func TestProblemsScreenful(t *testing.T) {
	var ids []string
	for i := range 50 {
		ids = append(ids, strings.Repeat("1", 11)+string(rune('a'+i%26)))
	}
	code, stdout, stderr := runCmd("-bucket", "example-ct-logs", "-accounts", strings.Join(ids, ","), "bucket-policy")
	if code != exitInvalid || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want %d and nothing", code, stdout, exitInvalid)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) != maxProblems+1 || lines[maxProblems] != "... and 30 more (50 problems in all)" {
		t.Errorf("stderr has %d lines, the last %q; want %d problems and the count", len(lines), lines[len(lines)-1], maxProblems)
	}
}

// TestReadExisting: what the readers of existing policies accept, and the
// one problem of each refusal.
func TestReadExisting(t *testing.T) {
	const doc = `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}`
	wrapped, _ := json.Marshal(map[string]string{"Policy": doc, "PolicyName": "default"})
	tests := []struct {
		name    string
		kind    policy.Kind
		data    string
		wrapper bool
		want    string // the problem; "" for none
		reason  string
	}{
		{"document", policy.KindBucketPolicy, doc, true, "", "a policy document"},
		{"wrapped", policy.KindBucketPolicy, string(wrapped), true, "", "the AWS CLI's output, with PolicyName as get-key-policy prints it"},
		{"single-statement", policy.KindBucketPolicy, strings.Replace(strings.Replace(doc, "[{", "{", 1), "}]", "}", 1), true, "", "a Statement may be one object"},
		{"wrapper-not-taken", policy.KindIdentityPolicy, `{"Policy":"{}"}`, false, "has no Statement: not an identity policy document", "-identity takes documents only"},
		{"duplicate", policy.KindBucketPolicy, strings.Replace(doc, `"Version"`, `"Version":"2008-10-17","Version"`, 1), true, `json: key "Version" is given twice: the second value would silently replace the first`, "a second Version would win"},
		{"case-is-not-duplicate", policy.KindBucketPolicy, strings.Replace(doc, `"Resource"`, `"Condition":{"StringEquals":{"s3:ExistingObjectTag/Env":"a","s3:ExistingObjectTag/env":"b"}},"Resource"`, 1), true, "", "condition keys are map keys: tags differ by case"},
		{"null", policy.KindKeyPolicy, "null", true, "holds null, not a policy document (an object with Version and Statement)", "null is no policy"},
		{"both", policy.KindBucketPolicy, `{"Policy":"{}","Statement":[]}`, true, `holds both the AWS CLI's "Policy" and a policy's "Statement": it is either a policy document or {"Policy": "<document>"}, not both`, "which is the policy?"},
		{"wrong-kind", policy.KindKeyPolicy, doc, true, `Statement[0] ("A"): Action "s3:PutObject" is not a KMS action, so it cannot be part of a key policy; is this a bucket policy or an identity policy?`, "a bucket policy is no key policy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := readExisting(tc.kind, []byte(tc.data), tc.wrapper)
			if tc.want == "" {
				if err != nil || d == nil {
					t.Fatalf("readExisting: %v (%s)", err, tc.reason)
				}
				return
			}
			if err == nil {
				t.Fatalf("readExisting accepts it; want %q (%s)", tc.want, tc.reason)
			}
			if d != nil {
				t.Errorf("a document came back with the error")
			}
			if got := policy.Unjoin(err); len(got) != 1 || !strings.HasPrefix(got[0].Error(), tc.want) {
				t.Errorf("problems %q, want one starting %q (%s)", got, tc.want, tc.reason)
			}
		})
	}
}
