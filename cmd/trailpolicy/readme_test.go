package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// readmeBlock returns the fenced code block that follows the first line of
// the README containing marker, without its fences.
func readmeBlock(t *testing.T, readme, marker string) string {
	t.Helper()
	i := strings.Index(readme, marker)
	if i < 0 {
		t.Fatalf("README has no %q", marker)
	}
	rest := readme[i:]
	start := strings.Index(rest, "\n```")
	if start < 0 {
		t.Fatalf("no code block after %q", marker)
	}
	rest = rest[start+4:]
	rest = rest[strings.Index(rest, "\n")+1:] // past the fence's language
	end := strings.Index(rest, "```\n")
	if end < 0 {
		t.Fatalf("unterminated code block after %q", marker)
	}
	return rest[:end]
}

// TestReadmeExcerpts: the README's excerpts of the command's output are
// what the command writes: the Terraform and CloudFormation files start as
// shown (header comments included), and the JSON results of diff and check
// are the ones printed.
func TestReadmeExcerpts(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	cfg := filepath.Join("..", "..", "examples", "example-corp.yaml")

	for _, tc := range []struct{ marker, format, file string }{
		{"`/tmp/tf/log-archive-account.tf` starts:", "terraform", "log-archive-account.tf"},
		{"`/tmp/cfn/log-archive-account.yaml` starts:", "cloudformation", "log-archive-account.yaml"},
	} {
		dir := t.TempDir()
		if code, _, stderr := runCmd("-config", cfg, "-format", tc.format, "-out", dir, "all"); code != exitOK {
			t.Fatalf("%s: exit %d: %s", tc.format, code, stderr)
		}
		got, err := os.ReadFile(filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		excerpt := readmeBlock(t, readme, tc.marker)
		if !strings.HasPrefix(string(got), excerpt) {
			n := min(len(got), len(excerpt))
			t.Errorf("README's excerpt of %s is not how the file starts (-README +output):\n%s", tc.file, cmp.Diff(excerpt, string(got[:n])))
		}
	}

	jsonEqual := func(name, excerpt, output string) {
		t.Helper()
		var want, got any
		if err := json.Unmarshal([]byte(excerpt), &want); err != nil {
			t.Fatalf("README's %s JSON: %v", name, err)
		}
		if err := json.Unmarshal([]byte(output), &got); err != nil {
			t.Fatalf("%s output: %v", name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("README's %s JSON differs from the output (-README +output):\n%s", name, diff)
		}
	}

	_, current, _ := runCmd("-config", cfg, "bucket-policy")
	current = strings.Replace(current, "AWSLogs/999988887777/*", "AWSLogs/111122223333/*", 1)
	path := writeFile(t, "current.json", current)
	_, out, _ := runCmd("diff", "-config", cfg, "-format", "json", "bucket-policy", path)
	jsonEqual("diff", strings.Replace(readmeBlock(t, readme, "The `diff` above, as JSON:"), "/tmp/current.json", path, 1), out)

	_, out, _ = runCmd("check", "-config", cfg, "-format", "json", "-principal", "arn:aws:iam::123456789012:role/Admin", "-action", "s3:DeleteObject",
		"-resource", "arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/CloudTrail/us-east-1/2014/07/31/log.json.gz")
	jsonEqual("check", readmeBlock(t, readme, "The `check` above, as JSON:"), out)

	usage := readmeBlock(t, readme, "## The command line")
	for _, c := range commands {
		if !strings.Contains(usage, c.title()+" ") && !strings.Contains(usage, c.title()+"\n") {
			t.Errorf("the README's usage lacks %s", c.title())
		}
	}
}
