package audit_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
)

// ownSetups are the setups of the command's compatibility tests whose
// documents name every ARN (a created key has none before it exists).
var ownSetups = []string{"example-corp.yaml", "first-create.yaml", "no-key-china.json", "organization.yaml", "notifications.yaml", "readers-any-account.yaml"}

func loadSetup(t *testing.T, path string) trailpolicy.Setup {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := trailpolicy.LoadSetup(data, filepath.Base(path))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return s
}

// TestOwnOutputPasses: every property holds for the documents each setup
// produces.
func TestOwnOutputPasses(t *testing.T) {
	setups := ownSetups
	if testing.Short() {
		setups = []string{"no-key-china.json"}
	}
	for _, name := range setups {
		t.Run(name, func(t *testing.T) {
			s := loadSetup(t, filepath.Join("..", "cmd", "trailpolicy", "testdata", "compat", "setups", name))
			in, b, err := audit.IntentOf(s)
			if err != nil {
				t.Fatal(err)
			}
			d, err := audit.FromBundle(b)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := audit.Check(in, d)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range rep.Results {
				n += r.Requests
				if r.Status != audit.Pass {
					t.Errorf("%s: %s: %s", r.Property, r.Status, describe(r))
				}
			}
			if len(rep.Missing) > 0 {
				t.Errorf("missing documents: %v", rep.Missing)
			}
			t.Logf("%d properties, %d requests", len(rep.Results), n)
		})
	}
}

func describe(r audit.Result) string {
	if r.Counterexample == nil {
		return r.Description
	}
	c := r.Counterexample
	return c.Principal + " " + c.Action + " " + c.Resource + " " + c.Decision + " (want " + c.Want + "): " + c.Reason
}
