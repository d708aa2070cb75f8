package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
)

// statement is a checked policy statement, ready to match requests.
type statement struct {
	ref          StatementRef
	role         role
	deny         bool
	actions      []string // lower-cased patterns
	actionPats   []actionPattern
	notAction    bool
	resources    []resourcePattern
	notResource  bool
	anyResource  bool           // a trust policy statement without Resource
	principal    *principalSpec // nil in identity policies and SCPs
	notPrincipal bool
	conds        []condition
}

// resourcePattern is one value of Resource or NotResource.
type resourcePattern struct {
	all bool // "*"
	arn arnMatcher
}

// principalSpec is a Principal or NotPrincipal element.
type principalSpec struct {
	all      bool // the bare string "*"
	aws      []string
	services []string
}

// compileAll checks every document in p and returns their statements in
// policy order: resource, identity[0...], scp[0...], rcp[0...].
func compileAll(p Policies, keys *keyTable) ([]statement, error) {
	var errs []error
	n := 0
	for _, d := range append(append(append([]*policy.Document{p.Resource}, p.Identity...), p.SCPs...), p.RCPs...) {
		if d != nil {
			n += len(d.Statements)
		}
	}
	out := make([]statement, 0, n)
	if p.Resource != nil {
		switch p.Resource.Kind {
		case policy.KindBucketPolicy, policy.KindKeyPolicy, policy.KindTrustPolicy, policy.KindTopicPolicy:
			out, errs = compileDoc(p.Resource, SlotResource, roleResource, out, errs, keys)
		default:
			errs = append(errs, policy.NewFieldError(policy.ErrUnsupported, "resource", p.Resource.Kind.String(), "is not a resource policy: want a bucket policy, key policy, trust policy or topic policy"))
		}
	}
	// The slices of documents attached elsewhere than the resource, each of
	// one kind, in policy order.
	for _, list := range [...]struct {
		slot string
		docs []*policy.Document
		kind policy.Kind
		what string // the kind after "is not"
		role role
	}{
		{SlotIdentity, p.Identity, policy.KindIdentityPolicy, "an identity policy", roleIdentity},
		{SlotSCP, p.SCPs, policy.KindSCP, "a service control policy", roleSCP},
		{SlotRCP, p.RCPs, policy.KindRCP, "a resource control policy", roleRCP},
	} {
		for i, d := range list.docs {
			name := fmt.Sprintf("%s[%d]", list.slot, i)
			switch {
			case d == nil:
				errs = append(errs, policy.NewFieldError(policy.ErrRequired, name, "nil", "is a nil document"))
			case d.Kind != list.kind:
				errs = append(errs, policy.NewFieldError(policy.ErrUnsupported, name, d.Kind.String(), "is not "+list.what))
			default:
				out, errs = compileDoc(d, name, list.role, out, errs, keys)
			}
		}
	}
	if p.ManagementAccount != "" && !isAccountID(p.ManagementAccount) {
		errs = append(errs, policy.NewFieldError(policy.ErrAccountID, "Policies.ManagementAccount", p.ManagementAccount, "is not a 12-digit AWS account ID"))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// compileDoc appends the statements of d to out and its problems to errs.
func compileDoc(d *policy.Document, name string, r role, out []statement, errs []error, keys *keyTable) ([]statement, []error) {
	vars := true
	switch d.Version {
	case "", iampolicy.Version2012_10_17:
	case iampolicy.Version2008_10_17:
		// The 2008 language has no policy variables: "${...}" is literal text.
		vars = false
	default:
		errs = append(errs, policy.NewFieldError(policy.ErrSchema, name+".Version", d.Version, "is not a policy language version: use 2012-10-17"))
	}
	for i := range d.Statements {
		s, serrs := compileStatement(&d.Statements[i], name, i, r, d.Kind, vars, keys)
		errs = append(errs, serrs...)
		if len(serrs) == 0 {
			out = append(out, s)
		}
	}
	return out, errs
}

func compileStatement(st *iampolicy.Statement, name string, i int, r role, kind policy.Kind, vars bool, keys *keyTable) (statement, []error) {
	field := name + ".Statement[" + strconv.Itoa(i) + "]"
	s := statement{ref: StatementRef{Policy: name, Index: i, Sid: st.Sid}, role: r}
	var errs []error
	bad := func(sentinel error, f, value, reason string) {
		errs = append(errs, policy.NewFieldError(sentinel, f, value, reason))
	}

	switch st.Effect {
	case iampolicy.EffectAllow:
	case iampolicy.EffectDeny:
		s.deny = true
	default:
		bad(policy.ErrSchema, field+".Effect", st.Effect, "is not Allow or Deny")
	}

	actions, elem := st.Action, "Action"
	if st.NotAction != nil && r == roleRCP {
		// "The following elements are not supported in RCPs: NotPrincipal,
		// NotAction" (RCP syntax,
		// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html).
		bad(policy.ErrUnsupported, field+".NotAction", "", "is not supported in a resource control policy: use Action")
	}
	if st.NotAction != nil {
		actions, elem, s.notAction = st.NotAction, "NotAction", true
	}
	switch {
	case st.Action != nil && st.NotAction != nil:
		bad(policy.ErrSchema, field, "Action", "has both Action and NotAction")
	case actions == nil || len(actions.Values()) == 0:
		bad(policy.ErrSchema, field, "", "has no Action or NotAction")
	default:
		for j, a := range actions.Values() {
			svc, op, ok := strings.Cut(a, ":")
			if a != "*" && (!ok || svc == "" || op == "") {
				bad(policy.ErrSchema, fmt.Sprintf("%s.%s[%d]", field, elem, j), a, "is not an action pattern such as s3:PutObject, s3:Get* or *")
				continue
			}
			s.actions = append(s.actions, strings.ToLower(a))
			s.actionPats = append(s.actionPats, newActionPattern(strings.ToLower(a)))
		}
	}

	resources, elem := st.Resource, "Resource"
	if st.NotResource != nil {
		resources, elem, s.notResource = st.NotResource, "NotResource", true
	}
	switch {
	case st.Resource != nil && st.NotResource != nil:
		bad(policy.ErrSchema, field, "Resource", "has both Resource and NotResource")
	case resources == nil && kind == policy.KindTrustPolicy:
		// A role trust policy names no Resource: the role is the resource.
		s.anyResource = true
	case resources == nil || len(resources.Values()) == 0:
		bad(policy.ErrSchema, field, "", "has no Resource or NotResource")
	default:
		s.resources = make([]resourcePattern, 0, len(resources.Values()))
		for j, v := range resources.Values() {
			if v == "*" {
				s.resources = append(s.resources, resourcePattern{all: true})
				continue
			}
			m, ok := newARNMatcher(v, vars, arnResource, keys)
			if !ok {
				bad(policy.ErrSchema, fmt.Sprintf("%s.%s[%d]", field, elem, j), v, "is not * or an ARN pattern arn:partition:service:region:account:resource (or fewer fields ending in *)")
				continue
			}
			s.resources = append(s.resources, resourcePattern{arn: m})
		}
	}

	switch {
	case st.Principal != nil && st.NotPrincipal != nil:
		bad(policy.ErrPrincipal, field, "Principal", "has both Principal and NotPrincipal")
	case r == roleRCP && st.NotPrincipal != nil:
		bad(policy.ErrUnsupported, field+".NotPrincipal", "", `is not supported in a resource control policy: use "Principal": "*" and a condition`)
	case r == roleRCP && st.Principal == nil:
		bad(policy.ErrPrincipal, field, "", `has no Principal, which a resource control policy statement needs: "*"`)
	case r == roleRCP:
		// "You can only specify "*" in the Principal element of an RCP"
		// (RCP syntax).
		s.principal, errs = compilePrincipal(field+".Principal", st.Principal, errs)
		if s.principal != nil && !s.principal.all {
			bad(policy.ErrPrincipal, field+".Principal", principalText(st.Principal), `is not "*", the only Principal a resource control policy can have; restrict principals with a condition`)
		}
	case r != roleResource && (st.Principal != nil || st.NotPrincipal != nil):
		bad(policy.ErrPrincipal, field, "Principal", "names a principal, which "+kindName(r)+" statements cannot: they apply to the principal they are attached to")
	case r == roleResource && st.Principal == nil && st.NotPrincipal == nil:
		bad(policy.ErrPrincipal, field, "", "has no Principal or NotPrincipal, which a resource policy statement needs")
	case st.Principal != nil:
		s.principal, errs = compilePrincipal(field+".Principal", st.Principal, errs)
	case st.NotPrincipal != nil:
		s.principal, errs = compilePrincipal(field+".NotPrincipal", st.NotPrincipal, errs)
		s.notPrincipal = true
	}

	conds, cerrs := compileConditions(field, st.Condition, vars, keys)
	s.conds = conds
	errs = append(errs, cerrs...)
	return s, errs
}

// principalText is p as JSON, for an error message.
func principalText(p *iampolicy.Principal) string {
	b, err := p.MarshalJSON()
	if err != nil {
		return ""
	}
	return string(b)
}

func kindName(r role) string {
	if r == roleSCP {
		return "service control policy"
	}
	return "identity policy"
}

// compilePrincipal reads a Principal element. It reads the string form
// through MarshalJSON, because the base library keeps "*" without an inner
// struct and its Kinds method panics on a Principal decoded from "".
func compilePrincipal(field string, p *iampolicy.Principal, errs []error) (*principalSpec, []error) {
	bad := func(sentinel error, f, value, reason string) {
		errs = append(errs, policy.NewFieldError(sentinel, f, value, reason))
	}
	if p.AWS() == nil && p.Service() == nil && p.CanonicalUser() == nil && p.Federated() == nil {
		// The string form, or nothing at all (decoded from "" or {}).
		b, err := p.MarshalJSON()
		var str string
		switch {
		case err != nil:
			bad(policy.ErrPrincipal, field, "", "cannot be read: "+err.Error())
		case len(b) > 0 && b[0] == '"' && json.Unmarshal(b, &str) == nil && str == "*":
			return &principalSpec{all: true}, errs
		case len(b) > 0 && b[0] == '"' && str != "":
			bad(policy.ErrPrincipal, field, str, `is not a principal: the only string form is "*"; name others as {"AWS": ...} or {"Service": ...}`)
		default:
			bad(policy.ErrPrincipal, field, string(b), `is empty: use "*", {"AWS": ...} or {"Service": ...}`)
		}
		return nil, errs
	}
	spec := &principalSpec{}
	n := 0
	if v := p.AWS(); v != nil {
		for j, a := range v.Values() {
			n++
			f, ok := splitARN(a)
			switch {
			case a == "*" || isAccountID(a):
			case strings.ContainsAny(a, "*?"):
				bad(policy.ErrPrincipal, fmt.Sprintf("%s.AWS[%d]", field, j), a, "uses a wildcard, which a principal cannot (only \"*\" alone)")
				continue
			case !ok || (f[2] != "iam" && f[2] != "sts") || !isAccountID(f[4]) || f[5] == "":
				bad(policy.ErrPrincipal, fmt.Sprintf("%s.AWS[%d]", field, j), a, "is not \"*\", a 12-digit account ID or an IAM or STS principal ARN")
				continue
			}
			spec.aws = append(spec.aws, a)
		}
	}
	if v := p.Service(); v != nil {
		for j, svc := range v.Values() {
			n++
			if svc == "" || strings.ContainsAny(svc, "*? ") {
				bad(policy.ErrPrincipal, fmt.Sprintf("%s.Service[%d]", field, j), svc, "is not a service principal name such as cloudtrail.amazonaws.com")
				continue
			}
			spec.services = append(spec.services, svc)
		}
	}
	// CanonicalUser and Federated principals are valid but never match the
	// AWS, service and anonymous callers this package evaluates.
	if v := p.CanonicalUser(); v != nil {
		n += len(v.Values())
	}
	if v := p.Federated(); v != nil {
		n += len(v.Values())
	}
	if n == 0 {
		bad(policy.ErrPrincipal, field, "", "names no principal")
	}
	return spec, errs
}

// evaluator matches statements against one request.
type evaluator struct {
	req          *Request
	pr           *principalInfo
	vals         [][]string // the request's values by context slot
	resPartition string     // the resource ARN's partition, if it is an ARN
}

// match reports whether statement s applies to the request. direct is false
// when s is a resource policy statement that names the principal only
// through its account, which delegates the decision to the account's
// identity policies.
func (e *evaluator) match(s *statement, actionKnown bool) (matched, direct bool, err error) {
	// The cheap, most telling tests first; all of them must hold, and
	// none can fail with an error, so their order does not change the
	// answer.
	if !actionKnown && !s.matchesAction(e.req.Action) {
		return false, false, nil
	}
	if !s.anyResource {
		hit := false
		for i := range s.resources {
			r := &s.resources[i]
			if r.all || r.arn.match(e.req.Resource, e.vals) {
				hit = true
				break
			}
		}
		if hit == s.notResource {
			return false, false, nil
		}
	}
	direct = true
	if s.principal != nil {
		m, d := e.principalMatch(s.principal)
		if s.notPrincipal {
			// Everyone except the listed principals is named directly.
			m, d = !m, true
		}
		if !m {
			return false, false, nil
		}
		direct = d
	}
	// Every condition must hold: operators and keys are ANDed.
	for i := range s.conds {
		ok, err := s.conds[i].eval(e.vals)
		if err != nil {
			return false, false, err
		}
		if !ok {
			return false, false, nil
		}
	}
	return true, direct, nil
}

// matchesAction reports whether the statement's Action or NotAction
// element matches action.
func (s *statement) matchesAction(action string) bool {
	hit := false
	for i := range s.actionPats {
		if s.actionPats[i].match(action) {
			hit = true
			break
		}
	}
	return hit != s.notAction
}

// principalMatch reports whether spec names the request's principal, and
// whether it does so directly rather than through the principal's account.
//
// From "AWS JSON policy elements: Principal"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous,
// read 2026-12-02): "Using "Principal": "*" with an Allow effect in a
// resource-based policy allows anyone, even if they're not signed in to
// AWS"; "Using "Principal" : { "AWS" : "*" } with an Allow effect in a
// resource-based policy allows any root user, IAM user, assumed-role
// session, or federated user in any account in the same partition"; "For
// anonymous users, these two methods are equivalent." So "*" matches every
// caller, service principals included, and {"AWS": "*"} matches IAM
// principals of the resource's partition and anonymous callers, but no
// service principal, which that list does not name. The Amazon S3 User
// Guide says otherwise: "In AWS access control policies, the Principals
// "*" and {"AWS": "*"} behave identically" ("How Amazon S3 works with
// IAM",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/security_iam_service-with-iam.html,
// read 2026-12-02 on a stored copy). No page says whether {"AWS": "*"}
// matches a service principal such as cloudtrail.amazonaws.com: verify in
// a sandbox. An account ID or
// arn:partition:iam::account:root names every IAM principal of that account
// (directly only for its root user). A role ARN names the role and its
// sessions (arn:partition:sts::account:assumed-role/name/session). Principal
// ARNs never contain wildcards.
func (e *evaluator) principalMatch(spec *principalSpec) (matched, direct bool) {
	if spec.all {
		return true, true
	}
	pr := e.pr
	switch pr.typ {
	case ServicePrincipal:
		for _, s := range spec.services {
			if strings.EqualFold(s, pr.service) {
				return true, true
			}
		}
	case AnonymousPrincipal:
		for _, a := range spec.aws {
			if a == "*" {
				return true, true
			}
		}
	case AWSPrincipal:
		for _, a := range spec.aws {
			switch {
			case a == "*":
				if e.resPartition == "" || e.resPartition == pr.partition {
					return true, true
				}
				continue
			case a == pr.arn:
				return true, true
			case isAccountID(a):
				if a == pr.account {
					matched = true
				}
				continue
			}
			f, _ := splitARN(a)
			if f[1] != pr.partition || f[4] != pr.account || f[2] != "iam" {
				continue
			}
			switch {
			case f[5] == "root":
				matched = true
			case pr.session != "" && strings.HasPrefix(f[5], "role/") && f[5][strings.LastIndexByte(f[5], '/')+1:] == pr.session:
				// The role's path is not part of a session ARN; its name is.
				return true, true
			}
		}
		// The root user is the account principal itself.
		return matched, matched && pr.root
	}
	return matched, false
}
