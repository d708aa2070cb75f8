package audit

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// matcher is one atomic string test a document (or a property) makes of one
// request field: a wildcard pattern, an exact value, or an exact value
// compared without regard to case. It is compiled into a small NFA whose
// states are positions in its token list.
type matcher struct {
	toks []mtok
	fold bool // compare letters without regard to case
}

// mtok is one token: a literal rune, '*' (any run, possibly empty) or '?'
// (one rune). noColon keeps a wildcard from matching ':', as a wildcard in
// the first five fields of an ARN pattern cannot.
type mtok struct {
	r       rune
	wild    byte
	noColon bool
	except  rune // a '?' that does not match this rune
}

// globMatcher compiles a StringLike pattern (or an action pattern): '*' and
// '?' are wildcards everywhere.
func globMatcher(p string, fold bool) matcher {
	m := matcher{fold: fold}
	for _, r := range p {
		switch r {
		case '*', '?':
			m.toks = append(m.toks, mtok{wild: byte(r)})
		default:
			m.toks = append(m.toks, mtok{r: r})
		}
	}
	return m
}

// namedMatcher matches every string that starts with prefix and ends with
// a rune other than '/': an IAM ARN whose name, after any path, is not
// empty.
func namedMatcher(prefix string) matcher {
	m := literalMatcher(prefix, false)
	m.toks = append(m.toks, mtok{wild: '*'}, mtok{wild: '?', except: '/'})
	return m
}

// literalMatcher compiles a StringEquals value: '*' and '?' are literal.
func literalMatcher(v string, fold bool) matcher {
	m := matcher{fold: fold}
	for _, r := range v {
		m.toks = append(m.toks, mtok{r: r})
	}
	return m
}

// arnMatcher compiles an ARN pattern as policy/eval matches it: '*' and
// '?' stay inside one of the first five colon-separated segments, except a
// '*' that ends a segment in a Resource element (resource true), which AWS
// lets "expand to match beyond the colon boundaries", and the '*' that ends
// a condition pattern of fewer than six segments (eval's reading of
// arn:aws:kms:*); in the sixth segment, which holds the rest, wildcards
// match anything. See policy/eval's compileARN for AWS's sentences.
func arnMatcher(p string, resource bool) matcher {
	var seps []int
	for i := 0; i < len(p) && len(seps) < 5; i++ {
		if p[i] == ':' {
			seps = append(seps, i)
		}
	}
	isSep := func(i int) bool {
		for _, s := range seps {
			if s == i {
				return true
			}
		}
		return false
	}
	short := len(seps) < 5
	m := matcher{}
	field := 0
	for i, r := range p {
		switch {
		case isSep(i):
			field++
			m.toks = append(m.toks, mtok{r: ':'})
		case field >= 5 && (r == '*' || r == '?'):
			m.toks = append(m.toks, mtok{wild: byte(r)})
		case r == '?':
			m.toks = append(m.toks, mtok{wild: '?', noColon: true})
		case r == '*':
			last := i == len(p)-1
			ends := last || isSep(i+1)
			m.toks = append(m.toks, mtok{wild: '*', noColon: !(resource && ends || !resource && last && short)})
		default:
			m.toks = append(m.toks, mtok{r: r})
		}
	}
	return m
}

// runeMatch reports whether token t consumes rune c.
func (m *matcher) runeMatch(t mtok, c rune) bool {
	if t.wild != 0 {
		return !(t.noColon && c == ':') && !(t.except != 0 && c == t.except)
	}
	if m.fold {
		return unicode.ToLower(t.r) == unicode.ToLower(c)
	}
	return t.r == c
}

// closure adds to the position set s every position reachable over '*'.
func (m *matcher) closure(s []bool) {
	for i := 0; i < len(m.toks); i++ {
		if s[i] && m.toks[i].wild == '*' {
			s[i+1] = true
		}
	}
}

func (m *matcher) start() []bool {
	s := make([]bool, len(m.toks)+1)
	s[0] = true
	m.closure(s)
	return s
}

func (m *matcher) step(s []bool, c rune) []bool {
	out := make([]bool, len(s))
	for i, on := range s {
		if !on || i == len(m.toks) {
			continue
		}
		t := m.toks[i]
		if !m.runeMatch(t, c) {
			continue
		}
		if t.wild == '*' {
			out[i] = true
		} else {
			out[i+1] = true
		}
	}
	m.closure(out)
	return out
}

// alive reports whether some string that starts with prefix matches.
func (m *matcher) alive(prefix string) bool {
	s := m.start()
	for _, c := range prefix {
		s = m.step(s, c)
	}
	return slices.Contains(s, true)
}

// matches reports whether the whole of v matches.
func (m *matcher) matches(v string) bool {
	cur := m.start()
	next := make([]bool, len(cur))
	for _, c := range v {
		clear(next)
		alive := false
		for i, on := range cur {
			if !on || i == len(m.toks) {
				continue
			}
			t := m.toks[i]
			if !m.runeMatch(t, c) {
				continue
			}
			alive = true
			if t.wild == '*' {
				next[i] = true
			} else {
				next[i+1] = true
			}
		}
		if !alive {
			return false
		}
		m.closure(next)
		cur, next = next, cur
	}
	return cur[len(m.toks)]
}

func (m *matcher) runes() []rune {
	var out []rune
	for _, t := range m.toks {
		if t.wild == 0 {
			out = append(out, t.r)
			if m.fold {
				out = append(out, unicode.ToUpper(t.r), unicode.ToLower(t.r))
			}
		}
	}
	return out
}

// maxStates bounds the product automaton of one field, so that a document
// with many overlapping patterns is refused rather than explored forever.
const maxStates = 200000

// errTooManyStates is returned when the bound is reached.
var errTooManyStates = errors.New("too many combinations of patterns to explore")

// freshRunes are the candidates for the one character that stands for every
// character no pattern mentions: patterns treat all such characters alike.
const freshRunes = "xqzjkvwXQZ0123456789"

// witnesses returns, for the matchers ms, one string for every combination
// of matches and non-matches that some string realizes, among the strings
// that start with prefix, have at least minLen runes after it, use only
// runes allowed by keep (nil: any) and match every matcher of must.
//
// It explores the product of the matchers' NFAs breadth first over an
// alphabet of every rune the matchers mention and one fresh rune: a rune
// that no matcher mentions is consumed by wildcards alone, so it behaves
// exactly like the fresh one, and replacing it by the fresh one changes no
// match. Two strings that reach the same product state agree on every
// matcher, and every string reaches some reachable state, so a witness per
// reachable state (kept once per distinct combination) covers every
// combination that is realizable at all. Witnesses are the shortest, and
// among those the first in alphabet order, so the result is deterministic.
func witnesses(ms []matcher, must []matcher, prefix string, minLen int, keep func(rune) bool) ([]string, error) {
	if prefix != "" {
		// A matcher that fails on the prefix fails on every witness: it
		// splits no combination, so it is left out of the product (the
		// role tests of other accounts, for one account's roles).
		var live []matcher
		for i := range ms {
			if ms[i].alive(prefix) {
				live = append(live, ms[i])
			}
		}
		ms = live
	}
	all := append(append([]matcher(nil), ms...), must...)
	set := map[rune]bool{}
	for i := range all {
		for _, r := range all[i].runes() {
			set[r] = true
		}
	}
	var alphabet []rune
	for r := range set {
		if keep == nil || keep(r) {
			alphabet = append(alphabet, r)
		}
	}
	sort.Slice(alphabet, func(i, j int) bool { return alphabet[i] < alphabet[j] })
	// The fresh rune first, so that a value outside every test reads
	// "x" rather than a digit borrowed from an account.
	for _, r := range freshRunes {
		if !set[r] && (keep == nil || keep(r)) {
			alphabet = append([]rune{r}, alphabet...)
			break
		}
	}

	type node struct {
		sets [][]bool
		w    string
		n    int // runes after prefix
	}
	// key packs the position sets eight to a byte: the sets have fixed
	// lengths, so the bytes alone tell two states apart.
	width := 0
	for i := range all {
		width += len(all[i].toks) + 1
	}
	key := func(sets [][]bool, n int) string {
		b := make([]byte, (width+7)/8, (width+7)/8+1)
		bit := 0
		for _, s := range sets {
			for _, on := range s {
				if on {
					b[bit/8] |= 1 << (bit % 8)
				}
				bit++
			}
		}
		if n < minLen {
			b = append(b, byte('a'+n))
		}
		return string(b)
	}
	first := make([][]bool, len(all))
	for i := range all {
		s := all[i].start()
		for _, c := range prefix {
			s = all[i].step(s, c)
		}
		first[i] = s
	}
	seen := map[string]bool{key(first, 0): true}
	queue := []node{{sets: first, w: prefix}}
	var out []string
	combos := map[string]bool{}
	for len(queue) > 0 {
		nd := queue[0]
		queue = queue[1:]
		ok, dead := nd.n >= minLen, true
		var combo strings.Builder
		for i, s := range nd.sets {
			acc := s[len(all[i].toks)]
			if i >= len(ms) && !acc {
				ok = false
			}
			if i < len(ms) {
				if acc {
					combo.WriteByte('1')
				} else {
					combo.WriteByte('0')
				}
			}
			for _, on := range s {
				if on {
					dead = false
				}
			}
		}
		if ok && !combos[combo.String()] {
			combos[combo.String()] = true
			out = append(out, nd.w)
		}
		if dead && nd.n >= minLen {
			continue // every matcher has failed for good: nothing new beyond
		}
	next:
		for _, c := range alphabet {
			next := make([][]bool, len(all))
			for i := range all {
				next[i] = all[i].step(nd.sets[i], c)
				if i >= len(ms) && !slices.Contains(next[i], true) {
					// A matcher of must has failed for good: no string
					// beyond can be a witness, so none is explored.
					continue next
				}
			}
			n := nd.n + 1
			k := key(next, n)
			if seen[k] {
				continue
			}
			if len(seen) >= maxStates {
				return nil, errTooManyStates
			}
			seen[k] = true
			queue = append(queue, node{sets: next, w: nd.w + string(c), n: n})
		}
	}
	return out, nil
}
