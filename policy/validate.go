package policy

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xeipuuv/gojsonschema"
)

// Schema is the embedded JSON Schema (draft-07) every rendered document is
// checked against. Its definitions/<kind> entries hold the per-kind rules.
//
//go:embed schema.json
var Schema []byte

var schemaRoots = map[Kind]string{
	KindBucketPolicy:   "bucketPolicy",
	KindKeyPolicy:      "keyPolicy",
	KindTrustPolicy:    "trustPolicy",
	KindIdentityPolicy: "identityPolicy",
	KindSCP:            "serviceControlPolicy",
	KindRCP:            "resourceControlPolicy",
	KindTopicPolicy:    "topicPolicy",
}

var (
	schemaOnce sync.Once
	schemas    map[Kind]*gojsonschema.Schema
	schemaErr  error
)

// compiledSchema returns the schema for kind k, compiled once.
func compiledSchema(k Kind) (*gojsonschema.Schema, error) {
	schemaOnce.Do(func() {
		var base map[string]any
		if schemaErr = json.Unmarshal(Schema, &base); schemaErr != nil {
			return
		}
		schemas = map[Kind]*gojsonschema.Schema{}
		for kind, root := range schemaRoots {
			doc := map[string]any{
				"$schema":     base["$schema"],
				"definitions": base["definitions"],
				"allOf":       []any{map[string]any{"$ref": "#/definitions/" + root}},
			}
			s, err := gojsonschema.NewSchema(gojsonschema.NewGoLoader(doc))
			if err != nil {
				schemaErr = fmt.Errorf("compile schema for %s: %w", kind, err)
				return
			}
			schemas[kind] = s
		}
	})
	if schemaErr != nil {
		return nil, schemaErr
	}
	s, ok := schemas[k]
	if !ok {
		return nil, fmt.Errorf("%w: no schema for %s", ErrUnsupported, k)
	}
	return s, nil
}

// ValidateJSON checks a rendered document of kind k against the embedded
// schema and returns one [FieldError] per violation, joined, in document
// order. Rules the schema states with oneOf and not (one of Action and
// NotAction, no Principal in an SCP, ...) are reported at the element that
// breaks them, such as "Statement[0].NotAction"; a missing, empty or
// forbidden Principal wraps [ErrPrincipal], everything else [ErrSchema].
func ValidateJSON(k Kind, data []byte) error {
	s, err := compiledSchema(k)
	if err != nil {
		return err
	}
	res, err := s.Validate(gojsonschema.NewBytesLoader(data))
	if err != nil {
		return fieldErr(ErrSchema, "document", abbreviate(string(data)), "is not valid JSON: %v", err)
	}
	var found []*FieldError
	seen := map[string]bool{}
	add := func(sentinel error, field, value, reason string) {
		// Several schema keywords can report one problem; report it once.
		if key := field + "\x00" + value + "\x00" + reason; !seen[key] {
			seen[key] = true
			found = append(found, NewFieldError(sentinel, field, value, reason))
		}
	}
	for _, e := range res.Errors() {
		field := schemaFieldPath(e.Field())
		stmt, isStmt := e.Value().(map[string]any)
		isStmt = isStmt && statementPath.MatchString(field)
		switch {
		case e.Type() == "number_all_of" || e.Type() == "number_any_of" || e.Type() == "invalid_property_name":
			// Composite keywords repeat the leaf errors in vaguer words;
			// keep the leaves.
			continue
		case isStmt && (e.Type() == "number_one_of" || e.Type() == "number_not"):
			// A failed oneOf or not says only "must (not) validate": name the
			// elements of the statement that break it. A oneOf that failed
			// because neither alternative matched also has a leaf error
			// ("Action is required"), reported on its own.
			for _, c := range statementConflicts(k, func(el string) bool { _, ok := stmt[el]; return ok }) {
				add(c.sentinel, field+"."+c.element, schemaValueText(stmt[c.element]), c.reason)
			}
			continue
		case e.Type() == "number_one_of":
			continue // the leaf errors of the closest alternative follow
		case isStmt && e.Type() == "required" && e.Details()["property"] == "Principal":
			add(ErrPrincipal, field+".Principal", "", fmt.Sprintf("is missing: every statement of %s names a Principal", k.withArticle()))
			continue
		}
		if k == KindRCP && e.Type() == "number_not" && rcpActionPath.MatchString(field) {
			add(ErrSchema, field, schemaValueText(e.Value()), rcpActionStar)
			continue
		}
		if k == KindRCP && e.Type() == "const" {
			if sentinel, reason, ok := rcpConstReason(field); ok {
				add(sentinel, field, schemaValueText(e.Value()), reason)
				continue
			}
		}
		if principalPath.MatchString(field) {
			if str, ok := e.Value().(string); ok {
				if str == "" {
					add(ErrPrincipal, field, "", `is empty: name an AWS, Service, Federated or CanonicalUser principal, or "*"`)
				} else {
					add(ErrPrincipal, field, abbreviate(str), `is not a principal: the only string form is "*"; name others in an object such as {"AWS": "arn:aws:iam::111122223333:root"}`)
				}
				continue
			}
		}
		desc := strings.TrimPrefix(e.Description(), e.Field()+" ")
		if e.Type() == "number_not" {
			desc = "holds an element " + k.withArticle() + " does not allow"
		}
		add(ErrSchema, field, schemaValueText(e.Value()), fmt.Sprintf("does not match the %s schema: %s", k, desc))
	}
	// gojsonschema visits object members in map order; sort so that the
	// same document always yields the same errors in the same order.
	slices.SortStableFunc(found, func(a, b *FieldError) int {
		return cmp.Or(
			strings.Compare(fieldSortKey(a.Field), fieldSortKey(b.Field)),
			strings.Compare(a.Value, b.Value),
			strings.Compare(a.Reason, b.Reason))
	})
	var p Problems
	for _, fe := range found {
		p.Add(fe)
	}
	return p.Err()
}

// fieldSortKey pads list indexes so that Statement[2] sorts before Statement[10].
func fieldSortKey(field string) string {
	return listIndex.ReplaceAllStringFunc(field, func(m string) string {
		return fmt.Sprintf("[%09s]", m[1:len(m)-1])
	})
}

var listIndex = regexp.MustCompile(`\[[0-9]+\]`)

// statementPath matches the field path of one statement, "Statement[3]";
// principalPath that of its Principal or NotPrincipal.
var (
	statementPath = regexp.MustCompile(`^Statement\[[0-9]+\]$`)
	principalPath = regexp.MustCompile(`^Statement\[[0-9]+\]\.(Not)?Principal$`)
)

// conflict is one element of a statement that breaks a oneOf or not rule of
// the schema.
type conflict struct {
	sentinel error
	element  string
	reason   string
}

// statementConflicts lists the elements of a rendered statement that the
// schema's oneOf and not rules forbid for kind k: both halves of a pair
// (Principal/NotPrincipal, Action/NotAction, Resource/NotResource), a
// principal in an identity policy or SCP, a resource in a trust policy.
// has reports whether the statement holds an element.
func statementConflicts(k Kind, has func(element string) bool) []conflict {
	var out []conflict
	for _, pair := range [][2]string{{"Principal", "NotPrincipal"}, {"Action", "NotAction"}, {"Resource", "NotResource"}} {
		if has(pair[0]) && has(pair[1]) {
			out = append(out, conflict{ErrSchema, pair[1], fmt.Sprintf("must not appear together with %s: a statement holds one or the other", pair[0])})
		}
	}
	if !k.requiresPrincipal() {
		for _, el := range []string{"Principal", "NotPrincipal"} {
			if has(el) {
				out = append(out, conflict{ErrPrincipal, el, fmt.Sprintf("must be absent: %s applies to the principals it is attached to", k.withArticle())})
			}
		}
	}
	if k == KindRCP {
		if has("NotPrincipal") {
			out = append(out, conflict{ErrPrincipal, "NotPrincipal", rcpNotPrincipal})
		}
		if has("NotAction") {
			out = append(out, conflict{ErrSchema, "NotAction", rcpNotAction})
		}
	}
	if k == KindTrustPolicy {
		for _, el := range []string{"Resource", "NotResource"} {
			if has(el) {
				out = append(out, conflict{ErrSchema, el, "must be absent: the resource of a trust policy is the role it is attached to"})
			}
		}
	}
	return out
}

// The rules of a resource control policy beyond the grammar, from the AWS
// Organizations User Guide, "RCP syntax"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html,
// read 2026-12-02): Version must be "2012-10-17"; the effect of Allow is
// supported only for the AWS managed RCPFullAWSAccess, so a customer RCP
// denies; Principal must be "*", whom it denies being said in conditions;
// the page's table of elements has neither NotPrincipal nor NotAction; and
// "You cannot use "*" in the Action element of a customer managed RCP and
// have to specify the abbreviation for the service" (section "Action
// element", read 2026-12-02 on a stored .md copy of the page), so Action is
// never "*" nor a list holding it. The schema states them in
// definitions/rcpStatement; these are the words its errors are reported in.
const (
	rcpNotPrincipal = `must be absent: a resource control policy names Principal "*" and says whom it denies in its conditions (aws:PrincipalOrgID, aws:PrincipalArn)`
	rcpNotAction    = "must be absent: resource control policies do not support NotAction; list the actions in Action"
	rcpActionStar   = `is not allowed in a resource control policy of your own: name the service, as in "s3:*"`
)

var (
	rcpPrincipalPath = regexp.MustCompile(`^Statement\[[0-9]+\]\.Principal$`)
	// rcpActionPath matches an RCP statement's Action or one of its list
	// elements, where the schema's rule against "*" reports.
	rcpActionPath = regexp.MustCompile(`^Statement\[[0-9]+\]\.Action(\[[0-9]+\])?$`)
)

// rcpConstReason returns the sentinel and the reason for a value the
// resource control policy schema fixes (its const rules) at field.
func rcpConstReason(field string) (sentinel error, reason string, ok bool) {
	switch {
	case field == "Version":
		return ErrSchema, `must be "2012-10-17" in a resource control policy`, true
	case rcpPrincipalPath.MatchString(field):
		return ErrPrincipal, `must be "*" in a resource control policy: say whom it denies in its conditions (aws:PrincipalOrgID, aws:PrincipalArn)`, true
	case strings.HasSuffix(field, ".Effect") && statementPath.MatchString(strings.TrimSuffix(field, ".Effect")):
		return ErrSchema, `must be "Deny": a resource control policy of your own only denies; Allow is reserved for AWS's RCPFullAWSAccess`, true
	}
	return nil, "", false
}

// schemaFieldPath turns gojsonschema's "Statement.0.Effect" into "Statement[0].Effect".
func schemaFieldPath(f string) string {
	if f == "(root)" {
		return "document"
	}
	parts := strings.Split(f, ".")
	var b strings.Builder
	for i, part := range parts {
		if _, err := strconv.Atoi(part); err == nil && i > 0 {
			b.WriteString("[" + part + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(part)
	}
	return b.String()
}

// schemaValueText shows a string as it is and anything else as compact JSON.
func schemaValueText(v any) string {
	if s, ok := v.(string); ok {
		return abbreviate(s)
	}
	b, _ := marshal(v)
	return abbreviate(string(b))
}

func abbreviate(s string) string {
	const max = 120
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

// Validate checks the document against every rule for its kind, with the
// [DefaultLimits]: the embedded schema, the size limit (measured on the
// compact form, see [Size]), unique Sids, the Sid characters the kind allows
// (IAM: A-Z a-z 0-9; KMS key policies also spaces), a Principal in every
// statement of resource and trust policies and none in identity policies and
// SCPs, the rules of resource control policies (Version "2012-10-17",
// Effect "Deny", Principal "*", no NotPrincipal or NotAction), and the characters AWS allows in a policy (tab, line feed, carriage
// return and U+0020 to U+00FF). It returns every problem, joined; a document
// more than twice its size limit is not also checked against the schema.
//
// A document made by [Decode] (or by [Merge] from one), read from outside,
// is checked against the schema itself. A document built in Go is checked
// by typed checks over its statements, which accept exactly what the schema
// accepts (the package's tests compare the two on generated and fuzzed
// documents) at a small fraction of the cost; when they find a problem the
// schema runs too, so that every message is the schema's.
func (d *Document) Validate() error {
	return d.ValidateWithLimits(DefaultLimits())
}

// ValidateWithLimits is [Document.Validate] with caller-chosen size limits.
func (d *Document) ValidateWithLimits(l Limits) error {
	if d == nil {
		return errNilDocument
	}
	var p Problems
	if _, ok := schemaRoots[d.Kind]; !ok {
		p.Addf(ErrUnsupported, "Kind", d.Kind.String(), "is not a kind of document the library knows")
		return p.Err()
	}
	buf := getBuffer()
	defer putBuffer(buf)
	// Measured and checked a statement at a time; the whole rendering
	// only when a check below needs it (see measureCompact). A document
	// read from outside goes to the schema whatever the typed checks say.
	var check *typedCheck
	if !d.decoded {
		check = &typedCheck{kind: d.Kind}
	}
	m, scratch := d.measureCompact((*buf)[:0], check)
	*buf = scratch[:0]
	if !m.rendered || d.decoded || check.bad || !m.chars {
		compact, err := d.appendCompact((*buf)[:0])
		*buf = compact[:0]
		if err != nil {
			p.Add(err)
			return p.Err()
		}
		sizeErr := l.Check(d.Kind, compact)
		// The schema check dominates the cost and grows with the document; one
		// many times its limit (10,000 accounts) is refused on size alone, so
		// that a caller probing the limit gets its answer quickly.
		if max, _ := l.For(d.Kind); sizeErr == nil || Size(d.Kind, compact) <= 2*max {
			p.Add(ValidateJSON(d.Kind, compact))
		}
		p.Add(checkCharacters(compact))
		p.Add(sizeErr)
		d.checkSids(&p)
		return p.Err()
	}
	p.Add(l.checkMeasured(d.Kind, m.size))
	d.checkSids(&p)
	return p.Err()
}

func (d *Document) checkSids(p *Problems) {
	valid, allowed := iamSid, "letters A-Z, a-z and digits 0-9"
	if d.Kind == KindKeyPolicy {
		valid, allowed = kmsSid, "letters A-Z, a-z, digits 0-9 and spaces"
	}
	var first map[string]int
	for i, s := range d.Statements {
		if !valid(s.Sid) {
			p.Addf(ErrSid, fmt.Sprintf("Statement[%d].Sid", i), s.Sid, "is not a valid Sid in %s: use only %s", d.Kind.withArticle(), allowed)
		}
		if s.Sid == "" {
			continue
		}
		if first == nil {
			first = make(map[string]int, len(d.Statements))
		}
		if j, dup := first[s.Sid]; dup {
			p.Addf(ErrSid, fmt.Sprintf("Statement[%d].Sid", i), s.Sid, "repeats the Sid of Statement[%d]: give each statement its own Sid", j)
			continue
		}
		first[s.Sid] = i
	}
}

// iamSid reports whether sid holds only A-Z, a-z and 0-9 (or is empty).
func iamSid(sid string) bool {
	for i := 0; i < len(sid); i++ {
		if b := sid[i]; !('a' <= b|0x20 && b|0x20 <= 'z') && !('0' <= b && b <= '9') {
			return false
		}
	}
	return true
}

// kmsSid is [iamSid] with spaces: KMS key policies also allow spaces in a Sid.
// (AWS KMS Developer Guide, "Key policies": "The Sid element in a key policy statement can include spaces.")
func kmsSid(sid string) bool {
	for i := 0; i < len(sid); i++ {
		if b := sid[i]; b != ' ' && !iamSid(sid[i:i+1]) {
			return false
		}
	}
	return true
}

// checkCharacters walks every string in the rendered document. AWS accepts
// only tab, line feed, carriage return and U+0020 to U+00FF in a policy.
// (IAM User Guide, "IAM and AWS STS quotas"; KMS Developer Guide, "Key policies".)
func checkCharacters(compact []byte) error {
	var tree any
	if err := json.Unmarshal(compact, &tree); err != nil {
		return fieldErr(ErrSchema, "document", abbreviate(string(compact)), "is not valid JSON: %v", err)
	}
	var p Problems
	walkStrings(tree, "document", func(path, s string) {
		for _, r := range s {
			if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xff) {
				continue
			}
			p.Addf(ErrCharacter, path, abbreviate(s), "contains %U, outside what AWS allows in a policy (tab, line feed, carriage return, U+0020 to U+00FF)", r)
			return
		}
	})
	return p.Err()
}

func walkStrings(v any, path string, f func(path, s string)) {
	switch t := v.(type) {
	case string:
		f(path, t)
	case []any:
		for i, e := range t {
			walkStrings(e, fmt.Sprintf("%s[%d]", path, i), f)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(t)) {
			e := t[k]
			f(path+" key", k)
			p := k
			if path != "document" {
				p = path + "." + k
			}
			walkStrings(e, p, f)
		}
	}
}
