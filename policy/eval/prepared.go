package eval

import (
	"errors"
	"fmt"
	"strings"

	"github.com/trailpolicy/trailpolicy/policy"
)

// Prepared is a set of [Policies] checked and compiled once, to decide many
// requests: wildcard patterns are split into tokens, ARN patterns into the
// parts AWS compares, condition values parsed for their operator (numbers,
// dates, CIDR ranges, base64), condition keys interned so that a request's
// context is read once, and statements indexed by the service prefix of the
// actions they can match. [Evaluate] compiles and evaluates with the same
// code (only without the indexes, which pay for themselves over many
// requests), so both answer alike. A Prepared is safe for concurrent use.
type Prepared struct {
	stmts []statement
	keys  keyTable
	// byService lists, per lower-cased service prefix named by some
	// statement, the statements that can match an action of that service,
	// in policy order; anyService those that can match an action of any
	// service (wildcards in the prefix, NotAction).
	byService  map[string][]int32
	anyService []int32
	// byAction lists, per lower-cased action that some statement names
	// literally, exactly the statements whose Action or NotAction matches
	// it, so that their action need not be compared again.
	byAction map[string][]int32
	// all lists every statement, when there are no indexes.
	all []int32

	hasResource  bool
	resourceKind policy.Kind
	rcps         bool
	management   string
}

// Prepare checks every statement of every document in p and compiles them
// for evaluation. It returns the same errors [Evaluate] would for p: a
// document of the wrong kind, or a policy using something it cannot
// evaluate, with every problem joined by [errors.Join].
func Prepare(p Policies) (*Prepared, error) {
	return prepare(p, true)
}

// prepare compiles p; index builds the statement indexes, which only pay
// for themselves over many requests ([Evaluate] answers one without them,
// matching every statement's Action instead).
func prepare(p Policies, index bool) (*Prepared, error) {
	prep := &Prepared{
		hasResource: p.Resource != nil,
		rcps:        len(p.RCPs) > 0,
		management:  p.ManagementAccount,
	}
	if p.Resource != nil {
		prep.resourceKind = p.Resource.Kind
	}
	stmts, err := compileAll(p, &prep.keys)
	if err != nil {
		return nil, err
	}
	prep.stmts = stmts
	if !index {
		prep.all = make([]int32, len(stmts))
		for i := range prep.all {
			prep.all[i] = int32(i)
		}
		return prep, nil
	}
	prep.byService = map[string][]int32{}
	services := map[string]bool{}
	for i := range stmts {
		s := &stmts[i]
		if s.notAction {
			continue
		}
		for _, a := range s.actions {
			if svc, _, _ := strings.Cut(a, ":"); !strings.ContainsAny(svc, "*?") {
				services[svc] = true
			}
		}
	}
	for i := range stmts {
		s := &stmts[i]
		anySvc := s.notAction
		for _, a := range s.actions {
			if svc, _, _ := strings.Cut(a, ":"); strings.ContainsAny(svc, "*?") {
				anySvc = true
			}
		}
		if anySvc {
			prep.anyService = append(prep.anyService, int32(i))
		}
		for svc := range services {
			named := false
			for _, a := range s.actions {
				if strings.HasPrefix(a, svc) && len(a) > len(svc) && a[len(svc)] == ':' {
					named = true
				}
			}
			if anySvc || named {
				prep.byService[svc] = append(prep.byService[svc], int32(i))
			}
		}
	}
	prep.byAction = map[string][]int32{}
	for i := range stmts {
		for _, a := range stmts[i].actions {
			if strings.ContainsAny(a, "*?") || prep.byAction[a] != nil {
				continue
			}
			list := []int32{}
			for j := range stmts {
				if stmts[j].matchesAction(a) {
					list = append(list, int32(j))
				}
			}
			prep.byAction[a] = list
		}
	}
	return prep, nil
}

// forAction returns the statements whose Action or NotAction matches
// action, when the policies name it literally.
func (p *Prepared) forAction(action string) ([]int32, bool) {
	var buf [128]byte
	if len(action) > len(buf) {
		return nil, false
	}
	for i := 0; i < len(action); i++ {
		c := action[i]
		if c >= 0x80 {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	idx, ok := p.byAction[string(buf[:len(action)])]
	return idx, ok
}

// candidates returns the statements that can match an action of the
// service prefix of action, in policy order.
func (p *Prepared) candidates(action string) []int32 {
	svc, _, _ := strings.Cut(action, ":")
	var buf [64]byte
	if len(svc) <= len(buf) {
		for i := 0; i < len(svc); i++ {
			c := svc[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if idx, ok := p.byService[string(buf[:len(svc)])]; ok {
			return idx
		}
		return p.anyService
	}
	if idx, ok := p.byService[strings.ToLower(svc)]; ok {
		return idx
	}
	return p.anyService
}

// Evaluate decides req under the prepared policies, exactly as [Evaluate]
// does, with the deciding and matching statements and a reason.
func (p *Prepared) Evaluate(req Request) (Result, error) {
	var res Result
	_, err := p.run(&req, &res)
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// Decide returns the decision [Prepared.Evaluate] would, without the
// statements and reason it builds: for a well-formed request it does not
// allocate, whatever the decision, as long as the policies mention at most
// 64 condition keys, the request's context has at most 16 keys, and no
// wildcard pattern that needs the automaton or a policy variable is longer
// than 255 characters (BinaryEquals and dates with a UTC offset allocate
// when they parse the request's value).
func (p *Prepared) Decide(req Request) (Decision, error) {
	return p.run(&req, nil)
}

// tally is what the matching statements add up to.
type tally struct {
	deny         bool
	resDirect    bool // a resource policy Allow naming the principal directly
	resDelegated bool // a resource policy Allow naming only its account
	idAllow      bool // an identity policy Allow
}

// run evaluates req; res, when not nil, receives the full Result.
func (p *Prepared) run(req *Request, res *Result) (Decision, error) {
	var pr principalInfo
	if err := checkRequest(req, &pr); err != nil {
		return ImplicitDeny, err
	}
	if !p.hasResource {
		// A KMS key and an IAM role always have a resource policy, and it
		// must allow; evaluating without it would wrongly let an identity
		// policy alone decide.
		if f, ok := splitARN(req.Resource); ok && f[2] == "kms" && strings.HasPrefix(f[5], "key/") {
			return ImplicitDeny, policy.NewFieldError(policy.ErrRequired, "resource", req.Resource, "is a KMS key, which always has a key policy: pass it as Policies.Resource")
		}
		if len(req.Action) >= len("sts:assumerole") && strings.EqualFold(req.Action[:len("sts:assumerole")], "sts:assumerole") {
			return ImplicitDeny, policy.NewFieldError(policy.ErrRequired, "resource", req.Action, "needs the role's trust policy: pass it as Policies.Resource")
		}
	}
	var small [64][]string
	var vals [][]string
	if n := len(p.keys.names); n <= len(small) {
		vals = small[:n]
	} else {
		vals = make([][]string, n)
	}
	if err := p.bind(req.Context, vals); err != nil {
		return ImplicitDeny, err
	}
	e := evaluator{req: req, pr: &pr, vals: vals}
	if f, ok := splitARN(req.Resource); ok {
		e.resPartition = f[1]
	}

	// Identity policies and SCPs apply to IAM principals only; identity
	// policies not even to the root user.
	iam := pr.typ == AWSPrincipal
	idApplies := iam && !pr.root
	// "SCPs do not affect any service-linked role" (Service control
	// policies (SCPs),
	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html,
	// as quoted; the page itself was not among the stored copies read
	// 2026-12-02, but the IAM User Guide's "Policy evaluation logic",
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
	// read on a stored copy, names "principals in the organization
	// management account and service-linked roles" as SCPs' only
	// exceptions).
	scpApplies := iam && (p.management == "" || pr.account != p.management) && !isServiceLinkedRoleARN(pr.arn)
	rcpApplies := p.rcps && rcpsApply(&pr, req.Action, req.Resource, req.ResourceAccount, p.management)

	var t tally
	var denies, resDirect, resDelegated, idAllows []StatementRef
	idx, known := p.all, false
	if p.byAction != nil {
		if idx, known = p.forAction(req.Action); !known {
			idx = p.candidates(req.Action)
		}
	}
	for _, i := range idx {
		s := &p.stmts[i]
		if (s.role == roleIdentity && !idApplies) || (s.role == roleSCP && !scpApplies) || (s.role == roleRCP && !rcpApplies) {
			continue
		}
		m, direct, err := e.match(s, known)
		if err != nil {
			return ImplicitDeny, err
		}
		if !m {
			continue
		}
		switch {
		case s.deny:
			t.deny = true
		case s.role == roleResource && direct:
			t.resDirect = true
		case s.role == roleResource:
			t.resDelegated = true
		case s.role == roleIdentity:
			t.idAllow = true
		}
		// An SCP or RCP Allow grants nothing: FullAWSAccess and
		// RCPFullAWSAccess already allow all. Every candidate is matched
		// even after a Deny, so that Decide and Evaluate report the same
		// errors.
		if res == nil {
			continue
		}
		res.Matched = append(res.Matched, s.ref)
		switch {
		case s.deny:
			denies = append(denies, s.ref)
		case s.role == roleResource && direct:
			resDirect = append(resDirect, s.ref)
		case s.role == roleResource:
			resDelegated = append(resDelegated, s.ref)
		case s.role == roleIdentity:
			idAllows = append(idAllows, s.ref)
		}
	}

	d := p.decide(req, &pr, t)
	if res == nil {
		return d, nil
	}
	res.Decision = d
	if t.deny {
		res.Deciding = denies
		res.Reason = "explicitly denied by " + denies[0].String()
		if len(denies) > 1 {
			res.Reason += fmt.Sprintf(" and %d more", len(denies)-1)
		}
		return d, nil
	}
	res.Reason = p.reason(req, &pr, t)
	if d != Allow {
		return d, nil
	}
	// The grant rests on the direct resource allows, and on delegated
	// resource allows together with identity allows when an identity policy
	// allows. Matched is in policy order, and so is Deciding.
	idAllow := t.idAllow || pr.root
	for _, r := range res.Matched {
		if contains(resDirect, r) || idAllow && (contains(resDelegated, r) || contains(idAllows, r)) {
			res.Deciding = append(res.Deciding, r)
		}
	}
	return d, nil
}

func contains(refs []StatementRef, r StatementRef) bool {
	for _, x := range refs {
		if x == r {
			return true
		}
	}
	return false
}

// strict reports whether the resource policy must allow the principal
// itself: a key policy or a role trust policy.
func (p *Prepared) strict() bool {
	return p.hasResource && (p.resourceKind == policy.KindKeyPolicy || p.resourceKind == policy.KindTrustPolicy)
}

// decide turns what matched into the decision, by the rules listed on
// [Evaluate].
func (p *Prepared) decide(req *Request, pr *principalInfo, t tally) Decision {
	if t.deny {
		return ExplicitDeny
	}
	if pr.root && strings.EqualFold(req.Action, "sts:AssumeRole") {
		// "You cannot assume a role when you are signed in as the AWS
		// account root user", in "Switch to an IAM role (AWS API)"
		// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-api.html,
		// read 2026-12-02): no policy can allow it, in any account.
		return ImplicitDeny
	}
	iam := pr.typ == AWSPrincipal
	resAny := t.resDirect || t.resDelegated
	// The root user needs no identity policy: it has full access within its
	// own account, and its own account's side of a cross-account grant.
	idAllow := t.idAllow || pr.root
	same := iam && pr.account == req.ResourceAccount
	var allowed bool
	switch {
	case !iam:
		allowed = resAny
	case same && !p.strict():
		allowed = t.resDirect || idAllow
	case same:
		allowed = t.resDirect || (t.resDelegated && idAllow)
	default: // cross-account
		allowed = resAny && idAllow
	}
	if allowed {
		return Allow
	}
	return ImplicitDeny
}

// reason explains a decision that no Deny made, in one sentence.
func (p *Prepared) reason(req *Request, pr *principalInfo, t tally) string {
	if pr.root && strings.EqualFold(req.Action, "sts:AssumeRole") {
		return "the account root user cannot assume a role, whatever the policies say"
	}
	kind := "resource policy"
	if p.hasResource {
		kind = p.resourceKind.String()
	}
	iam := pr.typ == AWSPrincipal
	resAny := t.resDirect || t.resDelegated
	idAllow := t.idAllow || pr.root
	same := iam && pr.account == req.ResourceAccount
	typ := strings.ToLower(pr.typ.String())
	switch {
	case !iam:
		switch {
		case resAny:
			return "allowed by the " + kind + " for the " + typ + " principal"
		case !p.hasResource:
			return "a " + typ + " principal needs a resource policy, and there is none"
		}
		return "the " + kind + " does not allow the " + typ + " principal, and only it can"
	case same && !p.strict():
		switch {
		case pr.root:
			return "the account root user has full access to its own account's resources"
		case t.resDirect && idAllow:
			return "same account: allowed by the " + kind + " and by an identity policy"
		case t.resDirect:
			return "same account: allowed by the " + kind
		case idAllow:
			return "same account: allowed by an identity policy"
		case t.resDelegated:
			return "same account: the " + kind + " allows only the account, which delegates to IAM, and no identity policy allows the request"
		}
		return "no policy allows the request"
	case same:
		switch {
		case t.resDirect:
			return "the " + kind + " allows the principal directly"
		case t.resDelegated && idAllow:
			return "the " + kind + " delegates to account " + pr.account + " and an identity policy allows the request"
		case t.resDelegated:
			return "the " + kind + " delegates to account " + pr.account + " but no identity policy allows the request"
		case pr.root:
			return "the " + kind + " does not allow the account root user, and nothing else can"
		case idAllow:
			return "the " + kind + " neither names the principal nor delegates to its account; an identity policy alone never suffices for a " + strictObject(p.resourceKind)
		}
		return "no policy allows the request"
	}
	switch {
	case resAny && idAllow && pr.root:
		return "cross-account: the " + kind + " allows the account, and its root user needs no identity policy"
	case resAny && idAllow:
		return "cross-account: the " + kind + " and an identity policy both allow the request"
	case resAny:
		return "cross-account: the " + kind + " allows the request but no identity policy of the principal does"
	case idAllow && !p.hasResource:
		return "cross-account: an identity policy allows the request but the resource has no resource policy to grant it"
	case idAllow:
		return "cross-account: an identity policy allows the request but the " + kind + " grants it neither to the principal nor to its account"
	}
	return "cross-account: no policy allows the request"
}

// bind reads the request's context into the slots of the condition keys the
// policies mention. Key names are case-insensitive: two names that differ
// only in case, or an empty name, are an error.
func (p *Prepared) bind(ctx map[string][]string, vals [][]string) error {
	var hashes [16]uint64
	var names [16]string
	n := 0
	check := false
	for k, v := range ctx {
		if k == "" {
			check = true
			continue
		}
		h, slot := p.keys.find(k)
		if n < len(hashes) {
			for j := 0; j < n; j++ {
				if hashes[j] == h && strings.EqualFold(names[j], k) {
					check = true
				}
			}
			hashes[n], names[n] = h, k
			n++
		} else {
			check = true // too many to compare here: let contextErrors
		}
		if slot >= 0 {
			vals[slot] = v
		}
	}
	if check {
		if errs := contextErrors(ctx); len(errs) > 0 {
			return errors.Join(errs...)
		}
	}
	return nil
}

// find returns the FNV-1a hash of name lower-cased and its slot, or -1
// when no policy mentions it.
func (k *keyTable) find(name string) (uint64, int32) {
	const offset, prime = 14695981039346656037, 1099511628211
	var buf [128]byte
	h := uint64(offset)
	ascii := len(name) <= len(buf)
	for i := 0; ascii && i < len(name); i++ {
		c := name[i]
		if c >= 0x80 {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
		h = (h ^ uint64(c)) * prime
	}
	if !ascii {
		lk := strings.ToLower(name)
		h = offset
		for i := 0; i < len(lk); i++ {
			h = (h ^ uint64(lk[i])) * prime
		}
		if s, ok := k.slots[lk]; ok {
			return h, s
		}
		return h, -1
	}
	if s, ok := k.slots[string(buf[:len(name)])]; ok {
		return h, s
	}
	return h, -1
}
