package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestOutputUnchanged runs the command on the setups in
// testdata/compat/setups and compares every output, byte for byte, with
// testdata/compat/out, which the command wrote before the one-model
// restructuring (commit 8a08e82) for the same arguments: every format, all
// documents as one stream and with -out, and each document on its own. The
// files are never rewritten by -update: a difference is a change of
// emitted output, which must be made on purpose and listed in the
// changelog.
//
// Left out on purpose: scp-1 and scp-2 alone in Terraform and
// CloudFormation. Before, each was written under the name of a single SCP
// (protect-cloudtrail), so applying the two files created two policies of
// the same name; now each keeps its own (protect-cloudtrail-1, -2).
func TestOutputUnchanged(t *testing.T) {
	setups, err := filepath.Glob(filepath.Join("testdata", "compat", "setups", "*"))
	if err != nil || len(setups) == 0 {
		t.Fatalf("no setups: %v", err)
	}
	for _, setup := range setups {
		name := strings.TrimSuffix(filepath.Base(setup), filepath.Ext(setup))
		want := filepath.Join("testdata", "compat", "out", name)
		entries, err := os.ReadDir(want)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) < 10 {
			t.Fatalf("%s: only %d outputs recorded", want, len(entries))
		}
		for _, e := range entries {
			doc, format, _ := strings.Cut(e.Name(), ".")
			t.Run(name+"/"+e.Name(), func(t *testing.T) {
				if files, ok := strings.CutPrefix(e.Name(), "files-"); ok {
					dir := t.TempDir()
					code, _, stderr := runCmd("-config", setup, "-format", files, "-out", dir, "all")
					if code != exitOK {
						t.Fatalf("exit %d: %s", code, stderr)
					}
					compareDirs(t, filepath.Join(want, e.Name()), dir)
					return
				}
				code, stdout, stderr := runCmd("-config", setup, "-format", format, doc)
				if code != exitOK {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				old, err := os.ReadFile(filepath.Join(want, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(old), stdout); diff != "" {
					t.Errorf("output changed (-before +now):\n%s", diff)
				}
			})
		}
	}
}

// compareDirs fails t unless dir holds exactly the files of want, with the
// same bytes.
func compareDirs(t *testing.T, want, dir string) {
	t.Helper()
	read := func(d string) map[string]string {
		entries, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(d, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = string(b)
		}
		return out
	}
	if diff := cmp.Diff(read(want), read(dir)); diff != "" {
		t.Errorf("files changed (-before +now):\n%s", diff)
	}
}
