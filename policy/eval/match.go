package eval

import (
	"strings"
	"unicode/utf8"
)

// tok is one element of a compiled wildcard pattern: a literal rune, or one
// of the wildcards '*' (any run of characters, possibly empty) and '?'
// (exactly one character).
type tok struct {
	r    rune
	wild byte // 0 for a literal, '*' or '?'
}

// expand compiles a policy value into pattern tokens. When vars is true,
// policy variables "${key}" are replaced by the request's single value for
// key, "${key, 'default'}" falls back to default, and "${*}", "${?}" and
// "${$}" stand for the literal characters, as the IAM User Guide describes in
// "IAM policy elements: Variables and tags"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
// Substituted text is always literal, so a '*' in a context value never acts
// as a wildcard. When wild is false, '*' and '?' in the policy text are
// literal too (for StringEquals and friends).
//
// ok is false when a variable cannot be resolved: its key is absent or has
// several values (multivalued keys cannot be variables, per
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)
// and it has no default. The caller then treats the value as not matching.
func expand(raw string, ctx map[string][]string, vars, wild bool) (toks []tok, ok bool) {
	toks = make([]tok, 0, len(raw))
	lit := func(s string) {
		for _, r := range s {
			toks = append(toks, tok{r: r})
		}
	}
	for i := 0; i < len(raw); {
		if vars && strings.HasPrefix(raw[i:], "${") {
			if end := strings.IndexByte(raw[i:], '}'); end > 0 {
				val, resolved := resolveVar(raw[i+2:i+end], ctx)
				if !resolved {
					return nil, false
				}
				lit(val)
				i += end + 1
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(raw[i:])
		if wild && (r == '*' || r == '?') {
			toks = append(toks, tok{wild: byte(r)})
		} else {
			toks = append(toks, tok{r: r})
		}
		i += size
	}
	return toks, true
}

// resolveVar returns the value of the variable whose text between "${" and
// "}" is inner.
func resolveVar(inner string, ctx map[string][]string) (string, bool) {
	switch inner {
	case "*", "?", "$":
		return inner, true
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
	if vals, ok := ctx[strings.ToLower(strings.TrimSpace(key))]; ok && len(vals) == 1 {
		return vals[0], true
	}
	return def, hasDef
}

// literal reports the text of toks when none is a wildcard.
func literal(toks []tok) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteRune(t.r)
	}
	return b.String()
}

// globMatch reports whether s matches the whole pattern p. It is the usual
// linear-time wildcard algorithm: on a mismatch it backtracks to the most
// recent '*' and lets it swallow one more character.
func globMatch(p []tok, s string) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		r, size := utf8.DecodeRuneInString(s[si:])
		if pi < len(p) {
			switch t := p[pi]; {
			case t.wild == '*':
				starP, starS = pi, si
				pi++
				continue
			case t.wild == '?' || t.r == r:
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
	for pi < len(p) && p[pi].wild == '*' {
		pi++
	}
	return pi == len(p)
}

// globString is [globMatch] for a pattern without variables, read straight
// from the policy text: '*' and '?' are wildcards, every other character is
// literal. It does not allocate.
func globString(p, s string) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		r, size := utf8.DecodeRuneInString(s[si:])
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

// splitARNPattern splits a policy ARN value into its six colon-separated
// fields, ignoring colons inside policy variables such as
// "${aws:PrincipalAccount}". The sixth field keeps any further colons, as in
// arn:aws:logs:region:account:log-group:name. ok is false when there are
// fewer than six fields.
func splitARNPattern(s string, vars bool) (fields [6]string, ok bool) {
	n, start, depth := 0, 0, 0
	for i := 0; i < len(s) && n < 5; i++ {
		switch {
		case vars && strings.HasPrefix(s[i:], "${"):
			depth++
			i++
		case depth > 0 && s[i] == '}':
			depth--
		case depth == 0 && s[i] == ':':
			fields[n] = s[start:i]
			n++
			start = i + 1
		}
	}
	if n < 5 {
		return fields, false
	}
	fields[5] = s[start:]
	return fields, true
}

// splitARN splits a request ARN into its six fields.
func splitARN(s string) (fields [6]string, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return fields, false
	}
	copy(fields[:], parts)
	return fields, true
}

// arnPattern is an ARN pattern split into its six fields.
type arnPattern struct {
	fields [6]string
	hasVar [6]bool
}

// newARNPattern records which fields of an ARN pattern hold variables.
func newARNPattern(fields [6]string, vars bool) arnPattern {
	p := arnPattern{fields: fields}
	for i, f := range fields {
		p.hasVar[i] = vars && strings.Contains(f, "${")
	}
	return p
}

// match matches a request ARN against the pattern field by field, with '*'
// and '?' wildcards inside each field: a wildcard never spans the colon
// between two of the first five fields. This is how ArnLike/ArnEquals are
// specified in "IAM JSON policy elements: Condition operators"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN),
// and this package applies the same rule to the Resource element.
func (p *arnPattern) match(value string, ctx map[string][]string) bool {
	got, ok := splitARN(value)
	if !ok {
		return false
	}
	for i := range p.fields {
		if !p.hasVar[i] {
			if !globString(p.fields[i], got[i]) {
				return false
			}
			continue
		}
		toks, resolved := expand(p.fields[i], ctx, true, true)
		if !resolved || !globMatch(toks, got[i]) {
			return false
		}
	}
	return true
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
