package eval

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
)

// family is a group of condition operators that compare values the same way.
type family int

const (
	famString family = iota + 1
	famARN
	famBool
	famNull
	famNumeric
)

// comparison says how one request value is compared with one policy value.
type comparison int

const (
	cmpEquals comparison = iota + 1
	cmpEqualsIgnoreCase
	cmpLike
	cmpLess
	cmpLessEquals
	cmpGreater
	cmpGreaterEquals
)

// setKind is the optional ForAnyValue:/ForAllValues: qualifier.
type setKind int

const (
	setNone setKind = iota
	setAnyValue
	setAllValues
)

// operator is a parsed condition operator such as "ForAllValues:StringNotLikeIfExists".
type operator struct {
	fam      family
	cmp      comparison
	negated  bool
	ifExists bool
	set      setKind
}

type baseOperator struct {
	fam     family
	cmp     comparison
	negated bool
}

// baseOperators are the operators this package evaluates, from "IAM JSON
// policy elements: Condition operators"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
// ArnEquals and ArnLike are the same operator there: both compare each ARN
// field with wildcards.
var baseOperators = map[string]baseOperator{
	"StringEquals":              {famString, cmpEquals, false},
	"StringNotEquals":           {famString, cmpEquals, true},
	"StringEqualsIgnoreCase":    {famString, cmpEqualsIgnoreCase, false},
	"StringNotEqualsIgnoreCase": {famString, cmpEqualsIgnoreCase, true},
	"StringLike":                {famString, cmpLike, false},
	"StringNotLike":             {famString, cmpLike, true},
	"ArnEquals":                 {famARN, cmpLike, false},
	"ArnLike":                   {famARN, cmpLike, false},
	"ArnNotEquals":              {famARN, cmpLike, true},
	"ArnNotLike":                {famARN, cmpLike, true},
	"Bool":                      {famBool, cmpEquals, false},
	"Null":                      {famNull, cmpEquals, false},
	"NumericEquals":             {famNumeric, cmpEquals, false},
	"NumericNotEquals":          {famNumeric, cmpEquals, true},
	"NumericLessThan":           {famNumeric, cmpLess, false},
	"NumericLessThanEquals":     {famNumeric, cmpLessEquals, false},
	"NumericGreaterThan":        {famNumeric, cmpGreater, false},
	"NumericGreaterThanEquals":  {famNumeric, cmpGreaterEquals, false},
}

// knownUnsupported are real AWS operators this package does not evaluate; a
// policy that uses one is an error rather than a guess.
var knownUnsupported = map[string]bool{
	"DateEquals": true, "DateNotEquals": true, "DateLessThan": true, "DateLessThanEquals": true,
	"DateGreaterThan": true, "DateGreaterThanEquals": true,
	"IpAddress": true, "NotIpAddress": true, "BinaryEquals": true,
}

// parseOperator parses an operator name with its optional set qualifier and
// IfExists suffix.
func parseOperator(name string) (operator, string) {
	var op operator
	base := name
	switch {
	case strings.HasPrefix(base, "ForAnyValue:"):
		op.set, base = setAnyValue, strings.TrimPrefix(base, "ForAnyValue:")
	case strings.HasPrefix(base, "ForAllValues:"):
		op.set, base = setAllValues, strings.TrimPrefix(base, "ForAllValues:")
	}
	if b, ok := strings.CutSuffix(base, "IfExists"); ok {
		op.ifExists, base = true, b
	}
	b, ok := baseOperators[base]
	switch {
	case knownUnsupported[base]:
		return op, "is an AWS condition operator this evaluator does not support; supported are the String, Arn, Bool, Null and Numeric families"
	case !ok:
		return op, "is not a known condition operator"
	case b.fam == famNull && (op.ifExists || op.set != setNone):
		// Null tests presence itself; AWS defines no Null with IfExists or a set qualifier.
		return op, "is not valid: Null takes neither IfExists nor ForAnyValue:/ForAllValues:"
	}
	op.fam, op.cmp, op.negated = b.fam, b.cmp, b.negated
	return op, ""
}

// condition is one operator/key pair of a Condition element with its values.
type condition struct {
	field   string // for errors: resource.Statement[0].Condition.StringEquals["aws:SourceArn"]
	op      operator
	key     string // lower-cased: condition key names are case-insensitive
	values  []string
	arns    []arnPattern // famARN: values split into ARN fields
	numbers []float64    // famNumeric
	vars    bool         // policy variables are substituted (Version 2012-10-17)
}

// conditionValues normalises a ConditionValue to strings: JSON booleans become
// "true"/"false" and numbers their shortest decimal form, the way AWS reads
// them.
func conditionValues(cv *iampolicy.ConditionValue) []string {
	strs, bools, nums := cv.Values()
	out := make([]string, 0, len(strs)+len(bools)+len(nums))
	out = append(out, strs...)
	for _, b := range bools {
		out = append(out, strconv.FormatBool(b))
	}
	for _, f := range nums {
		out = append(out, strconv.FormatFloat(f, 'f', -1, 64))
	}
	return out
}

// compileConditions checks a Condition element and returns its conditions in
// a fixed order (operator, then key), so that errors come out the same way
// every time.
func compileConditions(field string, cond map[string]map[string]*iampolicy.ConditionValue, vars bool) ([]condition, []error) {
	var errs []error
	ops := make([]string, 0, len(cond))
	for name := range cond {
		ops = append(ops, name)
	}
	sort.Strings(ops)
	var out []condition
	if len(cond) > 0 {
		out = make([]condition, 0, 2*len(cond))
	}
	for _, name := range ops {
		opField := field + ".Condition." + name
		op, problem := parseOperator(name)
		if problem != "" {
			errs = append(errs, policy.NewFieldError(policy.ErrUnsupported, field+".Condition", name, problem))
			continue
		}
		keys := make([]string, 0, len(cond[name]))
		for k := range cond[name] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) == 0 {
			errs = append(errs, policy.NewFieldError(policy.ErrSchema, opField, "", "has no condition keys"))
		}
		for _, k := range keys {
			c := condition{field: fmt.Sprintf("%s[%q]", opField, k), op: op, key: strings.ToLower(k), vars: vars}
			cv := cond[name][k]
			if cv == nil {
				errs = append(errs, policy.NewFieldError(policy.ErrSchema, c.field, "null", "has no values"))
				continue
			}
			c.values = conditionValues(cv)
			if err := c.check(); err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, c)
		}
	}
	return out, errs
}

// check validates the policy values for the operator's family and
// precomputes their parsed forms.
func (c *condition) check() error {
	switch c.op.fam {
	case famBool, famNull:
		for i, v := range c.values {
			if c.op.fam == famBool && c.hasVar(v) {
				continue // checked against the request once substituted
			}
			lv := strings.ToLower(v)
			if lv != "true" && lv != "false" {
				return policy.NewFieldError(policy.ErrSchema, c.field, v, "is not a boolean: use true or false")
			}
			c.values[i] = lv
		}

	case famNumeric:
		c.numbers = make([]float64, len(c.values))
		for i, v := range c.values {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return policy.NewFieldError(policy.ErrSchema, c.field, v, "is not a number (policy variables are not supported in numeric conditions)")
			}
			c.numbers[i] = f
		}
	case famARN:
		c.arns = make([]arnPattern, len(c.values))
		for i, v := range c.values {
			fields, ok := splitARNPattern(v, c.vars)
			if !ok || fields[0] != "arn" {
				return policy.NewFieldError(policy.ErrSchema, c.field, v, "is not an ARN pattern: want arn:partition:service:region:account:resource, each field may use * and ?")
			}
			c.arns[i] = newARNPattern(fields, c.vars)
		}
	}
	return nil
}

// hasVar reports whether policy value v holds a policy variable that must be
// substituted from the request.
func (c *condition) hasVar(v string) bool {
	return c.vars && strings.Contains(v, "${")
}

// eval decides one condition against the request context.
//
// The rules, from "IAM JSON policy elements: Condition operators" and
// "Conditions with multiple context keys or values"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html):
//   - several values for one key are ORed; for a negated operator
//     (StringNotEquals, ArnNotLike, NumericNotEquals, ...) they are NORed: the
//     condition holds when the request value matches none of them;
//   - a key absent from the request: "the values do not match and the
//     condition is false. If the policy condition requires that the key is
//     not matched, such as StringNotLike or ArnNotLike, and the right key is
//     not present, the condition is true"; ...IfExists makes an absent key
//     true; Null tests presence;
//   - ForAllValues: every request value must satisfy the operator, and an
//     absent key or empty value set is true; ForAnyValue: at least one must,
//     and an absent key is false (see "Single-valued vs. multivalued context
//     keys",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
//
// A key present with no values counts as absent. Without a set qualifier a
// key with several request values is matched as "any request value equals
// any policy value", and a negated operator is the negation of that.
func (c *condition) eval(ctx map[string][]string) (bool, error) {
	vals := ctx[c.key]
	present := len(vals) > 0
	if c.op.fam == famNull {
		// "Null": "true" holds when the key is absent, "false" when present.
		for _, v := range c.values {
			if (v == "true") == !present {
				return true, nil
			}
		}
		return false, nil
	}
	switch c.op.set {
	case setAnyValue:
		if !present {
			return c.op.ifExists, nil
		}
		for _, v := range vals {
			m, err := c.matchAny(v, ctx)
			if err != nil {
				return false, err
			}
			if m != c.op.negated {
				return true, nil
			}
		}
		return false, nil
	case setAllValues:
		if !present {
			return true, nil
		}
		for _, v := range vals {
			m, err := c.matchAny(v, ctx)
			if err != nil {
				return false, err
			}
			if m == c.op.negated {
				return false, nil
			}
		}
		return true, nil
	default:
		if !present {
			return c.op.ifExists || c.op.negated, nil
		}
		for _, v := range vals {
			m, err := c.matchAny(v, ctx)
			if err != nil {
				return false, err
			}
			if m {
				return !c.op.negated, nil
			}
		}
		return c.op.negated, nil
	}
}

// matchAny reports whether request value v matches at least one policy value
// under the operator's positive comparison (StringNotEquals compares like
// StringEquals; the caller applies the negation).
func (c *condition) matchAny(v string, ctx map[string][]string) (bool, error) {
	if c.op.fam == famNumeric {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return false, policy.NewFieldError(policy.ErrSchema, "Request.Context["+c.key+"]", v, "is not a number, but "+c.field+" compares it numerically")
		}
		for _, n := range c.numbers {
			if compareNumbers(c.op.cmp, f, n) {
				return true, nil
			}
		}
		return false, nil
	}
	for i, p := range c.values {
		switch {
		case c.op.fam == famARN:
			if c.arns[i].match(v, ctx) {
				return true, nil
			}
		case c.op.cmp == cmpLike:
			if !c.hasVar(p) {
				if globString(p, v) {
					return true, nil
				}
				continue
			}
			if toks, ok := expand(p, ctx, true, true); ok && globMatch(toks, v) {
				return true, nil
			}
		default:
			want := p
			if c.hasVar(p) {
				toks, ok := expand(p, ctx, true, false)
				if !ok {
					continue // an unresolved variable matches nothing
				}
				want = literal(toks)
			}
			switch {
			case c.op.fam == famBool:
				// Bool compares "true"/"false" without regard to case.
				if strings.EqualFold(v, want) {
					return true, nil
				}
			case c.op.cmp == cmpEqualsIgnoreCase:
				if strings.EqualFold(v, want) {
					return true, nil
				}
			case v == want:
				return true, nil
			}
		}
	}
	return false, nil
}

func compareNumbers(cmp comparison, got, want float64) bool {
	switch cmp {
	case cmpEquals:
		return got == want
	case cmpLess:
		return got < want
	case cmpLessEquals:
		return got <= want
	case cmpGreater:
		return got > want
	case cmpGreaterEquals:
		return got >= want
	}
	return false
}
