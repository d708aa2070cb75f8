package format_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/format"
)

// TestGoformationCommandSetups parses the CloudFormation templates of the
// command's setups with an existing key (Example Corp, the organization
// with a prefix, ...) with goformation, one template per account as -out
// writes them, the existing key's policy left out as the command leaves it.
// (With createKey the command's setups name their own placeholder keys,
// which checkGoformation does not resolve; format's own lists cover that
// mode, and TestOpenTofu covers the command's createKey setups in
// Terraform.)
func TestGoformationCommandSetups(t *testing.T) {
	setups, err := filepath.Glob(filepath.Join("..", "cmd", "trailpolicy", "testdata", "compat", "setups", "*"))
	if err != nil || len(setups) < 6 {
		t.Fatalf("the command's setups: %q, %v", setups, err)
	}
	checked := 0
	for _, path := range setups {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := trailpolicy.LoadSetup(data, path)
		if err != nil {
			t.Fatal(err)
		}
		if s.CreateKey {
			continue
		}
		b, err := s.Build()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var docs cloudtrail.Documents
		for _, d := range b.Documents {
			if d.Target.Kind != cloudtrail.KeyPolicyTarget {
				docs = append(docs, d)
			}
		}
		for _, g := range format.ByAccount(docs) {
			for _, f := range []format.TemplateFormat{format.YAML, format.JSON} {
				out, err := format.CloudFormation(g.Docs, f)
				if err != nil {
					t.Fatalf("%s %s: %v", path, g.Role, err)
				}
				checkGoformation(t, out, f, g.Docs)
				checked++
			}
		}
	}
	if checked < 8 {
		t.Errorf("only %d templates checked", checked)
	}
}
