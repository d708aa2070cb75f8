package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// The mirror types below fix the key order AWS uses in its documentation and
// consoles (the base library's structs emit keys alphabetically). Struct
// field order is JSON key order in encoding/json.
type documentJSON struct {
	Version   string          `json:"Version"`
	ID        string          `json:"Id,omitempty"`
	Statement []statementJSON `json:"Statement"`
}

type statementJSON struct {
	Sid          string                              `json:"Sid,omitempty"`
	Effect       string                              `json:"Effect"`
	Principal    *principalJSON                      `json:"Principal,omitempty"`
	NotPrincipal *principalJSON                      `json:"NotPrincipal,omitempty"`
	Action       *iampolicy.StringOrSlice            `json:"Action,omitempty"`
	NotAction    *iampolicy.StringOrSlice            `json:"NotAction,omitempty"`
	Resource     *iampolicy.StringOrSlice            `json:"Resource,omitempty"`
	NotResource  *iampolicy.StringOrSlice            `json:"NotResource,omitempty"`
	Condition    map[string]map[string]conditionJSON `json:"Condition,omitempty"`
}

// principalJSON renders a Principal without the base library's json.Marshal
// (which would HTML-escape) and without its Kinds method (which panics on a
// Principal decoded from "").
type principalJSON struct {
	p *iampolicy.Principal
}

type principalMap struct {
	AWS           *iampolicy.StringOrSlice `json:"AWS,omitempty"`
	CanonicalUser *iampolicy.StringOrSlice `json:"CanonicalUser,omitempty"`
	Federated     *iampolicy.StringOrSlice `json:"Federated,omitempty"`
	Service       *iampolicy.StringOrSlice `json:"Service,omitempty"`
}

// MarshalJSON renders "*" for the wildcard principal, "" for an empty one
// (as published in some documents; validation reports it), any other string
// as it was decoded (so that validation reports the value, rather than an
// empty Principal) and otherwise a map.
func (p principalJSON) MarshalJSON() ([]byte, error) {
	if isWildcardPrincipal(p.p) {
		return []byte(`"*"`), nil
	}
	m := principalMap{AWS: p.p.AWS(), CanonicalUser: p.p.CanonicalUser(), Federated: p.p.Federated(), Service: p.p.Service()}
	if m == (principalMap{}) {
		// The base type keeps a string principal private; its own encoder
		// returns it (or null for an empty one).
		var str string
		if b, err := p.p.MarshalJSON(); err == nil && json.Unmarshal(b, &str) == nil && str != "" {
			return marshal(str)
		}
		return []byte(`""`), nil
	}
	return marshal(m)
}

// isWildcardPrincipal reports whether p is the bare string "*". The base type
// hides that string, so ask its own encoder.
func isWildcardPrincipal(p *iampolicy.Principal) bool {
	if p == nil || p.AWS() != nil || p.Service() != nil || p.Federated() != nil || p.CanonicalUser() != nil {
		return false
	}
	b, err := p.MarshalJSON()
	return err == nil && string(b) == `"*"`
}

// conditionJSON renders condition values in the form AWS stores: booleans as
// the strings "true" and "false" (a JSON boolean shows as perpetual drift in
// Terraform), numbers as numbers, one value bare and several as an array.
type conditionJSON struct {
	v *iampolicy.ConditionValue
}

// MarshalJSON implements [json.Marshaler]. A nil value (decoded from null)
// renders as null, which validation reports.
func (c conditionJSON) MarshalJSON() ([]byte, error) {
	if c.v == nil {
		return []byte("null"), nil
	}
	vals, numeric := conditionStrings(c.v)
	if numeric {
		out := make([]json.RawMessage, len(vals))
		for i, v := range vals {
			out[i] = json.RawMessage(v)
		}
		if c.v.IsSingular() && len(out) == 1 {
			return out[0], nil
		}
		return marshal(out)
	}
	if c.v.IsSingular() && len(vals) == 1 {
		return marshal(vals[0])
	}
	return marshal(vals)
}

// conditionStrings returns a condition's values as strings, and whether they
// were numbers.
func conditionStrings(v *iampolicy.ConditionValue) ([]string, bool) {
	if v == nil {
		return []string{}, false
	}
	strs, bools, nums := v.Values()
	switch {
	case len(bools) > 0:
		out := make([]string, len(bools))
		for i, b := range bools {
			out[i] = strconv.FormatBool(b)
		}
		return out, false
	case len(nums) > 0:
		out := make([]string, len(nums))
		for i, n := range nums {
			out[i] = strconv.FormatFloat(n, 'f', -1, 64)
		}
		return out, true
	}
	if strs == nil {
		strs = []string{}
	}
	return strs, false
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (d *Document) mirror() documentJSON {
	out := documentJSON{Version: d.Version, ID: d.ID, Statement: make([]statementJSON, len(d.Statements))}
	if out.Version == "" {
		out.Version = Version
	}
	for i, s := range d.Statements {
		m := statementJSON{
			Sid: s.Sid, Effect: s.Effect,
			Action: s.Action, NotAction: s.NotAction,
			Resource: s.Resource, NotResource: s.NotResource,
		}
		if s.Principal != nil {
			m.Principal = &principalJSON{s.Principal}
		}
		if s.NotPrincipal != nil {
			m.NotPrincipal = &principalJSON{s.NotPrincipal}
		}
		if len(s.Condition) > 0 {
			m.Condition = make(map[string]map[string]conditionJSON, len(s.Condition))
			for op, keys := range s.Condition {
				mk := make(map[string]conditionJSON, len(keys))
				for k, v := range keys {
					mk[k] = conditionJSON{v}
				}
				m.Condition[op] = mk
			}
		}
		out.Statement[i] = m
	}
	return out
}

// JSON renders the document as AWS shows it: keys in the conventional order
// (Version, Id, Statement; Sid, Effect, Principal, NotPrincipal, Action,
// NotAction, Resource, NotResource, Condition), two-space indent, no HTML
// escaping, and one trailing newline. The output is deterministic: condition
// operators and keys are sorted, everything else keeps the order it was built in.
// It is the compact form ([Document.CompactJSON]) indented as [json.Indent]
// indents it. JSON does not validate; call [Document.Validate] for that.
func (d *Document) JSON() ([]byte, error) {
	return d.renderCompact(func(compact []byte) []byte {
		out := appendIndented(make([]byte, 0, 2*len(compact)+1), compact)
		return append(out, '\n')
	})
}

// CompactJSON renders the document like [Document.JSON] but without any
// white space between elements and without a trailing newline: the form the
// size limits are measured on.
func (d *Document) CompactJSON() ([]byte, error) {
	return d.renderCompact(bytes.Clone)
}

// renderCompact renders d compactly into a pooled buffer and returns what
// form makes of it; form must not keep the buffer.
func (d *Document) renderCompact(form func(compact []byte) []byte) ([]byte, error) {
	if d == nil {
		return nil, errNilDocument
	}
	buf := getBuffer()
	defer putBuffer(buf)
	compact, err := d.appendCompact((*buf)[:0])
	*buf = compact[:0]
	if err != nil {
		return nil, err
	}
	return form(compact), nil
}

// compactReflect is the compact rendering by encoding/json over the mirror
// types. [Document.appendCompact] writes the same bytes without reflection;
// it falls back to this for what it does not write itself, so that errors
// stay those of encoding/json, and the tests compare the two.
func (d *Document) compactReflect() ([]byte, error) {
	b, err := marshal(d.mirror())
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", d.Kind, err)
	}
	return b, nil
}

// errNilDocument is what a method of a nil *Document returns instead of
// panicking.
var errNilDocument = NewFieldError(ErrRequired, "document", "", "is nil: make one with policy.New or policy.Decode")

// Policy returns the document as the base library's policy type, sharing the
// statements; nil for a nil document.
func (d *Document) Policy() *iampolicy.Policy {
	if d == nil {
		return nil
	}
	v := d.Version
	if v == "" {
		v = Version
	}
	return &iampolicy.Policy{Version: v, Id: d.ID, Statements: iampolicy.NewStatementOrSlice(d.Statements...)}
}

// Decode parses a policy document strictly: unknown elements, element names
// in the wrong case ("effect"), principal types other than AWS, Service,
// Federated and CanonicalUser, trailing data and a Statement that is neither
// an object nor a list are errors. It does not validate the result; call
// [Document.Validate] for that.
func Decode(k Kind, data []byte) (*Document, error) {
	var p iampolicy.Policy
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, &decodeError{kind: k, err: err}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("decode %s: unexpected data after the document", k)
	}
	if err := checkElementNames(data); err != nil {
		return nil, fmt.Errorf("decode %s: %w", k, err)
	}
	d := &Document{Kind: k, Version: p.Version, ID: p.Id, decoded: true}
	if p.Statements != nil {
		d.Statements = p.Statements.Values()
	}
	return d, nil
}

// decodeError is a decoding problem of a document of kind. Its message
// quotes encoding/json's, cut like a [FieldError]'s value, because that
// names the offending key or value as given and input is not bounded; it
// unwraps to encoding/json's error, for errors.As.
type decodeError struct {
	kind Kind
	err  error
}

func (e *decodeError) Error() string {
	return "decode " + e.kind.String() + ": " + abbreviate(e.err.Error())
}
func (e *decodeError) Unwrap() error { return e.err }

var (
	documentElements  = []string{"Version", "Id", "Statement"}
	statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
	principalKinds    = []string{iampolicy.PrincipalKindAWS, iampolicy.PrincipalKindService, iampolicy.PrincipalKindFederated, iampolicy.PrincipalKindCanonical}
)

// checkElementNames finds what the base library's decoder lets through:
// encoding/json matches element names case-insensitively ("effect" fills
// Effect) and a Principal object ignores unknown keys ({"Bogus": "x"} decodes
// as an empty Principal). It returns the first such name as a [FieldError].
// It runs after a successful decode, so data is known to be well formed.
func checkElementNames(data []byte) error {
	var doc map[string]json.RawMessage
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	if err := checkKeys("document", doc, documentElements, ErrSchema, "an element of a policy"); err != nil {
		return err
	}
	var stmts []map[string]json.RawMessage
	if raw := bytes.TrimSpace(doc["Statement"]); len(raw) > 0 && raw[0] == '{' {
		var one map[string]json.RawMessage
		_ = json.Unmarshal(raw, &one)
		stmts = append(stmts, one)
	} else {
		_ = json.Unmarshal(raw, &stmts)
	}
	for i, s := range stmts {
		field := fmt.Sprintf("Statement[%d]", i)
		if err := checkKeys(field, s, statementElements, ErrSchema, "an element of a statement"); err != nil {
			return err
		}
		for _, el := range []string{"Principal", "NotPrincipal"} {
			var kinds map[string]json.RawMessage
			if json.Unmarshal(s[el], &kinds) != nil {
				continue // a string such as "*", or absent
			}
			if err := checkKeys(field+"."+el, kinds, principalKinds, ErrPrincipal, "a principal type"); err != nil {
				return err
			}
		}
		if err := checkConditionLists(field+".Condition", s["Condition"]); err != nil {
			return err
		}
	}
	return nil
}

// checkConditionLists refuses a condition value list that mixes JSON types,
// such as ["a", true]: the base library keeps strings, booleans and numbers
// apart, so such a list could not be rendered back with its values in
// order, and rendering only one type would change its meaning.
func checkConditionLists(field string, raw json.RawMessage) error {
	var ops map[string]map[string]json.RawMessage
	if json.Unmarshal(raw, &ops) != nil {
		return nil // absent, or a shape the decoder has already judged
	}
	for _, op := range slices.Sorted(maps.Keys(ops)) {
		for _, key := range slices.Sorted(maps.Keys(ops[op])) {
			var list []json.RawMessage
			if json.Unmarshal(ops[op][key], &list) != nil || len(list) < 2 {
				continue
			}
			first := jsonType(list[0])
			for _, v := range list[1:] {
				if jsonType(v) != first {
					return fieldErr(ErrSchema, field+"."+op+"."+key, string(ops[op][key]), "mixes strings, numbers and booleans in one list: write every value as a string")
				}
			}
		}
	}
	return nil
}

// jsonType is the first byte of a JSON value's type: '"' for a string, 't'
// for a boolean (true or false), '0' for a number, or the value's own first
// byte otherwise.
func jsonType(v json.RawMessage) byte {
	v = bytes.TrimSpace(v)
	switch {
	case len(v) == 0:
		return 0
	case v[0] == 'f':
		return 't'
	case v[0] == '-' || v[0] >= '0' && v[0] <= '9':
		return '0'
	}
	return v[0]
}

// checkKeys reports the first key of m, in sorted order, that is not
// exactly one of allowed; what names the kind of key in the message.
func checkKeys(field string, m map[string]json.RawMessage, allowed []string, sentinel error, what string) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(allowed, k) {
			return fieldErr(sentinel, field, k, "is not %s: use %s (names are case-sensitive)", what, strings.Join(allowed, ", "))
		}
	}
	return nil
}
