package eval

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGlob checks the wildcard matcher on its own, both the allocation-free
// form over policy text and the token form used after variable substitution,
// which must agree.
func TestGlob(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		pattern string
		s       string
		want    bool
	}{
		{"empty/empty", "an empty pattern matches only the empty string", "", "", true},
		{"empty/text", "an empty pattern does not match text", "", "a", false},
		{"star/empty", "* matches the empty string", "*", "", true},
		{"star/anything", "* matches any text, slashes and colons included", "*", "a/b:c", true},
		{"literal", "text matches itself", "s3:GetObject", "s3:GetObject", true},
		{"literal prefix only", "the whole string must match", "s3:Get", "s3:GetObject", false},
		{"backtracking", "a later * must be able to take over", "a*b*c", "axxbyybzc", true},
		{"backtracking fails", "no c at the end", "a*b*c", "axxbyyb", false},
		{"trailing stars", "trailing stars match nothing", "ab**", "ab", true},
		{"question mark", "? is exactly one character", "a?c", "abc", true},
		{"question mark too short", "? needs a character", "a?", "a", false},
		{"question mark rune", "? matches one multi-byte character", "caf?", "café", true},
		{"question mark before star", "?* needs at least one character", "?*", "", false},
		{"case", "matching is case-sensitive; callers lower-case for actions", "S3:*", "s3:GetObject", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := globString(tc.pattern, tc.s); got != tc.want {
				t.Errorf("globString(%q, %q) = %v, want %v (%s)", tc.pattern, tc.s, got, tc.want, tc.reason)
			}
			p := compilePattern(tc.pattern, false, true, &keyTable{}, nil)
			if got := globMatch(p.toks, tc.s); got != tc.want {
				t.Errorf("globMatch(%q, %q) = %v, want %v (%s)", tc.pattern, tc.s, got, tc.want, tc.reason)
			}
			// The automaton must agree wherever no wildcard is kept
			// inside an ARN field.
			if got := nfaMatch(p.toks, tc.s); got != tc.want {
				t.Errorf("globMatch(%q, %q) = %v, want %v (%s)", tc.pattern, tc.s, got, tc.want, tc.reason)
			}
		})
	}
}

// TestSplitARNPattern checks that colons inside policy variables do not
// split ARN fields.
func TestSplitARNPattern(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		in     string
		vars   bool
		want   [6]string
		wantOK bool
	}{
		{"plain", "six fields", "arn:aws:s3:::b/*", true, [6]string{"arn", "aws", "s3", "", "", "b/*"}, true},
		{"resource with colons", "the sixth field keeps its colons", "arn:aws:logs:r:1:log-group:x:*", true, [6]string{"arn", "aws", "logs", "r", "1", "log-group:x:*"}, true},
		{"variable in account", "the variable's colon is not a separator", "arn:aws:iam::${aws:PrincipalAccount}:role/x", true,
			[6]string{"arn", "aws", "iam", "", "${aws:PrincipalAccount}", "role/x"}, true},
		{"variable without vars", "in the 2008 language ${ is text, so its colon splits", "arn:aws:iam::${aws:PrincipalAccount}:role/x", false,
			[6]string{"arn", "aws", "iam", "", "${aws", "PrincipalAccount}:role/x"}, true},
		{"empty resource field", "five colons give six fields, the last one empty", "arn:aws:s3:::", true, [6]string{"arn", "aws", "s3", "", "", ""}, true},
		{"four colons", "fewer than six fields", "arn:aws:s3::", true, [6]string{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := splitARNPattern(tc.in, tc.vars)
			if ok != tc.wantOK {
				t.Fatalf("splitARNPattern(%q) ok = %v, want %v (%s)", tc.in, ok, tc.wantOK, tc.reason)
			}
			if ok {
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("splitARNPattern(%q) (%s) (-want +got):\n%s", tc.in, tc.reason, diff)
				}
			}
		})
	}
}

// TestNFALongPattern checks the automaton past the 255 tokens it handles
// on the stack.
func TestNFALongPattern(t *testing.T) {
	long := strings.Repeat("k", 300)
	p, ok := compileARN("arn:aws:kms:u*1:111111111111:key/"+long+"*", true, arnResource, &keyTable{})
	if !ok || !p.seg || len(p.toks) < 300 {
		t.Fatalf("compileARN: ok %v, seg %v, %d tokens; want a long pattern with a star kept in its segment", ok, p.seg, len(p.toks))
	}
	for _, tc := range []struct {
		value string
		want  bool
	}{
		{"arn:aws:kms:us-east-1:111111111111:key/" + long + "x", true},
		{"arn:aws:kms:us:x1:111111111111:key/" + long, false},
		{"arn:aws:kms:us-east-1:111111111111:key/" + long[1:], false},
	} {
		if got := p.match(tc.value, nil); got != tc.want {
			t.Errorf("match(%.40q...) = %v, want %v", tc.value, got, tc.want)
		}
	}
}
