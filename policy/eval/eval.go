package eval

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/trailpolicy/trailpolicy/policy"
)

// Decision is the outcome of evaluating a request.
type Decision int

const (
	// ImplicitDeny means no applicable combination of policies allows the
	// request; it is the zero value, so an unset Decision never reads as Allow.
	ImplicitDeny Decision = iota
	// Allow means the policies allow the request and none denies it.
	Allow
	// ExplicitDeny means a Deny statement matched; it overrides every Allow.
	ExplicitDeny
)

// String returns "ImplicitDeny", "Allow" or "ExplicitDeny".
func (d Decision) String() string {
	switch d {
	case ImplicitDeny:
		return "ImplicitDeny"
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return fmt.Sprintf("Decision(%d)", int(d))
}

// PrincipalType says who makes a request.
type PrincipalType int

const (
	// AWSPrincipal is an IAM principal: a role, a role session, a user, or
	// the account root user, named by its ARN. It is the zero value, and
	// needs an ARN.
	AWSPrincipal PrincipalType = iota
	// ServicePrincipal is an AWS service acting as itself, such as
	// cloudtrail.amazonaws.com delivering log files.
	ServicePrincipal
	// AnonymousPrincipal is an unauthenticated caller.
	AnonymousPrincipal
)

// String returns "AWS", "Service" or "Anonymous".
func (t PrincipalType) String() string {
	switch t {
	case AWSPrincipal:
		return "AWS"
	case ServicePrincipal:
		return "Service"
	case AnonymousPrincipal:
		return "Anonymous"
	}
	return fmt.Sprintf("PrincipalType(%d)", int(t))
}

// Principal is the caller of a request.
type Principal struct {
	// Type selects which of the other fields apply.
	Type PrincipalType
	// ARN names an AWSPrincipal: arn:aws:iam::111122223333:role/Name, a
	// session arn:aws:sts::111122223333:assumed-role/Name/session, a user,
	// or the root user arn:aws:iam::111122223333:root. Required for
	// AWSPrincipal, empty otherwise.
	ARN string
	// Service names a ServicePrincipal, such as cloudtrail.amazonaws.com.
	// Required for ServicePrincipal, empty otherwise.
	Service string
	// Account is the principal's 12-digit account. It is derived from ARN
	// when empty; when set it must agree with ARN. Service and anonymous
	// principals belong to no account: leave it empty.
	Account string
}

// Request is one API call to evaluate.
type Request struct {
	// Principal is the caller.
	Principal Principal
	// Action is the single action called, "service:Operation", such as
	// "s3:PutObject"; no wildcards.
	Action string
	// Resource is the ARN the action acts on: the object ARN for
	// s3:PutObject, the key ARN for kms:Decrypt, the role ARN for
	// sts:AssumeRole.
	Resource string
	// ResourceAccount is the 12-digit account that owns the resource. It
	// decides whether the request is cross-account. Required for
	// AWSPrincipal.
	ResourceAccount string
	// Context holds the request's condition keys and their values, such as
	// "aws:SecureTransport": {"true"}. Key names are case-insensitive (two
	// names that differ only in case are an error); values are compared as
	// the operator says. A key with several values is multivalued, and a
	// condition must test it with ForAnyValue: or ForAllValues: (else
	// Evaluate returns an error). Nothing is derived automatically: a key
	// the caller leaves out is absent from the request ([DerivedContext]
	// returns the keys AWS would add from the principal).
	Context map[string][]string
}

// Policies are the policy documents in force for a request.
type Policies struct {
	// Resource is the resource's own policy: a bucket policy, a key policy,
	// a role trust policy or an SNS topic policy. Nil means the resource has none. A KMS key and
	// an IAM role always have one, so Evaluate refuses a nil Resource for
	// kms key ARNs and sts:AssumeRole*.
	Resource *policy.Document
	// Identity are the identity-based policies attached to the principal
	// (and its groups). They apply to IAM roles, sessions and users only:
	// they are ignored for the root user, service principals and anonymous
	// callers, which cannot have any.
	Identity []*policy.Document
	// SCPs are the service control policies that apply to the principal's
	// account besides the AWS-managed FullAWSAccess, which is always
	// assumed. They apply to IAM principals including the root user, never
	// to service principals, anonymous callers or service-linked roles
	// (a role ARN on the path role/aws-service-role/). Leave it empty for
	// the management account, which SCPs do not restrict, or name it in
	// ManagementAccount.
	SCPs []*policy.Document
	// RCPs are the resource control policies that apply to the resource's
	// account (attached to it, its OUs or the organization root) besides
	// the AWS-managed RCPFullAWSAccess, which is always assumed. Only
	// their Deny statements count; an Allow grants nothing. They apply to
	// every caller, IAM, service and anonymous, except where AWS exempts
	// the request: a resource of ManagementAccount, a service-linked role
	// calling or being assumed, kms:RetireGrant, or an action of a service
	// that RCPs do not cover (see rcp.go for AWS's sentences). AWS managed
	// KMS keys are exempt too, but their ARNs do not say so: leave RCPs
	// empty for them.
	RCPs []*policy.Document
	// ManagementAccount is the organization's management account, if
	// known. RCPs do not apply to its resources ("They have no effect on
	// resources in the management account", Resource control policies
	// (RCPs), https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html)
	// and SCPs not to its principals ("SCPs don't affect users or roles in
	// the management account", Service control policies (SCPs),
	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html,
	// as quoted, with the IAM User Guide's "Policy evaluation logic",
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
	// saying the same of both; read 2026-12-02 on stored copies), whatever
	// RCPs and SCPs are given. Empty means
	// unknown: the RCPs and SCPs given then always apply.
	ManagementAccount string
}

// StatementRef names one statement of one of the documents in [Policies].
type StatementRef struct {
	// Policy is "resource", "identity[i]", "scp[i]" or "rcp[i]", indexing
	// the slices of Policies.
	Policy string
	// Index is the statement's position in the document, from 0.
	Index int
	// Sid is the statement's Sid, possibly empty.
	Sid string
}

// String reads like `resource.Statement[2] (DenyUnencryptedUploads)`.
func (r StatementRef) String() string {
	s := fmt.Sprintf("%s.Statement[%d]", r.Policy, r.Index)
	if r.Sid != "" {
		s += " (" + r.Sid + ")"
	}
	return s
}

// The slots of [Policies] a [StatementRef] names, as [StatementRef.Slot]
// returns them.
const (
	SlotResource = "resource"
	SlotIdentity = "identity"
	SlotSCP      = "scp"
	SlotRCP      = "rcp"
)

// Slot splits r.Policy into the slot of [Policies] it names, one of the
// Slot constants, and the index in that slot's slice (0 for the resource
// policy). It reports false for a Policy this package does not write.
func (r StatementRef) Slot() (slot string, index int, ok bool) {
	if r.Policy == SlotResource {
		return SlotResource, 0, true
	}
	name, rest, found := strings.Cut(r.Policy, "[")
	digits, closed := strings.CutSuffix(rest, "]")
	if !found || !closed || digits == "" || strings.TrimLeft(digits, "0123456789") != "" {
		return "", 0, false
	}
	i, err := strconv.Atoi(digits)
	if err != nil {
		return "", 0, false
	}
	switch name {
	case SlotIdentity, SlotSCP, SlotRCP:
		return name, i, true
	}
	return "", 0, false
}

// Document returns the document of p that ref names, and nil when ref
// names none of p's documents.
func (p Policies) Document(ref StatementRef) *policy.Document {
	slot, i, ok := ref.Slot()
	if !ok {
		return nil
	}
	var docs []*policy.Document
	switch slot {
	case SlotResource:
		return p.Resource
	case SlotIdentity:
		docs = p.Identity
	case SlotSCP:
		docs = p.SCPs
	case SlotRCP:
		docs = p.RCPs
	}
	if i >= len(docs) {
		return nil
	}
	return docs[i]
}

// Effect returns the Effect of the statement ref names in p, and "" when p
// has no such statement.
func (p Policies) Effect(ref StatementRef) string {
	if d := p.Document(ref); d != nil && ref.Index >= 0 && ref.Index < len(d.Statements) {
		return d.Statements[ref.Index].Effect
	}
	return ""
}

// Result is the outcome of [Evaluate].
type Result struct {
	// Decision is Allow, ExplicitDeny or ImplicitDeny.
	Decision Decision
	// Deciding are the statements that decided: for ExplicitDeny every
	// matching Deny statement; for Allow the Allow statements whose grant
	// the decision rests on (both sides of a cross-account grant, say;
	// possibly none for the account root user in its own account); empty for
	// ImplicitDeny, where nothing decided and Reason says what is
	// missing. In policy order: resource, then identity[0...], then
	// scp[0...], then rcp[0...], each by statement index.
	Deciding []StatementRef
	// Matched are all statements whose Principal, Action, Resource and
	// Condition match the request, Allow and Deny alike, in the same order.
	// For an ImplicitDeny they show which half of a grant exists.
	Matched []StatementRef
	// Reason explains the decision in one short sentence.
	Reason string
}

// role says where a document is attached and so how it takes part.
type role int

const (
	roleResource role = iota
	roleIdentity
	roleSCP
	roleRCP
)

// Evaluate decides req under the policies p, following AWS's published
// policy evaluation logic:
// "Policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
// "How AWS enforcement code logic evaluates requests to allow or deny access"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html)
// and "Cross-account policy evaluation logic"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
//
//  1. A matching Deny statement in any applicable policy decides ExplicitDeny.
//  2. SCPs and RCPs only deny: FullAWSAccess and RCPFullAWSAccess are
//     assumed, and an Allow in either grants nothing. SCPs apply to the
//     principal's account, RCPs to the resource's (see [Policies.RCPs]).
//  3. A service or anonymous caller needs an Allow in the resource policy.
//  4. An IAM principal in the resource's account needs an Allow in an
//     identity policy or a resource-policy Allow that names it directly
//     (by ARN, its role for a session, or "*").
//  5. A key policy or a role trust policy must itself allow the principal
//     (AWS: "Role trust policies and KMS key policies are exceptions to this
//     logic, because they must explicitly allow access for principals"):
//     either directly, or by naming the principal's account ("arn:...:root"
//     or the bare account ID), which delegates to IAM so that an identity
//     policy must allow as well. See "Default key policy"
//     (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
//  6. Across accounts both sides must allow: the resource policy (naming the
//     principal or its account) and an identity policy of the principal.
//     See "Allowing users in other accounts to use a KMS key"
//     (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
//  7. The account root user never assumes a role: "You cannot assume a role
//     when you are signed in as the AWS account root user"
//     (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-api.html,
//     read 2026-12-02), so sts:AssumeRole by a root user is denied whatever
//     the trust policy says.
//
// Naming an account in a resource policy always delegates to the account's
// IAM policies ("This delegates authority to the account", in "AWS JSON
// policy elements: Principal",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html),
// so such a grant alone allows no IAM role or user; it does allow the
// account's root user, which has no identity policies and full access to
// its own account's resources except KMS keys and roles.
//
// Evaluate returns an error, and no Result, for a malformed request, a
// document of the wrong kind, or a policy using something it cannot evaluate
// (an unknown or unsupported condition operator, a missing Action, a
// principal it cannot read). It checks every statement of every document,
// whether or not it applies to this request, and joins all problems with
// [errors.Join]. To decide many requests under the same policies, [Prepare]
// them once.
func Evaluate(req Request, p Policies) (Result, error) {
	// The request is checked first: a malformed request stops evaluation
	// before the policies are read.
	var pr principalInfo
	if err := checkRequest(&req, &pr); err != nil {
		return Result{}, err
	}
	prep, err := prepare(p, false)
	if err != nil {
		return Result{}, err
	}
	return prep.Evaluate(req)
}

// strictObject names what a strict resource policy protects.
func strictObject(k policy.Kind) string {
	if k == policy.KindTrustPolicy {
		return "role trust"
	}
	return "KMS key"
}

// principalInfo is the request's principal, parsed.
type principalInfo struct {
	typ       PrincipalType
	arn       string
	partition string
	account   string
	root      bool   // the account root user
	session   string // role name of an assumed-role session
	service   string
}

// checkRequest validates req and parses its principal into pr. It does
// not allocate unless req is malformed; the context's key names are checked
// when they are bound (see [Prepared.bind]), and here only when something
// else is wrong, so that all problems come back together.
func checkRequest(req *Request, pr *principalInfo) error {
	var errs []error
	bad := func(sentinel error, field, value, reason string) {
		errs = append(errs, policy.NewFieldError(sentinel, field, value, reason))
	}
	*pr = principalInfo{typ: req.Principal.Type}
	p := &req.Principal
	switch p.Type {
	case AWSPrincipal:
		switch f, ok := splitARN(p.ARN); {
		case p.ARN == "":
			bad(policy.ErrRequired, "Request.Principal.ARN", p.ARN, "is empty: an AWS principal is named by its IAM or STS ARN")
		case !ok || (f[2] != "iam" && f[2] != "sts") || f[3] != "" || !isAccountID(f[4]) || f[1] == "" || f[5] == "":
			bad(policy.ErrARN, "Request.Principal.ARN", p.ARN, "is not an IAM principal ARN: want arn:partition:iam::account:role/name, :user/name or :root, or arn:partition:sts::account:assumed-role/name/session")
		default:
			pr.arn, pr.partition, pr.account = p.ARN, f[1], f[4]
			pr.root = f[2] == "iam" && f[5] == "root"
			if f[2] == "sts" {
				if rest, ok := strings.CutPrefix(f[5], "assumed-role/"); ok {
					if name, _, ok := strings.Cut(rest, "/"); ok {
						pr.session = name
					}
				}
			}
			if p.Account != "" && p.Account != pr.account {
				bad(policy.ErrConflict, "Request.Principal.Account", p.Account, "differs from the account "+pr.account+" in Request.Principal.ARN")
			}
		}
		if p.Service != "" {
			bad(policy.ErrConflict, "Request.Principal.Service", p.Service, "is set for an AWS principal: use Type ServicePrincipal")
		}
		if !isAccountID(req.ResourceAccount) {
			bad(policy.ErrAccountID, "Request.ResourceAccount", req.ResourceAccount, "is not a 12-digit AWS account ID; it is required for an AWS principal to tell same-account from cross-account requests")
		}
	case ServicePrincipal, AnonymousPrincipal:
		if p.Type == ServicePrincipal {
			pr.service = p.Service
			if !strings.Contains(p.Service, ".") || strings.ContainsAny(p.Service, "*? ") {
				bad(policy.ErrPrincipal, "Request.Principal.Service", p.Service, "is not a service principal name such as cloudtrail.amazonaws.com")
			}
		} else if p.Service != "" {
			bad(policy.ErrConflict, "Request.Principal.Service", p.Service, "is set for an anonymous principal")
		}
		if p.ARN != "" {
			bad(policy.ErrConflict, "Request.Principal.ARN", p.ARN, "is set for a "+strings.ToLower(p.Type.String())+" principal: ARNs name AWS principals only")
		}
		if p.Account != "" {
			bad(policy.ErrConflict, "Request.Principal.Account", p.Account, "is set for a "+strings.ToLower(p.Type.String())+" principal, which belongs to no account")
		}
		if req.ResourceAccount != "" && !isAccountID(req.ResourceAccount) {
			bad(policy.ErrAccountID, "Request.ResourceAccount", req.ResourceAccount, "is not a 12-digit AWS account ID")
		}
	default:
		bad(policy.ErrPrincipal, "Request.Principal.Type", p.Type.String(), "is not AWSPrincipal, ServicePrincipal or AnonymousPrincipal")
	}
	if svc, name, ok := strings.Cut(req.Action, ":"); !ok || svc == "" || name == "" || strings.ContainsAny(req.Action, "*? ") {
		bad(policy.ErrSchema, "Request.Action", req.Action, "is not a single action such as s3:PutObject")
	}
	if req.Resource == "" {
		bad(policy.ErrRequired, "Request.Resource", req.Resource, "is empty: name the resource's ARN")
	}
	if len(errs) == 0 {
		return nil
	}
	errs = append(errs, contextErrors(req.Context)...)
	return errors.Join(errs...)
}

// contextErrors checks the key names of a request context: none empty, no
// two that differ only in case. It sorts the names, so that the same
// problem always comes back the same way.
func contextErrors(ctx map[string][]string) []error {
	var errs []error
	names := make(map[string]string, len(ctx))
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lk := strings.ToLower(k)
		switch prev, dup := names[lk]; {
		case k == "":
			errs = append(errs, policy.NewFieldError(policy.ErrRequired, "Request.Context", k, "has an empty key name"))
		case dup:
			errs = append(errs, policy.NewFieldError(policy.ErrConflict, "Request.Context", k, "differs from key "+fmt.Sprintf("%q", prev)+" only in case; condition key names are case-insensitive"))
		default:
			names[lk] = k
		}
	}
	return errs
}
