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
