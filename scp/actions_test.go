package scp_test

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// publishedActions loads testdata/actions/<service>.txt: comment lines start
// with #, every other line is one "prefix:Action". It fails the test when the
// file lacks its provenance header or is not sorted and free of duplicates.
func publishedActions(t *testing.T, service string) map[string]bool {
	t.Helper()
	path := "testdata/actions/" + service + ".txt"
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var actions, header []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#"):
			header = append(header, line)
		case line == "":
		case !strings.HasPrefix(line, service+":") || strings.ContainsAny(line, " *?"):
			t.Fatalf("%s: line %q is not one %s action", path, line, service)
		default:
			actions = append(actions, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	h := strings.Join(header, "\n")
	for _, want := range []string{"# Source page:", "https://docs.aws.amazon.com/service-authorization/", "# Retrieved:"} {
		if !strings.Contains(h, want) {
			t.Errorf("%s: header does not record %q", path, want)
		}
	}
	if !slices.IsSorted(actions) || len(slices.Compact(slices.Clone(actions))) != len(actions) {
		t.Errorf("%s: actions are not sorted and unique", path)
	}
	set := map[string]bool{}
	for _, a := range actions {
		set[a] = true
	}
	return set
}

// unpublished returns the actions not in the service's published list.
func unpublished(t *testing.T, actions []string) []string {
	t.Helper()
	lists := map[string]map[string]bool{}
	var out []string
	for _, a := range actions {
		service, _, ok := strings.Cut(a, ":")
		if !ok {
			out = append(out, a)
			continue
		}
		if lists[service] == nil {
			lists[service] = publishedActions(t, service)
		}
		if !lists[service][a] {
			out = append(out, a)
		}
	}
	return out
}

// TestActionsArePublished checks every action constant the package can
// emit against the service's published list. A misspelt action in a Deny
// would be accepted by AWS and deny nothing.
func TestActionsArePublished(t *testing.T) {
	var all []string
	for _, a := range scp.Actions() {
		all = append(all, string(a))
	}
	if bad := unpublished(t, all); len(bad) > 0 {
		t.Errorf("actions not in the published lists (testdata/actions): %v", bad)
	}
}

// TestActionsCoverOutput checks that Actions lists exactly what Build emits
// when every statement is on, so that the check above covers the output.
func TestActionsCoverOutput(t *testing.T) {
	sc := site(bucket)
	sc.BreakGlassRoles = []string{breakGlass}
	sc.KMSKeyARN = keyARN
	docs := mustBuild(t, sc, scp.Config{Options: scp.Options{ProtectTrails: []string{trail}}})
	var emitted []string
	for _, d := range docs {
		for _, s := range d.Statements {
			emitted = append(emitted, values(s.Action)...)
		}
	}
	var listed []string
	for _, a := range scp.Actions() {
		listed = append(listed, string(a))
	}
	if diff := cmp.Diff(listed, policy.SortedUnique(emitted)); diff != "" {
		t.Errorf("Actions() and the emitted actions differ (-Actions +emitted):\n%s", diff)
	}
}

// TestPublishedDocumentActions runs the same check on the source document:
// it finds the one action there that does not exist. The
// DeleteBucketOwnershipControls API is authorized by
// s3:PutBucketOwnershipControls
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketOwnershipControls.html).
func TestPublishedDocumentActions(t *testing.T) {
	doc := golden.Fixture(t, policy.KindSCP, "testdata/documents/002-anti-deletion-scp.json")
	var actions []string
	for _, s := range doc.Statements {
		actions = append(actions, values(s.Action)...)
	}
	if diff := cmp.Diff([]string{"s3:DeleteBucketOwnershipControls"}, unpublished(t, actions)); diff != "" {
		t.Errorf("unpublished actions in 002-anti-deletion-scp.json (-want +got):\n%s", diff)
	}
}
