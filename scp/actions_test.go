package scp_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/internal/actions"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// publishedActions returns the service's published actions
// (internal/actions, with their source pages), as a set.
func publishedActions(t *testing.T, service string) map[string]bool {
	t.Helper()
	list := actions.List(service)
	if len(list) == 0 {
		t.Fatalf("no published list for %s", service)
	}
	set := map[string]bool{}
	for _, a := range list {
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
		t.Errorf("actions not in the published lists (internal/actions): %v", bad)
	}
}

// TestActionsCoverOutput checks that Actions lists exactly what Build emits
// when every statement is on, so that the check above covers the output.
func TestActionsCoverOutput(t *testing.T) {
	sc := site(bucket)
	sc.BreakGlassRoles = []string{breakGlass}
	sc.KMSKeyARN = keyARN
	docs := mustBuild(t, sc, scp.Config{Options: scp.Options{ProtectTrails: []string{trail}, DenyTrailCreationAndTagging: true}})
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
