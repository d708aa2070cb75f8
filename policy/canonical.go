package policy

import (
	"cmp"
	"slices"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// Canonical is a normalised view of a document for deciding whether two
// documents mean the same: a bare string equals a one-element list, the
// order of statements and of values is ignored, "*" as a principal equals
// {"AWS": "*"}, and condition booleans are the strings "true" and "false"
// (the rules of hashicorp/awspolicyequivalence). Sids are kept, because the
// library's goldens and diffs match statements by Sid. Equivalence is not
// validation: an invalid document still has a canonical form.
type Canonical struct {
	Version    string
	ID         string
	Statements []CanonicalStatement
}

// CanonicalStatement is one statement of a [Canonical] document. Every list is
// sorted and free of duplicates; absent elements are nil.
type CanonicalStatement struct {
	Sid          string
	Effect       string
	Principal    map[string][]string
	NotPrincipal map[string][]string
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	// Condition maps operator, then key, to the sorted values.
	Condition map[string]map[string][]string
}

// Canonical returns the document's canonical form; the zero Canonical for
// a nil document.
func (d *Document) Canonical() Canonical {
	if d == nil {
		return Canonical{}
	}
	c := Canonical{Version: cmp.Or(d.Version, Version), ID: d.ID}
	for _, s := range d.Statements {
		c.Statements = append(c.Statements, canonicalStatement(s))
	}
	slices.SortStableFunc(c.Statements, func(a, b CanonicalStatement) int {
		ka, _ := marshal(a)
		kb, _ := marshal(b)
		return cmp.Compare(string(ka), string(kb))
	})
	return c
}

func canonicalStatement(s iampolicy.Statement) CanonicalStatement {
	out := CanonicalStatement{
		Sid:          s.Sid,
		Effect:       s.Effect,
		Principal:    canonicalPrincipal(s.Principal),
		NotPrincipal: canonicalPrincipal(s.NotPrincipal),
		Action:       canonicalList(s.Action),
		NotAction:    canonicalList(s.NotAction),
		Resource:     canonicalList(s.Resource),
		NotResource:  canonicalList(s.NotResource),
	}
	if len(s.Condition) > 0 {
		out.Condition = map[string]map[string][]string{}
		for op, keys := range s.Condition {
			out.Condition[op] = map[string][]string{}
			for k, v := range keys {
				vals, _ := conditionStrings(v)
				out.Condition[op][k] = SortedUnique(vals)
			}
		}
	}
	return out
}

func canonicalList(s *iampolicy.StringOrSlice) []string {
	if s == nil || len(s.Values()) == 0 {
		return nil
	}
	return SortedUnique(s.Values())
}

func canonicalPrincipal(p *iampolicy.Principal) map[string][]string {
	if p == nil {
		return nil
	}
	if isWildcardPrincipal(p) {
		return map[string][]string{iampolicy.PrincipalKindAWS: {"*"}}
	}
	out := map[string][]string{}
	for kind, v := range map[string]*iampolicy.StringOrSlice{
		iampolicy.PrincipalKindAWS:       p.AWS(),
		iampolicy.PrincipalKindService:   p.Service(),
		iampolicy.PrincipalKindFederated: p.Federated(),
		iampolicy.PrincipalKindCanonical: p.CanonicalUser(),
	} {
		if l := canonicalList(v); l != nil {
			out[kind] = l
		}
	}
	return out
}
