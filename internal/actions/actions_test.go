package actions_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/internal/actions"
)

func TestLists(t *testing.T) {
	for _, s := range actions.Services {
		l := actions.List(s)
		if len(l) < 40 {
			t.Errorf("%s: only %d actions", s, len(l))
		}
		if !slices.IsSorted(l) || len(slices.Compact(slices.Clone(l))) != len(l) {
			t.Errorf("%s: not sorted and unique", s)
		}
		for _, a := range l {
			if !strings.HasPrefix(a, s+":") || strings.ContainsAny(a, " *?") {
				t.Errorf("%s: %q is not one %s action", s, a, s)
			}
		}
	}
	if actions.List("sts") != nil {
		t.Error("sts has no list")
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		action           string
		known, published bool
		closest, reason  string
	}{
		{"s3:GetObject", true, true, "", "published"},
		{"S3:getobject", true, true, "", "IAM ignores case in action names"},
		{"s3:GetObjekt", true, false, "s3:GetObject", "a typo gets the action meant"},
		{"kms:Decrypts", true, false, "kms:Decrypt", "one edit"},
		{"s3:DeleteBucketOwnershipControls", true, false, "s3:GetBucketOwnershipControls", "the published SCP's non-action gets the nearest published one"},
		{"sts:AssumeRole", false, false, "", "no list for sts: nothing is said"},
	}
	for _, tc := range tests {
		known, published, closest := actions.Check(tc.action)
		if known != tc.known || published != tc.published || closest != tc.closest {
			t.Errorf("Check(%q) = %v, %v, %q; want %v, %v, %q (%s)", tc.action, known, published, closest, tc.known, tc.published, tc.closest, tc.reason)
		}
	}
}

// TestProvenance: every list records its source page and the date it was
// read, in its header.
func TestProvenance(t *testing.T) {
	for _, s := range actions.Services {
		data, err := os.ReadFile(s + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		var header []string
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, "#") {
				header = append(header, line)
			}
		}
		h := strings.Join(header, "\n")
		for _, want := range []string{"# Source page:", "https://docs.aws.amazon.com/service-authorization/", "# Retrieved:"} {
			if !strings.Contains(h, want) {
				t.Errorf("%s.txt: header does not record %q", s, want)
			}
		}
	}
}
