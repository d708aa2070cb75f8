package main

import (
	"errors"
	"flag"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/policy"
)

func TestVersionLine(t *testing.T) {
	tests := []struct {
		name   string
		info   *debug.BuildInfo
		want   string
		reason string
	}{
		{
			name:   "released",
			info:   &debug.BuildInfo{GoVersion: "go1.25.0", Main: debug.Module{Path: "github.com/trailpolicy/trailpolicy", Version: "v0.1.0"}},
			want:   "trailpolicy v0.1.0 (go1.25.0)",
			reason: "go install ...@v0.1.0 records the module version and no VCS settings",
		},
		{
			name: "clone-modified",
			info: &debug.BuildInfo{GoVersion: "go1.25.0", Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
				{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "e4d825c914433fea6c517b7b8ca0d25a63354f1a"}, {Key: "vcs.modified", Value: "true"},
			}},
			want:   "trailpolicy (devel) revision e4d825c914433fea6c517b7b8ca0d25a63354f1a modified (go1.25.0)",
			reason: "a build in a checkout says which revision and whether the tree had changes",
		},
		{
			name: "clone-clean",
			info: &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v0.0.0-20261201221354-e4d825c91443"}, Settings: []debug.BuildSetting{
				{Key: "vcs.revision", Value: "e4d825c914433fea6c517b7b8ca0d25a63354f1a"}, {Key: "vcs.modified", Value: "false"},
			}},
			want:   "trailpolicy v0.0.0-20261201221354-e4d825c91443 revision e4d825c914433fea6c517b7b8ca0d25a63354f1a (go1.26.0)",
			reason: "Go 1.24 and later give a checkout's build a pseudo-version; the revision follows",
		},
		{
			name:   "no-vcs",
			info:   &debug.BuildInfo{GoVersion: "go1.25.0", Main: debug.Module{Version: "(devel)"}},
			want:   "trailpolicy (devel) (go1.25.0)",
			reason: "built with -buildvcs=false or outside a checkout",
		},
		{
			name:   "empty-version",
			info:   &debug.BuildInfo{},
			want:   "trailpolicy (devel)",
			reason: "an empty module version reads as (devel)",
		},
		{
			name:   "no-build-info",
			info:   nil,
			want:   "trailpolicy (unknown version: the binary holds no build information)",
			reason: "debug.ReadBuildInfo can fail",
		},
	}
	for _, tc := range tests {
		if got := versionLine(tc.info); got != tc.want {
			t.Errorf("%s: versionLine = %q, want %q (%s)", tc.name, got, tc.want, tc.reason)
		}
	}
}

// listedFlags returns the flag names of the lines "  -name ..." of help,
// in order.
func listedFlags(help string) []string {
	var out []string
	for _, l := range strings.Split(help, "\n") {
		if rest, ok := strings.CutPrefix(l, "  -"); ok {
			out = append(out, strings.Fields(rest)[0])
		}
	}
	return out
}

// accepted returns the names of the flags command c parses.
func accepted(c *command) []string {
	_, fs, _ := c.flagSets()
	var out []string
	fs.VisitAll(func(f *flag.Flag) { out = append(out, f.Name) })
	return out
}

// TestHelpListsExactFlags: each command's -h lists exactly the flags it
// accepts, and the overview lists every subcommand and every flag.
func TestHelpListsExactFlags(t *testing.T) {
	var all []string
	for _, c := range commands {
		all = append(all, accepted(c)...)
		if c.name == "" {
			continue
		}
		code, help, stderr := runCmd(c.name, "-h")
		if code != exitOK || stderr != "" {
			t.Errorf("%s -h: exit %d, stderr %q", c.name, code, stderr)
		}
		got, want := listedFlags(help), accepted(c)
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s -h lists other flags than %s accepts (-accepted +listed):\n%s", c.name, c.name, diff)
		}
		if !strings.Contains(help, "Exit status") {
			t.Errorf("%s -h does not say the exit status", c.name)
		}
	}
	_, overview, _ := runCmd("-h")
	for _, c := range commands {
		if !strings.Contains(overview, "\n  "+strings.TrimSpace(c.title()+" "+c.synopsis)) {
			t.Errorf("the overview lacks the synopsis of %q", c.title())
		}
	}
	got := listedFlags(overview)
	slices.Sort(got)
	slices.Sort(all)
	if diff := cmp.Diff(slices.Compact(all), slices.Compact(got)); diff != "" {
		t.Errorf("the overview lists other flags than the commands accept (-accepted +listed):\n%s", diff)
	}
	_, diffHelp, _ := runCmd("diff", "-h")
	for _, notDiffs := range []string{"-out", "-merge-into", "-principal", "-identity", "-version"} {
		if strings.Contains(diffHelp, "\n  "+notDiffs+" ") {
			t.Errorf("diff -h lists %s, which diff does not take", notDiffs)
		}
	}
}

// TestHelpCommand: help is -h, help <command> is <command> -h.
func TestHelpCommand(t *testing.T) {
	_, overview, _ := runCmd("-h")
	if code, got, _ := runCmd("help"); code != exitOK || got != overview {
		t.Errorf("help: exit %d, and its output differs from -h:\n%s", code, cmp.Diff(overview, got))
	}
	for _, name := range commandNames() {
		_, want, _ := runCmd(name, "-h")
		if code, got, _ := runCmd("help", name); code != exitOK || got != want {
			t.Errorf("help %s: exit %d; output differs from %s -h:\n%s", name, code, name, cmp.Diff(want, got))
		}
	}
	code, stdout, stderr := runCmd("help", "dif")
	if code != exitUsage || stdout != "" || !strings.Contains(stderr, `unknown command "dif"; did you mean diff?`) {
		t.Errorf("help dif: exit %d, stdout %q, stderr %q; want 2 and a suggestion", code, stdout, stderr)
	}
}

func TestSuggestions(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	tests := []struct {
		args   []string
		want   string
		reason string
	}{
		{[]string{"-config", cfg, "bukcet-policy"}, `unknown document "bukcet-policy"; did you mean bucket-policy?`, "a misspelt document"},
		{[]string{"-config", cfg, "vendor"}, `unknown document "vendor": want bucket-policy, key-policy, vendor-trust-policy, vendor-read-policy, scp, rcp, reader-read-policy, topic-policy, logs-role-trust-policy, logs-role-policy or all`, "two documents start with vendor: no guess, the list"},
		{[]string{"chek", "-config", cfg}, `unknown command "chek"; did you mean check?`, "a misspelt subcommand"},
		{[]string{"-bukcet", "x", "all"}, "flag provided but not defined: -bukcet; did you mean -bucket?", "a misspelt flag"},
		{[]string{"-config", cfg, "-principal", "x", "all"}, "-principal is a flag of trailpolicy check", "a flag of another subcommand"},
		{[]string{"diff", "-out", "x", "bucket-policy", "x.json"}, "flag provided but not defined: -out; -out is a flag of trailpolicy", "diff takes no -out"},
		{[]string{"-config", cfg, "-format", "terafrom", "all"}, `unknown -format "terafrom"; did you mean terraform?`, "a misspelt format"},
		{[]string{"diff", "-config", cfg, "-format", "jsn", "bucket-policy", "x.json"}, `unknown -format "jsn"; did you mean json?`, "diff's formats"},
		{[]string{"diff", "-config", cfg, "bucket-polcy", "x.json"}, `unknown document "bucket-polcy"; did you mean bucket-policy?`, "diff's documents"},
		{[]string{"-config", cfg, "-errors", "jsno", "all"}, `unknown -errors "jsno"; did you mean json?`, "-errors values"},
	}
	for _, tc := range tests {
		code, stdout, stderr := runCmd(tc.args...)
		if code != exitUsage || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q (%s)", tc.args, code, stdout, stderr, tc.want, tc.reason)
		}
	}
}

func TestProblemRecord(t *testing.T) {
	str := func(s string) *string { return &s }
	fe := policy.NewFieldError(policy.ErrAccountID, "accounts[1]", "12345", "is not a 12-digit AWS account ID")
	se := &policy.SizeError{Kind: policy.KindBucketPolicy, Size: 25012, Limit: 20480, Unit: "bytes", Field: "accounts", Count: 120, Noun: "accounts", Fit: 50, Hint: "use an organization trail"}
	whole := &policy.SizeError{Kind: policy.KindSCP, Size: 6000, Limit: 5120, Unit: "characters"}
	tests := []struct {
		name   string
		file   string
		err    error
		want   problemRecord
		reason string
	}{
		{
			name: "field", err: fe,
			want:   problemRecord{Field: str("accounts[1]"), Value: str("12345"), Reason: str("is not a 12-digit AWS account ID"), Message: fe.Error()},
			reason: "a FieldError gives its parts",
		},
		{
			name: "size-in-document", err: &trailpolicy.DocumentError{Document: "bucket-policy", Err: se},
			want: problemRecord{Document: "bucket-policy", Field: str("accounts"), Value: str("120 accounts"),
				Reason:  str(strings.TrimPrefix(se.Error(), `accounts: "120 accounts" `)),
				Message: "bucket-policy: " + se.Error()},
			reason: "a SizeError inside a DocumentError: the document, the list and what the size is",
		},
		{
			name: "size-whole", err: whole,
			want:   problemRecord{Field: str(""), Value: str(""), Reason: str(strings.TrimPrefix(whole.Error(), "document: ")), Message: whole.Error()},
			reason: "a document too large whatever its lists hold has no field",
		},
		{
			name: "plain", err: errors.New("setup.yaml: line 2: acounts: unknown field; did you mean accounts?"),
			want:   problemRecord{Message: "setup.yaml: line 2: acounts: unknown field; did you mean accounts?"},
			reason: "other errors are a message only",
		},
		{
			name: "in-file", file: "current.json", err: fmt.Errorf("wrapped: %w", fe),
			want:   problemRecord{File: "current.json", Field: str("accounts[1]"), Value: str("12345"), Reason: str("is not a 12-digit AWS account ID"), Message: "current.json: wrapped: " + fe.Error()},
			reason: "errors.As finds a wrapped FieldError; the file prefixes the message",
		},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, record(tc.file, tc.err)); diff != "" {
			t.Errorf("%s: record (-want +got):\n%s(%s)", tc.name, diff, tc.reason)
		}
	}
	if !strings.HasPrefix(*record("", se).Reason, "make the bucket policy 25012 bytes") {
		t.Errorf("size reason %q does not start where the field and value end", *record("", se).Reason)
	}
}
