package main

import (
	"strings"
	"testing"
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
