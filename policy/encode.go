package policy

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// This file writes the compact rendering by appending to a byte slice, with
// no reflection and no intermediate values: the same bytes as encoding/json
// over the mirror types of render.go (the tests compare the two on
// generated documents), at a fraction of the cost. Strings are escaped as
// encoding/json escapes them without HTML escaping.

// bufferPool holds the scratch buffers documents are rendered into.
var bufferPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func getBuffer() *[]byte { return bufferPool.Get().(*[]byte) }

// putBuffer returns b to the pool unless it grew very large (a document of
// 10,000 accounts), which would stay in memory for nothing.
func putBuffer(b *[]byte) {
	if cap(*b) <= 1<<20 {
		bufferPool.Put(b)
	}
}

// appendCompact appends the compact rendering of d to dst. What it does not
// render itself (a number that is not finite) it leaves to
// [Document.compactReflect], for the same error.
func (d *Document) appendCompact(dst []byte) ([]byte, error) {
	start := len(dst)
	// Grow once to about the final size: a pooled buffer is gone after a
	// garbage collection, and growing a fresh one by doubling to the size
	// of a document of 10,000 accounts costs more than rendering it.
	dst = slices.Grow(dst, d.estimateSize())
	dst, ok := d.appendFast(dst)
	if ok {
		return dst, nil
	}
	b, err := d.compactReflect()
	if err != nil {
		return dst[:start], err
	}
	return append(dst[:start], b...), nil
}

// appendFast appends the compact rendering and reports whether it could
// render everything.
func (d *Document) appendFast(dst []byte) ([]byte, bool) {
	version := d.Version
	if version == "" {
		version = Version
	}
	dst = append(dst, `{"Version":`...)
	dst = appendString(dst, version)
	if d.ID != "" {
		dst = append(dst, `,"Id":`...)
		dst = appendString(dst, d.ID)
	}
	dst = append(dst, `,"Statement":[`...)
	for i := range d.Statements {
		if i > 0 {
			dst = append(dst, ',')
		}
		var ok bool
		if dst, ok = appendStatement(dst, &d.Statements[i]); !ok {
			return dst, false
		}
	}
	return append(dst, "]}"...), true
}

// estimateSize returns about how many bytes the compact rendering of d
// takes: the lengths of its strings and the punctuation around them,
// without escaping. For a document whose strings need no escaping and
// whose conditions hold no numbers it is not less than the rendering's
// length (TestEstimateSize), so that the buffer grows only once: an
// estimate 0.4 % short made the 4.8 MB rendering of 10,000 accounts grow
// and copy once more, a sixth of the bytes such a call allocated.
func (d *Document) estimateSize() int {
	n := len(`{"Version":"","Id":"","Statement":[]}`) + len(d.Version) + len(Version) + len(d.ID)
	for i := range d.Statements {
		n += estimateStatement(&d.Statements[i]) + len(",")
	}
	return n
}

// estimateStatement is [Document.estimateSize] for one statement.
func estimateStatement(s *iampolicy.Statement) int {
	// A list's values, quoted and separated, and its brackets or a null.
	list := func(l *iampolicy.StringOrSlice) int {
		if l == nil {
			return 0
		}
		n := len("null")
		for _, v := range l.Values() {
			n += len(v) + len(`"",`)
		}
		return n
	}
	n := len(`{"Sid":"","Effect":"","Condition":{}}`) + len(s.Sid) + len(s.Effect)
	for _, l := range [...]*iampolicy.StringOrSlice{s.Action, s.NotAction, s.Resource, s.NotResource} {
		if l != nil {
			n += len(`,"NotResource":`) + list(l)
		}
	}
	for _, p := range [...]*iampolicy.Principal{s.Principal, s.NotPrincipal} {
		if p == nil {
			continue
		}
		if str, isString := principalString(p); isString {
			n += len(`,"NotPrincipal":""`) + len(str)
			continue
		}
		n += len(`,"NotPrincipal":{}`)
		for _, l := range [...]*iampolicy.StringOrSlice{p.AWS(), p.CanonicalUser(), p.Federated(), p.Service()} {
			if l != nil {
				n += len(`"CanonicalUser":,`) + list(l)
			}
		}
	}
	for op, keys := range s.Condition {
		n += len(op) + len(`"":{},`)
		for k, v := range keys {
			n += len(k) + len(`"":null,`)
			if v != nil {
				strs, bools, nums := v.Values()
				n += len(`"false",`)*len(bools) + 8*len(nums)
				for _, str := range strs {
					n += len(str) + len(`"",`)
				}
			}
		}
	}
	return n
}

func appendStatement(dst []byte, s *iampolicy.Statement) ([]byte, bool) {
	dst = append(dst, '{')
	if s.Sid != "" {
		dst = append(dst, `"Sid":`...)
		dst = appendString(dst, s.Sid)
		dst = append(dst, ',')
	}
	dst = append(dst, `"Effect":`...)
	dst = appendString(dst, s.Effect)
	if s.Principal != nil {
		dst = append(dst, `,"Principal":`...)
		dst = appendPrincipal(dst, s.Principal)
	}
	if s.NotPrincipal != nil {
		dst = append(dst, `,"NotPrincipal":`...)
		dst = appendPrincipal(dst, s.NotPrincipal)
	}
	for _, el := range [...]struct {
		key string
		v   *iampolicy.StringOrSlice
	}{{`,"Action":`, s.Action}, {`,"NotAction":`, s.NotAction}, {`,"Resource":`, s.Resource}, {`,"NotResource":`, s.NotResource}} {
		if el.v != nil {
			dst = append(dst, el.key...)
			dst = appendList(dst, el.v)
		}
	}
	if len(s.Condition) > 0 {
		var ok bool
		dst = append(dst, `,"Condition":`...)
		if dst, ok = appendCondition(dst, s.Condition); !ok {
			return dst, false
		}
	}
	return append(dst, '}'), true
}

// appendList writes a value list as its MarshalJSON does: a bare string for
// one value made singular, null for no list, else an array.
func appendList(dst []byte, l *iampolicy.StringOrSlice) []byte {
	vals := l.Values()
	switch {
	case l.IsSingular() && len(vals) == 1:
		return appendString(dst, vals[0])
	case vals == nil:
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, v := range vals {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, v)
	}
	return append(dst, ']')
}

// appendPrincipal writes what principalJSON.MarshalJSON writes.
func appendPrincipal(dst []byte, p *iampolicy.Principal) []byte {
	if str, isString := principalString(p); isString {
		return appendString(dst, str)
	}
	dst = append(dst, '{')
	first := true
	for _, kind := range [...]struct {
		key string
		v   *iampolicy.StringOrSlice
	}{{`"AWS":`, p.AWS()}, {`"CanonicalUser":`, p.CanonicalUser()}, {`"Federated":`, p.Federated()}, {`"Service":`, p.Service()}} {
		if kind.v == nil {
			continue
		}
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = append(dst, kind.key...)
		dst = appendList(dst, kind.v)
	}
	return append(dst, '}')
}

var (
	wildcardPrincipal = iampolicy.NewGlobalPrincipal()
	zeroPrincipal     = &iampolicy.Principal{}
)

// principalString reports whether p renders as a string rather than an
// object (it names no AWS, CanonicalUser, Federated or Service principal),
// and which: "*", "" for an empty principal, or the string it was decoded
// from. The base type keeps that string private; Equal finds the two common
// cases without encoding, its own encoder the others.
func principalString(p *iampolicy.Principal) (string, bool) {
	if p.AWS() != nil || p.CanonicalUser() != nil || p.Federated() != nil || p.Service() != nil {
		return "", false
	}
	switch {
	case p.Equal(wildcardPrincipal):
		return iampolicy.PrincipalAll, true
	case p.Equal(zeroPrincipal):
		return "", true
	}
	var str string
	if b, err := p.MarshalJSON(); err == nil && json.Unmarshal(b, &str) == nil {
		return str, true
	}
	return "", true
}

// appendCondition writes the Condition element: operators and keys sorted,
// as encoding/json sorts map keys, and each value as conditionJSON does.
func appendCondition(dst []byte, c map[string]map[string]*iampolicy.ConditionValue) ([]byte, bool) {
	var opsBuf, keysBuf [8]string
	ops := sortedKeys(opsBuf[:0], c)
	dst = append(dst, '{')
	for i, op := range ops {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, op)
		dst = append(dst, ":{"...)
		keys := sortedKeys(keysBuf[:0], c[op])
		for j, k := range keys {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, k)
			dst = append(dst, ':')
			var ok bool
			if dst, ok = appendConditionValue(dst, c[op][k]); !ok {
				return dst, false
			}
		}
		dst = append(dst, '}')
	}
	return append(dst, '}'), true
}

func sortedKeys[V any](dst []string, m map[string]V) []string {
	for k := range m {
		dst = append(dst, k)
	}
	slices.Sort(dst)
	return dst
}

// appendConditionValue writes what conditionJSON.MarshalJSON writes:
// booleans as strings, numbers as numbers, strings as they are; one value
// of a singular condition bare, otherwise an array; null for a nil value.
// It reports false for what it leaves to encoding/json: a number that is
// not finite.
func appendConditionValue(dst []byte, v *iampolicy.ConditionValue) ([]byte, bool) {
	if v == nil {
		return append(dst, "null"...), true
	}
	strs, bools, nums := v.Values()
	n := len(strs)
	switch {
	case len(bools) > 0:
		n = len(bools)
	case len(nums) > 0:
		n = len(nums)
		for _, f := range nums {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return dst, false
			}
		}
	}
	bare := v.IsSingular() && n == 1
	if !bare {
		dst = append(dst, '[')
	}
	for i := range n {
		if i > 0 {
			dst = append(dst, ',')
		}
		switch {
		case len(bools) > 0:
			dst = append(dst, '"')
			dst = strconv.AppendBool(dst, bools[i])
			dst = append(dst, '"')
		case len(nums) > 0:
			dst = strconv.AppendFloat(dst, nums[i], 'f', -1, 64)
		default:
			dst = appendString(dst, strs[i])
		}
	}
	if !bare {
		dst = append(dst, ']')
	}
	return dst, true
}

const hexDigits = "0123456789abcdef"

// plainASCII holds the ASCII bytes a JSON string holds as they are: all but
// the control characters, the quote and the backslash.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for b := range t {
		t[b] = b >= 0x20 && b != '"' && b != '\\'
	}
	return t
}()

// appendString appends s as a JSON string the way encoding/json does with
// HTML escaping off: quote, backslash and control characters escaped
// (\b, \f, \n, \r, \t by name, others as \u00XX), each byte of invalid
// UTF-8 as \ufffd, U+2028 and U+2029 as \u2028 and \u2029, everything else
// as it is.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if plainASCII[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendIndented appends compact, a compact rendering, indented by two
// spaces as [json.Indent] indents it: a line for each element of a
// non-empty object or array, "{}" and "[]" kept, a space after each colon.
// It relies on compact being what appendCompact writes (valid JSON with no
// white space outside strings) and skips the validation json.Indent does.
func appendIndented(dst, compact []byte) []byte {
	depth := 0
	needIndent := false // after { or [, until we know whether it is empty
	newline := func(dst []byte, depth int) []byte {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, ' ', ' ')
		}
		return dst
	}
	for i := 0; i < len(compact); i++ {
		c := compact[i]
		if needIndent && c != '}' && c != ']' {
			needIndent = false
			depth++
			dst = newline(dst, depth)
		}
		switch c {
		case '"':
			// Copy the string whole, up to its closing quote.
			j := i + 1
			for ; j < len(compact); j++ {
				if compact[j] == '\\' {
					j++
				} else if compact[j] == '"' {
					break
				}
			}
			end := min(j+1, len(compact))
			dst = append(dst, compact[i:end]...)
			i = end - 1
		case '{', '[':
			needIndent = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			dst = newline(dst, depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if needIndent {
				needIndent = false
			} else {
				depth--
				dst = newline(dst, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
