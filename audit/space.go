package audit

import (
	"fmt"
	"sort"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// Condition keys whose values AWS derives from the principal or from the
// resource a service acts for, rather than letting the caller choose them.
// They are not enumerated freely: each representative principal carries its
// own values, so that no counterexample claims, say, a kms:CallerAccount
// that differs from the caller's account.
//
//   - aws:PrincipalArn, aws:PrincipalAccount: "AWS global condition
//     context keys" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
//     read 2026-12-02): the ARN of the principal ("For IAM roles, the
//     request context returns the ARN of the role, not the ARN of the user
//     that assumed the role") and its account. aws:PrincipalArn "is
//     included in the request context for all signed requests. Anonymous
//     requests do not include this key"; aws:PrincipalAccount "is included
//     in the request context for all requests, including anonymous
//     requests", and "For anonymous requests, the request context returns
//     anonymous", so the anonymous caller carries that value. What it holds
//     for a service principal the page does not say: modelled absent.
//   - kms:CallerAccount: the account of the caller, "to allow or deny
//     access to all identities (IAM users and roles) in an AWS account"
//     (AWS KMS Developer Guide, "AWS KMS condition keys",
//     https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account,
//     read 2026-12-02 in the awsdocs/aws-kms-developer-guide copy of June
//     2023); given to IAM principals' KMS requests. Its value when a service
//     principal calls is not documented: modelled absent, verify in a
//     sandbox.
//   - aws:SourceArn, aws:SourceAccount: "the aws:SourceAccount condition
//     key is only available when the call to your resource is made
//     directly by an AWS service principal" (the global keys page above,
//     read 2026-12-02 on a stored copy); aws:SourceAccount is the account
//     of the resource the service acts for. Modelled for service principals
//     only, the account taken from aws:SourceArn's account field.
//   - aws:SecureTransport: "true" or "false", and "This key is always
//     included in the request context" (the global keys page above, read
//     2026-12-02).
const (
	keyPrincipalArn     = "aws:principalarn"
	keyPrincipalAccount = "aws:principalaccount"
	keyCallerAccount    = "kms:calleraccount"
	keySourceArn        = "aws:sourcearn"
	keySourceAccount    = "aws:sourceaccount"
	keySecureTransport  = "aws:securetransport"
	keyPrincipalOrgID   = "aws:principalorgid"
	// aws:PrincipalIsAWSService: "true" for a service principal, "false"
	// for every other signed request (the page above).
	keyIsService = "aws:principalisawsservice"
)

// anonymousAccount is aws:PrincipalAccount of an anonymous request (see
// above, and eval.DerivedContext, which gives it).
const anonymousAccount = "anonymous"

// withDerived returns ctx with the keys AWS derives from principal p that
// ctx does not give (eval.DerivedContext: one place for that rule), those
// that depend on no action: kms:CallerAccount is added per request (run).
func withDerived(p eval.Principal, ctx map[string][]string) map[string][]string {
	for k, v := range eval.DerivedContext(eval.Request{Principal: p, Context: ctx}) {
		ctx[k] = v
	}
	return ctx
}

// boundKeys are the keys above: their values come with the principal.
var boundKeys = map[string]bool{
	keyPrincipalArn: true, keyPrincipalAccount: true, keyCallerAccount: true,
	keySourceArn: true, keySourceAccount: true, keyPrincipalOrgID: true, keyIsService: true,
}

// stmtInfo is what the enumeration needs of one statement to know which
// condition keys can matter for a request: its actions and resources
// (conditions aside) and the keys its conditions test.
type stmtInfo struct {
	actions     []matcher
	notAction   bool
	resources   []matcher
	allRes      bool // "*" among Resource values, or a trust policy's implicit resource
	notResource bool
	// varResources: a Resource or NotResource value holds an account
	// variable, so resources holds its instantiations for every account,
	// of which a request is tested against its own only.
	varResources bool
	keys         []string
	// Who it can name: anyone (no Principal element, "*", NotPrincipal),
	// AWS principals, or these services.
	anyone, aws bool
	services    map[string]bool
}

// mayName reports whether the statement can name r (a superset: it never
// says no to a principal the statement names).
func (s *stmtInfo) mayName(r *rep) bool {
	switch {
	case s.anyone:
		return true
	case r.p.Type == eval.ServicePrincipal:
		return s.services[strings.ToLower(r.p.Service)]
	}
	return s.aws
}

// mayApply reports whether the statement's Action and Resource can match
// action and resource; only then can its conditions matter.
func (s *stmtInfo) mayApply(action, resource string) bool {
	hit := false
	for i := range s.actions {
		if s.actions[i].matches(action) {
			hit = true
			break
		}
	}
	if hit == s.notAction {
		return false
	}
	if s.notResource && s.varResources {
		// Matching another account's instantiation excludes nothing.
		return true
	}
	hit = s.allRes
	for i := range s.resources {
		if hit {
			break
		}
		hit = s.resources[i].matches(resource)
	}
	return hit != s.notResource
}

// atoms are the atomic tests the documents (and the properties) make, by
// request field.
type atoms struct {
	resources  []matcher
	roles      []matcher // tests of a role's ARN (aws:PrincipalArn, Principal)
	users      []matcher
	accounts   map[string]bool
	services   map[string]bool
	keys       map[string][]matcher // free and bound keys, by lower-cased name
	keyNames   map[string]string    // lower-cased name -> name as first written
	presence   map[string]bool      // keys tested by Null or an ...IfExists operator
	stmts      map[*policy.Document][]stmtInfo
	scopes     []matcher // the resource tests of the properties
	partition  string
	problems   policy.Problems
	docOfStmts []*policy.Document
	// templates are the values holding account variables (template.go).
	templates []template
	// sourceNamespaces are the service namespaces of the aws:SourceArn
	// tests (see sourceShapes).
	sourceNamespaces map[string]bool
}

func newAtoms(partition string) *atoms {
	return &atoms{accounts: map[string]bool{}, services: map[string]bool{}, keys: map[string][]matcher{}, sourceNamespaces: map[string]bool{},
		keyNames: map[string]string{}, presence: map[string]bool{}, stmts: map[*policy.Document][]stmtInfo{}, partition: partition}
}

// key registers a condition key and returns its lower-cased name.
func (a *atoms) key(name string) string {
	lk := strings.ToLower(name)
	if _, ok := a.keyNames[lk]; !ok {
		a.keyNames[lk] = name
		a.keys[lk] = a.keys[lk][:0:0]
	}
	return lk
}

// value registers a test of key: a literal value, or a pattern.
func (a *atoms) value(key string, m matcher) {
	lk := a.key(key)
	a.keys[lk] = append(a.keys[lk], m)
}

// scope registers a resource test of a property, an ARN pattern, and
// returns it.
func (a *atoms) scope(p string) matcher {
	m := arnMatcher(p, true)
	a.scopes = append(a.scopes, m)
	a.resources = append(a.resources, m)
	return m
}

func (a *atoms) account(id string) {
	if isAccountID(id) {
		a.accounts[id] = true
	}
}

// rolePrincipal registers a role ARN named as a principal: it names the
// role's sessions by the role's name (policy/eval's rule), so the tests are
// the role ARN without a path and with any path.
func (a *atoms) rolePrincipal(arn string) {
	f := strings.SplitN(arn, ":", 6)
	if len(f) != 6 {
		return
	}
	name := f[5][strings.LastIndexByte(f[5], '/')+1:]
	base := strings.Join(f[:5], ":") + ":role/"
	a.roles = append(a.roles, literalMatcher(base+name, false), literalMatcher(arn, false), globMatcher(base+"*/"+name, false))
}

// userPrincipal registers a user ARN. Unlike a role's session, a user is
// named by its whole ARN, path included (policy/eval compares the ARN).
func (a *atoms) userPrincipal(arn string) {
	a.users = append(a.users, literalMatcher(arn, false))
}

// collect reads one document's atoms, and refuses what the enumeration
// cannot decide exactly. name is the document's name for errors, such as
// "bucket-policy" or "scp[1]".
func (a *atoms) collect(name string, d *policy.Document) {
	if d == nil {
		return
	}
	vars := d.Version != iampolicy.Version2008_10_17
	var infos []stmtInfo
	for i := range d.Statements {
		st := &d.Statements[i]
		field := fmt.Sprintf("%s.Statement[%d]", name, i)
		info := stmtInfo{services: map[string]bool{}}
		if st.Principal == nil || st.NotPrincipal != nil {
			info.anyone = true
		} else if b, err := st.Principal.MarshalJSON(); err == nil && string(b) == `"*"` {
			info.anyone = true
		}
		acts := st.Action
		if st.NotAction != nil {
			acts, info.notAction = st.NotAction, true
		}
		for _, v := range values(acts) {
			info.actions = append(info.actions, globMatcher(v, true))
		}
		res, elem := st.Resource, "Resource"
		if st.NotResource != nil {
			res, info.notResource, elem = st.NotResource, true, "NotResource"
		}
		if res == nil {
			info.allRes = true
		}
		for j, v := range values(res) {
			vf := fmt.Sprintf("%s.%s[%d]", field, elem, j)
			templated := vars && strings.Contains(v, "${")
			if v == "*" {
				info.allRes = true
				continue
			}
			if strings.Count(sampled(v), ":") < 5 {
				a.problems.Addf(policy.ErrUnsupported, vf, v, shortARN)
				continue
			}
			if templated {
				// Its instantiations join info.resources in build.
				if a.template(vf, v, "", func(s string) matcher { return arnMatcher(s, true) }, d, i) {
					info.varResources = true
				}
				continue
			}
			m := arnMatcher(v, true)
			info.resources = append(info.resources, m)
			a.resources = append(a.resources, m)
		}
		for _, p := range []struct {
			elem string
			p    *iampolicy.Principal
		}{{"Principal", st.Principal}, {"NotPrincipal", st.NotPrincipal}} {
			if p.p == nil {
				continue
			}
			if v := p.p.AWS(); v != nil {
				info.aws = true
				for j, arn := range v.Values() {
					switch f := strings.SplitN(arn, ":", 6); {
					case isAccountID(arn):
						a.account(arn)
					case len(f) == 6 && f[2] == "sts":
						a.problems.Addf(policy.ErrUnsupported, fmt.Sprintf("%s.%s.AWS[%d]", field, p.elem, j), arn,
							"names one role session, whose session name would be a further field to enumerate: outside what audit proves exactly; name the role")
					case len(f) == 6:
						a.account(f[4])
						switch {
						case strings.HasPrefix(f[5], "role/"):
							a.rolePrincipal(arn)
						case strings.HasPrefix(f[5], "user/"):
							a.userPrincipal(arn)
						}
					}
				}
			}
			if v := p.p.Service(); v != nil {
				for _, s := range v.Values() {
					a.services[strings.ToLower(s)] = true
					info.services[strings.ToLower(s)] = true
				}
			}
		}
		ops := make([]string, 0, len(st.Condition))
		for op := range st.Condition {
			ops = append(ops, op)
		}
		sort.Strings(ops)
		for _, op := range ops {
			keys := make([]string, 0, len(st.Condition[op]))
			for k := range st.Condition[op] {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				cf := fmt.Sprintf("%s.Condition.%s[%q]", field, op, k)
				lk := a.key(k)
				info.keys = append(info.keys, lk)
				var vals []string
				if cv := st.Condition[op][k]; cv != nil {
					strs, bools, nums := cv.Values()
					vals = append(vals, strs...)
					for _, b := range bools {
						vals = append(vals, fmt.Sprint(b))
					}
					if len(nums) > 0 {
						a.problems.Addf(policy.ErrUnsupported, cf, fmt.Sprint(nums[0]), "is a number: numeric conditions are outside what audit proves exactly")
					}
				}
				a.condition(cf, op, lk, vals, vars)
			}
		}
		infos = append(infos, info)
	}
	a.stmts[d] = infos
}

// condition registers the tests of one operator on one key.
func (a *atoms) condition(field, op, key string, vals []string, vars bool) {
	base := op
	if strings.HasPrefix(base, "ForAnyValue:") || strings.HasPrefix(base, "ForAllValues:") {
		a.problems.Addf(policy.ErrUnsupported, field, op, "tests a multivalued key: audit gives each key at most one value, so ForAnyValue:/ForAllValues: are outside what it proves exactly")
		return
	}
	if strings.HasSuffix(base, "IfExists") || base == "Null" {
		a.presence[key] = true
	}
	base = strings.TrimSuffix(base, "IfExists")
	var mk func(string) matcher
	switch base {
	case "StringEquals", "StringNotEquals":
		mk = func(v string) matcher { return literalMatcher(v, false) }
	case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "Bool":
		mk = func(v string) matcher { return literalMatcher(v, true) }
	case "StringLike", "StringNotLike":
		mk = func(v string) matcher { return globMatcher(v, false) }
	case "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike":
		mk = func(v string) matcher { return arnMatcher(v, false) }
	case "Null":
		return // presence only: absent is always a representative
	default:
		a.problems.Addf(policy.ErrUnsupported, field, op, "is an operator outside what audit proves exactly: it handles the String, Arn, Bool and Null families")
		return
	}
	for _, v := range vals {
		templated := vars && strings.Contains(v, "${")
		shape := v
		if templated {
			shape = sampled(v)
		}
		if key == keySourceArn {
			a.sourceNamespace(shape)
		}
		if strings.HasPrefix(base, "Arn") && strings.Count(shape, ":") < 5 {
			a.problems.Addf(policy.ErrUnsupported, field, v, shortARN)
			continue
		}
		if templated {
			a.template(field, v, key, mk, nil, 0)
			continue
		}
		m := mk(v)
		switch key {
		case keyPrincipalAccount, keyCallerAccount, keySourceAccount:
			if strings.ContainsAny(v, "*?") && base != "StringEquals" && base != "StringNotEquals" {
				a.problems.Addf(policy.ErrUnsupported, field, v, "is a pattern of an account key, which audit derives from the principal: name whole 12-digit accounts")
				continue
			}
			a.account(v)
			if key == keySourceAccount {
				a.value(keySourceArn, arnMatcher("arn:*:*:*:"+v+":*", false))
			}
		case keyPrincipalArn:
			a.roles = append(a.roles, m)
			a.users = append(a.users, m)
			if f := strings.SplitN(v, ":", 6); len(f) == 6 {
				a.account(f[4])
			}
			continue
		}
		a.value(key, m)
	}
}

// shortARN is why an ARN pattern of fewer than six fields is refused: its
// final '*' covers the missing fields, but only of a value that is an ARN of
// six, a conjunction of two tests that the witnesses do not model.
const shortARN = "is an ARN pattern of fewer than six fields: outside what audit proves exactly; write all six (arn:aws:kms:*:*:*)"

func values(l *iampolicy.StringOrSlice) []string {
	if l == nil {
		return nil
	}
	return l.Values()
}

// isAccountID reports whether s is a 12-digit account ID.
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// rep is one representative principal, with the context keys AWS derives
// for it.
type rep struct {
	p       eval.Principal
	account string // "" for services and anonymous callers
	roleARN string // aws:PrincipalArn
	root    bool
	ctx     map[string][]string // bound keys
	label   string
}

// space is the finite set of representative values of every request
// field, derived from the atoms.
type space struct {
	a          *atoms
	principals []rep
	resources  []string
	keyReps    map[string][]*string // nil entry: the key is absent
}

// iamNameRune reports whether r may appear in the witnesses of IAM role and
// user names and paths. Names are "upper and lowercase alphanumeric
// characters with no spaces" and _+=,.@- (IAM API Reference, CreateRole,
// RoleName, https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html,
// read 2026-12-02 in the AWS SDK for Kotlin's copy). Paths allow more: "any
// ASCII character from the ! (\u0021) through the DEL character
// (\u007F)" between the slashes (the same reference, Path, read
// 2026-12-02 in SDK copies). This set is the name characters and '/',
// narrower than the API's paths: a role on a path with, say, '!' or '*'
// has no witness here.
func iamNameRune(r rune) bool {
	return r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("+=,.@_-/", r))
}

// build derives the representatives. The resource and key witnesses
// cover every combination of the registered tests (see witnesses); the
// principals are every registered account (and one fresh) times the root
// user, the witnesses of the role and user tests, service principals and
// the anonymous caller.
func (a *atoms) build() (*space, error) {
	if err := a.problems.Err(); err != nil {
		return nil, err
	}
	s := &space{a: a, keyReps: map[string][]*string{}}
	accounts := a.sortedAccounts()
	a.instantiateTemplates(accounts)
	var err error
	s.resources, err = witnesses(a.resources, []matcher{arnMatcher("arn:*:*:*:*:*", false)}, "", 0, nil)
	if err != nil {
		return nil, fmt.Errorf("resources: %w", err)
	}
	keys := make([]string, 0, len(a.keys))
	for k := range a.keys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var must []matcher
		switch k {
		case keySourceArn:
			continue // a service's own, derived with the service principals below
		case strings.ToLower(keyEC):
			// The context of a log file is its trail's ARN (see
			// trailShape): a request with another context decrypts no log
			// file, and every combination of the per-account patterns,
			// which a string with colons can realize, need not be asked.
			must = []matcher{trailShape(a.partition, "*")}
		}
		ws, err := witnesses(a.keys[k], must, "", 0, nil)
		if err != nil {
			return nil, fmt.Errorf("condition key %s: %w", a.keyNames[k], err)
		}
		// An absent key fails every positive test and passes every
		// negated one, exactly like a value that matches no test; only
		// Null and IfExists tell the two apart. Without them the absent
		// key stands for that value.
		var reps []*string
		for i := range ws {
			none := true
			for j := range a.keys[k] {
				if a.keys[k][j].matches(ws[i]) {
					none = false
					break
				}
			}
			if none && !a.presence[k] {
				continue
			}
			reps = append(reps, &ws[i])
		}
		// Absent last: a counterexample then shows a value where one
		// serves (another key's ID rather than none).
		reps = append(reps, nil)
		if k == keySecureTransport {
			t, f := "true", "false"
			reps = []*string{&t, &f}
		}
		s.keyReps[k] = reps
	}

	orgReps := s.keyReps[keyPrincipalOrgID]
	if orgReps == nil {
		orgReps = []*string{nil}
	}
	part := a.partition
	for _, acct := range accounts {
		var ids []rep
		root := fmt.Sprintf("arn:%s:iam::%s:root", part, acct)
		rolePrefix := fmt.Sprintf("arn:%s:iam::%s:role/", part, acct)
		roles, err := witnesses(a.roles, []matcher{namedMatcher(rolePrefix)}, rolePrefix, 1, iamNameRune)
		if err != nil {
			return nil, fmt.Errorf("roles of %s: %w", acct, err)
		}
		for _, r := range roles {
			name := r[strings.LastIndexByte(r, '/')+1:]
			sess := fmt.Sprintf("arn:%s:sts::%s:assumed-role/%s/audit", part, acct, name)
			ids = append(ids, rep{p: eval.Principal{ARN: sess}, account: acct, roleARN: r, label: "a session of " + r})
		}
		userPrefix := fmt.Sprintf("arn:%s:iam::%s:user/", part, acct)
		users, err := witnesses(a.users, []matcher{namedMatcher(userPrefix)}, userPrefix, 1, iamNameRune)
		if err != nil {
			return nil, fmt.Errorf("users of %s: %w", acct, err)
		}
		for _, u := range users {
			ids = append(ids, rep{p: eval.Principal{ARN: u}, account: acct, roleARN: u, label: u})
		}
		ids = append(ids, rep{p: eval.Principal{ARN: root}, account: acct, roleARN: root, root: true, label: root})
		for _, id := range ids {
			for _, org := range orgReps {
				r := id
				// The role's ARN with its path, which a session's ARN
				// lacks; the other keys as eval derives them.
				r.ctx = withDerived(r.p, map[string][]string{"aws:PrincipalArn": {id.roleARN}})
				if org != nil {
					r.ctx["aws:PrincipalOrgID"] = []string{*org}
				}
				s.principals = append(s.principals, r)
			}
		}
	}
	services := []string{"cloudtrail.amazonaws.com"}
	for svc := range a.services {
		if svc != services[0] {
			services = append(services, svc)
		}
	}
	sort.Strings(services[1:])
	fresh := "fresh-service.amazonaws.com"
	for a.services[fresh] {
		fresh = "x" + fresh
	}
	services = append(services, fresh)
	perAccount := a.sourceAccountVars()
	for _, svc := range services {
		// aws:SourceArn: absent, or the witnesses of its tests among the
		// ARNs the service can act for; with ${aws:SourceAccount} in a
		// document, account by account, so that aws:SourceAccount, the
		// source ARN's account, is one of the accounts the templates are
		// instantiated with.
		srcReps := []*string{nil}
		owners := []string{"*"}
		if perAccount {
			owners = accounts
		}
		for _, acct := range owners {
			tests := a.keys[keySourceArn]
			if perAccount {
				tests = a.sourceTests(acct)
			}
			for _, shape := range a.sourceShapes(svc, acct) {
				ws, err := witnesses(tests, []matcher{shape}, "", 0, nil)
				if err != nil {
					return nil, fmt.Errorf("aws:SourceArn of %s: %w", svc, err)
				}
				for i := range ws {
					srcReps = append(srcReps, &ws[i])
				}
			}
		}
		for _, src := range srcReps {
			r := rep{p: eval.Principal{Type: eval.ServicePrincipal, Service: svc}, ctx: map[string][]string{}, label: svc}
			if src != nil {
				r.ctx["aws:SourceArn"] = []string{*src}
				r.label += " for " + *src
			}
			r.ctx = withDerived(r.p, r.ctx)
			s.principals = append(s.principals, r)
		}
	}
	anonymous := eval.Principal{Type: eval.AnonymousPrincipal}
	s.principals = append(s.principals, rep{p: anonymous, ctx: withDerived(anonymous, map[string][]string{}), label: "anonymous"})
	return s, nil
}

// sortedAccounts returns the registered accounts, sorted, and a fresh one
// last: every account the enumeration gives a principal.
func (a *atoms) sortedAccounts() []string {
	accounts := make([]string, 0, len(a.accounts)+1)
	for id := range a.accounts {
		accounts = append(accounts, id)
	}
	sort.Strings(accounts)
	return append(accounts, freshAccount(a.accounts))
}

// freshAccount returns a 12-digit account ID none of the documents names.
func freshAccount(used map[string]bool) string {
	for n := 999999999999; ; n-- {
		id := fmt.Sprintf("%012d", n)
		if !used[id] {
			return id
		}
	}
}

// trailShape matches the ARNs of CloudTrail's resources in partition part
// and account acct ("*": any): fields that hold no ':' (trail names are
// letters, digits, '.', '_' and '-': "Naming requirements for CloudTrail
// resources",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html,
// read 2026-12-02). CloudTrail acts for its own trails, so its aws:SourceArn
// has this shape, and it encrypts a log file under the trail's ARN as
// kms:EncryptionContext:aws:cloudtrail:arn (CloudTrail User Guide,
// "Configure AWS KMS key policies for CloudTrail",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
func trailShape(part, acct string) matcher {
	m := arnMatcher("arn:"+part+":cloudtrail:*:"+acct+":*", false)
	for i := range m.toks {
		m.toks[i].noColon = true
	}
	return m
}

// sourceShapes are the shapes of the source ARNs of service svc in account
// acct ("*": any). A service acts for a resource of its own: aws:SourceArn
// is "the Amazon Resource Name (ARN) of the resource making a
// service-to-service request" (IAM User Guide, "AWS global condition
// context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
// read 2026-12-02). CloudTrail's are its trails' ARNs (trailShape). Any other
// service's is an ARN of the site's partition outside CloudTrail's namespace
// (first five fields without ':'), of each service namespace a SourceArn
// test names and of one namespace none names: patterns of CloudTrail's
// namespace then never match it, which keeps a document with a pattern per
// account from having a witness for every subset of the accounts (a
// CloudTrail pattern's '*' under StringLike also matches ':'). Where a test's
// service field holds a wildcard other than a whole '*', the service field
// is left free, as exactness needs.
func (a *atoms) sourceShapes(svc, acct string) []matcher {
	if svc == "cloudtrail.amazonaws.com" {
		return []matcher{trailShape(a.partition, acct)}
	}
	if a.sourceNamespaces[""] {
		return []matcher{arnMatcher("arn:*:*:*:"+acct+":*", false)}
	}
	namespaces := make([]string, 0, len(a.sourceNamespaces)+1)
	for ns := range a.sourceNamespaces {
		namespaces = append(namespaces, ns)
	}
	sort.Strings(namespaces)
	fresh := "xservice"
	for a.sourceNamespaces[fresh] {
		fresh = "x" + fresh
	}
	var out []matcher
	for _, ns := range append(namespaces, fresh) {
		out = append(out, arnMatcher("arn:"+a.partition+":"+ns+":*:"+acct+":*", false))
	}
	return out
}

// sourceNamespace registers the service namespace of v, a value tested of
// aws:SourceArn (see sourceShapes): "" for one whose service field holds a
// wildcard other than a whole '*'.
func (a *atoms) sourceNamespace(v string) {
	f := strings.SplitN(v, ":", 6)
	switch {
	case len(f) < 3:
		if strings.ContainsAny(v, "*?") {
			a.sourceNamespaces[""] = true // "arn:*" or the like
		}
	case f[2] == "*" || strings.EqualFold(f[2], "cloudtrail"):
	case strings.ContainsAny(f[2], "*?") || len(f) < 6 && strings.ContainsAny(v, "*?"):
		a.sourceNamespaces[""] = true
	default:
		a.sourceNamespaces[f[2]] = true
	}
}
