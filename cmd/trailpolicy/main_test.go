package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"go.yaml.in/yaml/v3"

	"github.com/trailpolicy/trailpolicy/policy"
)

// exampleCorp is the setup of the AWS blog post's scenario, with a key.
const exampleCorp = `bucket: example-ct-logs
logArchiveAccount: "123456789012"
accounts: ["123456789012", "999988887777"]
kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
vendor:
  account: "998877665544"
  externalId: "8900-544"
  roleName: CloudTrailAccessForAnyCompany
`

const vendorRole = "arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany"

// writeFile writes content into a new file in a test directory.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runCmd runs the command in-process, with nothing on standard input.
func runCmd(args ...string) (code int, stdout, stderr string) {
	return runStdin("", args...)
}

// runStdin runs the command in-process with stdin on standard input.
func runStdin(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	tests := []struct {
		name   string
		args   []string
		stderr string
		reason string
	}{
		{"no-document", []string{"-config", cfg}, "want exactly one <document>", "a document is required"},
		{"two-documents", []string{"-config", cfg, "bucket-policy", "scp"}, "want exactly one <document>", "one document at a time (or all)"},
		{"unknown-document", []string{"-config", cfg, "bucket"}, `unknown document "bucket"`, "names are checked"},
		{"unknown-format", []string{"-config", cfg, "-format", "xml", "all"}, `unknown -format "xml"`, "formats are checked"},
		{"unknown-flag", []string{"-bukcet", "x", "all"}, "flag provided but not defined: -bukcet", "a misspelt flag is refused"},
		{"missing-config", []string{"-config", filepath.Join(t.TempDir(), "nope.yaml"), "all"}, "no such file", "an unreadable file is a usage error"},
		{"diff-args", []string{"diff", "-config", cfg, "bucket-policy"}, "diff wants <document> CURRENT.json", "diff needs the deployed policy"},
		{"diff-all", []string{"diff", "-config", cfg, "all", "x.json"}, `"all" is not one document`, "diff compares one document"},
		{"check-missing", []string{"check", "-config", cfg, "-action", "s3:GetObject"}, "check needs -principal, -action and -resource", "check needs a whole request"},
		{"check-principal", []string{"check", "-config", cfg, "-principal", "bob", "-action", "s3:GetObject", "-resource", "arn:aws:s3:::example-ct-logs/x"}, `-principal "bob" is neither`, "a principal must be an ARN, a service or anonymous"},
		{"flag-twice", []string{"-config", cfg, "-accounts", "123456789012", "-accounts", "999988887777", "bucket-policy"}, "-accounts is given twice", "the second list would drop the first"},
		{"flag-twice-after", []string{"-config", cfg, "bucket-policy", "-format", "json", "-format", "compact"}, "-format is given twice", "flags after the document count too"},
		{"check-context", []string{"check", "-config", cfg, "-principal", "anonymous", "-action", "s3:GetObject", "-resource", "arn:aws:s3:::example-ct-logs/x", "-context", "novalue"}, `-context "novalue" is not key=value`, "context is key=value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (%s); stderr:\n%s", code, exitUsage, tc.reason, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout not empty:\n%s", stdout)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr %q does not contain %q (%s)", stderr, tc.stderr, tc.reason)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"diff", "-h"}, {"check", "-help"}} {
		code, stdout, stderr := runCmd(args...)
		if code != exitOK || stderr != "" {
			t.Errorf("%v: exit %d, stderr %q; want 0 and nothing", args, code, stderr)
		}
		for _, want := range []string{"Usage:", "-config FILE", "-format json", "Exit status", "-accounts IDs", "-external-id value"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("%v: usage lacks %q", args, want)
			}
		}
		if n := strings.Count(stdout, "\n"); n > 90 { // 70, and the document flags of check and audit
			t.Errorf("%v: usage is %d lines; keep -h short", args, n)
		}
	}
}

func TestInvalidSetup(t *testing.T) {
	tests := []struct {
		name   string
		config string
		args   []string
		want   []string // stderr lines, by prefix
		reason string
	}{
		{
			name: "flags", config: exampleCorp,
			args:   []string{"-accounts", "123456789012,12345", "-external-id", "", "all"},
			want:   []string{`accounts[1]: "12345" is not a 12-digit AWS account ID`, `vendor.externalId: "" is empty`},
			reason: "flags override the file; each problem names the setup field",
		},
		{
			name: "misspelt-field", config: exampleCorp + "breakGlassRole: [x]\n",
			args:   []string{"bucket-policy"},
			want:   []string{"setup.yaml: line 9: breakGlassRole: unknown field; did you mean breakGlassRoles?"},
			reason: "an unknown field is refused, not ignored",
		},
		{
			name: "no-key", config: strings.Replace(exampleCorp, "kmsKeyArn:", "#", 1),
			args:   []string{"key-policy"},
			want:   []string{`kmsKeyArn: "" is empty: the setup calls for no key policy`},
			reason: "asking for a document the setup does not call for names the field that would",
		},
		{
			name: "org", config: exampleCorp,
			args:   []string{"-org-id", "o-x", "-management-account", "1", "scp"},
			want:   []string{`organization.id: "o-x"`, `organization.managementAccount: "1"`},
			reason: "the organization flags create the organization",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := writeFile(t, "setup.yaml", tc.config)
			code, stdout, stderr := runCmd(append([]string{"-config", cfg}, tc.args...)...)
			if code != exitInvalid {
				t.Errorf("exit %d, want %d (%s)", code, exitInvalid, tc.reason)
			}
			if stdout != "" {
				t.Errorf("stdout not empty on an invalid setup:\n%s", stdout)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			for i, l := range lines {
				l = strings.TrimPrefix(l, filepath.Dir(cfg)+string(filepath.Separator))
				if i < len(tc.want) && !strings.HasPrefix(l, tc.want[i]) {
					t.Errorf("stderr line %d = %q, want prefix %q (%s)", i, l, tc.want[i], tc.reason)
				}
			}
			if len(lines) != len(tc.want) {
				t.Errorf("stderr has %d lines, want %d:\n%s", len(lines), len(tc.want), stderr)
			}
		})
	}
}

// checkStderrLines fails t unless stderr holds one line for each of want,
// in order, each starting with it (a problem's field and value; the rest of
// its message may change).
func checkStderrLines(t *testing.T, stderr string, want []string, reason string) {
	t.Helper()
	got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if stderr == "" {
		got = nil
	}
	if len(got) != len(want) {
		t.Fatalf("stderr has %d lines, want %d (%s):\n%s", len(got), len(want), reason, stderr)
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("stderr line %d:\n got %s\nwant %s\n(%s)", i+1, got[i], w, reason)
		}
	}
}

// parseOutput checks that data parses in the format and returns the policy
// documents it holds (for JSON) or nil.
func parseOutput(t *testing.T, format, name string, data []byte) {
	t.Helper()
	switch format {
	case "json", "compact", "cloudformation-json":
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s %s: not JSON: %v\n%s", format, name, err, data)
		}
		if format == "cloudformation-json" && name != "key-policy.json" { // the existing key's policy, for put-key-policy
			templates := []any{v}
			if _, ok := v.(map[string]any)["Resources"]; !ok && name == "all" {
				// Templates of several accounts, keyed by account.
				templates = nil
				for _, tpl := range v.(map[string]any) {
					templates = append(templates, tpl)
				}
			}
			for _, tpl := range templates {
				if _, ok := tpl.(map[string]any)["Resources"]; !ok {
					t.Errorf("%s %s: no Resources", format, name)
				}
			}
		}
	case "terraform":
		if _, diags := hclsyntax.ParseConfig(data, name, hcl.InitialPos); diags.HasErrors() {
			t.Fatalf("%s %s: not HCL: %v\n%s", format, name, diags, data)
		}
	case "cloudformation":
		if name == "key-policy.json" {
			return // the existing key's policy, for put-key-policy
		}
		var v map[string]any
		if err := yaml.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s %s: not YAML: %v", format, name, err)
		}
		if _, ok := v["Resources"]; !ok {
			t.Errorf("%s %s: no Resources", format, name)
		}
	}
}

func TestFormats(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	docs := []string{"bucket-policy", "key-policy", "vendor-trust-policy", "vendor-read-policy", "scp", "all"}
	for _, f := range []string{"json", "compact", "terraform", "cloudformation", "cloudformation-json"} {
		for _, d := range docs {
			code, stdout, stderr := runCmd("-config", cfg, "-format", f, d)
			if strings.HasPrefix(f, "cloudformation") && d == "key-policy" {
				// CloudFormation cannot set the policy of the existing key
				// the setup names: no template, and the way to apply it.
				if code != exitInvalid || stdout != "" || !strings.Contains(stderr, "aws kms put-key-policy") {
					t.Errorf("-format %s key-policy of an existing key: exit %d, stdout %q, stderr %q; want 1, nothing, the put-key-policy command", f, code, stdout, stderr)
				}
				continue
			}
			if code != exitOK {
				t.Fatalf("-format %s %s: exit %d: %s", f, d, code, stderr)
			}
			parseOutput(t, f, d, []byte(stdout))
		}
	}
}

// TestJSONDocuments checks that a single document's JSON is the policy
// itself (it decodes and validates) and that all is one object keyed by name.
func TestJSONDocuments(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	kinds := map[string]policy.Kind{
		"bucket-policy": policy.KindBucketPolicy, "key-policy": policy.KindKeyPolicy,
		"vendor-trust-policy": policy.KindTrustPolicy, "vendor-read-policy": policy.KindIdentityPolicy, "scp": policy.KindSCP,
	}
	_, all, _ := runCmd("-config", cfg, "all")
	var byName map[string]json.RawMessage
	if err := json.Unmarshal([]byte(all), &byName); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range byName {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if diff := cmp.Diff([]string{"bucket-policy", "key-policy", "scp", "vendor-read-policy", "vendor-trust-policy"}, keys); diff != "" {
		t.Errorf("all: keys (-want +got):\n%s", diff)
	}
	for name, k := range kinds {
		code, stdout, _ := runCmd("-config", cfg, name)
		if code != 0 {
			t.Fatalf("%s: exit %d", name, code)
		}
		d, err := policy.Decode(k, []byte(stdout))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := d.Validate(); err != nil {
			t.Errorf("%s does not validate: %v", name, err)
		}
		fromAll, err := policy.Decode(k, byName[name])
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(d.Canonical(), fromAll.Canonical()); diff != "" {
			t.Errorf("%s differs in all (-single +all):\n%s", name, diff)
		}
	}
}

func TestOut(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	tests := []struct {
		format string
		doc    string
		files  []string
		reason string
	}{
		{"json", "all", []string{"bucket-policy.json", "key-policy.json", "scp.json", "vendor-read-policy.json", "vendor-trust-policy.json"}, "one file per document"},
		{"compact", "all", []string{"bucket-policy.json", "key-policy.json", "scp.json", "vendor-read-policy.json", "vendor-trust-policy.json"}, "one file per document"},
		{"terraform", "all", []string{"log-archive-account.tf", "management-account.tf", "providers.tf"}, "one file per account that applies resources, and the providers of those accounts"},
		{"cloudformation", "all", []string{"key-policy.json", "log-archive-account.yaml", "management-account.yaml"}, "one template per account; the existing key's policy as JSON for put-key-policy"},
		{"cloudformation-json", "all", []string{"key-policy.json", "log-archive-account.json", "management-account.json"}, "JSON templates"},
		{"terraform", "key-policy", []string{"key-policy.tf"}, "one document"},
		{"json", "vendor-read-policy", []string{"vendor-read-policy.json"}, "one document"},
	}
	for _, tc := range tests {
		t.Run(tc.format+"-"+tc.doc, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, stdout, stderr := runCmd("-config", cfg, "-format", tc.format, "-out", dir, tc.doc)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got, printed []string
			for _, e := range entries {
				got = append(got, e.Name())
				data, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				parseOutput(t, tc.format, e.Name(), data)
			}
			for _, l := range strings.Fields(stdout) {
				printed = append(printed, filepath.Base(l))
			}
			slices.Sort(printed)
			if diff := cmp.Diff(tc.files, got); diff != "" {
				t.Errorf("files (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if diff := cmp.Diff(tc.files, printed); diff != "" {
				t.Errorf("printed paths (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitSCPs(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp+"scp:\n  sizeLimit: 1100\n")
	code, stdout, stderr := runCmd("-config", cfg, "scp")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var byName map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &byName); err != nil {
		t.Fatal(err)
	}
	if len(byName) != 2 || byName["scp-1"] == nil || byName["scp-2"] == nil {
		t.Errorf("scp with two SCPs printed %d documents, want scp-1 and scp-2", len(byName))
	}
	if code, _, _ := runCmd("-config", cfg, "scp-2"); code != 0 {
		t.Errorf("scp-2: exit %d", code)
	}
	if code, _, stderr := runCmd("-config", cfg, "scp-3"); code != exitInvalid || !strings.Contains(stderr, "scp-3") {
		t.Errorf("scp-3: exit %d, stderr %q; want 1 naming scp-3", code, stderr)
	}
}

func TestDiff(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	_, current, _ := runCmd("-config", cfg, "bucket-policy")
	tests := []struct {
		name   string
		edit   func(string) string
		code   int
		want   []string
		reason string
	}{
		{
			name: "equivalent", code: 0,
			edit: func(s string) string {
				// Reorder the statements and compact the whitespace: neither changes the meaning.
				d, _ := policy.Decode(policy.KindBucketPolicy, []byte(s))
				slices.Reverse(d.Statements)
				b, _ := d.CompactJSON()
				return string(b)
			},
			want:   []string{"CURRENT.json is equivalent to the setup's bucket-policy"},
			reason: "order and formatting do not matter",
		},
		{
			name: "aws-cli-wrapper", code: 0,
			edit: func(s string) string {
				b, _ := json.Marshal(map[string]string{"Policy": s})
				return string(b)
			},
			want:   []string{"CURRENT.json is equivalent to the setup's bucket-policy"},
			reason: "the output of aws s3api get-bucket-policy is read as it is",
		},
		{
			name: "changed", code: 1,
			edit: func(s string) string {
				return strings.Replace(s, `"arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/*"`, `"arn:aws:s3:::example-ct-logs/AWSLogs/111122223333/*"`, 1)
			},
			want: []string{
				"--- CURRENT.json (deployed)",
				"+++ bucket-policy (from the setup)",
				"~ AWSCloudTrailWrite999988887777",
				"    - Resource: arn:aws:s3:::example-ct-logs/AWSLogs/111122223333/*",
				"    + Resource: arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/*",
			},
			reason: "a changed statement shows the values removed and added",
		},
		{
			name: "added-removed", code: 1,
			edit: func(s string) string {
				d, _ := policy.Decode(policy.KindBucketPolicy, []byte(s))
				var keep = d.Statements[:0]
				for _, st := range d.Statements {
					if st.Sid != "DenyInsecureTransport" {
						keep = append(keep, st)
					}
				}
				d.Statements = keep
				d.Statements[0].Sid = "OldAclCheck"
				b, _ := d.JSON()
				return string(b)
			},
			want: []string{
				"--- CURRENT.json (deployed)",
				"+++ bucket-policy (from the setup)",
				"- OldAclCheck (only in the deployed policy)",
				"    - Action: s3:GetBucketAcl",
				"    - Condition: StringLike aws:SourceArn = arn:aws:cloudtrail:*:123456789012:trail/*",
				"    - Condition: StringLike aws:SourceArn = arn:aws:cloudtrail:*:999988887777:trail/*",
				"    - Effect: Allow",
				"    - Principal Service: cloudtrail.amazonaws.com",
				"    - Resource: arn:aws:s3:::example-ct-logs",
				"+ AWSCloudTrailAclCheck (only in the setup's policy)",
				"    + Action: s3:GetBucketAcl",
				"    + Condition: StringLike aws:SourceArn = arn:aws:cloudtrail:*:123456789012:trail/*",
				"    + Condition: StringLike aws:SourceArn = arn:aws:cloudtrail:*:999988887777:trail/*",
				"    + Effect: Allow",
				"    + Principal Service: cloudtrail.amazonaws.com",
				"    + Resource: arn:aws:s3:::example-ct-logs",
				"+ DenyInsecureTransport (only in the setup's policy)",
				"    + Action: s3:*",
				"    + Condition: Bool aws:SecureTransport = false",
				"    + Effect: Deny",
				"    + Principal AWS: *",
				"    + Resource: arn:aws:s3:::example-ct-logs",
				"    + Resource: arn:aws:s3:::example-ct-logs/*",
			},
			reason: "statements are matched by Sid: a renamed one is removed and added",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "CURRENT.json")
			if err := os.WriteFile(p, []byte(tc.edit(current)), 0o644); err != nil {
				t.Fatal(err)
			}
			wd, _ := os.Getwd()
			if err := os.Chdir(dir); err != nil {
				t.Fatal(err)
			}
			defer os.Chdir(wd)
			code, stdout, stderr := runCmd("diff", "-config", cfg, "bucket-policy", "CURRENT.json")
			if code != tc.code {
				t.Errorf("exit %d, want %d (%s); stderr %s", code, tc.code, tc.reason, stderr)
			}
			if diff := cmp.Diff(tc.want, strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")); diff != "" {
				t.Errorf("output (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}

	t.Run("not-a-policy", func(t *testing.T) {
		p := writeFile(t, "CURRENT.json", `{"Version": "2012-10-17", "Statement": [{"effect": "Allow"}]}`)
		code, stdout, stderr := runCmd("diff", "-config", cfg, "bucket-policy", p)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "CURRENT.json") {
			t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, an error naming the file", code, stdout, stderr)
		}
	})
	t.Run("invalid-setup", func(t *testing.T) {
		code, stdout, stderr := runCmd("diff", "-config", cfg, "-bucket", "Bad_Bucket", "bucket-policy", "x.json")
		if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "bucket: ") {
			t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, the bucket problem", code, stdout, stderr)
		}
	})
}

func TestCheck(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	admin := writeFile(t, "admin.json", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`)
	vendorTrail := "arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/CloudTrail/us-east-1/2014/07/31/x.json.gz"
	tests := []struct {
		name   string
		args   []string
		code   int
		want   []string // stdout lines
		reason string
	}{
		{
			name: "vendor-reads",
			args: []string{"-principal", "arn:aws:sts::123456789012:assumed-role/CloudTrailAccessForAnyCompany/anycompany", "-action", "s3:GetObject", "-resource", vendorTrail, "-context", "aws:SecureTransport=true"},
			code: 0,
			want: []string{
				"Allow",
				"reason: same account: allowed by an identity policy",
				"derived context: aws:PrincipalAccount=123456789012, aws:PrincipalArn=arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany, aws:PrincipalIsAWSService=false",
				"deciding statements:",
				"  vendor-read-policy: Statement[1] (ReadCloudTrailLogFiles) Allow",
			},
			reason: "the vendor role's session reads a log file with its read policy",
		},
		{
			name: "vendor-cannot-delete",
			args: []string{"-principal", vendorRole, "-action", "s3:DeleteObject", "-resource", vendorTrail},
			code: 1,
			want: []string{
				"ExplicitDeny",
				"reason: explicitly denied by scp[0].Statement[0] (DenyLogBucketTampering)",
				"derived context: aws:PrincipalAccount=123456789012, aws:PrincipalArn=arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany, aws:PrincipalIsAWSService=false",
				"deciding statements:",
				"  scp: Statement[0] (DenyLogBucketTampering) Deny",
			},
			reason: "the role is in the log archive account, where the SCP denies deleting log objects (the read policy does not allow it either)",
		},
		{
			name: "assume-without-external-id",
			args: []string{"-principal", "arn:aws:iam::998877665544:role/Analyst", "-action", "sts:AssumeRole", "-resource", vendorRole, "-identity", admin},
			code: 1,
			want: []string{
				"ImplicitDeny",
				"reason: cross-account: an identity policy allows the request but the trust policy grants it neither to the principal nor to its account",
				"derived context: aws:PrincipalAccount=998877665544, aws:PrincipalArn=arn:aws:iam::998877665544:role/Analyst, aws:PrincipalIsAWSService=false",
				"matching statements (not enough to allow):",
				"  " + admin + ": Statement[0] Allow",
			},
			reason: "without the external ID the trust policy does not match",
		},
		{
			name: "assume-with-external-id",
			args: []string{"-principal", "arn:aws:iam::998877665544:role/Analyst", "-action", "sts:AssumeRole", "-resource", vendorRole, "-identity", admin, "-context", "sts:ExternalId=8900-544"},
			code: 0,
			want: []string{
				"Allow",
				"reason: cross-account: the trust policy and an identity policy both allow the request",
				"derived context: aws:PrincipalAccount=998877665544, aws:PrincipalArn=arn:aws:iam::998877665544:role/Analyst, aws:PrincipalIsAWSService=false",
				"deciding statements:",
				"  vendor-trust-policy: Statement[0] (AllowVendorAssumeRoleWithExternalID) Allow",
				"  " + admin + ": Statement[0] Allow",
			},
			reason: "both sides allow across accounts",
		},
		{
			name: "vendor-cannot-read-elsewhere",
			args: []string{"-principal", vendorRole, "-action", "s3:GetObject", "-resource", "arn:aws:s3:::example-ct-logs/other/secret.txt"},
			code: 1,
			want: []string{
				"ImplicitDeny",
				"reason: no policy allows the request",
				"derived context: aws:PrincipalAccount=123456789012, aws:PrincipalArn=arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany, aws:PrincipalIsAWSService=false",
			},
			reason: "the read policy covers AWSLogs/ only",
		},
		{
			name: "admin-cannot-delete-logs",
			args: []string{"-principal", "arn:aws:iam::123456789012:role/Admin", "-action", "s3:DeleteObject", "-resource", vendorTrail, "-identity", admin},
			code: 1,
			want: []string{
				"ExplicitDeny",
				"reason: explicitly denied by scp[0].Statement[0] (DenyLogBucketTampering)",
				"derived context: aws:PrincipalAccount=123456789012, aws:PrincipalArn=arn:aws:iam::123456789012:role/Admin, aws:PrincipalIsAWSService=false",
				"deciding statements:",
				"  scp: Statement[0] (DenyLogBucketTampering) Deny",
			},
			reason: "the SCP applies to the log archive account's administrators",
		},
		{
			name: "cloudtrail-writes-with-key",
			args: []string{"-principal", "cloudtrail.amazonaws.com", "-action", "s3:PutObject", "-resource", vendorTrail,
				"-context", "aws:SecureTransport=true", "-context", "s3:x-amz-acl=bucket-owner-full-control",
				"-context", "aws:SourceArn=arn:aws:cloudtrail:us-east-1:999988887777:trail/dev",
				"-context", "s3:x-amz-server-side-encryption=aws:kms",
				"-context", "s3:x-amz-server-side-encryption-aws-kms-key-id=arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
			code: 0,
			want: []string{
				"Allow",
				"reason: allowed by the bucket policy for the service principal",
				"derived context: aws:PrincipalIsAWSService=true, aws:SourceAccount=999988887777",
				"deciding statements:",
				"  bucket-policy: Statement[2] (AWSCloudTrailWrite999988887777) Allow",
			},
			reason: "Dev's trail delivers with the right ACL and key",
		},
		{
			name: "cloudtrail-without-kms",
			args: []string{"-principal", "cloudtrail.amazonaws.com", "-action", "s3:PutObject", "-resource", vendorTrail,
				"-context", "aws:SecureTransport=true", "-context", "s3:x-amz-acl=bucket-owner-full-control",
				"-context", "aws:SourceArn=arn:aws:cloudtrail:us-east-1:999988887777:trail/dev"},
			code: 1,
			want: []string{
				"ExplicitDeny",
				"reason: explicitly denied by resource.Statement[4] (DenyUnencryptedObjectUploads) and 1 more",
				"derived context: aws:PrincipalIsAWSService=true, aws:SourceAccount=999988887777",
				"deciding statements:",
				"  bucket-policy: Statement[4] (DenyUnencryptedObjectUploads) Deny",
				"  bucket-policy: Statement[5] (DenyWrongKMSKey) Deny",
			},
			reason: "a log file without SSE-KMS is refused",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append([]string{"check", "-config", cfg}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (%s); stderr %s", code, tc.code, tc.reason, stderr)
			}
			if diff := cmp.Diff(tc.want, strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")); diff != "" {
				t.Errorf("output (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}
	t.Run("unknown-resource-account", func(t *testing.T) {
		code, stdout, stderr := runCmd("check", "-config", cfg, "-principal", vendorRole, "-action", "s3:GetObject", "-resource", "arn:aws:s3:::other-bucket/x")
		if code != exitUsage || stdout != "" || !regexp.MustCompile(`-resource-account`).MatchString(stderr) {
			t.Errorf("exit %d, stdout %q, stderr %q; want 2 asking for -resource-account", code, stdout, stderr)
		}
	})
}

func TestFlagsOverrideFile(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	code, stdout, stderr := runCmd("-config", cfg, "-bucket", "other-ct-logs", "-prefix", "org", "vendor-read-policy")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "arn:aws:s3:::other-ct-logs/org/AWSLogs/*") || strings.Contains(stdout, "example-ct-logs") {
		t.Errorf("-bucket and -prefix did not override the file:\n%s", stdout)
	}
	// No file at all: the flags alone are a setup.
	code, stdout, stderr = runCmd("-bucket", "example-ct-logs", "-accounts", "123456789012", "bucket-policy")
	if code != 0 || !strings.Contains(stdout, "AWSLogs/123456789012/*") {
		t.Errorf("flags only: exit %d, stderr %s", code, stderr)
	}
}
