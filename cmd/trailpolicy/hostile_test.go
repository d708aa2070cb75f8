package main

import (
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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

// dirEntries lists the names in dir.
func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestWriteOut: -out never writes through a link, replaces files whole and
// leaves nothing behind when a write fails.
func TestWriteOut(t *testing.T) {
	files := []file{{"a.json", []byte("new a\n")}, {"b.json", []byte("new b\n")}}

	t.Run("replaces-regular-files-atomically", func(t *testing.T) {
		dir := t.TempDir()
		old := filepath.Join(dir, "a.json")
		if err := os.WriteFile(old, []byte("old a\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		// A hard link elsewhere keeps the old content: the file is replaced,
		// not written through.
		keep := filepath.Join(t.TempDir(), "keep.json")
		if err := os.Link(old, keep); err != nil {
			t.Skipf("no hard links: %v", err)
		}
		paths, err := writeOut(dir, files)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")}, paths); diff != "" {
			t.Errorf("paths (-want +got):\n%s", diff)
		}
		if got, _ := os.ReadFile(old); string(got) != "new a\n" {
			t.Errorf("a.json = %q, want the new content", got)
		}
		if got, _ := os.ReadFile(keep); string(got) != "old a\n" {
			t.Errorf("the hard link elsewhere = %q, want the old content", got)
		}
		if diff := cmp.Diff([]string{"a.json", "b.json"}, dirEntries(t, dir)); diff != "" {
			t.Errorf("dir holds a temporary file (-want +got):\n%s", diff)
		}
	})

	t.Run("symlink-in-dir", func(t *testing.T) {
		dir, outside := t.TempDir(), filepath.Join(t.TempDir(), "victim")
		if err := os.WriteFile(outside, []byte("keep\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, filepath.Join(dir, "b.json")); err != nil {
			t.Skipf("no symlinks: %v", err)
		}
		_, err := writeOut(dir, files)
		if err == nil || !strings.Contains(err.Error(), "b.json is a symbolic link") {
			t.Fatalf("error %v, want b.json named as a link", err)
		}
		if got, _ := os.ReadFile(outside); string(got) != "keep\n" {
			t.Errorf("the link's target = %q, want it untouched", got)
		}
		if diff := cmp.Diff([]string{"b.json"}, dirEntries(t, dir)); diff != "" {
			t.Errorf("a.json was written although b.json was refused (-want +got):\n%s", diff)
		}
	})

	t.Run("dir-is-symlink", func(t *testing.T) {
		realDir := t.TempDir()
		link := filepath.Join(t.TempDir(), "out")
		if err := os.Symlink(realDir, link); err != nil {
			t.Skipf("no symlinks: %v", err)
		}
		if _, err := writeOut(link, files); err == nil || !strings.Contains(err.Error(), "is a symbolic link") {
			t.Fatalf("error %v, want the link refused", err)
		}
		if n := len(dirEntries(t, realDir)); n != 0 {
			t.Errorf("%d files written through the linked directory", n)
		}
	})

	t.Run("failure-halfway", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "a.json"), []byte("old a\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		calls := 0
		createTemp = func(dir, pattern string) (*os.File, error) {
			if calls++; calls == 2 {
				return nil, errors.New("disk full")
			}
			return os.CreateTemp(dir, pattern)
		}
		defer func() { createTemp = os.CreateTemp }()
		if _, err := writeOut(dir, files); err == nil || !strings.Contains(err.Error(), "disk full (no file written)") {
			t.Fatalf("error %v, want the failure and that nothing was written", err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "a.json")); string(got) != "old a\n" {
			t.Errorf("a.json = %q, want the old content: nothing is renamed until every file is written", got)
		}
		if diff := cmp.Diff([]string{"a.json"}, dirEntries(t, dir)); diff != "" {
			t.Errorf("dir after a failed write (-want +got):\n%s", diff)
		}
	})

	t.Run("not-a-directory", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := writeOut(path, files); err == nil || !strings.Contains(err.Error(), "is not a directory") {
			t.Errorf("error %v, want not a directory", err)
		}
	})
}

// TestAllKeepsItsShape: a setup that calls for one document still prints
// all as an object keyed by document name, as the README promises.
func TestAllKeepsItsShape(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", "bucket: example-ct-logs\naccounts: [\"123456789012\"]\nscp: {omit: true}\n")
	for _, format := range []string{"json", "compact"} {
		code, stdout, stderr := runCmd("-config", cfg, "-format", format, "all")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		var byName map[string]json.RawMessage
		if err := json.Unmarshal([]byte(stdout), &byName); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if _, ok := byName["bucket-policy"]; !ok || len(byName) != 1 {
			t.Errorf("%s: all printed keys %v, want only bucket-policy", format, slices.Collect(maps.Keys(byName)))
		}
		_, single, _ := runCmd("-config", cfg, "-format", format, "bucket-policy")
		if strings.Contains(single, `"bucket-policy"`) {
			t.Errorf("%s: bucket-policy alone is keyed; want the bare document", format)
		}
	}
}
