package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/internal/golden"
)

// seed000Setup is the setup 000_9393c8efe2ee63f7.txt's key policy describes:
// accounts A, B and C deliver, the key and the bucket are A's.
const seed000Setup = `bucket: my-bucket
logArchiveAccount: "111111111111"
accounts: ["111111111111", "222222222222", "333333333333"]
kmsKeyArn: arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab
breakGlassRoles: ["arn:aws:iam::111111111111:role/BreakGlass"]
vendor:
  account: "888888888888"
  externalId: vendor-assigned-4242
`

// printed writes the setup's document name to a file and returns its path.
func printed(t *testing.T, cfg, name string) string {
	t.Helper()
	code, out, errs := runCmd("-config", cfg, name)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", name, code, errs)
	}
	return writeFile(t, name+".json", out)
}

// TestAuditPublishedKeyPolicy: the published key policy of 000, given as
// aws kms get-key-policy prints it, beside the setup's other documents:
// account B decrypts account C's logs, and audit says so with the
// counterexample and the statement that allows it.
func TestAuditPublishedKeyPolicy(t *testing.T) {
	if testing.Short() {
		t.Skip("three delivering accounts: runs without -short")
	}
	cfg := writeFile(t, "setup.yaml", seed000Setup)
	raw, err := os.ReadFile("../../kmskey/testdata/documents/000-key-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	// The placeholders, as the kmskey and audit tests map them.
	doc := strings.NewReplacer("arn:aws:iam::aws-account-id-A:user/username", "arn:aws:iam::111111111111:user/cloudtrail-admin",
		"arn:aws:iam::aws-account-id-A:role/rolename", "arn:aws:iam::111111111111:role/KeyAdministrator",
		"aws-account-id-A", "111111111111", "aws-account-id-B", "222222222222", "aws-account-id-C", "333333333333").Replace(string(raw))
	wrapped, _ := json.Marshal(map[string]string{"Policy": doc, "PolicyName": "default"})
	key := writeFile(t, "key-policy.json", string(wrapped))
	args := []string{"audit", "-config", cfg, "-key-policy", key}
	for _, name := range []string{"bucket-policy", "vendor-trust-policy", "vendor-read-policy", "scp"} {
		args = append(args, "-"+name, printed(t, cfg, name))
	}
	code, out, errs := runCmd(args...)
	if code != exitInvalid || errs != "" {
		t.Fatalf("exit %d, want 1; stderr %q", code, errs)
	}
	golden.Bytes(t, filepath.Join("testdata", "audit", "000-key-policy.golden.txt"), []byte(out))
	for _, want := range []string{"FAIL    kms/only-intended-decrypt",
		"kms:EncryptionContext:aws:cloudtrail:arn=arn:aws:cloudtrail::333333333333:trail/",
		"kms:CallerAccount=222222222222",
		"decided by key-policy: Statement[4] (Enable cross account log decryption) Allow"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
}

// TestAuditOwnDocuments: the setup's own documents pass, in text and JSON;
// leaving one out is MISSING (exit 1).
func TestAuditOwnDocuments(t *testing.T) {
	cfg := writeFile(t, "setup.json", `{"bucket": "logs-bucket", "partition": "aws-cn", "logArchiveAccount": "123456789012", "accounts": ["123456789012"]}`)
	bp := printed(t, cfg, "bucket-policy")
	scp := printed(t, cfg, "scp")
	code, out, errs := runCmd("audit", "-config", cfg, "-bucket-policy", bp, "-scp", scp)
	if code != exitOK || errs != "" || strings.Contains(out, "FAIL") || !strings.Contains(out, "PASS    tamper/only-break-glass") {
		t.Fatalf("exit %d, stderr %q:\n%s", code, errs, out)
	}
	code, out, _ = runCmd("audit", "-config", cfg, "-bucket-policy", bp, "-format", "json")
	var rep struct {
		Version int      `json:"version"`
		Passed  bool     `json:"passed"`
		Missing []string `json:"missing"`
		Results []struct {
			Property, Status string
			Missing          []string
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	last := rep.Results[len(rep.Results)-1]
	if code != exitInvalid || rep.Version != 1 || rep.Passed || len(rep.Missing) != 1 || rep.Missing[0] != "scp" ||
		last.Property != "tamper/only-break-glass" || last.Status != "MISSING" {
		t.Errorf("without the SCP: exit %d, %+v", code, rep)
	}
}

// TestAuditBadInput: usage errors and refused files exit 2, naming what is
// wrong.
func TestAuditBadInput(t *testing.T) {
	cfg := writeFile(t, "setup.json", `{"bucket": "logs-bucket", "logArchiveAccount": "123456789012", "accounts": ["123456789012"]}`)
	bp := printed(t, cfg, "bucket-policy")
	multi := writeFile(t, "multi.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
		"Resource": "arn:aws:s3:::logs-bucket/*", "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": "x*"}}}]}`)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"format", []string{"-format", "xml", "-bucket-policy", bp}, "-format"},
		{"argument", []string{"-bucket-policy", bp, "extra"}, "no arguments"},
		{"unreadable", []string{"-bucket-policy", filepath.Join(t.TempDir(), "none.json")}, "none.json"},
		{"wrong kind", []string{"-key-policy", bp}, "bucket policy"},
		{"outside the fragment", []string{"-bucket-policy", multi}, `bucket-policy.Statement[0].Condition.ForAnyValue:StringLike["aws:TagKeys"]`},
		{"reader flag", []string{"-reader-policy", "nofile"}, "ROLE=FILE"},
		{"invalid setup", []string{"-accounts", "1234"}, "accounts[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCmd(append([]string{"audit", "-config", cfg}, tc.args...)...)
			if code != exitUsage || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, want 2, with %q in stderr:\n%s", code, tc.want, errs)
			}
		})
	}
}

// TestAuditReadmeWalkthrough: the README's walk-through is what the command
// prints for example-corp.yaml with the two encryption denies merged.
func TestAuditReadmeWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("runs without -short")
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := readmeBlock(t, string(data), "From the deployed bucket to a verdict")
	_, want, ok := strings.Cut(block, "-scp scp.json\n")
	want, _, ok2 := strings.Cut(want, "exit status 1\n")
	if !ok || !ok2 {
		t.Fatalf("the walk-through's block has no output between the command and its exit status:\n%s", block)
	}
	cfg := filepath.Join("..", "..", "examples", "example-corp.yaml")
	_, bp, _ := runCmd("-config", cfg, "bucket-policy")
	var doc struct {
		Version   string
		Statement []map[string]any
	}
	if err := json.Unmarshal([]byte(bp), &doc); err != nil {
		t.Fatal(err)
	}
	var kept []map[string]any
	var merged map[string]any
	for _, s := range doc.Statement {
		switch s["Sid"] {
		case "DenyUnencryptedObjectUploads":
			merged = s
		case "DenyWrongKMSKey":
			for k, v := range s["Condition"].(map[string]any)["StringNotEquals"].(map[string]any) {
				merged["Condition"].(map[string]any)["StringNotEquals"].(map[string]any)[k] = v
			}
			continue
		}
		kept = append(kept, s)
	}
	doc.Statement = kept
	inner, _ := json.Marshal(doc)
	wrapped, _ := json.Marshal(map[string]string{"Policy": string(inner)})
	args := []string{"audit", "-config", cfg, "-bucket-policy", writeFile(t, "bucket.json", string(wrapped))}
	for _, name := range []string{"key-policy", "vendor-trust-policy", "vendor-read-policy"} {
		args = append(args, "-"+name, printed(t, cfg, name))
	}
	// The SCP as aws organizations describe-policy prints it.
	_, scp, _ := runCmd("-config", cfg, "scp")
	args = append(args, "-scp", writeFile(t, "scp.json", describePolicy(scp, "SERVICE_CONTROL_POLICY")))
	code, got, errs := runCmd(args...)
	if code != exitInvalid || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if got != want {
		t.Errorf("the README's walk-through differs from the output (-want +got):\n%s", cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")))
	}
}

// TestCheckBatchAndFiles: check answers each line of -requests, and asks a
// deployed document given by file in place of the setup's.
func TestCheckBatchAndFiles(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	log := "arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/CloudTrail/us-east-1/2014/07/31/x.json.gz"
	reqs := writeFile(t, "requests.jsonl", `{"principal": "arn:aws:sts::123456789012:assumed-role/CloudTrailAccessForAnyCompany/s", "action": "s3:GetObject", "resource": "`+log+`", "context": {"aws:SecureTransport": ["true"]}}

{"principal": "arn:aws:iam::123456789012:role/Admin", "action": "s3:DeleteObject", "resource": "`+log+`"}
`)
	code, out, errs := runCmd("check", "-config", cfg, "-requests", reqs)
	want := "arn:aws:sts::123456789012:assumed-role/CloudTrailAccessForAnyCompany/s s3:GetObject " + log + ": Allow\n" +
		"  reason: same account: allowed by an identity policy\n" +
		"  derived context: aws:PrincipalAccount=123456789012, aws:PrincipalArn=arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany, aws:PrincipalIsAWSService=false\n" +
		"  decided by vendor-read-policy: Statement[1] (ReadCloudTrailLogFiles) Allow\n" +
		"arn:aws:iam::123456789012:role/Admin s3:DeleteObject " + log + ": ExplicitDeny\n" +
		"  reason: explicitly denied by scp[0].Statement[0] (DenyLogBucketTampering)\n" +
		"  derived context: aws:PrincipalAccount=123456789012, aws:PrincipalArn=arn:aws:iam::123456789012:role/Admin, aws:PrincipalIsAWSService=false\n" +
		"  decided by scp: Statement[0] (DenyLogBucketTampering) Deny\n"
	if code != exitInvalid || errs != "" || out != want {
		t.Errorf("exit %d (want 1), stderr %q, stdout (-want +got):\n%s", code, errs, cmp.Diff(strings.Split(want, "\n"), strings.Split(out, "\n")))
	}

	// The same DeleteObject under an SCP given by file that denies nothing
	// of S3: the admin's AdministratorAccess is not given, so no identity
	// policy allows it.
	scp := writeFile(t, "scp.json", `{"Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"ec2:*\", \"Resource\": \"*\"}]}"}`)
	code, out, _ = runCmd("check", "-config", cfg, "-scp", scp, "-format", "json", "-principal", "arn:aws:iam::123456789012:role/Admin",
		"-action", "s3:DeleteObject", "-resource", log)
	if code != exitInvalid || !strings.Contains(out, `"decision": "ImplicitDeny"`) {
		t.Errorf("with the SCP file: exit %d:\n%s", code, out)
	}

	// Bad lines: every one named, nothing printed, exit 2.
	bad := writeFile(t, "bad.jsonl", `{"principal": "anonymous", "action": "s3:GetObject"}
{"principal": "anonymous", "action": "s3:GetObject", "resource": "`+log+`", "extra": 1}
not json
`)
	code, out, errs = runCmd("check", "-config", cfg, "-requests", bad)
	for _, w := range []string{"bad.jsonl: line 1: a request needs", "bad.jsonl: line 2: not a request", "bad.jsonl: line 3: not a request"} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}
	if code != exitUsage || out != "" {
		t.Errorf("bad lines: exit %d, stdout %q", code, out)
	}
	if code, _, errs := runCmd("check", "-config", cfg, "-requests", reqs, "-action", "s3:GetObject"); code != exitUsage || !strings.Contains(errs, "either -requests") {
		t.Errorf("-requests with -action: exit %d, %s", code, errs)
	}
}
