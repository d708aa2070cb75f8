package eval

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"

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
	famDate
	famIP
	famBinary
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

// baseOperators are the operators this package evaluates: every operator
// of "IAM JSON policy elements: Condition operators"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
// read 2026-12-02). ArnEquals and ArnLike are the same operator there
// ("The ArnEquals and ArnLike condition operators behave identically").
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
	"DateEquals":                {famDate, cmpEquals, false},
	"DateNotEquals":             {famDate, cmpEquals, true},
	"DateLessThan":              {famDate, cmpLess, false},
	"DateLessThanEquals":        {famDate, cmpLessEquals, false},
	"DateGreaterThan":           {famDate, cmpGreater, false},
	"DateGreaterThanEquals":     {famDate, cmpGreaterEquals, false},
	"IpAddress":                 {famIP, cmpEquals, false},
	"NotIpAddress":              {famIP, cmpEquals, true},
	"BinaryEquals":              {famBinary, cmpEquals, false},
}

// parseOperator parses an operator name with its optional set qualifier and
// IfExists suffix. "You can add IfExists to the end of any condition
// operator name except the Null condition" (Condition operators,
// ...IfExists). AWS documents ForAllValues:/ForAnyValue: with the String,
// Bool and ARN operators and says nothing of the others; this package
// accepts them on every operator but Null, whose test is of presence itself.
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
	case !ok:
		return op, "is not a known condition operator"
	case b.fam == famNull && (op.ifExists || op.set != setNone):
		return op, "is not valid: Null takes neither IfExists nor ForAnyValue:/ForAllValues:"
	}
	op.fam, op.cmp, op.negated = b.fam, b.cmp, b.negated
	return op, ""
}

// condition is one operator/key pair of a Condition element with its values.
type condition struct {
	field string // for errors: resource.Statement[0].Condition.StringEquals["aws:SourceArn"]
	op    operator
	key   string // lower-cased: condition key names are case-insensitive
	slot  int32  // the key's context slot
	// The policy values, compiled for the family: one of these is set.
	lits     []string  // famString, famBool, famNull values without variables or wildcards
	strs     []pattern // famString, famBool values with variables or (Like) wildcards
	arns     []arnMatcher
	numbers  []float64
	dates    []time.Time
	prefixes []netip.Prefix
	binaries [][]byte
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
func compileConditions(field string, cond map[string]map[string]*iampolicy.ConditionValue, vars bool, keys *keyTable) ([]condition, []error) {
	var errs []error
	ops := make([]string, 0, len(cond))
	for name := range cond {
		ops = append(ops, name)
	}
	sort.Strings(ops)
	var out []condition
	if n := countKeys(cond); n > 0 {
		out = make([]condition, 0, n)
	}
	for _, name := range ops {
		opField := field + ".Condition." + name
		op, problem := parseOperator(name)
		if problem != "" {
			errs = append(errs, policy.NewFieldError(policy.ErrUnsupported, field+".Condition", name, problem))
			continue
		}
		names := make([]string, 0, len(cond[name]))
		for k := range cond[name] {
			names = append(names, k)
		}
		sort.Strings(names)
		if len(names) == 0 {
			errs = append(errs, policy.NewFieldError(policy.ErrSchema, opField, "", "has no condition keys"))
		}
		for _, k := range names {
			c := condition{field: opField + "[" + strconv.Quote(k) + "]", op: op, key: strings.ToLower(k), slot: keys.slot(k)}
			cv := cond[name][k]
			if cv == nil {
				errs = append(errs, policy.NewFieldError(policy.ErrSchema, c.field, "null", "has no values"))
				continue
			}
			if err := c.compile(conditionValues(cv), vars, keys); err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, c)
		}
	}
	return out, errs
}

func countKeys(cond map[string]map[string]*iampolicy.ConditionValue) int {
	n := 0
	for _, keys := range cond {
		n += len(keys)
	}
	return n
}

// compile validates the policy values for the operator's family and
// compiles them. Which families take policy variables and wildcards is the
// "Policy variables" and "Wildcards" line of each family in Condition
// operators: String (both), ARN (both), Bool (variables); Numeric, Date,
// Binary and IP address (neither).
func (c *condition) compile(values []string, vars bool, keys *keyTable) error {
	bad := func(v, reason string) error {
		return policy.NewFieldError(policy.ErrSchema, c.field, v, reason)
	}
	switch c.op.fam {
	case famString:
		like := c.op.cmp == cmpLike
		for _, v := range values {
			if vars && strings.Contains(v, "${") || like && strings.ContainsAny(v, "*?") {
				c.strs = append(c.strs, compilePattern(v, vars, like, keys, nil))
			} else {
				c.lits = append(c.lits, v)
			}
		}
	case famBool:
		for _, v := range values {
			if vars && strings.Contains(v, "${") {
				c.strs = append(c.strs, compilePattern(v, vars, false, keys, nil))
				continue // checked against the request once substituted
			}
			lv := strings.ToLower(v)
			if lv != "true" && lv != "false" {
				return bad(v, "is not a boolean: use true or false")
			}
			c.lits = append(c.lits, lv)
		}
	case famNull:
		for _, v := range values {
			lv := strings.ToLower(v)
			if lv != "true" && lv != "false" {
				return bad(v, "is not a boolean: use true or false")
			}
			c.lits = append(c.lits, lv)
		}
	case famNumeric:
		for _, v := range values {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return bad(v, "is not a number (policy variables are not supported in numeric conditions)")
			}
			c.numbers = append(c.numbers, f)
		}
	case famARN:
		for _, v := range values {
			m, ok := newARNMatcher(v, vars, arnCondition, keys)
			if !ok {
				return bad(v, "is not an ARN pattern: want arn:partition:service:region:account:resource, each field may use * and ?, or fewer fields ending in *")
			}
			c.arns = append(c.arns, m)
		}
	case famDate:
		for _, v := range values {
			t, ok := parseDate(v)
			if !ok {
				return bad(v, "is not a date: use an ISO 8601 date or time such as 2026-12-02 or 2026-12-02T00:00:00Z, or epoch seconds (policy variables and wildcards are not supported in date conditions)")
			}
			c.dates = append(c.dates, t)
		}
	case famIP:
		for _, v := range values {
			p, ok := parseCIDR(v)
			if !ok {
				return bad(v, "is not an IP address or CIDR range such as 203.0.113.0/24 or 2001:DB8:1234:5678::/64 (policy variables and wildcards are not supported in IP address conditions)")
			}
			c.prefixes = append(c.prefixes, p)
		}
	case famBinary:
		for _, v := range values {
			b, err := base64.StdEncoding.DecodeString(v)
			if err != nil {
				return bad(v, "is not base64 (BinaryEquals compares a base64-encoded value; policy variables and wildcards are not supported)")
			}
			c.binaries = append(c.binaries, b)
		}
	}
	return nil
}

// dateLayouts are the "W3C implementations of the ISO 8601 date formats"
// that Condition operators (Date) points to, https://www.w3.org/TR/NOTE-datetime:
// YYYY, YYYY-MM, YYYY-MM-DD, then hh:mm, hh:mm:ss or hh:mm:ss.s with a time
// zone designator, Z or +hh:mm or -hh:mm.
var dateLayouts = []string{
	"2006",
	"2006-01",
	"2006-01-02",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
}

// parseDate reads a date condition value: one of the W3C ISO 8601 formats,
// or "epoch (UNIX) time" (Condition operators, Date), read as whole seconds
// since 1970-01-01T00:00:00Z. A date without a time is its first instant in
// UTC (the W3C note leaves this open: verify in a sandbox).
func parseDate(s string) (time.Time, bool) {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		if len(s) != 4 { // four digits are a year
			return time.Unix(sec, 0), true
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseCIDR reads an IP address condition value. "The value must be in the
// standard CIDR format (for example, 203.0.113.0/24 or
// 2001:DB8:1234:5678::/64). If you specify an IP address without the
// associated routing prefix, IAM uses the default prefix value of /32"
// (Condition operators, IP address). For an IPv6 address without a prefix
// this package uses /128, the single address, as /32 does for IPv4 (AWS's
// sentence names /32 for both, and no other was found, searched
// 2026-12-02: verify in a sandbox).
func parseCIDR(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// eval decides one condition against the request context.
//
// The rules, from "IAM JSON policy elements: Condition operators" and
// "Conditions with multiple context keys or values"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html):
//   - several values for one key are ORed; for a negated operator
//     (StringNotEquals, ArnNotLike, NumericNotEquals, DateNotEquals,
//     NotIpAddress, ...) they are NORed: the condition holds when the
//     request value matches none of them;
//   - a key absent from the request: "the values do not match and the
//     condition is false. If the policy condition requires that the key is
//     not matched, such as StringNotLike or ArnNotLike, and the right key is
//     not present, the condition is true"; ...IfExists makes an absent key
//     true; Null tests presence;
//   - ForAllValues: every request value must satisfy the operator, and an
//     absent key or empty value set is true; ForAnyValue: at least one must,
//     and an absent key is false (see "Single-valued vs. multivalued context
//     keys",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html);
//   - without a qualifier, a key with several request values is an error:
//     "Multivalued context keys require a condition set operator" (the same
//     page), and AWS does not say how one without is read.
//
// A key present with no values counts as absent.
func (c *condition) eval(vals [][]string) (bool, error) {
	reqVals := vals[c.slot]
	present := len(reqVals) > 0
	if c.op.fam == famNull {
		// "Null": "true" holds when the key is absent, "false" when present.
		for _, v := range c.lits {
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
		for _, v := range reqVals {
			m, err := c.matchAny(v, vals)
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
		for _, v := range reqVals {
			m, err := c.matchAny(v, vals)
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
		if len(reqVals) > 1 {
			return false, policy.NewFieldError(policy.ErrUnsupported, "Request.Context["+c.key+"]", strings.Join(reqVals, ","),
				fmt.Sprintf("has %d values, but %s tests it without ForAnyValue: or ForAllValues: (AWS: \"Multivalued context keys require a condition set operator\")", len(reqVals), c.field))
		}
		m, err := c.matchAny(reqVals[0], vals)
		if err != nil {
			return false, err
		}
		return m != c.op.negated, nil
	}
}

// matchAny reports whether request value v matches at least one policy value
// under the operator's positive comparison (StringNotEquals compares like
// StringEquals; the caller applies the negation).
func (c *condition) matchAny(v string, vals [][]string) (bool, error) {
	notA := func(what string) error {
		return policy.NewFieldError(policy.ErrSchema, "Request.Context["+c.key+"]", v, "is not "+what+", but "+c.field+" compares it as one")
	}
	switch c.op.fam {
	case famNumeric:
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
	case famDate:
		t, ok := parseDate(v)
		if !ok {
			return false, notA("an ISO 8601 date or epoch time")
		}
		for _, d := range c.dates {
			if compareNumbers(c.op.cmp, float64(t.Compare(d)), 0) {
				return true, nil
			}
		}
		return false, nil
	case famIP:
		a, err := netip.ParseAddr(v)
		if err != nil {
			return false, notA("an IP address")
		}
		a = a.Unmap()
		for _, p := range c.prefixes {
			if p.Contains(a) {
				return true, nil
			}
		}
		return false, nil
	case famBinary:
		// AWS's own example compares a request value written in base64.
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return false, notA("base64")
		}
		for _, want := range c.binaries {
			if bytes.Equal(b, want) {
				return true, nil
			}
		}
		return false, nil
	case famARN:
		for i := range c.arns {
			if c.arns[i].match(v, vals) {
				return true, nil
			}
		}
		return false, nil
	}
	// Bool compares "true"/"false" without regard to case.
	fold := c.op.fam == famBool || c.op.cmp == cmpEqualsIgnoreCase
	for _, lit := range c.lits {
		if fold && strings.EqualFold(v, lit) || !fold && v == lit {
			return true, nil
		}
	}
	for i := range c.strs {
		p := &c.strs[i]
		switch {
		case c.op.cmp == cmpLike:
			if p.match(v, vals) {
				return true, nil
			}
		case c.op.fam == famBool, c.op.cmp == cmpEqualsIgnoreCase:
			// Bool compares "true"/"false" without regard to case.
			if p.equals(v, vals, true) {
				return true, nil
			}
		case p.equals(v, vals, false):
			return true, nil
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
