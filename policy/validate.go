package policy

import (
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

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
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
// schema and returns one [FieldError] per violation, joined.
func ValidateJSON(k Kind, data []byte) error {
	s, err := compiledSchema(k)
	if err != nil {
		return err
	}
	res, err := s.Validate(gojsonschema.NewBytesLoader(data))
	if err != nil {
		return fieldErr(ErrSchema, "document", abbreviate(string(data)), "is not valid JSON: %v", err)
	}
	var p Problems
	seen := map[string]bool{}
	for _, e := range res.Errors() {
		// Composite keywords (allOf, oneOf...) repeat the leaf errors in
		// vaguer words; keep the leaves.
		switch e.Type() {
		case "number_all_of", "number_any_of", "number_one_of":
			continue
		}
		field := schemaFieldPath(e.Field())
		msg := field + e.Description()
		if seen[msg] {
			continue
		}
		seen[msg] = true
		desc := strings.TrimPrefix(e.Description(), e.Field()+" ")
		if e.Type() == "number_not" {
			desc = "holds an element a " + k.String() + " does not allow (no Principal in identity policies and SCPs, no Resource in trust policies)"
		}
		p.Addf(ErrSchema, field, schemaValueText(e.Value()), "does not match the %s schema: %s", k, desc)
	}
	return p.Err()
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

var (
	iamSidPattern = regexp.MustCompile(`^[A-Za-z0-9]*$`)
	// KMS key policies also allow spaces in a Sid.
	// (AWS KMS Developer Guide, "Key policies": "The Sid element in a key policy statement can include spaces.")
	kmsSidPattern = regexp.MustCompile(`^[A-Za-z0-9 ]*$`)
)

// Validate checks the document against every rule for its kind, with the
// [DefaultLimits]: the embedded schema, the size limit (measured on the
// compact form, see [Size]), unique Sids, the Sid characters the kind allows
// (IAM: A-Z a-z 0-9; KMS key policies also spaces), a Principal in every
// statement of resource and trust policies and none in identity policies and
// SCPs, and the characters AWS allows in a policy (tab, line feed, carriage
// return and U+0020 to U+00FF). It returns every problem, joined.
func (d *Document) Validate() error {
	return d.ValidateWithLimits(DefaultLimits())
}

// ValidateWithLimits is [Document.Validate] with caller-chosen size limits.
func (d *Document) ValidateWithLimits(l Limits) error {
	var p Problems
	if _, ok := schemaRoots[d.Kind]; !ok {
		p.Addf(ErrUnsupported, "Kind", d.Kind.String(), "is not a kind of document the library knows")
		return p.Err()
	}
	compact, err := d.CompactJSON()
	if err != nil {
		p.Add(err)
		return p.Err()
	}
	p.Add(ValidateJSON(d.Kind, compact))
	p.Add(checkCharacters(compact))
	p.Add(l.Check(d.Kind, compact))
	d.checkSids(&p)
	d.checkPrincipals(&p)
	return p.Err()
}

func (d *Document) checkSids(p *Problems) {
	pattern, allowed := iamSidPattern, "letters A-Z, a-z and digits 0-9"
	if d.Kind == KindKeyPolicy {
		pattern, allowed = kmsSidPattern, "letters A-Z, a-z, digits 0-9 and spaces"
	}
	first := map[string]int{}
	for i, s := range d.Statements {
		field := fmt.Sprintf("Statement[%d].Sid", i)
		if !pattern.MatchString(s.Sid) {
			p.Addf(ErrSid, field, s.Sid, "is not a valid Sid in a %s: use only %s", d.Kind, allowed)
		}
		if s.Sid == "" {
			continue
		}
		if j, dup := first[s.Sid]; dup {
			p.Addf(ErrSid, field, s.Sid, "repeats the Sid of Statement[%d]: give each statement its own Sid", j)
			continue
		}
		first[s.Sid] = i
	}
}

func (d *Document) checkPrincipals(p *Problems) {
	for i, s := range d.Statements {
		field := fmt.Sprintf("Statement[%d].Principal", i)
		has := s.Principal != nil || s.NotPrincipal != nil
		switch {
		case d.Kind.requiresPrincipal() && !has:
			p.Addf(ErrPrincipal, field, "", "is missing: every statement of a %s names a Principal", d.Kind)
		case !d.Kind.requiresPrincipal() && has:
			p.Addf(ErrPrincipal, field, principalText(s.Principal, s.NotPrincipal), "must be absent: a %s applies to the principals it is attached to", d.Kind)
		case has && principalText(s.Principal, s.NotPrincipal) == `""`:
			p.Addf(ErrPrincipal, field, "", "is empty: name an AWS, Service, Federated or CanonicalUser principal, or \"*\"")
		}
	}
}

// principalText renders the first non-nil principal for an error message.
func principalText(ps ...*iampolicy.Principal) string {
	for _, pr := range ps {
		if pr != nil {
			b, _ := principalJSON{pr}.MarshalJSON()
			return string(b)
		}
	}
	return ""
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
