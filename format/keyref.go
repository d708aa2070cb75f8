package format

import (
	"regexp"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
)

// plannedKeyPattern matches the placeholder ARN of a key the output creates
// ([cloudtrail.PlannedKeyID]) anywhere in a string.
var plannedKeyPattern = regexp.MustCompile(`arn:aws(?:-[a-z]+)*:kms:[a-z0-9-]+:[0-9]{12}:key/` + regexp.QuoteMeta(cloudtrail.PlannedKeyID))

// plannedKeys returns the placeholder ARNs that the strings of v hold, in
// the order they occur, each once.
func plannedKeys(v value) []string {
	var out []string
	walkStrings(v, func(s string) {
		for _, m := range plannedKeyPattern.FindAllString(s, -1) {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	})
	return out
}

// walkStrings calls fn for every string of v: values and object keys.
func walkStrings(v value, fn func(s string)) {
	switch v.kind {
	case kindString:
		fn(v.text)
	case kindKeyRef:
		for _, p := range v.parts {
			fn(p)
		}
	case kindArray:
		for _, e := range v.elems {
			walkStrings(e, fn)
		}
	case kindObject, kindIntrinsic:
		for _, m := range v.members {
			fn(m.key)
			walkStrings(m.val, fn)
		}
	}
}

// anyString reports whether fn holds for a string of v.
func anyString(v value, fn func(s string) bool) bool {
	found := false
	walkStrings(v, func(s string) {
		if !found && fn(s) {
			found = true
		}
	})
	return found
}

// withKeyRefs returns a copy of v in which every string value that holds
// keyARN is a [kindKeyRef] value with the text around each occurrence, and
// reports whether there was one. An empty keyARN changes nothing.
func withKeyRefs(v value, keyARN string) (value, bool) {
	if keyARN == "" {
		return v, false
	}
	switch v.kind {
	case kindString:
		if !strings.Contains(v.text, keyARN) {
			return v, false
		}
		return value{kind: kindKeyRef, parts: strings.Split(v.text, keyARN)}, true
	case kindArray:
		out, any := value{kind: kindArray, elems: make([]value, len(v.elems))}, false
		for i, e := range v.elems {
			var ok bool
			out.elems[i], ok = withKeyRefs(e, keyARN)
			any = any || ok
		}
		return out, any
	case kindObject:
		out, any := value{kind: kindObject, members: make([]member, len(v.members))}, false
		for i, m := range v.members {
			val, ok := withKeyRefs(m.val, keyARN)
			out.members[i] = field(m.key, val)
			any = any || ok
		}
		return out, any
	}
	return v, false
}

// isExactRef reports whether a [kindKeyRef] value is the key's ARN alone,
// with no text around it.
func (v value) isExactRef() bool {
	return len(v.parts) == 2 && v.parts[0] == "" && v.parts[1] == ""
}
