package audit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMergeRanges: the merged results of consecutive ranges are those of
// one run: a rule fails with the first counterexample in range order and
// counts the requests up to it; a passing rule counts them all; a missing
// rule stays missing.
func TestMergeRanges(t *testing.T) {
	first, second := &Counterexample{Principal: "first"}, &Counterexample{Principal: "second"}
	parts := [][]Result{
		{{Property: "a", Status: Pass, Requests: 3}, {Property: "b", Status: Pass, Requests: 3}, {Property: "c", Status: Missing}, {Property: "d", Status: Fail, Requests: 1, Counterexample: first}},
		{{Property: "a", Status: Pass, Requests: 4}, {Property: "b", Status: Fail, Requests: 2, Counterexample: first}, {Property: "c", Status: Missing}, {Property: "d", Status: Fail, Requests: 1, Counterexample: second}},
		{{Property: "a", Status: Pass, Requests: 5}, {Property: "b", Status: Fail, Requests: 1, Counterexample: second}, {Property: "c", Status: Missing}, {Property: "d", Status: Pass, Requests: 9}},
	}
	want := []Result{
		{Property: "a", Status: Pass, Requests: 12},
		{Property: "b", Status: Fail, Requests: 5, Counterexample: first},
		{Property: "c", Status: Missing},
		{Property: "d", Status: Fail, Requests: 1, Counterexample: first},
	}
	if diff := cmp.Diff(want, mergeRanges(parts)); diff != "" {
		t.Errorf("mergeRanges (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(parts[0], mergeRanges(parts[:1])); diff != "" {
		t.Errorf("one range is its own merge (-want +got):\n%s", diff)
	}
}
