// Package golden holds the test helpers shared by the document packages:
// semantic comparison of policies with a go-cmp diff, golden-file comparison
// with an -update flag, and a strict round trip. It is imported only from
// _test.go files, so its flag never reaches the command line tool.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/policy"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json with the current output (never testdata/documents/)")

// Compare fails t with a (-want +got) diff when the two documents do not mean
// the same (see [policy.Canonical] for what is ignored).
func Compare(t testing.TB, want, got *policy.Document) {
	t.Helper()
	if diff := cmp.Diff(want.Canonical(), got.Canonical()); diff != "" {
		t.Errorf("documents differ semantically (-want +got):\n%s", diff)
	}
}

// Fixture decodes a document copied from the source documents. Fixtures are
// never rewritten: a test corrects a published mistake by patching the
// decoded document, visibly.
func Fixture(t testing.TB, kind policy.Kind, path string) *policy.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	d, err := policy.Decode(kind, data)
	if err != nil {
		t.Fatalf("fixture %s: %v", path, err)
	}
	return d
}

// isFixture reports whether path lies under a testdata/documents directory,
// where the copies of the source documents live.
func isFixture(path string) bool {
	clean := filepath.ToSlash(filepath.Clean(path))
	return strings.Contains("/"+clean, "/testdata/documents/")
}

// Bytes compares got with the golden file at path, or rewrites the file when
// the test runs with -update. It refuses to write under testdata/documents/.
func Bytes(t testing.TB, path string, got []byte) {
	t.Helper()
	if isFixture(path) {
		t.Fatalf("golden.Bytes: %s is a fixture copied from a source document; outputs go in testdata/*.golden.json", path)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run the test with -update to create it): %v", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs (-want +got):\n%s", path, cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")))
	}
}

// RoundTrip decodes the rendering of d strictly, renders it again and
// requires the same bytes, in both the indented and the compact form.
func RoundTrip(t testing.TB, d *policy.Document) {
	t.Helper()
	first, err := d.JSON()
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	back, err := policy.Decode(d.Kind, first)
	if err != nil {
		t.Fatalf("decode own output: %v\n%s", err, first)
	}
	second, err := back.JSON()
	if err != nil {
		t.Fatalf("render again: %v", err)
	}
	if string(first) != string(second) {
		t.Errorf("round trip changed the document (-first +second):\n%s", cmp.Diff(string(first), string(second)))
	}
	c1, _ := d.CompactJSON()
	c2, _ := back.CompactJSON()
	if string(c1) != string(c2) {
		t.Errorf("round trip changed the compact form (-first +second):\n%s", cmp.Diff(string(c1), string(c2)))
	}
}

// Check runs every check an emitted document must pass: validation (schema,
// size, Sids, principals, characters), the strict round trip, and the golden
// bytes of its indented rendering at goldenPath.
func Check(t testing.TB, d *policy.Document, goldenPath string) {
	t.Helper()
	if err := d.Validate(); err != nil {
		t.Errorf("emitted document is invalid: %v", err)
	}
	RoundTrip(t, d)
	got, err := d.JSON()
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	Bytes(t, goldenPath, got)
}
