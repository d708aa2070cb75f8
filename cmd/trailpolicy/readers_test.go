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

// TestCheckReaders: check gives a reader role (or one of its sessions) and
// a reader user the setup's read policy of their own, so the setup alone
// answers whether they may read; another user of the same account gets
// none and is denied.
func TestCheckReaders(t *testing.T) {
	cfg := filepath.Join("testdata", "compat", "setups", "readers-any-account.yaml")
	object := "arn:aws:s3:::sra-cloudtrail-logs/AWSLogs/o-exampleorgid/444444444444/CloudTrail/us-east-1/2026/12/02/x.json.gz"
	key := "arn:aws:kms:us-east-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	tests := []struct {
		name   string
		args   []string
		want   int
		policy string // an identity policy the output names
	}{
		{"user reads", []string{"-principal", "arn:aws:iam::444444444444:user/alice", "-action", "s3:GetObject", "-resource", object, "-context", "aws:SecureTransport=true",
			"-context", "aws:PrincipalOrgID=o-exampleorgid"},
			exitOK, "reader-read-policy-444444444444-user-alice"},
		{"other user", []string{"-principal", "arn:aws:iam::444444444444:user/bob", "-action", "s3:GetObject", "-resource", object, "-context", "aws:SecureTransport=true",
			"-context", "aws:PrincipalOrgID=o-exampleorgid"},
			exitInvalid, ""},
		{"user outside the organization", []string{"-principal", "arn:aws:iam::444444444444:user/alice", "-action", "s3:GetObject", "-resource", object, "-context", "aws:SecureTransport=true"},
			exitInvalid, ""},
		{"role session decrypts", []string{"-principal", "arn:aws:sts::333333333333:assumed-role/SecurityAudit/s", "-action", "kms:Decrypt", "-resource", key,
			"-context", "kms:EncryptionContext:aws:cloudtrail:arn=arn:aws:cloudtrail:us-east-1:111111111111:trail/org", "-context", "kms:ViaService=s3.us-east-1.amazonaws.com",
			"-context", "aws:PrincipalOrgID=o-exampleorgid", "-context", "aws:SecureTransport=true"},
			exitOK, "reader-read-policy-333333333333-role-SecurityAudit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append([]string{"check", "-config", cfg}, tc.args...)...)
			if code != tc.want || !strings.Contains(stdout, tc.policy) {
				t.Errorf("exit %d, want %d, naming %q; stdout %q, stderr %q", code, tc.want, tc.policy, stdout, stderr)
			}
		})
	}
}
