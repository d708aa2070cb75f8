package policy

import (
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// This file holds the typed checks: what the embedded schema finds in a
// document's rendering, found on its statements without parsing or building
// error values, and what the character check finds, found on the rendered
// bytes without parsing them. [Document.Validate]
// runs them first and the schema only when they find a problem (or when
// the document was read from outside), so that the messages of a problem
// are always the schema's; the tests prove on generated and fuzzed
// documents that both give the same verdict and name the same fields.

// typedProblem is one problem the schema would report: the field path as
// [ValidateJSON] writes it, the sentinel it wraps, and which rule (to tell
// two problems at one field apart).
type typedProblem struct {
	field    string
	sentinel error
	rule     string
}

// typedCheck walks one document. With collect unset it stops at the first
// problem and records only that there was one: the hot path, which builds
// no field paths.
type typedCheck struct {
	kind    Kind
	collect bool
	bad     bool
	found   []typedProblem
}

// fail records a problem; path is called only when problems are collected.
// A condition key is in the path as it renders: each byte of invalid UTF-8
// as U+FFFD.
func (c *typedCheck) fail(sentinel error, rule string, path func() string) {
	c.bad = true
	if c.collect {
		c.found = append(c.found, typedProblem{field: schemaFieldPath(renderedText(path())), sentinel: sentinel, rule: rule})
	}
}

// renderedText returns s as it reads once rendered and parsed: each byte of
// invalid UTF-8 replaced by U+FFFD, as encoding/json writes it.
func renderedText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// done reports whether the walk can stop.
func (c *typedCheck) done() bool { return c.bad && !c.collect }

// schemaValid reports whether the schema of d's kind accepts d's rendering.
func (d *Document) schemaValid() bool {
	c := typedCheck{kind: d.Kind}
	c.document(d)
	return !c.bad
}

// schemaProblems returns the problems the schema would report for d's
// rendering, in no particular order (for the tests).
func (d *Document) schemaProblems() []typedProblem {
	c := typedCheck{kind: d.Kind, collect: true}
	c.document(d)
	return c.found
}

// The paths below are gojsonschema's ("Statement.0.Action"); fail turns
// them into ours ("Statement[0].Action") with schemaFieldPath, so that a
// condition key holding a dot is split the way ValidateJSON splits it.

func (c *typedCheck) document(d *Document) {
	c.frame(d)
	for i := range d.Statements {
		if c.done() {
			return
		}
		c.statement(i, &d.Statements[i])
	}
}

// frame checks what the document holds besides its statements.
func (c *typedCheck) frame(d *Document) {
	if v := d.Version; v != "" && v != iampolicy.Version2012_10_17 && v != iampolicy.Version2008_10_17 {
		c.fail(ErrSchema, "enum", func() string { return "Version" })
	}
	if v := d.Version; c.kind == KindRCP && v != "" && v != iampolicy.Version2012_10_17 {
		c.fail(ErrSchema, "const Version", func() string { return "Version" })
	}
	if len(d.Statements) == 0 {
		c.fail(ErrSchema, "minItems", func() string { return "Statement" })
	}
}

func statementDotPath(i int) string { return fmt.Sprintf("Statement.%d", i) }

func (c *typedCheck) statement(i int, s *iampolicy.Statement) {
	at := func(el string) func() string {
		return func() string { return statementDotPath(i) + "." + el }
	}
	if s.Effect != iampolicy.EffectAllow && s.Effect != iampolicy.EffectDeny {
		c.fail(ErrSchema, "enum", at("Effect"))
	}
	if c.kind == KindRCP && s.Effect != iampolicy.EffectDeny {
		c.fail(ErrSchema, "const Effect", at("Effect"))
	}
	if s.Principal != nil {
		c.principal(s.Principal, c.kind == KindRCP, at("Principal"))
	}
	if s.NotPrincipal != nil {
		c.principal(s.NotPrincipal, false, at("NotPrincipal"))
	}
	for _, el := range [...]struct {
		name string
		v    *iampolicy.StringOrSlice
	}{{"Action", s.Action}, {"NotAction", s.NotAction}, {"Resource", s.Resource}, {"NotResource", s.NotResource}} {
		if el.v != nil {
			c.listAt(el.v, at(el.name))
		}
	}
	if c.kind == KindRCP && s.Action != nil {
		c.rcpAction(s.Action, at("Action"))
	}
	if len(s.Condition) > 0 {
		c.condition(i, s.Condition)
	}
	c.statementRules(i, s)
}

// rcpAction checks the Action of a resource control policy's statement:
// never "*", alone or in a list, which a customer managed RCP cannot use
// (the schema's definitions/rcpStatement, with its source).
func (c *typedCheck) rcpAction(l *iampolicy.StringOrSlice, path func() string) {
	vals := l.Values()
	if l.IsSingular() && len(vals) == 1 {
		if vals[0] == "*" {
			c.fail(ErrSchema, "not Action", path)
		}
		return
	}
	for j, v := range vals {
		if v == "*" {
			c.fail(ErrSchema, "not Action", func() string { return fmt.Sprintf("%s.%d", path(), j) })
		}
	}
}

// statementRules checks the oneOf, anyOf and not rules of a statement and
// of its kind: one of Action and NotAction; not both Principal and
// NotPrincipal; a principal where the kind needs one and none where it
// forbids it; one of Resource and NotResource, or neither in a trust policy;
// in a resource control policy a Principal and no NotPrincipal or NotAction.
func (c *typedCheck) statementRules(i int, s *iampolicy.Statement) {
	has := func(el string) bool {
		switch el {
		case "Principal":
			return s.Principal != nil
		case "NotPrincipal":
			return s.NotPrincipal != nil
		case "Action":
			return s.Action != nil
		case "NotAction":
			return s.NotAction != nil
		case "Resource":
			return s.Resource != nil
		case "NotResource":
			return s.NotResource != nil
		}
		return false
	}
	hasP, hasA, hasR := s.Principal != nil, s.Action != nil, s.Resource != nil
	hasNP, hasNA, hasNR := s.NotPrincipal != nil, s.NotAction != nil, s.NotResource != nil
	here := func() string { return statementDotPath(i) }
	broken := hasA == hasNA || (hasP && hasNP) // oneOf Action/NotAction; not both principals
	if !hasA && !hasNA {
		c.fail(ErrSchema, "required Action", here)
	}
	switch {
	case c.kind == KindRCP:
		// Principal "*" is required and NotPrincipal, NotAction forbidden.
		if !hasP {
			c.fail(ErrPrincipal, "required Principal", func() string { return here() + ".Principal" })
		}
		broken = broken || hasNP || hasNA
	case c.kind.requiresPrincipal():
		if !hasP && !hasNP {
			c.fail(ErrPrincipal, "required Principal", func() string { return here() + ".Principal" })
		}
	default:
		broken = broken || hasP || hasNP
	}
	if c.kind == KindTrustPolicy {
		broken = broken || hasR || hasNR
	} else {
		broken = broken || hasR == hasNR
		if !hasR && !hasNR {
			c.fail(ErrSchema, "required Resource", here)
		}
	}
	if !broken {
		return
	}
	// ValidateJSON names the elements that break a oneOf or not rule;
	// when only a required element is missing there are none.
	for _, cf := range statementConflicts(c.kind, has) {
		c.fail(cf.sentinel, cf.reason, func() string { return here() + "." + cf.element })
	}
}

// principal checks a Principal or NotPrincipal as it renders: the string
// "*", or an object whose every value is a list of non-empty strings. With
// onlyAll (the Principal of a resource control policy) only "*" will do.
func (c *typedCheck) principal(p *iampolicy.Principal, onlyAll bool, path func() string) {
	str, isString := principalString(p)
	if onlyAll && (!isString || str != iampolicy.PrincipalAll) {
		// One problem for a string, as the schema reports one; an object's
		// own problems follow.
		c.fail(ErrPrincipal, "const Principal", path)
		if isString {
			return
		}
	}
	if isString {
		if str != iampolicy.PrincipalAll {
			c.fail(ErrPrincipal, "principal string", path)
		}
		return
	}
	for _, kind := range [...]struct {
		name string
		v    *iampolicy.StringOrSlice
	}{{"AWS", p.AWS()}, {"CanonicalUser", p.CanonicalUser()}, {"Federated", p.Federated()}, {"Service", p.Service()}} {
		if kind.v != nil {
			c.listAt(kind.v, func() string { return path() + "." + kind.name })
		}
	}
}

// listAt checks a string-or-list value as it renders (see appendList): a
// non-empty string, or an array of at least one non-empty string.
func (c *typedCheck) listAt(l *iampolicy.StringOrSlice, path func() string) {
	vals := l.Values()
	switch {
	case l.IsSingular() && len(vals) == 1:
		if vals[0] == "" {
			c.fail(ErrSchema, "minLength", path)
		}
		return
	case vals == nil:
		c.fail(ErrSchema, "type", path) // renders as null
		return
	case len(vals) == 0:
		c.fail(ErrSchema, "minItems", path)
		return
	}
	for j, v := range vals {
		if v == "" {
			c.fail(ErrSchema, "minLength", func() string { return fmt.Sprintf("%s.%d", path(), j) })
		}
	}
}

// condition checks the operator names, that each operator has keys, that
// no key is empty and that each key has a value (not null, not []).
func (c *typedCheck) condition(i int, cond map[string]map[string]*iampolicy.ConditionValue) {
	for op, keys := range cond {
		opPath := func() string { return statementDotPath(i) + ".Condition." + op }
		if !conditionOperatorName(op) {
			c.fail(ErrSchema, "pattern "+op, func() string { return statementDotPath(i) + ".Condition" })
		}
		if len(keys) == 0 {
			c.fail(ErrSchema, "minProperties", opPath)
		}
		for k, v := range keys {
			if k == "" {
				c.fail(ErrSchema, "minLength", opPath)
			}
			switch {
			case v == nil:
				c.fail(ErrSchema, "type", func() string { return opPath() + "." + k }) // renders as null
			case conditionValueCount(v) == 0:
				c.fail(ErrSchema, "minItems", func() string { return opPath() + "." + k })
			}
		}
	}
}

// conditionValueCount is how many values v renders (conditionStrings
// without building them): its booleans if it has any, else its numbers,
// else its strings.
func conditionValueCount(v *iampolicy.ConditionValue) int {
	strs, bools, nums := v.Values()
	switch {
	case len(bools) > 0:
		return len(bools)
	case len(nums) > 0:
		return len(nums)
	}
	return len(strs)
}

// conditionOperatorName reports whether op matches the schema's pattern
// ^((ForAnyValue|ForAllValues):)?[A-Za-z]+$.
func conditionOperatorName(op string) bool {
	if rest, ok := strings.CutPrefix(op, "ForAnyValue:"); ok {
		op = rest
	} else if rest, ok := strings.CutPrefix(op, "ForAllValues:"); ok {
		op = rest
	}
	if op == "" {
		return false
	}
	for i := 0; i < len(op); i++ {
		if b := op[i] | 0x20; b < 'a' || b > 'z' {
			return false
		}
	}
	return true
}

// charactersValid reports whether compact, a compact rendering, holds only
// the characters AWS allows in a policy: what [checkCharacters] finds by
// parsing it, found on the bytes. Outside strings a rendering holds only
// ASCII punctuation, digits and literals; inside, a character below U+0020
// other than tab, line feed and carriage return is written as \b, \f or
// \u00XX, U+2028 and U+2029 as \u2028 and \u2029, invalid UTF-8 as
// \ufffd, and every other character as it is. So a rendering is allowed
// unless it holds one of those escapes or a character above U+00FF.
func charactersValid(compact []byte) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	for i := 0; i < len(compact); i++ {
		// Skip eight bytes at a time while they are ASCII and hold no
		// backslash: most of a rendering.
		for i+8 <= len(compact) {
			w := binary.LittleEndian.Uint64(compact[i:])
			x := w ^ ('\\' * ones) // a backslash becomes a zero byte
			if (w|(x-ones)&^x)&highs != 0 {
				break
			}
			i += 8
		}
		if i >= len(compact) {
			break
		}
		switch b := compact[i]; {
		case b == '\\':
			i++
			if i < len(compact) && (compact[i] == 'u' || compact[i] == 'b' || compact[i] == 'f') {
				return false
			}
		case b >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(compact[i:])
			if r > 0xff {
				return false
			}
			i += size - 1
		}
	}
	return true
}
