package eval

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is what one element of a compiled wildcard pattern matches.
type tokKind uint8

const (
	tLit     tokKind = iota // the rune r itself
	tOne                    // '?': exactly one character
	tOneSeg                 // '?' in the first five fields of an ARN: one character but ':'
	tStar                   // '*': any run of characters, possibly empty
	tStarSeg                // '*' kept inside one of the first five fields of an ARN: a run without ':'
)

// tok is one element of a compiled pattern.
type tok struct {
	r    rune
	kind tokKind
}

func (t tok) star() bool { return t.kind == tStar || t.kind == tStarSeg }

// part is a piece of a policy value: literal text (and its tokens), or a
// policy variable resolved from the request.
type part struct {
	lit    string // the text of a literal part
	toks   []tok  // its tokens
	slot   int32  // a variable's context slot, or -1 for a literal part
	def    string // the variable's default, if hasDef
	hasDef bool
}

// pattern is a compiled policy value. Without variables, text and toks are
// the whole value; with variables, parts are, and the value is assembled per
// request.
type pattern struct {
	text   string
	toks   []tok
	parts  []part
	hasVar bool
	// seg says some token is a ...Seg kind, which the linear two-pointer
	// matcher cannot handle.
	seg bool
	// Without variables: head is the literal text before the first
	// wildcard and tail the tokens from it on, so that most values are
	// told apart by one prefix comparison; tailAll says tail is a lone '*'.
	head    string
	tail    []tok
	tailAll bool
}

// keyTable interns the condition keys a set of policies mentions, so that a
// request's context is read once into slots instead of looked up by name.
type keyTable struct {
	slots map[string]int32 // lower-cased name -> slot
	names []string         // slot -> lower-cased name
}

func (k *keyTable) slot(name string) int32 {
	lk := strings.ToLower(strings.TrimSpace(name))
	if s, ok := k.slots[lk]; ok {
		return s
	}
	if k.slots == nil {
		k.slots = map[string]int32{}
	}
	s := int32(len(k.names))
	k.slots[lk] = s
	k.names = append(k.names, lk)
	return s
}

// compilePattern compiles a policy value. When vars is true, policy
// variables "${key}" are replaced by the request's single value for key,
// "${key, 'default'}" falls back to default, and "${*}", "${?}" and "${$}"
// stand for the literal characters, as the IAM User Guide describes in "IAM
// policy elements: Variables and tags"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
// Substituted text is always literal, so a '*' in a context value never acts
// as a wildcard. When wild is false, '*' and '?' in the policy text are
// literal too (for StringEquals and friends). kindOf, when not nil, chooses
// the kind of each wildcard from its byte offset in raw (for ARNs).
func compilePattern(raw string, vars, wild bool, keys *keyTable, kindOf func(i int, r rune) tokKind) pattern {
	p := pattern{text: raw}
	if !vars || !strings.Contains(raw, "${") {
		// No variables: the text is the value, and the tokens are only
		// needed from the first wildcard on.
		if !wild {
			p.head = raw
			return p
		}
		p.toks = make([]tok, 0, utf8.RuneCountInString(raw))
		first := -1
		for i, r := range raw {
			t := tok{r: r}
			if r == '*' || r == '?' {
				t.kind = tStar
				if r == '?' {
					t.kind = tOne
				}
				if kindOf != nil {
					t.kind = kindOf(i, r)
				}
				if t.kind == tOneSeg || t.kind == tStarSeg {
					p.seg = true
				}
				if first < 0 {
					first = len(p.toks)
					p.head = raw[:i]
				}
			}
			p.toks = append(p.toks, t)
		}
		if first < 0 {
			p.head = raw
			first = len(p.toks)
		}
		p.tail = p.toks[first:]
		p.tailAll = len(p.tail) == 1 && p.tail[0].kind == tStar
		return p
	}
	var cur []tok
	var lit strings.Builder
	flush := func() {
		if len(cur) > 0 || lit.Len() > 0 {
			p.parts = append(p.parts, part{lit: lit.String(), toks: cur, slot: -1})
		}
		cur, lit = nil, strings.Builder{}
	}
	literal := func(s string) {
		for _, r := range s {
			cur = append(cur, tok{r: r})
		}
		lit.WriteString(s)
	}
	for i := 0; i < len(raw); {
		if vars && strings.HasPrefix(raw[i:], "${") {
			if end := strings.IndexByte(raw[i:], '}'); end > 0 {
				inner := raw[i+2 : i+end]
				i += end + 1
				switch inner {
				case "*", "?", "$":
					literal(inner)
					continue
				}
				key, def, hasDef := inner, "", false
				if comma := strings.IndexByte(inner, ','); comma >= 0 {
					key = inner[:comma]
					d := strings.TrimSpace(inner[comma+1:])
					if len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'' {
						// Two single quotes inside a default stand for one.
						def, hasDef = strings.ReplaceAll(d[1:len(d)-1], "''", "'"), true
					}
				}
				flush()
				p.parts = append(p.parts, part{slot: keys.slot(key), def: def, hasDef: hasDef})
				p.hasVar = true
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(raw[i:])
		if wild && (r == '*' || r == '?') {
			k := tStar
			if r == '?' {
				k = tOne
			}
			if kindOf != nil {
				k = kindOf(i, r)
			}
			if k == tOneSeg || k == tStarSeg {
				p.seg = true
			}
			cur = append(cur, tok{r: r, kind: k})
		} else {
			cur = append(cur, tok{r: r})
		}
		lit.WriteRune(r)
		i += size
	}
	flush()
	if !p.hasVar {
		for _, pt := range p.parts {
			p.toks = append(p.toks, pt.toks...)
		}
		p.parts = nil
		var head strings.Builder
		i := 0
		for ; i < len(p.toks) && p.toks[i].kind == tLit; i++ {
			head.WriteRune(p.toks[i].r)
		}
		p.head, p.tail = head.String(), p.toks[i:]
		p.tailAll = len(p.tail) == 1 && p.tail[0].kind == tStar
	}
	return p
}

// resolve returns the value of variable part pt, and false when it cannot
// be resolved: its key is absent or has several values (multivalued keys
// cannot be variables, per
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)
// and it has no default. The caller then treats the value as not matching.
func (pt *part) resolve(vals [][]string) (string, bool) {
	if v := vals[pt.slot]; len(v) == 1 {
		return v[0], true
	}
	return pt.def, pt.hasDef
}

// expand appends the tokens of p for this request to dst.
func (p *pattern) expand(dst []tok, vals [][]string) ([]tok, bool) {
	for i := range p.parts {
		pt := &p.parts[i]
		if pt.slot < 0 {
			dst = append(dst, pt.toks...)
			continue
		}
		v, ok := pt.resolve(vals)
		if !ok {
			return dst, false
		}
		for _, r := range v {
			dst = append(dst, tok{r: r})
		}
	}
	return dst, true
}

// equals reports whether s is the value of p (no wildcards), comparing case
// when fold is false.
func (p *pattern) equals(s string, vals [][]string, fold bool) bool {
	if !p.hasVar {
		if fold {
			return strings.EqualFold(s, p.text)
		}
		return s == p.text
	}
	for i := range p.parts {
		pt := &p.parts[i]
		piece := pt.lit
		if pt.slot >= 0 {
			v, ok := pt.resolve(vals)
			if !ok {
				return false
			}
			piece = v
		}
		if len(s) < len(piece) {
			return false
		}
		if fold && !strings.EqualFold(s[:len(piece)], piece) || !fold && s[:len(piece)] != piece {
			return false
		}
		s = s[len(piece):]
	}
	return s == ""
}

// match reports whether s matches the whole wildcard pattern p.
func (p *pattern) match(s string, vals [][]string) bool {
	if !p.hasVar {
		if !strings.HasPrefix(s, p.head) {
			return false
		}
		if p.tailAll {
			return true
		}
		return matchToks(p.tail, s[len(p.head):], p.seg)
	}
	var buf [256]tok
	toks, ok := p.expand(buf[:0], vals)
	return ok && matchToks(toks, s, p.seg)
}

// matchToks reports whether s matches the whole pattern p.
func matchToks(p []tok, s string, seg bool) bool {
	if seg {
		return nfaMatch(p, s)
	}
	return globMatch(p, s)
}

// globMatch matches a pattern whose wildcards are '*' and '?' only. It is
// the usual linear-time wildcard algorithm: on a mismatch it backtracks to
// the most recent '*' and lets it swallow one more character.
func globMatch(p []tok, s string) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		r, size := utf8.DecodeRuneInString(s[si:])
		if pi < len(p) {
			switch t := p[pi]; {
			case t.kind == tStar:
				starP, starS = pi, si
				pi++
				continue
			case t.kind == tOne || t.kind == tLit && t.r == r:
				pi++
				si += size
				continue
			}
		}
		if starP < 0 {
			return false
		}
		// Let the last '*' absorb one more character and retry after it.
		_, size = utf8.DecodeRuneInString(s[starS:])
		starS += size
		pi, si = starP+1, starS
	}
	for pi < len(p) && p[pi].kind == tStar {
		pi++
	}
	return pi == len(p)
}

// nfaMatch matches a pattern that has wildcards which may not cross a colon,
// by running the pattern as an automaton over s, one set of positions at a
// time. Patterns of up to 255 tokens run without allocating.
func nfaMatch(p []tok, s string) bool {
	m := len(p)
	words := (m + 64) / 64
	var a, b [4]uint64
	var cur, next []uint64
	if words <= len(a) {
		cur, next = a[:words], b[:words]
	} else {
		cur, next = make([]uint64, words), make([]uint64, words)
	}
	cur[0] = 1
	closure(cur, p)
	for _, r := range s {
		clear(next)
		live := false
		for w, word := range cur {
			for word != 0 {
				i := w*64 + bits.TrailingZeros64(word)
				word &= word - 1
				if i == m {
					continue
				}
				t := p[i]
				switch {
				case t.kind == tLit && t.r == r, t.kind == tOne, t.kind == tOneSeg && r != ':':
					next[(i+1)/64] |= 1 << ((i + 1) % 64)
					live = true
				case t.kind == tStar, t.kind == tStarSeg && r != ':':
					next[i/64] |= 1 << (i % 64)
					live = true
				}
			}
		}
		if !live {
			return false
		}
		closure(next, p)
		cur, next = next, cur
	}
	return cur[m/64]&(1<<(m%64)) != 0
}

// closure adds to set every position reachable by letting stars match
// nothing.
func closure(set []uint64, p []tok) {
	for i := range p {
		if set[i/64]&(1<<(i%64)) != 0 && p[i].star() {
			set[(i+1)/64] |= 1 << ((i + 1) % 64)
		}
	}
}

// globString is [globMatch] for a pattern read straight from the policy
// text: '*' and '?' are wildcards, every other character is literal. It does
// not allocate.
func globString(p, s string) bool {
	return globFold(p, s, false)
}

// globFold is globString, lower-casing s when fold is true: p is then
// lower-case already, as action patterns are once compiled.
func globFold(p, s string, fold bool) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		r, size := utf8.DecodeRuneInString(s[si:])
		if fold {
			r = lowerRune(r)
		}
		if pi < len(p) {
			pr, psize := utf8.DecodeRuneInString(p[pi:])
			switch {
			case pr == '*':
				starP, starS = pi, si
				pi += psize
				continue
			case pr == '?' || pr == r:
				pi += psize
				si += size
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, size = utf8.DecodeRuneInString(s[starS:])
		starS += size
		pi, si = starP+1, starS
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// lowerRune lower-cases r as strings.ToLower would.
func lowerRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// arnMode says which of AWS's two wildcard rules for ARNs applies.
type arnMode int

const (
	// arnResource is the rule of the Resource and NotResource elements, from
	// "IAM JSON policy elements: Resource"
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards,
	// read 2026-12-02): "You can use wildcard characters (* and ?) within
	// the individual segments of an ARN (the parts separated by colons)";
	// "If the * wildcard is the last character of a resource ARN segment,
	// it can expand to match beyond the colon boundaries." So a '*' that
	// ends one of the first five segments may match colons; every other
	// wildcard there stays inside its segment, and in the sixth segment,
	// which holds the rest of the ARN, wildcards match colons too.
	arnResource arnMode = iota
	// arnCondition is the rule of the ARN condition operators, from "IAM
	// JSON policy elements: Condition operators"
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN,
	// read 2026-12-02): "Each of the six colon-delimited components of the
	// ARN is checked separately and each can include multi-character match
	// wildcards (*) or single-character match wildcards (?)". AWS says
	// nothing of a pattern with fewer than six components; this package
	// lets the '*' that ends such a pattern (arn:aws:kms:*) cover the
	// components it leaves out, as the Resource rule does (a judgement
	// call: verify in a sandbox), and refuses other short patterns.
	arnCondition
)

// compileARN compiles an ARN pattern. ok is false when raw is neither an
// ARN pattern of six colon-separated fields nor a shorter one whose last
// character is '*'. Colons inside policy variables such as
// "${aws:PrincipalAccount}" do not separate fields.
func compileARN(raw string, vars bool, mode arnMode, keys *keyTable) (p pattern, ok bool) {
	// colonAt[i] is the number of field-separating colons before offset i.
	seps := arnSeparators(raw, vars)
	if len(seps) < 5 && !strings.HasSuffix(raw, "*") || !strings.HasPrefix(raw, "arn:") {
		return pattern{}, false
	}
	field := func(i int) int { // the field (0-5) that offset i is in
		n := 0
		for _, s := range seps {
			if s < i {
				n++
			}
		}
		return n
	}
	short := len(seps) < 5
	kindOf := func(i int, r rune) tokKind {
		f := field(i)
		if f >= 5 {
			if r == '?' {
				return tOne
			}
			return tStar
		}
		if r == '?' {
			return tOneSeg
		}
		last := i == len(raw)-1
		endsField := last || raw[i+1] == ':' && isSep(seps, i+1)
		switch {
		case mode == arnResource && endsField:
			return tStar
		case mode == arnCondition && last && short:
			return tStar
		}
		return tStarSeg
	}
	return compilePattern(raw, vars, true, keys, kindOf), true
}

func isSep(seps []int, i int) bool {
	for _, s := range seps {
		if s == i {
			return true
		}
	}
	return false
}

// arnSeparators returns the offsets of the first five field-separating
// colons of an ARN pattern, skipping colons inside policy variables.
func arnSeparators(s string, vars bool) []int {
	var buf [5]int
	seps := buf[:0]
	depth := 0
	for i := 0; i < len(s) && len(seps) < 5; i++ {
		switch {
		case vars && strings.HasPrefix(s[i:], "${"):
			depth++
			i++
		case depth > 0 && s[i] == '}':
			depth--
		case depth == 0 && s[i] == ':':
			seps = append(seps, i)
		}
	}
	return seps
}

// splitARNPattern splits a policy ARN value into its six colon-separated
// fields by [arnSeparators], ignoring colons inside policy variables; the
// tests pin the separator rule through it. The sixth field keeps
// any further colons, as in arn:aws:logs:region:account:log-group:name. ok
// is false when there are fewer than six fields.
func splitARNPattern(s string, vars bool) (fields [6]string, ok bool) {
	seps := arnSeparators(s, vars)
	if len(seps) < 5 {
		return fields, false
	}
	start := 0
	for n, i := range seps {
		fields[n] = s[start:i]
		start = i + 1
	}
	fields[5] = s[start:]
	return fields, true
}

// splitARN splits a request ARN into its six fields without allocating.
func splitARN(s string) (fields [6]string, ok bool) {
	if !strings.HasPrefix(s, "arn:") {
		return fields, false
	}
	start, n := 0, 0
	for i := 0; i < len(s) && n < 5; i++ {
		if s[i] == ':' {
			fields[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n < 5 {
		return [6]string{}, false
	}
	fields[5] = s[start:]
	return fields, true
}

// isAccountID reports whether s is a 12-digit AWS account ID.
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// arnMatcher matches request ARNs against one compiled ARN pattern.
type arnMatcher struct {
	// fast: the first five fields are literal, so they are compared as one
	// prefix (with its five colons) and only the sixth field is a pattern.
	fast   bool
	prefix string
	// p is the sixth field's pattern when fast, else the whole ARN's.
	p pattern
}

// newARNMatcher compiles raw; ok is false when it is not an ARN pattern.
func newARNMatcher(raw string, vars bool, mode arnMode, keys *keyTable) (arnMatcher, bool) {
	seps := arnSeparators(raw, vars)
	if len(seps) == 5 && strings.HasPrefix(raw, "arn:") {
		if head := raw[:seps[4]+1]; !strings.ContainsAny(head, "*?") && !(vars && strings.Contains(head, "${")) {
			return arnMatcher{fast: true, prefix: head, p: compilePattern(raw[seps[4]+1:], vars, true, keys, nil)}, true
		}
	}
	p, ok := compileARN(raw, vars, mode, keys)
	return arnMatcher{p: p}, ok
}

// match reports whether the request ARN value matches.
func (m *arnMatcher) match(value string, vals [][]string) bool {
	if m.fast {
		return strings.HasPrefix(value, m.prefix) && m.p.match(value[len(m.prefix):], vals)
	}
	// A value that is not an ARN (six fields) matches no ARN pattern.
	if _, ok := splitARN(value); !ok {
		return false
	}
	return m.p.match(value, vals)
}

// actionPattern is a lower-cased Action or NotAction value. Action names
// are case-insensitive ("The prefix and the action name are case
// insensitive", IAM JSON policy elements: Action), so requests are compared
// without regard to case.
type actionPattern struct {
	head string // the literal text before the first wildcard
	tail string // the rest of the pattern, from the first wildcard on
}

func newActionPattern(lower string) actionPattern {
	i := strings.IndexAny(lower, "*?")
	if i < 0 {
		return actionPattern{head: lower}
	}
	return actionPattern{head: lower[:i], tail: lower[i:]}
}

// match reports whether action matches, ignoring case.
func (p *actionPattern) match(action string) bool {
	if len(action) < len(p.head) || !strings.EqualFold(action[:len(p.head)], p.head) {
		return false
	}
	switch p.tail {
	case "":
		return len(action) == len(p.head)
	case "*":
		return true
	}
	return globFold(p.tail, action[len(p.head):], true)
}
