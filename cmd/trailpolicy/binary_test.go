package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The tests in this file run the command as users do: a binary built once
// with go build, run with os/exec, with real standard streams and exit
// statuses, and the build information only a built binary has.

var (
	binDir    string // made by TestMain, removed after the tests
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "trailpolicy-bin-")
	if err != nil {
		panic(err)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// goTool returns the go command that runs the tests.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// binary returns the path of the command built from this package, building
// it on first use. A checkout whose VCS status go cannot read (no git, an
// untrusted directory) is built without VCS stamping.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		name := "trailpolicy"
		if runtime.GOOS == "windows" {
			name += ".exe"
		}
		binPath = filepath.Join(binDir, name)
		out, err := exec.Command(goTool(), "build", "-o", binPath, ".").CombinedOutput()
		if err != nil && bytes.Contains(out, []byte("buildvcs")) {
			out, err = exec.Command(goTool(), "build", "-buildvcs=false", "-o", binPath, ".").CombinedOutput()
		}
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

// runBinary runs the built command with args and stdin and returns its exit
// status and output.
func runBinary(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("run %v: %v", args, err)
	}
	return code, out.String(), errb.String()
}

func TestBinaryVersion(t *testing.T) {
	code, stdout, stderr := runBinary(t, "", "version")
	if code != exitOK || stderr != "" {
		t.Fatalf("version: exit %d, stderr %q", code, stderr)
	}
	if _, flag, _ := runBinary(t, "", "-version"); flag != stdout {
		t.Errorf("-version prints %q, version %q; want the same", flag, stdout)
	}
	re := regexp.MustCompile(`^trailpolicy (\(devel\)|v\S+)( revision [0-9a-f]{40}( modified)?)? \(go\S+\)\n$`)
	if !re.MatchString(stdout) {
		t.Fatalf("version = %q, want it to match %s", stdout, re)
	}
	// The same facts as go version -m reads from the binary.
	out, err := exec.Command(goTool(), "version", "-m", binary(t)).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) >= 3 && f[0] == "mod":
			if !strings.HasPrefix(stdout, "trailpolicy "+f[2]+" ") {
				t.Errorf("version %q does not give the module version %s", stdout, f[2])
			}
		case len(f) == 2 && f[0] == "build" && strings.HasPrefix(f[1], "vcs.revision="):
			if rev := strings.TrimPrefix(f[1], "vcs.revision="); !strings.Contains(stdout, " revision "+rev) {
				t.Errorf("version %q does not give the revision %s", stdout, rev)
			}
		case len(f) == 2 && f[0] == "build" && f[1] == "vcs.modified=true":
			if !strings.Contains(stdout, " modified ") {
				t.Errorf("version %q does not say the checkout was modified", stdout)
			}
		}
	}
	if code, _, stderr := runBinary(t, "", "version", "extra"); code != exitUsage || !strings.Contains(stderr, "version takes no arguments") {
		t.Errorf("version extra: exit %d, stderr %q; want 2", code, stderr)
	}
}

func TestBinaryHelp(t *testing.T) {
	_, overview, _ := runBinary(t, "", "-h")
	code, help, stderr := runBinary(t, "", "help")
	if code != exitOK || stderr != "" || help != overview {
		t.Errorf("help: exit %d, stderr %q, output differs from -h:\n%s", code, stderr, cmp.Diff(overview, help))
	}
	for _, want := range []string{"trailpolicy diff", "trailpolicy check", "trailpolicy version", "trailpolicy help", "Flags of trailpolicy check", "-principal ARN", "-config FILE", "-errors format"} {
		if !strings.Contains(overview, want) {
			t.Errorf("-h lacks %q", want)
		}
	}
	_, diffHelp, _ := runBinary(t, "", "diff", "-h")
	if _, got, _ := runBinary(t, "", "help", "diff"); got != diffHelp {
		t.Errorf("help diff differs from diff -h:\n%s", cmp.Diff(diffHelp, got))
	}
	if strings.Contains(diffHelp, "-merge-into") || strings.Contains(diffHelp, "-principal") {
		t.Errorf("diff -h lists flags of other commands:\n%s", diffHelp)
	}
	if code, stdout, stderr := runBinary(t, "", "help", "chek"); code != exitUsage || stdout != "" || !strings.Contains(stderr, "did you mean check?") {
		t.Errorf("help chek: exit %d, stdout %q, stderr %q; want 2 and a suggestion", code, stdout, stderr)
	}
}

func TestBinaryStdin(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	_, fromFile, _ := runBinary(t, "", "-config", cfg, "all")

	t.Run("config-yaml", func(t *testing.T) {
		code, stdout, stderr := runBinary(t, exampleCorp, "-config", "-", "all")
		if code != exitOK || stdout != fromFile {
			t.Errorf("-config - with YAML: exit %d, stderr %q; output differs from -config FILE:\n%s", code, stderr, cmp.Diff(fromFile, stdout))
		}
	})
	t.Run("config-json", func(t *testing.T) {
		js := `{"bucket": "example-ct-logs", "accounts": ["123456789012"]}`
		_, want, _ := runBinary(t, "", "-config", writeFile(t, "s.json", js), "bucket-policy")
		if code, stdout, stderr := runBinary(t, js, "-config", "-", "bucket-policy"); code != exitOK || stdout != want {
			t.Errorf("-config - with JSON: exit %d, stderr %q; output differs:\n%s", code, stderr, cmp.Diff(want, stdout))
		}
	})
	t.Run("config-problems-name-stdin", func(t *testing.T) {
		code, _, stderr := runBinary(t, exampleCorp+"acounts: []\n", "-config", "-", "all")
		if code != exitInvalid || stderr != "<stdin>: line 9: acounts: unknown field; did you mean accounts?\n" {
			t.Errorf("exit %d, stderr %q; want 1 naming <stdin>", code, stderr)
		}
	})
	t.Run("diff", func(t *testing.T) {
		_, current, _ := runBinary(t, "", "-config", cfg, "bucket-policy")
		current = strings.Replace(current, "AWSLogs/999988887777/*", "AWSLogs/111122223333/*", 1)
		code, stdout, stderr := runBinary(t, current, "diff", "-config", cfg, "bucket-policy", "-")
		want := "--- <stdin> (deployed)\n+++ bucket-policy (from the setup)\n~ AWSCloudTrailWrite999988887777\n" +
			"    - Resource: arn:aws:s3:::example-ct-logs/AWSLogs/111122223333/*\n" +
			"    + Resource: arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/*\n"
		if code != exitInvalid || stdout != want {
			t.Errorf("diff ... -: exit %d, stderr %q, output (-want +got):\n%s", code, stderr, cmp.Diff(want, stdout))
		}
	})
	t.Run("twice", func(t *testing.T) {
		code, stdout, stderr := runBinary(t, exampleCorp, "diff", "-config", "-", "bucket-policy", "-")
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, "standard input is already read for -config") {
			t.Errorf("exit %d, stdout %q, stderr %q; want 2: standard input is read once", code, stdout, stderr)
		}
	})
}

func TestBinaryInputCap(t *testing.T) {
	big := strings.Repeat("#", maxInput+1)
	code, stdout, stderr := runBinary(t, big, "-config", "-", "all")
	if code != exitUsage || stdout != "" || stderr != "trailpolicy: <stdin>: larger than 4 MiB, the most trailpolicy reads from one input\n" {
		t.Errorf("stdin over the cap: exit %d, stdout %q, stderr %q; want 2 and the cap", code, stdout, stderr)
	}
	file := writeFile(t, "big.yaml", big)
	code, _, stderr = runBinary(t, "", "-config", file, "all")
	if code != exitUsage || !strings.Contains(stderr, file+": larger than 4 MiB") {
		t.Errorf("file over the cap: exit %d, stderr %q; want 2 and the cap", code, stderr)
	}
	// At the cap exactly the input is read (and here refused as YAML of
	// comments only: empty).
	code, _, stderr = runBinary(t, big[:maxInput], "-config", "-", "all")
	if code != exitInvalid || !strings.Contains(stderr, "the setup is empty") {
		t.Errorf("stdin at the cap: exit %d, stderr %q; want it read", code, stderr)
	}
}

func TestBinarySuggestions(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"chek"}, "trailpolicy: unknown command \"chek\"; did you mean check?\nRun trailpolicy -h for the usage.\n"},
		{[]string{"-config", cfg, "bukcet-policy"}, "trailpolicy: unknown document \"bukcet-policy\"; did you mean bucket-policy?\nRun trailpolicy -h for the usage.\n"},
		{[]string{"diff", "-bukcet", "x"}, "trailpolicy: flag provided but not defined: -bukcet; did you mean -bucket?\nRun trailpolicy diff -h for the usage.\n"},
	}
	for _, tc := range tests {
		if code, stdout, stderr := runBinary(t, "", tc.args...); code != exitUsage || stdout != "" || stderr != tc.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
	code, _, stderr := runBinary(t, "", "-config", writeFile(t, "s.yaml", exampleCorp+"scp:\n  leaveKeyUnprotectd: true\n"), "all")
	if want := "scp.leaveKeyUnprotectd: unknown field; did you mean scp.leaveKeyUnprotected?"; code != exitInvalid || !strings.HasSuffix(strings.TrimSpace(stderr), want) {
		t.Errorf("misspelt setup field: exit %d, stderr %q; want 1 and %q", code, stderr, want)
	}
}

func TestBinaryCheckJSON(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	obj := "arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/CloudTrail/us-east-1/2014/07/31/x.json.gz"
	code, stdout, stderr := runBinary(t, "", "check", "-config", cfg, "-format", "json",
		"-principal", "arn:aws:iam::123456789012:role/Admin", "-action", "s3:DeleteObject", "-resource", obj, "-context", "aws:SecureTransport=true")
	if code != exitInvalid {
		t.Fatalf("exit %d, want 1 for a deny; stderr %s", code, stderr)
	}
	var got checkReport
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("not the documented shape: %v\n%s", err, stdout)
	}
	want := checkReport{
		Version: 1, Decision: "ExplicitDeny", Allowed: false,
		Reason: "explicitly denied by scp[0].Statement[0] (DenyLogBucketTampering)",
		Request: checkRequest{Principal: "arn:aws:iam::123456789012:role/Admin", Action: "s3:DeleteObject", Resource: obj,
			ResourceAccount: "123456789012", Context: map[string][]string{"aws:SecureTransport": {"true"},
				"aws:PrincipalAccount": {"123456789012"}, "aws:PrincipalArn": {"arn:aws:iam::123456789012:role/Admin"}, "aws:PrincipalIsAWSService": {"false"}}},
		Deciding: []statement{{Document: "scp", Statement: 0, Sid: "DenyLogBucketTampering", Effect: "Deny"}},
		Matched:  []statement{{Document: "scp", Statement: 0, Sid: "DenyLogBucketTampering", Effect: "Deny"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("check -format json (-want +got):\n%s", diff)
	}

	// An allow, with empty lists as [] rather than null.
	code, stdout, _ = runBinary(t, "", "check", "-config", cfg, "-format", "json",
		"-principal", "arn:aws:sts::123456789012:assumed-role/CloudTrailAccessForAnyCompany/s", "-action", "s3:GetObject", "-resource", obj, "-context", "aws:SecureTransport=true")
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil || code != exitOK {
		t.Fatalf("allow: exit %d, %v\n%s", code, err, stdout)
	}
	if raw["allowed"] != true || raw["decision"] != "Allow" || raw["deciding"] == nil || raw["matched"] == nil {
		t.Errorf("allow: %s", stdout)
	}
}

func TestBinaryDiffJSON(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	_, current, _ := runBinary(t, "", "-config", cfg, "bucket-policy")
	decode := func(t *testing.T, s string) diffReport {
		t.Helper()
		var r diffReport
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("not the documented shape: %v\n%s", err, s)
		}
		return r
	}

	code, stdout, _ := runBinary(t, current, "diff", "-config", cfg, "-format", "json", "bucket-policy", "-")
	if got, want := decode(t, stdout), (diffReport{Version: 1, Document: "bucket-policy", File: "<stdin>", Equivalent: true, Differences: []difference{}}); code != exitOK || !cmp.Equal(want, got) {
		t.Errorf("equivalent: exit %d (-want +got):\n%s", code, cmp.Diff(want, got))
	}
	if !strings.Contains(stdout, `"differences": []`) {
		t.Errorf("no differences should print [], not null:\n%s", stdout)
	}

	// Version changed, one statement changed, one renamed (only in each).
	edited := strings.Replace(current, `"2012-10-17"`, `"2008-10-17"`, 1)
	edited = strings.Replace(edited, "AWSLogs/999988887777/*", "AWSLogs/111122223333/*", 1)
	edited = strings.Replace(edited, `"DenyInsecureTransport"`, `"OldTLSDeny"`, 1)
	file := writeFile(t, "current.json", edited)
	code, stdout, _ = runBinary(t, "", "diff", "-config", cfg, "-format", "json", "bucket-policy", file)
	got := decode(t, stdout)
	if code != exitInvalid || got.Equivalent || got.File != file {
		t.Errorf("exit %d, equivalent %v, file %q; want 1, false, %s", code, got.Equivalent, got.File, file)
	}
	var summary []string
	for _, d := range got.Differences {
		sid := "-"
		if d.Sid != nil {
			sid = *d.Sid
		}
		summary = append(summary, d.Element+" "+sid+" "+d.Change)
	}
	want := []string{"Version - changed", "Statement AWSCloudTrailWrite999988887777 changed", "Statement OldTLSDeny onlyInDeployed", "Statement DenyInsecureTransport onlyInSetup"}
	if diff := cmp.Diff(want, summary); diff != "" {
		t.Errorf("differences (-want +got):\n%s", diff)
	}
	if d := got.Differences[1]; !cmp.Equal(d.Deployed, []string{"Resource: arn:aws:s3:::example-ct-logs/AWSLogs/111122223333/*"}) ||
		!cmp.Equal(d.Setup, []string{"Resource: arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/*"}) {
		t.Errorf("changed statement: deployed %q, setup %q", d.Deployed, d.Setup)
	}

	// The text output says the same, line for line.
	_, text, _ := runBinary(t, "", "diff", "-config", cfg, "bucket-policy", file)
	var lines []string
	for _, d := range got.Differences {
		lines = append(lines, d.lines()...)
	}
	if diff := cmp.Diff(strings.Split(strings.TrimSuffix(text, "\n"), "\n")[2:], lines); diff != "" {
		t.Errorf("text and JSON differ (-text +json):\n%s", diff)
	}
}

func TestBinaryErrorsJSON(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	decode := func(t *testing.T, s string) problemReport {
		t.Helper()
		var r problemReport
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("not the documented shape: %v\n%s", err, s)
		}
		return r
	}
	str := func(s string) *string { return &s }

	code, stdout, stderr := runBinary(t, "", "-config", cfg, "-errors", "json", "-accounts", "123456789012,12345", "-external-id", "", "all")
	if code != exitInvalid || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	got := decode(t, stderr)
	if got.Version != 1 || len(got.Problems) != 2 {
		t.Fatalf("want version 1 and two problems:\n%s", stderr)
	}
	p := got.Problems[0]
	want := problemRecord{Field: str("accounts[1]"), Value: str("12345"), Reason: str("is not a 12-digit AWS account ID"), Message: `accounts[1]: "12345" is not a 12-digit AWS account ID`}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("problem (-want +got):\n%s", diff)
	}
	if q := got.Problems[1]; q.Field == nil || *q.Field != "vendor.externalId" || q.Value == nil || *q.Value != "" {
		t.Errorf("second problem: %+v; want vendor.externalId with the empty value", q)
	}

	// A setup file problem: a message only.
	bad := writeFile(t, "bad.yaml", exampleCorp+"acounts: []\n")
	_, _, stderr = runBinary(t, "", "-config", bad, "-errors", "json", "all")
	got = decode(t, stderr)
	if len(got.Problems) != 1 || got.Problems[0].Field != nil || !strings.HasSuffix(got.Problems[0].Message, "acounts: unknown field; did you mean accounts?") {
		t.Errorf("setup file problem: %s", stderr)
	}

	// A size problem names the list that makes the document grow.
	var accounts []string
	for i := range 60 {
		accounts = append(accounts, strings.Repeat("0", 10)+string(rune('1'+i/10))+string(rune('0'+i%10)))
	}
	_, _, stderr = runBinary(t, "", "-errors", "json", "-bucket", "example-ct-logs", "-accounts", strings.Join(accounts, ","), "bucket-policy")
	got = decode(t, stderr)
	if len(got.Problems) != 1 || got.Problems[0].Field == nil || *got.Problems[0].Field != "accounts" || *got.Problems[0].Value != "60 accounts" {
		t.Errorf("size problem: %s", stderr)
	}

	// diff and check print an invalid setup the same way, with exit 2.
	code, _, stderr = runBinary(t, "", "diff", "-config", cfg, "-errors", "json", "-bucket", "Bad_Bucket", "bucket-policy", "x.json")
	if got = decode(t, stderr); code != exitUsage || len(got.Problems) != 1 || *got.Problems[0].Field != "bucket" {
		t.Errorf("diff: exit %d, %s", code, stderr)
	}
}
