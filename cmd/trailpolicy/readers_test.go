package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReaderDocumentsCommands: the readers' policies work like the other
// documents: printed by name or all at once (reader-read-policy), compared
// with diff, written with -out; a misspelt reader's name says what the
// names look like.
func TestReaderDocumentsCommands(t *testing.T) {
	cfg := filepath.Join("testdata", "compat", "setups", "readers-any-account.yaml")
	const alice = "reader-read-policy-444444444444-user-alice"
	code, one, stderr := runCmd("-config", cfg, alice)
	if code != exitOK || !strings.Contains(one, `"kms:Decrypt"`) {
		t.Fatalf("print %s: exit %d, stdout %q, stderr %q", alice, code, one, stderr)
	}
	code, all, stderr := runCmd("-config", cfg, "reader-read-policy")
	if code != exitOK || strings.Count(all, `"reader-read-policy-`) != 4 {
		t.Errorf("print reader-read-policy: exit %d, want the four readers' policies keyed by name; stdout %q, stderr %q", code, all, stderr)
	}

	current := filepath.Join(t.TempDir(), "current.json")
	if err := os.WriteFile(current, []byte(one), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := runCmd("diff", "-config", cfg, alice, current); code != exitOK {
		t.Errorf("diff %s with itself: exit %d, stdout %q, stderr %q", alice, code, stdout, stderr)
	}
	if code, _, stderr := runCmd("diff", "-config", cfg, "reader-read-policy", current); code != exitUsage || !strings.Contains(stderr, "4 reader read policies: name one") {
		t.Errorf("diff of all readers' policies: exit %d, stderr %q; want a usage error asking for one", code, stderr)
	}

	dir := t.TempDir()
	if code, _, stderr := runCmd("-config", cfg, "-out", dir, "all"); code != exitOK {
		t.Fatalf("-out: exit %d: %s", code, stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, alice+".json"))
	if err != nil || string(got) != one {
		t.Errorf("-out wrote %s as %q (%v), want what printing it gives", alice, got, err)
	}

	code, _, stderr = runCmd("-config", cfg, "reader-read-policy-444444444444-user-bob")
	if code == exitOK || !strings.Contains(stderr, `readers: "reader-read-policy-444444444444-user-bob" names no reader of this setup`) {
		t.Errorf("an unknown reader: exit %d, stderr %q", code, stderr)
	}
}
