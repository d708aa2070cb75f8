package jsonstrict_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
)

func TestDuplicates(t *testing.T) {
	long := strings.Repeat("k", 500)
	tests := []struct {
		name    string
		data    string
		fold    bool
		want    []string // the duplicates' messages, in order
		walkErr bool
		reason  string
	}{
		{name: "none", data: `{"a": 1, "b": {"a": 2}, "c": [{"a": 1}, {"a": 2}]}`, reason: "the same key in two objects is no duplicate"},
		{name: "top", data: `{"Statement": [], "Statement": []}`,
			want: []string{`json: key "Statement" is given twice: the second value would silently replace the first`}, reason: "the second would win"},
		{name: "nested-in-array", data: `{"Statement": [{"Sid": "a"}, {"Sid": "a", "Sid": "b"}]}`,
			want: []string{`json: key "Statement[1].Sid" is given twice: the second value would silently replace the first`}, reason: "the path names the element"},
		{name: "case-kept-apart", data: `{"a": 1, "A": 2}`, reason: "without FoldCase, keys are compared as given, as for a map"},
		{name: "case-folded", data: `{"a": 1, "A": 2}`, fold: true,
			want: []string{`json: key "A" is given twice, once as "a": JSON names match fields without regard to case, so the second value would silently replace the first`}, reason: "encoding/json fills one field from both"},
		{name: "kelvin", data: "{\"k\": 1, \"\u212A\": 2}", fold: true,
			want: []string{"json: key \"\u212A\" is given twice, once as \"k\": JSON names match fields without regard to case, so the second value would silently replace the first"}, reason: "Unicode simple folding, as strings.EqualFold"},
		{name: "long-key-cut", data: `{"` + long + `": 1, "` + long + `": 2}`,
			want: []string{`json: key "` + strings.Repeat("k", jsonstrict.MaxQuoted) + `…" is given twice: the second value would silently replace the first`}, reason: "an error never quotes a whole hostile key"},
		{name: "syntax", data: `{"a": 1, "a": `, walkErr: true,
			want: []string{`json: key "a" is given twice: the second value would silently replace the first`}, reason: "the duplicates before a syntax error are reported as well"},
		{name: "too-deep", data: strings.Repeat("[", jsonstrict.MaxDepth+1) + strings.Repeat("]", jsonstrict.MaxDepth+1), walkErr: true, reason: "the walk is bounded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dups, walkErr := jsonstrict.Duplicates([]byte(tc.data), jsonstrict.Options{FoldCase: tc.fold})
			var got []string
			for _, d := range dups {
				got = append(got, d.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("duplicates (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if (walkErr != nil) != tc.walkErr {
				t.Errorf("walk error %v, want one: %v (%s)", walkErr, tc.walkErr, tc.reason)
			}
		})
	}
}

func TestAbbreviate(t *testing.T) {
	for _, tc := range []struct {
		in, want, reason string
	}{
		{"", "", "empty"},
		{strings.Repeat("a", 120), strings.Repeat("a", 120), "120 runes are kept"},
		{strings.Repeat("a", 121), strings.Repeat("a", 120) + "…", "past 120, cut"},
		{strings.Repeat("é", 120), strings.Repeat("é", 120), "runes, not bytes"},
		{strings.Repeat("é", 200), strings.Repeat("é", 120) + "…", "cut on a rune boundary"},
	} {
		got := jsonstrict.Abbreviate(tc.in)
		if got != tc.want || !utf8.ValidString(got) {
			t.Errorf("Abbreviate(%d runes) = %d runes, want %d (%s)", utf8.RuneCountInString(tc.in), utf8.RuneCountInString(got), utf8.RuneCountInString(tc.want), tc.reason)
		}
	}
}
