package audit

import (
	"strings"

	"github.com/trailpolicy/trailpolicy/policy"
)

// Policy variables of the account keys, instantiated once per account the
// enumeration gives them: the package doc's third step says why this is
// exact.

// accountVars are the variables audit instantiates, by lower-cased key.
var accountVars = map[string]bool{keyPrincipalAccount: true, keyCallerAccount: true, keySourceAccount: true}

// template is a value holding account variables: the text around them and
// the variables, in order, and what its instantiations are tests of.
type template struct {
	parts []templatePart
	mk    func(string) matcher
	// key is the condition key it tests; "" for a Resource value, whose
	// instantiations are also that statement's resources.
	key  string
	doc  *policy.Document
	stmt int
}

// templatePart is literal text or, when variable is set, an account
// variable (its lower-cased key).
type templatePart struct{ text, variable string }

// parseTemplate splits raw at its policy variables, as policy/eval reads
// them: "${" up to the next "}" is a variable, a "${" without one is text.
// It returns the reason a variable is outside what audit instantiates.
func parseTemplate(raw string) ([]templatePart, string) {
	var parts []templatePart
	for {
		i := strings.Index(raw, "${")
		end := -1
		if i >= 0 {
			end = strings.IndexByte(raw[i:], '}')
		}
		if i < 0 || end < 0 {
			if raw != "" {
				parts = append(parts, templatePart{text: raw})
			}
			return parts, ""
		}
		inner := raw[i+2 : i+end]
		switch lk := strings.ToLower(inner); {
		case inner == "*" || inner == "?" || inner == "$":
			return nil, "holds the escape ${" + inner + "}: outside what audit proves exactly"
		case strings.Contains(inner, ","):
			return nil, "holds a policy variable with a default: outside what audit proves exactly"
		case !accountVars[lk]:
			return nil, "holds a policy variable, ${" + inner + "}, which ties this value to another field of the request: outside what audit proves exactly (it instantiates only ${aws:SourceAccount}, ${aws:PrincipalAccount} and ${kms:CallerAccount}; see the package doc)"
		default:
			if i > 0 {
				parts = append(parts, templatePart{text: raw[:i]})
			}
			parts = append(parts, templatePart{variable: lk})
		}
		raw = raw[i+end+1:]
	}
}

// sampleAccount stands for an account when a template's shape is checked
// before the accounts are known: every account is 12 digits.
const sampleAccount = "000000000000"

// instantiate returns t's value with every variable replaced by the
// account of values (the same variable, the same account).
func (t *template) instantiate(values map[string]string) string {
	var b strings.Builder
	for _, p := range t.parts {
		if p.variable != "" {
			b.WriteString(values[p.variable])
		} else {
			b.WriteString(p.text)
		}
	}
	return b.String()
}

// variables returns t's distinct variables, sorted.
func (t *template) variables() []string {
	var out []string
	for _, p := range t.parts {
		if p.variable != "" {
			out = append(out, p.variable)
		}
	}
	return policy.SortedUnique(out)
}

// each calls f with every assignment of values to t's variables: the
// accounts, and for aws:PrincipalAccount also the anonymous caller's value.
// None holds a wildcard or a colon, so that substituted text stays
// literal, as policy/eval keeps it.
func (t *template) each(accounts []string, f func(values map[string]string)) {
	vars := t.variables()
	values := map[string]string{}
	var rec func(i int)
	rec = func(i int) {
		if i == len(vars) {
			f(values)
			return
		}
		options := accounts
		if vars[i] == keyPrincipalAccount {
			options = append(accounts[:len(accounts):len(accounts)], anonymousAccount)
		}
		for _, v := range options {
			values[vars[i]] = v
			rec(i + 1)
		}
	}
	rec(0)
}

// matchers returns the tests of t's instantiations with accounts.
func (t *template) matchers(accounts []string) []matcher {
	var out []matcher
	t.each(accounts, func(values map[string]string) { out = append(out, t.mk(t.instantiate(values))) })
	return out
}

// template registers raw, a value holding policy variables, as a template
// of key ("" for a Resource value of statement stmt of doc), or records why
// it is refused. It returns false when refused.
func (a *atoms) template(field, raw, key string, mk func(string) matcher, doc *policy.Document, stmt int) bool {
	parts, why := parseTemplate(raw)
	if why == "" {
		switch key {
		case "", keySourceArn:
		case keyPrincipalArn, keyPrincipalAccount, keyCallerAccount, keySourceAccount, keyPrincipalOrgID, keyIsService:
			why = "holds a policy variable in a key audit derives from the principal: outside what audit proves exactly"
		}
	}
	t := template{parts: parts, mk: mk, key: key, doc: doc, stmt: stmt}
	if why == "" && key == keySourceArn {
		for _, v := range t.variables() {
			if v != keySourceAccount {
				why = "holds a policy variable other than ${aws:SourceAccount} in aws:SourceArn: outside what audit proves exactly"
			}
		}
	}
	if why != "" {
		a.problems.Addf(policy.ErrUnsupported, field, raw, "%s", why)
		return false
	}
	a.templates = append(a.templates, t)
	return true
}

// sampled returns the template's value with every variable replaced by
// sampleAccount, for the checks of a value's shape.
func sampled(raw string) string {
	parts, why := parseTemplate(raw)
	if why != "" {
		return raw // refused for its variable, not its shape
	}
	t := template{parts: parts}
	values := map[string]string{}
	for _, v := range t.variables() {
		values[v] = sampleAccount
	}
	return t.instantiate(values)
}

// instantiateTemplates registers, for every template but those of
// aws:SourceArn, the tests of its instantiations with accounts: as tests of
// its key, or as resource tests and resources of its statement.
func (a *atoms) instantiateTemplates(accounts []string) {
	for i := range a.templates {
		t := &a.templates[i]
		switch t.key {
		case keySourceArn:
			continue // generated with the source ARNs, account by account
		case "":
			ms := t.matchers(accounts)
			a.resources = append(a.resources, ms...)
			info := &a.stmts[t.doc][t.stmt]
			info.resources = append(info.resources, ms...)
		default:
			for _, m := range t.matchers(accounts) {
				a.value(t.key, m)
			}
		}
	}
}

// sourceAccountVars reports whether a template uses ${aws:SourceAccount}:
// then source ARNs are generated per account, so that aws:SourceAccount,
// their account field, is one of the accounts the templates are
// instantiated with.
func (a *atoms) sourceAccountVars() bool {
	for i := range a.templates {
		for _, v := range a.templates[i].variables() {
			if v == keySourceAccount {
				return true
			}
		}
	}
	return false
}

// sourceTests returns the tests of aws:SourceArn for a source ARN of
// account acct: the documents' own, and their templates instantiated with
// acct.
func (a *atoms) sourceTests(acct string) []matcher {
	tests := append([]matcher(nil), a.keys[keySourceArn]...)
	for i := range a.templates {
		if t := &a.templates[i]; t.key == keySourceArn {
			tests = append(tests, t.matchers([]string{acct})...)
		}
	}
	return tests
}
