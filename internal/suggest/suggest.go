// Package suggest finds the name a user probably meant, for "did you mean"
// hints on a misspelt setup field, document, subcommand or flag. It is used
// by the setup loader and by the command, not only by tests.
//
// The measure is the edit distance between the names with case ignored
// (Levenshtein's, with a swap of two adjacent letters as one edit), so
// "kmsKeyARN" is at distance 0 from "kmsKeyArn", "acounts" at 1 from
// "accounts" and "bukcet" at 1 from "bucket". A name is suggested only when it is close for its
// length (see [Closest]); for a name far from every candidate there is no
// suggestion rather than a wrong one.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Distance returns the edit distance between a and b, counted in runes:
// the fewest insertions, deletions, substitutions of one rune and swaps of
// two adjacent runes that turn a into b (the optimal string alignment
// distance, Levenshtein's with transpositions, since two letters typed in
// the wrong order are one slip: "bukcet"). Case counts; [Closest] folds it
// first.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// d[i][j] is the distance between ra[:i] and rb[:j]; three rows suffice.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Closest returns the candidate nearest to name, with case ignored, and
// true, when it is near enough to be what the user meant: at most one edit
// for every three runes of name (at least one edit), or a candidate that starts with name when it is the only
// one that does ("bucket" for "bucket-policy"). Ties go to the earlier
// candidate. An exact match is not a suggestion: Closest skips a candidate
// equal to name.
func Closest(name string, candidates []string) (string, bool) {
	if name == "" {
		return "", false
	}
	nameLen := utf8.RuneCountInString(name)
	near := max(1, nameLen/3)
	lname := strings.ToLower(name)
	best, bestDist := "", -1
	var prefixed []string
	for _, c := range candidates {
		if c == name {
			continue
		}
		// The distance is at least the difference in length: a candidate
		// that much shorter can neither be near nor start with name, so a
		// long hostile name costs no quadratic comparison.
		if nameLen-utf8.RuneCountInString(c) > near {
			continue
		}
		lc := strings.ToLower(c)
		if d := Distance(lname, lc); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
		if nameLen >= 3 && strings.HasPrefix(lc, lname) {
			prefixed = append(prefixed, c)
		}
	}
	if bestDist >= 0 && bestDist <= near {
		return best, true
	}
	if len(prefixed) == 1 {
		return prefixed[0], true
	}
	return "", false
}
