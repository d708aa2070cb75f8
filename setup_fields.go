package trailpolicy

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/internal/suggest"
)

// This file finds the keys of a setup file that name no field of [Setup],
// so that LoadSetup can name each as the user wrote it, with its path in the
// file and the field the user probably meant:
//
//	scp.leaveKeyUnprotectd: unknown field; did you mean scp.leaveKeyUnprotected?
//
// rather than the decoders' "field leaveKeyUnprotectd not found in type
// scp.Options" (YAML) or `json: unknown field "leaveKeyUnprotectd"` (JSON),
// which name Go types or drop the path.

// fileField is a field a setup file may give: its name in the file and the
// Go type its value decodes into.
type fileField struct {
	name string
	typ  reflect.Type
}

// fileFields returns the fields of struct type t by their names in syntax
// ("json" or "yaml"), with the fields of an embedded struct that the syntax
// inlines (Setup's cloudtrail.SiteConfig) in place of the embedded field.
// The rules are the decoders': the tag's name, else the Go name (as is for
// encoding/json, lower-cased for YAML); "-" and unexported fields are left
// out.
func fileFields(t reflect.Type, syntax string) []fileField {
	var out []fileField
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup(syntax)
		name, opts, _ := strings.Cut(tag, ",")
		inline := false
		switch syntax {
		case "json":
			inline = f.Anonymous && !ok && f.Type.Kind() == reflect.Struct
		case "yaml":
			inline = strings.Contains(","+opts+",", ",inline,")
		}
		if inline {
			out = append(out, fileFields(f.Type, syntax)...)
			continue
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
			if syntax == "yaml" {
				name = strings.ToLower(name)
			}
		}
		out = append(out, fileField{name: name, typ: f.Type})
	}
	return out
}

// structOf returns t without its pointers, and whether that is a struct.
func structOf(t reflect.Type) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t, t.Kind() == reflect.Struct
}

// joinPath returns the path of key inside parent ("" at the top).
func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// unknownField returns the message for key, which names no field of struct
// type t at path parent: the path as written, and the field of t nearest to
// key, else a field of that name elsewhere in the setup (externalId written
// at the top for vendor.externalId), else the fields t has.
func unknownField(parent, key string, t reflect.Type, syntax string) string {
	path := joinPath(parent, jsonstrict.Abbreviate(key))
	var names []string
	for _, f := range fileFields(t, syntax) {
		names = append(names, f.name)
	}
	if s, ok := suggest.Closest(key, names); ok {
		return fmt.Sprintf("%s: unknown field; did you mean %s?", path, joinPath(parent, s))
	}
	if p, ok := fieldElsewhere(key, path, syntax); ok {
		return fmt.Sprintf("%s: unknown field; did you mean %s?", path, p)
	}
	return fmt.Sprintf("%s: unknown field; want one of %s", path, strings.Join(names, ", "))
}

// fieldElsewhere returns the path of a field named key, case aside, at
// another place in a Setup than path.
func fieldElsewhere(key, path, syntax string) (string, bool) {
	var found string
	var walk func(t reflect.Type, parent string)
	walk = func(t reflect.Type, parent string) {
		for _, f := range fileFields(t, syntax) {
			p := joinPath(parent, f.name)
			if found == "" && p != path && strings.EqualFold(f.name, key) {
				found = p
			}
			if st, ok := structOf(f.typ); ok {
				walk(st, p)
			}
		}
	}
	walk(reflect.TypeOf(Setup{}), "")
	return found, found != ""
}

// indexField returns the index of the field named name (exactly), or -1.
func indexField(fields []fileField, name string) int {
	for i, f := range fields {
		if f.name == name {
			return i
		}
	}
	return -1
}

// unknownJSONFields walks a decoded JSON value v alongside the Go type t,
// at path, and returns a message for every object key that is not exactly
// a field's JSON name, in the order of the keys. A key that differs from a
// name only in case is unknown too: encoding/json would match it, YAML
// would not, and a setup must mean the same in both syntaxes.
func unknownJSONFields(v any, t reflect.Type, path string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch v := v.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return nil
		}
		fields := fileFields(t, "json")
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, key := range keys {
			j := indexField(fields, key)
			if j < 0 {
				out = append(out, unknownField(path, key, t, "json"))
				continue
			}
			out = append(out, unknownJSONFields(v[key], fields[j].typ, joinPath(path, key))...)
		}
		return out
	case []any:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return nil
		}
		var out []string
		for i, e := range v {
			out = append(out, unknownJSONFields(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	}
	return nil
}

// noLine is the line of a problem whose message names none; it sorts last.
const noLine = 1<<31 - 1

// yamlTypeProblems returns the problems of the YAML decoder's type error,
// whose messages are decoderErrs ("line 3: cannot unmarshal ..."), with
// their lines.
func yamlTypeProblems(decoderErrs []string) []yamlProblem {
	var probs []yamlProblem
	for _, e := range decoderErrs {
		e = strings.TrimPrefix(e, "yaml: ")
		p := yamlProblem{line: noLine, msg: e}
		if rest, ok := strings.CutPrefix(e, "line "); ok {
			n, msg, _ := strings.Cut(rest, ": ")
			if _, err := fmt.Sscan(n, &p.line); err == nil {
				p.msg = msg
			}
		}
		probs = append(probs, p)
	}
	sortProblems(probs)
	return probs
}

// sortProblems sorts probs by line, keeping the order of those on one line.
func sortProblems(probs []yamlProblem) {
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].line < probs[j].line })
}

// yamlErrors returns probs as problems of the setup file name, one error
// each ("line 3: scp.omit: ..."), so that each prints on its own line.
func yamlErrors(name string, probs []yamlProblem) error {
	errs := make([]error, len(probs))
	for i, p := range probs {
		if p.line == noLine || p.line == 0 {
			errs[i] = fileErrorf(name, "%s", p.msg)
		} else {
			errs[i] = fileErrorf(name, "line %d: %s", p.line, p.msg)
		}
	}
	return errors.Join(errs...)
}

// jsonTypeProblem returns err, a JSON decoding error, with a value of the
// wrong type described by its setup path and what belongs there
// ("scp.omit: a JSON string where true or false belongs") instead of
// encoding/json's Go struct and field names.
func jsonTypeProblem(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Type == nil {
		return err
	}
	path := "the setup"
	if te.Field != "" {
		path = jsonPath(te.Field)
	}
	return fmt.Errorf("%s: a JSON %s where %s belongs", path, te.Value, describeType(te.Type))
}

// jsonPath turns encoding/json's path of a field, which names embedded
// structs by their Go names ("SiteConfig.bucket"), into the setup's path
// ("bucket").
func jsonPath(field string) string {
	t := reflect.TypeOf(Setup{})
	var out []string
	for _, seg := range strings.Split(field, ".") {
		st, ok := structOf(t)
		if !ok {
			out = append(out, seg)
			continue
		}
		if f, ok := st.FieldByName(seg); ok && f.Anonymous {
			continue // an inlined struct: not part of the file's path
		}
		if i := indexField(fileFields(st, "json"), seg); i >= 0 {
			t = fileFields(st, "json")[i].typ
		}
		out = append(out, seg)
	}
	return strings.Join(out, ".")
}

// describeType says in a setup's words what a value of type t is.
func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list of " + strings.TrimPrefix(strings.TrimPrefix(describeType(t.Elem()), "a "), "an ") + "s"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.Kind().String()
}
