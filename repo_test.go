package trailpolicy_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"regexp"
	"strings"
	"testing"
)

// apacheSHA256 is the SHA-256 of the Apache License 2.0 as the Apache
// Software Foundation publishes it (https://www.apache.org/licenses/LICENSE-2.0.txt,
// also Debian's /usr/share/common-licenses/Apache-2.0), appendix unfilled.
const apacheSHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"

// TestLicense: LICENSE is the whole, unmodified Apache License 2.0, with
// only the appendix's copyright line filled in, as the appendix asks.
func TestLicense(t *testing.T) {
	data, err := os.ReadFile("LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	const filled = "   Copyright 2026 The trailpolicy Authors\n"
	const template = "   Copyright [yyyy] [name of copyright owner]\n"
	text := string(data)
	if strings.Count(text, filled) != 1 {
		t.Errorf("LICENSE does not hold the copyright line %q once", strings.TrimSpace(filled))
	}
	sum := sha256.Sum256([]byte(strings.Replace(text, filled, template, 1)))
	if got := hex.EncodeToString(sum[:]); got != apacheSHA256 {
		t.Errorf("LICENSE is not the Apache License 2.0 text apart from the copyright line: sha256 %s, want %s", got, apacheSHA256)
	}
}

// TestChangelog: CHANGELOG.md claims no release that did not happen: its
// sections are "Unreleased" or a version with its date, newest first.
func TestChangelog(t *testing.T) {
	data, err := os.ReadFile("CHANGELOG.md")
	if err != nil {
		t.Fatal(err)
	}
	version := regexp.MustCompile(`^## v[0-9]+\.[0-9]+\.[0-9]+ \([0-9]{4}-[0-9]{2}-[0-9]{2}\)$`)
	var sections []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "## ") {
			sections = append(sections, l)
		}
	}
	if len(sections) == 0 || sections[0] != "## Unreleased" {
		t.Fatalf("CHANGELOG.md's first section is %q, want \"## Unreleased\"", sections)
	}
	for _, s := range sections[1:] {
		if !version.MatchString(s) {
			t.Errorf("section %q is neither Unreleased nor a version with its date", s)
		}
	}
}

// TestReadmeFirstScreen: the README's first screen, before the package
// table, tells a new user how to install the command, print the policies
// and run the tests.
func TestReadmeFirstScreen(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	first, _, ok := strings.Cut(string(data), "\n## ")
	if !ok {
		t.Fatal("README has no second section")
	}
	for _, want := range []string{
		"go install github.com/trailpolicy/trailpolicy/cmd/trailpolicy@latest",
		"go install ./cmd/trailpolicy",
		"trailpolicy -config examples/example-corp.yaml all",
		"go test ./...",
		"LICENSE",
		"CHANGELOG.md",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("the README's first screen lacks %q", want)
		}
	}
	if n := strings.Count(first, "\n"); n > 40 {
		t.Errorf("the README's first screen is %d lines; keep it to a screen", n)
	}
}
