package badinput_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// The command's part of the catalogue: hostile command lines, files and
// output directories, run against the trailpolicy binary built once from
// cmd/trailpolicy, as users run it. Each case states the exit status, what
// stderr must say, and that stdout stays empty when the command fails.

var (
	buildOnce sync.Once
	binPath   string
	binDir    string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// trailpolicyBinary builds the command on first use.
func trailpolicyBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "badinput-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "trailpolicy")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		out, err := exec.Command(goTool, "build", "-buildvcs=false", "-o", binPath, "github.com/trailpolicy/trailpolicy/cmd/trailpolicy").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

// A setup file that builds every document.
const cliSetup = "bucket: " + bucketName + "\nlogArchiveAccount: \"" + acctB + "\"\naccounts: [\"" + acctA + "\"]\nkmsKeyArn: " + keyARN +
	"\nvendor: {account: \"" + vendorAcct + "\", externalId: " + extID + "}\n"

// cliCase is one hostile run of the command. In args and stdin, {dir} is a
// directory of the case's own, which holds files (name: content) and what
// prepare makes there.
type cliCase struct {
	name, reason string
	args         []string
	stdin        string
	files        map[string]string
	prepare      func(t *testing.T, dir string)
	code         int
	stderr       []string // each must appear in stderr
	notStderr    []string // none may appear in stderr
	maxStderr    int      // stderr's most bytes; 0: 2,000
	stdout       bool     // stdout may hold output (the command succeeded or diff/check answered)
	check        func(t *testing.T, dir, stdout, stderr string)
}

func runCLICases(t *testing.T, cases []cliCase) {
	t.Helper()
	bin := trailpolicyBinary(t)
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.prepare != nil {
				tc.prepare(t, dir)
			}
			var args []string
			for _, a := range tc.args {
				args = append(args, strings.ReplaceAll(a, "{dir}", dir))
			}
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir
			cmd.Stdin = strings.NewReader(tc.stdin)
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			code := 0
			var ee *exec.ExitError
			switch {
			case errors.As(err, &ee):
				code = ee.ExitCode()
			case err != nil:
				t.Fatalf("run: %v", err)
			}
			stdout, stderr := out.String(), errb.String()
			if code != tc.code {
				t.Errorf("exit %d, want %d (%s); stderr:\n%s", code, tc.code, tc.reason, abbreviate(stderr))
			}
			if !tc.stdout && stdout != "" {
				t.Errorf("stdout holds %d bytes, want none (%s):\n%s", len(stdout), tc.reason, abbreviate(stdout))
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr, strings.ReplaceAll(want, "{dir}", dir)) {
					t.Errorf("stderr lacks %q (%s):\n%s", want, tc.reason, abbreviate(stderr))
				}
			}
			for _, bad := range tc.notStderr {
				if strings.Contains(stderr, bad) {
					t.Errorf("stderr holds %q (%s):\n%s", bad, tc.reason, abbreviate(stderr))
				}
			}
			limit := tc.maxStderr
			if limit == 0 {
				limit = 2000
			}
			if len(stderr) > limit {
				t.Errorf("stderr is %d bytes, want at most %d whatever the input (%s)", len(stderr), limit, tc.reason)
			}
			if tc.check != nil {
				tc.check(t, dir, stdout, stderr)
			}
		})
	}
}

// TestCommandLine: a flag given twice is an error, not the last one
// winning; a repeatable flag stays repeatable; an error quotes no whole
// hostile argument.
func TestCommandLine(t *testing.T) {
	files := map[string]string{"setup.yaml": cliSetup}
	huge := strings.Repeat("z", 100000)
	check := []string{"check", "-config", "setup.yaml", "-action", "s3:GetObject", "-resource", "arn:aws:s3:::" + bucketName + "/AWSLogs/x"}
	runCLICases(t, []cliCase{
		{name: "flag-twice/accounts", reason: "a second -accounts would drop the first list",
			args: []string{"-bucket", bucketName, "-accounts", acctA, "-accounts", acctB, "bucket-policy"}, code: 2,
			stderr: []string{"-accounts is given twice", "one comma-separated list"}},
		{name: "flag-twice/bucket", reason: "the second bucket would win",
			args: []string{"-bucket", bucketName, "-accounts", acctA, "-bucket", "other-bucket", "bucket-policy"}, code: 2,
			stderr: []string{"-bucket is given twice"}},
		{name: "flag-twice/external-id", reason: "the second external ID would win",
			args: []string{"-config", "setup.yaml", "-external-id", extID, "-external-id", "x1", "vendor-trust-policy"}, files: files, code: 2,
			stderr: []string{"-external-id is given twice"}},
		{name: "flag-twice/config", reason: "the second file would replace the first",
			args: []string{"-config", "setup.yaml", "-config", "setup.yaml", "all"}, files: files, code: 2,
			stderr: []string{"-config is given twice"}},
		{name: "flag-twice/format", reason: "two formats is a mistake",
			args: []string{"-config", "setup.yaml", "-format", "json", "-format", "terraform", "all"}, files: files, code: 2,
			stderr: []string{"-format is given twice"}},
		{name: "flag-twice/after-document", reason: "flags after the document count as well",
			args: []string{"-config", "setup.yaml", "bucket-policy", "-bucket", "a-bucket", "-bucket", "b-bucket"}, files: files, code: 2,
			stderr: []string{"-bucket is given twice"}},
		{name: "flag-twice/diff-format", reason: "a subcommand's own flag",
			args: []string{"diff", "-format", "json", "-format", "text", "-config", "setup.yaml", "bucket-policy", "x.json"}, files: files, code: 2,
			stderr: []string{"-format is given twice"}},
		{name: "flag-twice/check-principal", reason: "a request has one principal",
			args: append(append([]string{}, check...), "-principal", "anonymous", "-principal", "arn:aws:iam::"+acctA+":role/R"), files: files, code: 2,
			stderr: []string{"-principal is given twice"}},
		{name: "flag-twice/version", reason: "even a boolean flag",
			args: []string{"-version", "-version"}, code: 2, stderr: []string{"-version is given twice"}},
		{name: "flag-repeatable/context", reason: "-context is repeatable: a key may take several values",
			args: append(append([]string{}, check...), "-principal", "anonymous", "-context", "aws:SecureTransport=true", "-context", "aws:SourceIp=192.0.2.1"), files: files,
			code: 1, stdout: true, notStderr: []string{"given twice"}},
		{name: "flag-repeatable/identity", reason: "-identity is repeatable: a principal has several identity policies",
			args:  append(append([]string{}, check...), "-principal", "arn:aws:iam::"+acctB+":role/R", "-identity", "id.json", "-identity", "id.json"),
			files: map[string]string{"setup.yaml": cliSetup, "id.json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`},
			code:  0, stdout: true, notStderr: []string{"given twice"}},

		{name: "huge-argument/unknown-flag", reason: "an unknown flag is named cut",
			args: []string{"-" + huge, "all"}, code: 2, stderr: []string{"flag provided but not defined: -" + strings.Repeat("z", 120) + "…"}},
		{name: "huge-argument/format", reason: "an unknown value is quoted cut",
			args: []string{"-config", "setup.yaml", "-format", huge, "all"}, files: files, code: 2, stderr: []string{`unknown -format "` + strings.Repeat("z", 120) + `…"`}},
		{name: "huge-argument/document", reason: "an unknown document is quoted cut",
			args: []string{"-config", "setup.yaml", huge}, files: files, code: 2, stderr: []string{`unknown document "` + strings.Repeat("z", 120) + `…"`}},
		{name: "huge-argument/bool-value", reason: "an invalid flag value is quoted cut",
			args: []string{"-version=" + huge}, code: 2, stderr: []string{`invalid value "` + strings.Repeat("z", 120) + `…" for flag -version`}},
		{name: "huge-argument/principal", reason: "a principal that is none is quoted cut",
			args: append(append([]string{}, check...), "-principal", huge), files: files, code: 2, stderr: []string{`-principal "` + strings.Repeat("z", 120) + `…" is neither`}},
		{name: "huge-argument/config-path", reason: "an unreadable path is named cut",
			args: []string{"-config", huge, "all"}, code: 2, stderr: []string{strings.Repeat("z", 120) + "…: "}},
	})
}

// TestCommandLineVolume: input past the cap is refused with the cap named,
// and many problems print as a screenful and a count.
func TestCommandLineVolume(t *testing.T) {
	var bad []string
	for i := range 10000 {
		bad = append(bad, fmt.Sprintf("%011d", i))
	}
	tenThousand := strings.Join(bad, ",")
	big := strings.Repeat("#", 5<<20) + "\n"
	runCLICases(t, []cliCase{
		{name: "cap/config-dev-zero", reason: "an endless file stops at the cap",
			args: []string{"-config", "/dev/zero", "all"}, code: 2,
			stderr: []string{"/dev/zero: larger than 4 MiB, the most trailpolicy reads from one input"},
			prepare: func(t *testing.T, _ string) {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero")
				}
			}},
		{name: "cap/config-stdin", reason: "standard input has the same cap",
			args: []string{"-config", "-", "all"}, stdin: big, code: 2,
			stderr: []string{"<stdin>: larger than 4 MiB"}},
		{name: "cap/config-file", reason: "a 5 MiB file is refused before it is parsed",
			args: []string{"-config", "big.yaml", "all"}, files: map[string]string{"big.yaml": big}, code: 2,
			stderr: []string{"big.yaml: larger than 4 MiB"}},
		{name: "cap/merge-into", reason: "-merge-into reads through the same cap",
			args: []string{"-config", "setup.yaml", "-merge-into", "big.json", "bucket-policy"}, files: map[string]string{"setup.yaml": cliSetup, "big.json": big}, code: 2,
			stderr: []string{"big.json: larger than 4 MiB"}},
		{name: "cap/diff", reason: "diff's CURRENT.json too",
			args: []string{"diff", "-config", "setup.yaml", "bucket-policy", "-"}, stdin: big, files: map[string]string{"setup.yaml": cliSetup}, code: 2,
			stderr: []string{"<stdin>: larger than 4 MiB"}},
		{name: "cap/identity", reason: "and -identity",
			args:  []string{"check", "-config", "setup.yaml", "-principal", "arn:aws:iam::" + acctB + ":role/R", "-action", "s3:GetObject", "-resource", "arn:aws:s3:::" + bucketName + "/x", "-identity", "big.json"},
			files: map[string]string{"setup.yaml": cliSetup, "big.json": big}, code: 2,
			stderr: []string{"big.json: larger than 4 MiB"}},
		{name: "cap/huge-unknown-key", reason: "a 3 MiB unknown key under the cap is named cut",
			args: []string{"-config", "-", "all"}, stdin: "? " + strings.Repeat("k", 3<<20) + "\n: 1\n", code: 1,
			stderr: []string{"<stdin>: line 1: " + strings.Repeat("k", 120) + "…: unknown field"}},

		{name: "volume/ten-thousand-accounts", reason: "a screenful, then a count",
			args: []string{"-bucket", bucketName, "-accounts", tenThousand, "bucket-policy"}, code: 1, maxStderr: 3000,
			stderr:    []string{`accounts[19]: "00000000019" is not a 12-digit AWS account ID`, "... and 9,980 more (10,000 problems in all)"},
			notStderr: []string{"accounts[20]:"},
			check: func(t *testing.T, _, _, stderr string) {
				if n := strings.Count(stderr, "\n"); n != 21 {
					t.Errorf("%d lines, want 20 problems and the count", n)
				}
			}},
		{name: "volume/ten-thousand-accounts-json", reason: "the JSON keeps the count too",
			args: []string{"-errors", "json", "-bucket", bucketName, "-accounts", tenThousand, "bucket-policy"}, code: 1, maxStderr: 10000,
			check: func(t *testing.T, _, _, stderr string) {
				var rep struct {
					Problems       []json.RawMessage
					Count, Omitted int
				}
				if err := json.Unmarshal([]byte(stderr), &rep); err != nil {
					t.Fatalf("stderr is not one JSON object: %v", err)
				}
				if len(rep.Problems) != 20 || rep.Count != 10000 || rep.Omitted != 9980 {
					t.Errorf("%d problems, count %d, omitted %d; want 20, 10000, 9980", len(rep.Problems), rep.Count, rep.Omitted)
				}
			}},
		{name: "volume/few-problems-all-shown", reason: "under a screenful every problem prints",
			args: []string{"-bucket", bucketName, "-accounts", strings.Join(bad[:20], ","), "bucket-policy"}, code: 1,
			stderr: []string{"accounts[19]:"}, notStderr: []string{"more ("}},
	})
}

// Existing policies, as -merge-into, diff and check -identity read them.
const (
	bucketPolicyDoc = `{"Version":"2012-10-17","Statement":[{"Sid":"S3ServerAccessLogsPolicy","Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::` + bucketName + `/access-logs/*"}]}`
	keyPolicyDoc    = `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctB + `:root"},"Action":"kms:*","Resource":"*"}]}`
	identityDoc     = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + bucketName + `/*"}]}`
)

// wrap is doc as the AWS CLI prints it: {"Policy": "<doc as a string>"}.
func wrap(doc string) string {
	b, _ := json.Marshal(map[string]string{"Policy": doc})
	return string(b)
}

// TestExistingPolicies: a policy read from outside is read strictly or
// refused with exit 2, never read as something else: no key given twice, no
// non-policy read as an empty policy, no document that is also the AWS
// CLI's wrapper, no policy of another kind.
func TestExistingPolicies(t *testing.T) {
	merge := func(doc string) cliCase {
		return cliCase{args: []string{"-config", "setup.yaml", "-merge-into", "current.json", "bucket-policy"},
			files: map[string]string{"setup.yaml": cliSetup, "current.json": doc}, code: 2}
	}
	diff := func(document, doc string) cliCase {
		return cliCase{args: []string{"diff", "-config", "setup.yaml", document, "-"}, stdin: doc,
			files: map[string]string{"setup.yaml": cliSetup}, code: 2}
	}
	identity := func(doc string) cliCase {
		return cliCase{args: []string{"check", "-config", "setup.yaml", "-principal", "arn:aws:iam::" + acctB + ":role/R", "-action", "s3:GetObject",
			"-resource", "arn:aws:s3:::" + bucketName + "/x", "-identity", "id.json"},
			files: map[string]string{"setup.yaml": cliSetup, "id.json": doc}, code: 2}
	}
	with := func(c cliCase, name, reason string, stderr ...string) cliCase {
		c.name, c.reason, c.stderr = name, reason, stderr
		return c
	}
	dupStatement := strings.Replace(bucketPolicyDoc, `"Statement":[`, `"Statement":[],"Statement":[`, 1)
	runCLICases(t, []cliCase{
		// Keys given twice.
		with(merge(dupStatement), "duplicate/statement-merge", "the second Statement would win: an empty first hides nothing, but the reverse drops statements",
			`current.json: json: key "Statement" is given twice`),
		with(diff("bucket-policy", dupStatement), "duplicate/statement-diff", "diff reads the same way", `<stdin>: json: key "Statement" is given twice`),
		with(diff("bucket-policy", `{"Policy":"{}","Policy":`+strings.TrimPrefix(wrap(bucketPolicyDoc), `{"Policy":`)), "duplicate/policy-wrapper", "the second Policy would win",
			`json: key "Policy" is given twice`),
		with(merge(strings.Replace(bucketPolicyDoc, `"Sid":"S3ServerAccessLogsPolicy",`, `"Sid":"S3ServerAccessLogsPolicy","Effect":"Deny",`, 1)), "duplicate/effect", "a second Effect would turn a deny into an allow or back",
			`json: key "Statement[0].Effect" is given twice`),
		with(merge(strings.Replace(bucketPolicyDoc, `"Resource"`, `"Condition":{"StringEquals":{"aws:SourceAccount":"`+acctA+`","aws:SourceAccount":"`+acctB+`"}},"Resource"`, 1)), "duplicate/condition-key", "at any depth",
			`json: key "Statement[0].Condition.StringEquals.aws:SourceAccount" is given twice`),
		with(diff("bucket-policy", wrap(dupStatement)), "duplicate/inside-wrapper", "the document inside Policy is read as strictly",
			`the policy in "Policy": json: key "Statement" is given twice`),
		with(identity(strings.Replace(identityDoc, `"Action":"s3:GetObject",`, `"Action":"s3:GetObject","Action":"s3:DeleteObject",`, 1)), "duplicate/identity-action", "-identity too",
			`json: key "Statement[0].Action" is given twice`),

		// Both a document and the AWS CLI's wrapper.
		with(merge(`{"Policy":`+strings.TrimPrefix(wrap(keyPolicyDoc), `{"Policy":`)[:len(strings.TrimPrefix(wrap(keyPolicyDoc), `{"Policy":`))-1]+`,"Version":"2012-10-17","Statement":`+bucketPolicyDoc[strings.Index(bucketPolicyDoc, "["):len(bucketPolicyDoc)-1]+`}`),
			"both/policy-and-statement", "which of the two is the policy?", `holds both the AWS CLI's "Policy" and a policy's "Statement"`),
		with(diff("bucket-policy", `{"Policy":"{}","Version":"2012-10-17"}`), "both/policy-and-version", "Version belongs to a document", `holds both the AWS CLI's "Policy" and a policy's "Version"`),
		with(diff("bucket-policy", `{"Policy":`+strings.TrimPrefix(wrap(bucketPolicyDoc), `{"Policy":`)[:len(strings.TrimPrefix(wrap(bucketPolicyDoc), `{"Policy":`))-1]+`,"Extra":1}`), "both/wrapper-extra-key", "the wrapper holds Policy and PolicyName only",
			`"Extra" beside "Policy"`),
		with(diff("scp", `{"Policy":{"PolicySummary":{"Id":"p-examplescp1"},"Targets":[],"Content":"{}"}}`), "both/describe-policy-extra-key", "describe-policy's Policy holds PolicySummary and Content only",
			`Policy holds "Targets": aws organizations describe-policy prints only PolicySummary and Content there`),
		with(diff("scp", `{"Policy":{"PolicySummary":{"Type":"TAG_POLICY"},"Content":"{}"}}`), "wrong-kind/describe-policy-tag-policy", "a tag policy is no SCP",
			`Policy.PolicySummary.Type is "TAG_POLICY"`),

		// Not a policy at all.
		with(merge("null"), "not-a-policy/null", "null would merge as an empty policy and drop every statement of the bucket", "holds null, not a policy document"),
		with(merge("{}"), "not-a-policy/empty-object", "{} is no policy", "has no Statement: not a bucket policy document"),
		with(merge("[]"), "not-a-policy/array", "an array is no policy", "holds an array, not a policy document"),
		with(diff("bucket-policy", `"x"`), "not-a-policy/string", "a string is no policy", `holds the string "x", not a policy document`),
		with(diff("bucket-policy", "42"), "not-a-policy/number", "a number is no policy", "holds a number, not a policy document"),
		with(merge(`{"Version":"2012-10-17"}`), "not-a-policy/no-statement", "a Version alone is no policy", "has no Statement"),
		with(merge(`{"Version":"2012-10-17","Statement":[]}`), "not-a-policy/empty-statement", "no statements is no policy", "Statement is empty"),
		with(merge(`{"Version":"2012-10-17","Statement":null}`), "not-a-policy/null-statement", "a null Statement is no policy", "Statement is null"),
		with(diff("bucket-policy", `{"Policy":"null"}`), "not-a-policy/wrapped-null", "inside the wrapper too", `the policy in "Policy": holds null`),
		with(diff("bucket-policy", `{"Policy":{"Version":"2012-10-17"}}`), "not-a-policy/wrapper-object", "the AWS CLI writes the policy as a string", "Policy holds an object, where the AWS CLI writes the policy document as a string"),
		with(diff("scp", `{"Policy":{"Content":{"Version":"2012-10-17"}}}`), "not-a-policy/describe-policy-content-object", "describe-policy writes Content as a string",
			"Policy.Content holds an object, where aws organizations describe-policy writes the policy document as a string"),
		with(diff("scp", `{"Policy":{"Content":"{}"}}`), "not-a-policy/describe-policy-empty", "inside describe-policy's Content too", `the policy in "Policy.Content": has no Statement`),
		with(identity(""), "not-a-policy/empty-file", "an empty file is no policy", "not JSON"),
		with(merge(bucketPolicyDoc+" {}"), "not-a-policy/trailing", "a second value would be ignored", "after"),

		// A policy of another kind.
		with(merge(keyPolicyDoc), "wrong-kind/key-policy-into-bucket-policy", "kms: actions and Resource \"*\" are no part of a bucket policy",
			`Statement[0] ("Enable IAM User Permissions"): Action "kms:*" is not an S3 action, so it cannot be part of a bucket policy; is this a key policy or an identity policy?`),
		with(merge(strings.Replace(keyPolicyDoc, `"kms:*"`, `"*"`, 1)), "wrong-kind/resource-star-in-bucket-policy", "Resource \"*\" is a key policy's",
			`Statement[0] ("Enable IAM User Permissions"): Resource "*" cannot be part of a bucket policy`),
		with(merge(identityDoc), "wrong-kind/identity-into-bucket-policy", "a bucket policy's statements name a principal",
			`Statement[0] ("Read"): it names no Principal, which every statement of a bucket policy does`),
		with(diff("key-policy", bucketPolicyDoc), "wrong-kind/bucket-policy-as-key-policy", "diff refuses it too",
			`Statement[0] ("S3ServerAccessLogsPolicy"): Action "s3:PutObject" is not a KMS action`),
		with(diff("key-policy", wrap(bucketPolicyDoc)), "wrong-kind/wrapped", "inside the wrapper too", `the policy in "Policy": Statement[0]`),
		with(diff("vendor-trust-policy", keyPolicyDoc), "wrong-kind/key-policy-as-trust-policy", "a trust policy's actions are sts:", `Action "kms:*" is not an STS action`),
		with(identity(bucketPolicyDoc), "wrong-kind/bucket-policy-as-identity", "an identity policy names no principal",
			`Statement[0] ("S3ServerAccessLogsPolicy"): it names a Principal, which an identity policy never does`),
	})
}

// TestCheckRequest: a request has one principal and one action.
func TestCheckRequest(t *testing.T) {
	files := map[string]string{"setup.yaml": cliSetup}
	req := func(principal, action string) []string {
		return []string{"check", "-config", "setup.yaml", "-principal", principal, "-action", action, "-resource", "arn:aws:s3:::" + bucketName + "/AWSLogs/x"}
	}
	runCLICases(t, []cliCase{
		{name: "principal-wildcard/role", reason: "role/* is every role, not one caller", args: req("arn:aws:iam::"+acctA+":role/*", "s3:GetObject"), files: files, code: 2,
			stderr: []string{"holds a wildcard: a request comes from one principal"}},
		{name: "principal-wildcard/question-mark", reason: "? is a wildcard too", args: req("arn:aws:iam::"+acctA+":role/Admin?", "s3:GetObject"), files: files, code: 2,
			stderr: []string{"holds a wildcard"}},
		{name: "principal-wildcard/session", reason: "a session name pattern", args: req("arn:aws:sts::"+acctA+":assumed-role/Admin/*", "s3:GetObject"), files: files, code: 2,
			stderr: []string{"holds a wildcard"}},
		{name: "principal-wildcard/service", reason: "a service pattern", args: req("*.amazonaws.com", "s3:GetObject"), files: files, code: 2,
			stderr: []string{"holds a wildcard"}},
		{name: "action-wildcard/star", reason: "a request calls one action", args: req("anonymous", "s3:*"), files: files, code: 2,
			stderr: []string{`-action "s3:*" is not one action`}},
		{name: "action-wildcard/prefix", reason: "a request calls one action", args: req("anonymous", "s3:Get*"), files: files, code: 2,
			stderr: []string{`-action "s3:Get*" is not one action`}},
		{name: "action-no-service", reason: "an action names its service", args: req("anonymous", "GetObject"), files: files, code: 2,
			stderr: []string{`-action "GetObject" is not one action written service:Name`}},
	})
}

// TestOut: -out never writes through a symbolic link and never leaves part
// of its output behind.
func TestOut(t *testing.T) {
	const victim = "keep me\n"
	// outside makes a file outside the case's directory and a link to it
	// as dir/out/name.
	linkOut := func(name string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			t.Helper()
			if err := os.MkdirAll(filepath.Join(dir, "out"), 0o755); err != nil {
				t.Fatal(err)
			}
			target := filepath.Join(dir, "victim")
			if err := os.WriteFile(target, []byte(victim), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, filepath.Join(dir, "out", name)); err != nil {
				t.Skipf("no symlinks: %v", err)
			}
		}
	}
	untouched := func(want ...string) func(t *testing.T, dir, _, _ string) {
		return func(t *testing.T, dir, _, _ string) {
			if got, err := os.ReadFile(filepath.Join(dir, "victim")); err == nil && string(got) != victim {
				t.Errorf("the file outside -out was overwritten: %q", got)
			}
			entries, _ := os.ReadDir(filepath.Join(dir, "out"))
			var got []string
			for _, e := range entries {
				got = append(got, e.Name())
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("-out holds %q, want %q: nothing written", got, want)
			}
		}
	}
	files := map[string]string{"setup.yaml": cliSetup}
	createKey := map[string]string{"setup.yaml": strings.Replace(cliSetup, "kmsKeyArn: "+keyARN, "createKey: true\nbucketRegion: us-east-1", 1)}
	out := func(format string) []string {
		return []string{"-config", "setup.yaml", "-format", format, "-out", "out", "all"}
	}
	runCLICases(t, []cliCase{
		{name: "symlink/json-document", reason: "a link in DIR to a file outside was overwritten",
			args: out("json"), files: files, prepare: linkOut("scp.json"), code: 2,
			stderr: []string{"out/scp.json is a symbolic link"}, check: untouched("scp.json")},
		{name: "symlink/first-document", reason: "refused before anything is written, whichever file it is",
			args: out("json"), files: files, prepare: linkOut("bucket-policy.json"), code: 2,
			stderr: []string{"out/bucket-policy.json is a symbolic link"}, check: untouched("bucket-policy.json")},
		{name: "symlink/terraform", reason: "the same for Terraform's files",
			args: out("terraform"), files: files, prepare: linkOut("providers.tf"), code: 2,
			stderr: []string{"out/providers.tf is a symbolic link"}, check: untouched("providers.tf")},
		{name: "symlink/cloudformation-key-policy", reason: "and CloudFormation's key-policy.json",
			args: out("cloudformation"), files: files, prepare: linkOut("key-policy.json"), code: 2,
			stderr: []string{"out/key-policy.json is a symbolic link"}, check: untouched("key-policy.json")},
		{name: "symlink/dangling", reason: "a link to a file that does not exist yet would create it outside",
			args: out("json"), files: files, code: 2,
			prepare: func(t *testing.T, dir string) {
				os.MkdirAll(filepath.Join(dir, "out"), 0o755)
				if err := os.Symlink(filepath.Join(dir, "created-outside"), filepath.Join(dir, "out", "key-policy.json")); err != nil {
					t.Skipf("no symlinks: %v", err)
				}
			},
			stderr: []string{"out/key-policy.json is a symbolic link"},
			check: func(t *testing.T, dir, _, _ string) {
				if _, err := os.Lstat(filepath.Join(dir, "created-outside")); err == nil {
					t.Error("a file was created through the dangling link")
				}
			}},
		{name: "symlink/dir", reason: "a DIR that is itself a link is refused",
			args: []string{"-config", "setup.yaml", "-out", "linked", "all"}, files: files, code: 2,
			prepare: func(t *testing.T, dir string) {
				os.MkdirAll(filepath.Join(dir, "out"), 0o755)
				if err := os.Symlink(filepath.Join(dir, "out"), filepath.Join(dir, "linked")); err != nil {
					t.Skipf("no symlinks: %v", err)
				}
			},
			stderr: []string{"-out linked is a symbolic link"}, check: untouched()},
		{name: "not-a-file/directory", reason: "a directory where a document goes",
			args: out("json"), files: files, code: 2,
			prepare: func(t *testing.T, dir string) { os.MkdirAll(filepath.Join(dir, "out", "scp.json"), 0o755) },
			stderr:  []string{"out/scp.json exists and is not a regular file"}, check: untouched("scp.json")},
		{name: "not-a-directory", reason: "DIR is a file",
			args: []string{"-config", "setup.yaml", "-out", "setup.yaml", "all"}, files: files, code: 2,
			stderr: []string{"-out setup.yaml is not a directory"}},
		{name: "render-fails", reason: "a document that cannot be rendered leaves no file (and no directory) behind",
			args: out("json"), files: createKey, code: 1,
			stderr: []string{"createKey"},
			check: func(t *testing.T, dir, _, _ string) {
				if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
					t.Error("-out was created although nothing could be rendered")
				}
			}},
		{name: "replaced-whole", reason: "a success replaces the files and leaves no temporary file",
			args: out("json"), files: files, code: 0, stdout: true,
			prepare: func(t *testing.T, dir string) {
				os.MkdirAll(filepath.Join(dir, "out"), 0o755)
				os.WriteFile(filepath.Join(dir, "out", "scp.json"), []byte("old"), 0o644)
			},
			check: untouched("bucket-policy.json", "key-policy.json", "scp.json", "vendor-read-policy.json", "vendor-trust-policy.json")},
	})
}

// TestAllShape: all keeps its keyed shape with a single document, in JSON
// and compact, so a script's jq '."bucket-policy"' works on every setup.
func TestAllShape(t *testing.T) {
	files := map[string]string{"setup.yaml": "bucket: " + bucketName + "\naccounts: [\"" + acctA + "\"]\nscp: {omit: true}\n"}
	keyed := func(t *testing.T, _, stdout, _ string) {
		var byName map[string]json.RawMessage
		if err := json.Unmarshal([]byte(stdout), &byName); err != nil {
			t.Fatalf("stdout is not one JSON object: %v", err)
		}
		if _, ok := byName["bucket-policy"]; !ok || len(byName) != 1 {
			t.Errorf("all holds %d keys, want bucket-policy alone", len(byName))
		}
	}
	runCLICases(t, []cliCase{
		{name: "all-one-document/json", reason: "a setup that calls for one document", args: []string{"-config", "setup.yaml", "all"},
			files: files, stdout: true, check: keyed},
		{name: "all-one-document/compact", reason: "the compact form too", args: []string{"-config", "setup.yaml", "-format", "compact", "all"},
			files: files, stdout: true, check: keyed},
	})
}

// TestExistingPoliciesHuge: what an error quotes of an existing policy is
// cut, however large the input.
func TestExistingPoliciesHuge(t *testing.T) {
	huge := strings.Repeat("q", 2<<20)
	merge := func(doc string) []string {
		return []string{"-config", "setup.yaml", "-merge-into", "-", "bucket-policy"}
	}
	files := map[string]string{"setup.yaml": cliSetup}
	runCLICases(t, []cliCase{
		{name: "huge/element", reason: "an unknown element of 2 MiB: the message of policy.Decode (encoding/json's) is cut by the printer",
			args: merge(""), stdin: `{"Version":"2012-10-17","` + huge + `":1,"Statement":[]}`, files: files, code: 2, maxStderr: 2100,
			stderr: []string{"qqqq…"}},
		{name: "huge/value-in-json-report", reason: "-errors json cuts a value as the message does",
			args: []string{"-errors", "json", "-config", "big.yaml", "bucket-policy"}, files: map[string]string{"big.yaml": "bucket: " + huge[:1<<20] + "\naccounts: [\"" + acctA + "\"]\n"}, code: 1,
			stderr: []string{`"value": "` + strings.Repeat("q", 120) + `…"`}},
		{name: "huge/duplicate-key", reason: "a duplicate key of 1 MiB",
			args: merge(""), stdin: `{"` + huge[:1<<20] + `":1,"` + huge[:1<<20] + `":2}`, files: files, code: 2,
			stderr: []string{`json: key "` + strings.Repeat("q", 120) + `…" is given twice`}},
		{name: "huge/sid-of-wrong-kind", reason: "a statement named by a Sid of 2 MiB",
			args: merge(""), stdin: strings.Replace(keyPolicyDoc, "Enable IAM User Permissions", huge, 1), files: files, code: 2,
			stderr: []string{`Statement[0] ("` + strings.Repeat("q", 120) + `…"): Action "kms:*" is not an S3 action`}},
		{name: "huge/wrapper-key", reason: "a key of 2 MiB beside Policy",
			args: merge(""), stdin: `{"Policy":"{}","` + huge + `":1}`, files: files, code: 2,
			stderr: []string{`"` + strings.Repeat("q", 120) + `…" beside "Policy"`}},
		{name: "huge/string", reason: "a string of 2 MiB where a policy belongs",
			args: merge(""), stdin: `"` + huge + `"`, files: files, code: 2,
			stderr: []string{`holds the string "` + strings.Repeat("q", 120) + `…"`}},
	})
}
