package trailpolicy

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
)

// This file checks a YAML setup file as a tree of nodes, before it is
// decoded into a [Setup], so that no value changes its meaning on the way.
// go.yaml.in/yaml/v3 decodes leniently into Go values: into a bool it takes
// yes, on and y (quoted or not) for true, into an int it takes 04000 as the
// octal 2048, 0x10 as 16 and 5120.5 as 5120, and a plain 012345678901 that
// it keeps as text in a string field is a number to every YAML 1.1 reader.
// The walk compares each scalar's tag and style with the Go type of the
// field it fills (by reflection over Setup, as unknownJSONFields does for
// JSON), and refuses what would be read as something else:
//
//   - true or false: a plain true or false (True, TRUE, False, FALSE too);
//     a quoted "true" is a string, and yes, no, on, off, y and n are refused,
//     since YAML 1.1 reads them as booleans and YAML 1.2 as text.
//   - a whole number (scp.sizeLimit): plain decimal digits, with a minus
//     sign for a negative number, and no leading zero; not octal, hex,
//     a fraction, an exponent, digit separators or a quoted string.
//   - a string: any quoted or block scalar, and a plain scalar YAML reads as
//     a string; a plain number only when its text is its own decimal value
//     (an unquoted 12-digit account ID such as 123456789012), never with a
//     leading zero (012345678901 must be quoted); a plain yes, no, on, off,
//     y or n must be quoted, as must anything YAML reads as a boolean, a
//     float or a date.
//   - a list where a list belongs, an object (mapping) where an object
//     belongs; null (~, null or nothing) leaves any field unset.
//
// The walk also refuses the keys that name no field and a key given twice,
// and reports every problem at once, each with its line and setup path.

// yamlProblem is one problem of a YAML setup file, at a line.
type yamlProblem struct {
	line int
	msg  string
}

// yamlWalk is the state of one walk: the problems found and how many nodes
// are left to visit. Aliases let a small file name one large node many
// times; the budget bounds the walk as the decoder's alias check bounds
// decoding.
type yamlWalk struct {
	probs         []yamlProblem
	budget, limit int
}

// yamlBudget is how many nodes a walk of data may visit: without aliases a
// file holds fewer nodes than bytes, so only aliasing can exceed it.
func yamlBudget(data []byte) int { return 4*len(data) + 1<<16 }

// checkYAMLSetup walks the document node root of a setup file and returns
// its problems, in the order of their lines.
func checkYAMLSetup(root *yaml.Node, budget int) []yamlProblem {
	w := &yamlWalk{budget: budget, limit: budget}
	n := root
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return []yamlProblem{{line: n.Line, msg: "the setup is empty"}}
		}
		n = n.Content[0]
	}
	if isNull(resolveAlias(n)) {
		return []yamlProblem{{line: n.Line, msg: "the setup is empty"}}
	}
	w.value(n, reflect.TypeOf(Setup{}), "")
	sortProblems(w.probs)
	return w.probs
}

// add records a problem of the value at path.
func (w *yamlWalk) add(n *yaml.Node, path, format string, args ...any) {
	w.probs = append(w.probs, yamlProblem{line: n.Line, msg: pathLabel(path) + ": " + fmt.Sprintf(format, args...)})
}

// pathLabel is path as messages name it: "the setup" for the top.
func pathLabel(path string) string {
	if path == "" {
		return "the setup"
	}
	return path
}

// resolveAlias returns the node an alias names, or n itself.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is a plain null (~, null, or nothing at all),
// which leaves a field unset.
func isNull(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// quoted reports whether the scalar n is written in quotes.
func quoted(n *yaml.Node) bool {
	return n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0
}

// yaml11Bools are the plain scalars YAML 1.1 reads as booleans besides
// true and false, and what each means there.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"n": false, "N": false, "no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
}

// yamlBools are the plain scalars YAML 1.2 reads as true or false.
var yamlBools = map[string]bool{"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true}

var (
	plainDecimal = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)
	leadingZero  = regexp.MustCompile(`^[-+]?0[0-9_]+$`)
)

// value checks n, which fills a value of type t at path.
func (w *yamlWalk) value(n *yaml.Node, t reflect.Type, path string) {
	if w.budget <= 0 {
		return
	}
	w.budget--
	if w.budget == 0 {
		w.add(n, path, "aliases repeat the setup's values past %d nodes; write the values out", w.limit)
		return
	}
	if n.Kind == yaml.AliasNode {
		w.value(n.Alias, t, path)
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if isNull(n) {
		return // an unset field, as if absent
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			w.add(n, path, "%s where %s belongs", describeNode(n), describeType(t))
			return
		}
		w.mapping(n, t, path, map[string]int{})
	case reflect.Slice, reflect.Array:
		if n.Kind != yaml.SequenceNode {
			msg := fmt.Sprintf("%s where %s belongs", describeNode(n), describeType(t))
			if n.Kind == yaml.ScalarNode {
				msg += fmt.Sprintf("; write [%s] for a list of one", yamlQuote(n.Value))
			}
			w.add(n, path, "%s", msg)
			return
		}
		for i, e := range n.Content {
			w.value(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.String:
		w.stringScalar(n, path)
	case reflect.Bool:
		w.boolScalar(n, path)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.intScalar(n, t, path)
	}
	// Other kinds do not occur in a Setup; the decoder checks them.
}

// mapping checks the mapping n, which fills struct type t at path. seen
// holds the keys given so far in this mapping (not those merged into it,
// which a key of its own overrides), with their lines.
func (w *yamlWalk) mapping(n *yaml.Node, t reflect.Type, path string, seen map[string]int) {
	fields := fileFields(t, "yaml")
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			w.merge(v, t, path)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			w.add(k, path, "%s as a key: a key is a field's name", describeNode(k))
			continue
		}
		j := indexField(fields, k.Value)
		if j < 0 {
			w.probs = append(w.probs, yamlProblem{line: k.Line, msg: unknownField(path, k.Value, t, "yaml")})
			continue
		}
		sub := joinPath(path, k.Value)
		if first, dup := seen[k.Value]; dup {
			w.probs = append(w.probs, yamlProblem{line: k.Line, msg: fmt.Sprintf("%s: given twice (first at line %d): the second value would silently replace the first", sub, first)})
			continue
		}
		seen[k.Value] = k.Line
		w.value(v, fields[j].typ, sub)
	}
}

// merge checks the value of a merge key ("<<") in a mapping of struct type
// t: a mapping, or a list of mappings, that fill the same struct.
func (w *yamlWalk) merge(v *yaml.Node, t reflect.Type, path string) {
	v = resolveAlias(v)
	var maps []*yaml.Node
	switch v.Kind {
	case yaml.MappingNode:
		maps = []*yaml.Node{v}
	case yaml.SequenceNode:
		for _, m := range v.Content {
			maps = append(maps, resolveAlias(m))
		}
	}
	if len(maps) == 0 {
		w.add(v, path, "a merge key (<<) takes a mapping or a list of mappings, not %s", describeNode(v))
		return
	}
	for _, m := range maps {
		if m.Kind != yaml.MappingNode {
			w.add(m, path, "a merge key (<<) takes a mapping or a list of mappings, not a list holding %s", describeNode(m))
			continue
		}
		w.mapping(m, t, path, map[string]int{})
	}
}

// stringScalar checks n, which fills a string.
func (w *yamlWalk) stringScalar(n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode {
		w.add(n, path, "%s where a string belongs", describeNode(n))
		return
	}
	tag, text := n.ShortTag(), n.Value
	switch {
	case tag == "!!str" && n.Style == 0 && isYAML11Bool(n):
		w.add(n, path, "%s is a boolean to YAML 1.1 (yes, no, on, off, y, n) and a string to YAML 1.2; quote it, %s, to mean the text", jsonstrict.Abbreviate(text), yamlQuote(text))
	case tag == "!!str":
	case leadingZero.MatchString(text):
		w.add(n, path, "%s has a leading zero, which a YAML number loses (and YAML 1.1 reads as octal); quote it, %s", jsonstrict.Abbreviate(text), yamlQuote(text))
	case tag == "!!int" && plainDecimal.MatchString(text) && !strings.HasPrefix(text, "-"):
		// An unquoted account ID: its text is its own decimal value, so
		// every YAML reader means the same digits.
	default:
		w.add(n, path, "YAML reads %s as %s, not as text; quote it, %s", jsonstrict.Abbreviate(text), describeTag(tag), yamlQuote(text))
	}
}

// boolScalar checks n, which fills a bool.
func (w *yamlWalk) boolScalar(n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode {
		w.add(n, path, "%s where true or false belongs", describeNode(n))
		return
	}
	tag, text := n.ShortTag(), n.Value
	switch {
	case quoted(n):
		w.add(n, path, "%s is a quoted string, never a boolean; write true or false without quotes", jsonstrict.Quote(text))
	case tag == "!!bool" && yamlBools[text]:
	case isYAML11Bool(n):
		w.add(n, path, "%s is not true or false: YAML 1.1 reads it as %t and YAML 1.2 as a string; write %t", text, yaml11Bools[text], yaml11Bools[text])
	default:
		w.add(n, path, "%s where true or false belongs", jsonstrict.Abbreviate(text))
	}
}

// intScalar checks n, which fills an integer of type t.
func (w *yamlWalk) intScalar(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind != yaml.ScalarNode {
		w.add(n, path, "%s where a whole number belongs", describeNode(n))
		return
	}
	tag, text := n.ShortTag(), n.Value
	if tag == "!!int" && !quoted(n) && plainDecimal.MatchString(text) {
		if _, err := strconv.ParseInt(text, 10, t.Bits()); err != nil {
			w.add(n, path, "%s is out of range for a whole number of %d bits", jsonstrict.Abbreviate(text), t.Bits())
		}
		return
	}
	if quoted(n) {
		w.add(n, path, "%s is a quoted string, not a number; write the digits without quotes", jsonstrict.Quote(text))
		return
	}
	reading := describeTag(tag)
	var v any
	if tag == "!!int" || tag == "!!float" {
		if n.Decode(&v) == nil {
			reading = fmt.Sprintf("%v", v)
		}
	}
	w.add(n, path, "%s is not a plain decimal whole number (digits only, such as 5120): YAML reads it as %s", jsonstrict.Abbreviate(text), jsonstrict.Abbreviate(reading))
}

// isYAML11Bool reports whether the plain scalar n is one of YAML 1.1's
// booleans other than true and false.
func isYAML11Bool(n *yaml.Node) bool {
	_, ok := yaml11Bools[n.Value]
	return ok && !quoted(n)
}

// yamlQuote returns s (cut) in double quotes, as YAML and JSON write it.
func yamlQuote(s string) string { return jsonstrict.Quote(s) }

// describeNode says in a setup's words what n is.
func describeNode(n *yaml.Node) string {
	n = resolveAlias(n)
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "an object"
	case yaml.ScalarNode:
		return describeTag(n.ShortTag()) + " (" + jsonstrict.Abbreviate(n.Value) + ")"
	}
	return "a value"
}

// describeTag says what a scalar of tag is.
func describeTag(tag string) string {
	switch tag {
	case "!!str":
		return "a string"
	case "!!int":
		return "a whole number"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	case "!!timestamp":
		return "a date"
	case "!!binary":
		return "binary data"
	}
	return "a value tagged " + jsonstrict.Abbreviate(tag)
}
