package policy

import (
	"strings"
	"testing"
)

// TestSplitARN: splitARN is strings.SplitN(s, ":", 6) without the slice,
// on ARNs, near-ARNs and edge cases (empty fields, extra colons, none).
func TestSplitARN(t *testing.T) {
	for _, s := range []string{
		"", ":", "arn", "arn:aws:s3:::b", "arn:aws:s3:::b/k:with:colons", "arn:aws:iam::111111111111:role/R",
		"a:b:c:d:e", "a:b:c:d:e:", ":::::", "::::::", "arn:aws:kms:us-east-1:1:key/x", "é:ü:::x:y",
	} {
		got, ok := splitARN(s)
		want := strings.SplitN(s, ":", 6)
		if ok != (len(want) == 6) {
			t.Errorf("splitARN(%q) ok = %v, SplitN gives %d parts", s, ok, len(want))
			continue
		}
		if ok && got != [6]string(want) {
			t.Errorf("splitARN(%q) = %q, SplitN gives %q", s, got, want)
		}
	}
}
