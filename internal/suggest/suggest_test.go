package suggest

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b   string
		want   int
		reason string
	}{
		{"", "", 0, "empty strings are equal"},
		{"", "abc", 3, "every rune inserted"},
		{"accounts", "acounts", 1, "one deletion"},
		{"bucket", "bukcet", 1, "a swap of adjacent letters is one edit"},
		{"terraform", "terafrom", 2, "a letter missing and a swap"},
		{"ca", "abc", 3, "optimal string alignment: no edit of a swapped pair (true Damerau gives 2)"},
		{"kitten", "sitting", 3, "the textbook case"},
		{"kmsKeyArn", "kmsKeyARN", 2, "case counts in Distance"},
		{"äb", "ab", 1, "runes, not bytes"},
	}
	for _, tc := range tests {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (%s)", tc.a, tc.b, got, tc.want, tc.reason)
		}
		if got := Distance(tc.b, tc.a); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d: the distance is symmetric", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	fields := []string{"partition", "bucket", "bucketRegion", "accounts", "kmsKeyArn", "breakGlassRoles", "scp"}
	docs := []string{"bucket-policy", "key-policy", "vendor-trust-policy", "vendor-read-policy", "scp", "all"}
	tests := []struct {
		name       string
		candidates []string
		want       string // "" for no suggestion
		reason     string
	}{
		{"acounts", fields, "accounts", "one letter missing"},
		{"kmsKeyARN", fields, "kmsKeyArn", "case is ignored"},
		{"bukcet", fields, "bucket", "two swapped letters"},
		{"jsno", []string{"text", "json"}, "json", "a swap in a short name"},
		{"breakGlassRole", fields, "breakGlassRoles", "a missing plural"},
		{"bucketregion", fields, "bucketRegion", "case only"},
		{"vendor", fields, "", "far from every field: no guess"},
		{"x", fields, "", "a single letter suggests nothing far"},
		{"bucket", docs, "bucket-policy", "the one document that starts with it"},
		{"vendor", docs, "", "two documents start with vendor: no guess"},
		{"sc", docs, "scp", "one edit in a short name"},
		{"scp", docs, "", "an exact match is not a suggestion"},
		{"", docs, "", "nothing suggests nothing"},
	}
	for _, tc := range tests {
		got, ok := Closest(tc.name, tc.candidates)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("Closest(%q) = %q, %v; want %q (%s)", tc.name, got, ok, tc.want, tc.reason)
		}
	}
}
