package policy

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// gen makes random documents: mostly a valid statement of the kind with a
// few elements changed, so that most documents are one mistake away from
// valid (or one fix away from it).
type gen struct{ r *rand.Rand }

func (g gen) pick(n int) int        { return g.r.IntN(n) }
func (g gen) chance(p float64) bool { return g.r.Float64() < p }

// str returns a plausible value, now and then an empty or unusual one:
// characters AWS refuses, characters JSON escapes, invalid UTF-8.
func (g gen) str() string {
	if g.chance(0.8) {
		return [...]string{"s3:GetObject", "arn:aws:s3:::logs/*", "111122223333", "kms:*", "*", "arn:aws:iam::111122223333:root", "cloudtrail.amazonaws.com", "x"}[g.pick(8)]
	}
	return [...]string{"", "café", "ÿ", "a\tb\nc\rd", "ā", "\u2028", "\u2029", "🪵", "\x01", "\x1b", "\b\f", `"quoted" \back\slash`, "<&>", "\x7f", "\xff", "a.b", "0", "Statement.1"}[g.pick(18)]
}

func (g gen) strs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = g.str()
	}
	return out
}

// list returns a string-or-list value: one bare string, an array, an empty
// array, or an array of nothing (which renders as null).
func (g gen) list() *iampolicy.StringOrSlice {
	switch g.pick(10) {
	case 0:
		return iampolicy.NewStringOrSlice(false) // nil values: null
	case 1:
		return iampolicy.NewStringOrSlice(g.chance(0.5), []string{}...)
	case 2, 3:
		return iampolicy.NewStringOrSlice(false, g.strs(1+g.pick(3))...)
	case 4:
		return iampolicy.NewStringOrSlice(true, g.strs(2)...) // singular but two: an array
	}
	return iampolicy.NewStringOrSlice(true, g.str())
}

func decodePrincipal(s string) *iampolicy.Principal {
	var p iampolicy.Principal
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		panic(err)
	}
	return &p
}

func (g gen) principal() *iampolicy.Principal {
	switch g.pick(12) {
	case 0:
		return &iampolicy.Principal{} // renders ""
	case 1:
		return decodePrincipal(`{}`) // an empty object decoded: renders ""
	case 2:
		return decodePrincipal(`"arn:aws:iam::111122223333:root"`) // a string other than "*"
	case 3:
		return decodePrincipal(`""`)
	case 4, 5:
		return iampolicy.NewGlobalPrincipal()
	case 6:
		p := iampolicy.NewGlobalPrincipal()
		p.AddService(g.str()) // a kind beside the string: renders the object
		return p
	}
	p := &iampolicy.Principal{}
	for _, add := range []func(...string){p.AddAWS, p.AddService, p.AddFederated, p.AddCanonicalUser} {
		if g.chance(0.35) {
			add(g.strs(g.pick(3))...)
		}
	}
	if p.AWS() == nil && p.Service() == nil && p.Federated() == nil && p.CanonicalUser() == nil {
		p.AddAWS(g.str())
	}
	if g.chance(0.1) {
		// A kind that holds no list at all renders as null.
		q := &iampolicy.Principal{}
		q.AddService()
		if g.chance(0.5) {
			q.AddAWS(g.str())
		}
		return q
	}
	return p
}

func (g gen) conditionValue() *iampolicy.ConditionValue {
	switch g.pick(13) {
	case 12:
		return nil // decoded from null
	case 0:
		return iampolicy.NewConditionValueString(false) // no values: []
	case 1:
		return iampolicy.NewConditionValueBool(g.chance(0.5), g.chance(0.5))
	case 2:
		return iampolicy.NewConditionValueBool(false, true, false)
	case 3:
		return iampolicy.NewConditionValueFloat(g.chance(0.5), []float64{10, 1.5, -0.0, 111122223333, 1e21}[g.pick(5)])
	case 4:
		return iampolicy.NewConditionValueFloat(false, 1, 2.5)
	case 5:
		var v iampolicy.ConditionValue // mixed: only the booleans render
		if err := json.Unmarshal([]byte(`["`+strings.ReplaceAll(g.str(), `"`, "")+`",true]`), &v); err != nil {
			return iampolicy.NewConditionValueString(true, "x")
		}
		return &v
	case 6:
		return iampolicy.NewConditionValueString(false, g.strs(1+g.pick(3))...)
	}
	return iampolicy.NewConditionValueString(true, g.str())
}

func (g gen) condition() map[string]map[string]*iampolicy.ConditionValue {
	if g.chance(0.05) {
		return map[string]map[string]*iampolicy.ConditionValue{} // empty: omitted
	}
	c := map[string]map[string]*iampolicy.ConditionValue{}
	for range 1 + g.pick(3) {
		op := [...]string{"StringEquals", "StringLike", "ArnLike", "Bool", "ForAnyValue:StringLike", "ForAllValues:StringEquals",
			"Bad-Op", "", "ForAnyValue:", "String Equals", "1", "StringEquals\n", "ForAnyValue:ForAllValues:X", "Null"}[g.pick(14)]
		if g.chance(0.6) {
			op = op[:0] + [...]string{"StringEquals", "StringLike", "ArnLike", "Bool"}[g.pick(4)]
		}
		keys := map[string]*iampolicy.ConditionValue{}
		if g.chance(0.05) {
			keys = nil
		}
		n := g.pick(3)
		if g.chance(0.8) {
			n++
		}
		for range n {
			k := [...]string{"aws:SourceArn", "aws:SourceAccount", "s3:x-amz-acl", "aws:PrincipalTag/team"}[g.pick(4)]
			if g.chance(0.2) {
				k = g.str()
			}
			if keys == nil {
				keys = map[string]*iampolicy.ConditionValue{}
			}
			keys[k] = g.conditionValue()
		}
		c[op] = keys
	}
	return c
}

func (g gen) sid() string {
	if g.chance(0.85) {
		return [...]string{"", "", "A", "B", "AWSCloudTrailWrite", "Sid1"}[g.pick(6)]
	}
	return [...]string{"Enable IAM User Permissions", "Allow-Write", "é"}[g.pick(3)]
}

// statement returns a statement valid for kind k, then, half the time,
// changes one or two of its elements at random.
func (g gen) statement(k Kind) iampolicy.Statement {
	s := iampolicy.Statement{Sid: g.sid(), Effect: [...]string{"Allow", "Deny"}[g.pick(2)], Action: g.validList()}
	switch {
	case k == KindRCP:
		s.Effect, s.Principal = "Deny", iampolicy.NewGlobalPrincipal()
		if g.chance(0.15) {
			// The one Action an RCP of one's own cannot have, alone or listed.
			s.Action = [...]*iampolicy.StringOrSlice{iampolicy.NewStringOrSlice(true, "*"), iampolicy.NewStringOrSlice(false, "s3:*", "*")}[g.pick(2)]
		}
	case k.requiresPrincipal():
		s.Principal = iampolicy.NewAWSPrincipal("arn:aws:iam::111122223333:root")
	}
	if k != KindTrustPolicy {
		s.Resource = g.validList()
	}
	if g.chance(0.4) {
		s.Condition = map[string]map[string]*iampolicy.ConditionValue{"StringEquals": {"aws:SourceAccount": iampolicy.NewConditionValueString(true, "111122223333")}}
	}
	changes := 0
	if g.chance(0.5) {
		changes = 1 + g.pick(2)
	}
	for range changes {
		switch g.pick(12) {
		case 0:
			s.Effect = [...]string{"", "allow", "Permit", "Deny ", "Allow"}[g.pick(5)]
		case 1:
			s.Principal = nil
			if g.chance(0.7) {
				s.Principal = g.principal()
			}
		case 2:
			s.NotPrincipal = g.principal()
		case 3:
			s.Action = nil
			if g.chance(0.7) {
				s.Action = g.list()
			}
		case 4:
			s.NotAction = g.list()
			if g.chance(0.5) {
				s.Action = nil
			}
		case 5:
			s.Resource = nil
			if g.chance(0.7) {
				s.Resource = g.list()
			}
		case 6:
			s.NotResource = g.list()
			if g.chance(0.5) {
				s.Resource = nil
			}
		case 7, 8:
			s.Condition = g.condition()
		case 9:
			s.Sid = g.str()
		case 10:
			s.Principal, s.NotPrincipal = nil, nil
		case 11:
			s.Principal = g.principal()
		}
	}
	return s
}

func (g gen) validList() *iampolicy.StringOrSlice {
	if g.chance(0.5) {
		return iampolicy.NewStringOrSlice(true, "s3:GetObject")
	}
	return iampolicy.NewStringOrSlice(false, "arn:aws:s3:::logs", "arn:aws:s3:::logs/*")
}

func (g gen) document() *Document {
	k := Kinds()[g.pick(len(Kinds()))]
	d := &Document{Kind: k, Version: [...]string{"", Version, Version, iampolicy.Version2008_10_17, "2012-10-18"}[g.pick(5)]}
	if g.chance(0.2) {
		d.ID = g.str()
	}
	n := 1 + g.pick(3)
	if g.chance(0.05) {
		n = 0
	}
	for range n {
		d.Statements = append(d.Statements, g.statement(k))
	}
	return d
}

// reflectJSON is the indented rendering by encoding/json, as JSON rendered
// before the appending renderer.
func reflectJSON(d *Document) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d.mirror()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
