package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/actions"
	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
func (m *multiFlag) repeatable()        {}

const checkHelp = `Evaluates the setup's own documents for one request, with the evaluator of
package policy/eval: the resource ARN picks the resource policy (the bucket or
an object: the bucket policy; the key: the key policy; the vendor role or the
CloudWatch Logs delivery role: its trust policy; the SNS topic: the topic
policy), the SCPs apply to principals of the log archive and delivering
accounts (never the management account), the RCPs to the bucket, its objects
and the key (never in the management account), and the principal's role
policies (the vendor role's or the delivery role's, or a reader role's or
user's own read policy) plus every -identity FILE are its identity policies;
a whole account's managed read policy is attached to no one by the setup, so
give it with -identity. It prints the decision, the reason and the
statements that decided.

With -format json, check prints one JSON object instead:
  {"version": 1, "decision": "ExplicitDeny", "allowed": false,
   "reason": "explicitly denied by scp[0].Statement[0] (DenyLogBucketTampering)",
   "request": {"principal": "arn:aws:iam::123456789012:role/Admin",
    "action": "s3:DeleteObject", "resource": "arn:aws:s3:::b/AWSLogs/x",
    "resourceAccount": "123456789012", "context": {}},
   "deciding": [{"document": "scp", "statement": 0,
    "sid": "DenyLogBucketTampering", "effect": "Deny"}],
   "matched": [...]}
decision is Allow, ExplicitDeny or ImplicitDeny; deciding are the statements
the decision rests on (none for ImplicitDeny), matched every statement that
matches the request; document is a document name or an -identity FILE.

Exit status: 0 allowed; 1 denied; 2 usage error or bad input (an invalid
setup, an unreadable -identity FILE).
`

// actionName is the form of one IAM action, service:Name.
var actionName = regexp.MustCompile(`^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$`)

// checkOptions are the flags of "trailpolicy check".
type checkOptions struct {
	principal, action, resource, resourceAccount string
	contexts, identities                         multiFlag
	format                                       string
}

func (o *checkOptions) define(fs *flag.FlagSet) {
	fs.StringVar(&o.principal, "principal", "", "caller: an IAM `ARN` (role, session, user, root), a service such as cloudtrail.amazonaws.com, or anonymous")
	fs.StringVar(&o.action, "action", "", "the `action` called, such as s3:GetObject")
	fs.StringVar(&o.resource, "resource", "", "the resource `ARN`")
	fs.StringVar(&o.resourceAccount, "resource-account", "", "`ID` of the resource's account (default: from the ARN; for the bucket, logArchiveAccount)")
	fs.Var(&o.contexts, "context", "condition key `k=v` of the request (repeatable; repeat a key for several values)")
	fs.Var(&o.identities, "identity", "identity policy `FILE` attached to the principal (repeatable)")
	fs.StringVar(&o.format, "format", "text", "output `format`: text or json")
}

// checkReport is what check -format json prints.
type checkReport struct {
	Version  int          `json:"version"`
	Decision string       `json:"decision"`
	Allowed  bool         `json:"allowed"`
	Reason   string       `json:"reason"`
	Request  checkRequest `json:"request"`
	Deciding []statement  `json:"deciding"`
	Matched  []statement  `json:"matched"`
}

// checkRequest is the request check evaluated.
type checkRequest struct {
	Principal       string              `json:"principal"`
	Action          string              `json:"action"`
	Resource        string              `json:"resource"`
	ResourceAccount string              `json:"resourceAccount"`
	Context         map[string][]string `json:"context"`
}

// statement names one statement of a policy check evaluated.
type statement struct {
	Document  string `json:"document"`
	Statement int    `json:"statement"`
	Sid       string `json:"sid"`
	Effect    string `json:"effect"`
}

// run is "trailpolicy check [flags] -principal P -action A -resource R".
func (o *checkOptions) run(e *env, sf *setupFlags, pos []string) int {
	stdout, stderr := e.stdout, e.stderr
	if !slices.Contains(diffFormats, o.format) {
		return e.usageError("%s", unknown("-format", o.format, diffFormats, "text or json"))
	}
	if len(pos) != 0 {
		return e.usageError("check takes no arguments besides flags, got %s", quoteList(pos))
	}
	if o.principal == "" || o.action == "" || o.resource == "" {
		return e.usageError("check needs -principal, -action and -resource")
	}
	b, _, ok := sf.bundle(e)
	if !ok {
		return exitUsage
	}
	if b.Site.CreatesKey() {
		sf.problems(e, errCreatedKeyJSON)
		return exitUsage
	}
	// A request comes from one principal and calls one action: a wildcard
	// would be read as a literal name and match nothing, or the wrong
	// statements. An action of S3, CloudTrail or KMS, the services of the
	// setup's documents, must be a published one, so that a typo
	// (s3:GetObjekt) is an error rather than an ImplicitDeny; other
	// services have no list here and pass as written.
	if p := o.principal; p != "*" && strings.ContainsAny(p, "*?") {
		return e.usageError("-principal %s holds a wildcard: a request comes from one principal, so name it exactly (a role, session, user or root ARN, a service, or anonymous)", jsonstrict.Quote(p))
	}
	if !actionName.MatchString(o.action) {
		return e.usageError("-action %s is not one action written service:Name, such as s3:GetObject (a request calls one action: no wildcard)", jsonstrict.Quote(o.action))
	}
	if known, published, closest := actions.Check(o.action); known && !published {
		hint := ""
		if closest != "" {
			hint = "; did you mean " + closest + "?"
		}
		return e.usageError("-action %s is not an action of its service (AWS's published list, internal/actions)%s", jsonstrict.Quote(o.action), hint)
	}
	req := eval.Request{Action: o.action, Resource: o.resource, Context: map[string][]string{}}
	switch p := o.principal; {
	case strings.HasPrefix(p, "arn:"):
		req.Principal = eval.Principal{Type: eval.AWSPrincipal, ARN: p}
	case p == "anonymous" || p == "*":
		req.Principal = eval.Principal{Type: eval.AnonymousPrincipal}
	case strings.Contains(p, "."):
		req.Principal = eval.Principal{Type: eval.ServicePrincipal, Service: p}
	default:
		return e.usageError("-principal %s is neither an ARN, a service principal (name.amazonaws.com) nor anonymous", jsonstrict.Quote(p))
	}
	for _, c := range o.contexts {
		k, v, ok := strings.Cut(c, "=")
		if !ok || k == "" {
			return e.usageError("-context %s is not key=value", jsonstrict.Quote(c))
		}
		req.Context[k] = append(req.Context[k], v)
	}

	// The resource policy: the document whose target the resource is.
	arn, err := policy.ParseARN("-resource", o.resource)
	if err != nil {
		fmt.Fprintln(stderr, "trailpolicy:", err)
		return exitUsage
	}
	var pols eval.Policies
	var names policyNames
	req.ResourceAccount = arn.AccountID
	if d, ok := resourcePolicy(b.Documents, arn, o.resource); ok {
		pols.Resource, names.resource = d.Policy, d.Name
		if d.Target.Kind == cloudtrail.BucketPolicyTarget {
			req.ResourceAccount = d.Target.Account // S3 ARNs carry no account
		}
	}
	if o.resourceAccount != "" {
		req.ResourceAccount = o.resourceAccount
	}
	if req.Principal.Type == eval.AWSPrincipal && req.ResourceAccount == "" {
		return e.usageError("check: the resource's account is unknown: give -resource-account (or logArchiveAccount for the bucket)")
	}

	// Identity policies: the setup's policies of the principal's role, then -identity.
	if req.Principal.Type == eval.AWSPrincipal {
		for _, d := range b.Documents {
			t := d.Target
			switch {
			case (t.Kind == cloudtrail.RolePolicyTarget || t.Kind == cloudtrail.ExistingRolePolicyTarget) && isRoleOrSession(o.principal, t.RoleARN),
				t.Kind == cloudtrail.UserPolicyTarget && isUser(o.principal, t.Account, t.UserName):
				pols.Identity = append(pols.Identity, d.Policy)
				names.identity = append(names.identity, d.Name)
			}
		}
	}
	for _, path := range o.identities {
		data, err := e.in.read(path, "-identity")
		if err != nil {
			fmt.Fprintln(stderr, "trailpolicy:", err)
			return exitUsage
		}
		d, err := readExisting(policy.KindIdentityPolicy, data, false)
		if err != nil {
			return badFile(stderr, displayName(path), err)
		}
		pols.Identity = append(pols.Identity, d)
		names.identity = append(names.identity, displayName(path))
	}

	// SCPs: attached to the log archive and delivering accounts; never in
	// force in the management account.
	if a, err := policy.ParseARN("", o.principal); err == nil && req.Principal.Type == eval.AWSPrincipal {
		site := b.Site
		scpAccounts := append(site.Accounts(), site.LogArchiveAccount())
		if a.AccountID != site.ManagementAccount() && slices.Contains(scpAccounts, a.AccountID) {
			scps, _ := b.Select(trailpolicy.NameSCP)
			for _, d := range scps {
				pols.SCPs = append(pols.SCPs, d.Policy)
				names.scp = append(names.scp, d.Name)
			}
		}
	}

	// RCPs: attached to the accounts of the bucket and the key, the
	// resources they name; never in force in the management account
	// (eval leaves them out there).
	if d, ok := resourcePolicy(b.Documents, arn, o.resource); ok && (d.Target.Kind == cloudtrail.BucketPolicyTarget || d.Target.Kind == cloudtrail.KeyPolicyTarget) {
		rcps, _ := b.Select(trailpolicy.NameRCP)
		for _, d := range rcps {
			pols.RCPs = append(pols.RCPs, d.Policy)
			names.rcp = append(names.rcp, d.Name)
		}
		pols.ManagementAccount = b.Site.ManagementAccount()
	}

	res, err := eval.Evaluate(req, pols)
	if err != nil {
		for _, e := range policy.Unjoin(err) {
			fmt.Fprintln(stderr, "trailpolicy:", e)
		}
		return exitUsage
	}
	status := exitInvalid
	if res.Decision == eval.Allow {
		status = exitOK
	}
	if o.format == "json" {
		rep := checkReport{
			Version: jsonVersion, Decision: res.Decision.String(), Allowed: res.Decision == eval.Allow, Reason: res.Reason,
			Request:  checkRequest{Principal: o.principal, Action: req.Action, Resource: req.Resource, ResourceAccount: req.ResourceAccount, Context: req.Context},
			Deciding: statements(res.Deciding, pols, names), Matched: statements(res.Matched, pols, names),
		}
		if err := writeJSON(stdout, rep); err != nil {
			fmt.Fprintln(stderr, "trailpolicy:", err)
			return exitUsage
		}
		return status
	}
	fmt.Fprintln(stdout, res.Decision)
	fmt.Fprintln(stdout, "reason:", res.Reason)
	printRefs(stdout, "deciding statements:", res.Deciding, pols, names)
	if len(res.Deciding) == 0 {
		printRefs(stdout, "matching statements (not enough to allow):", res.Matched, pols, names)
	}
	return status
}

// statements describes each statement of refs, never nil.
func statements(refs []eval.StatementRef, p eval.Policies, n policyNames) []statement {
	out := []statement{}
	for _, r := range refs {
		s := statement{Document: n.name(r), Statement: r.Index, Sid: r.Sid}
		if d := docOf(r, p); d != nil && r.Index < len(d.Statements) {
			s.Effect = d.Statements[r.Index].Effect
		}
		out = append(out, s)
	}
	return out
}

// resourcePolicy returns the document attached to the resource arn (raw as
// given): the bucket's policy for the bucket and its objects, the key's
// policy for the key, a role's trust policy for the role, the topic's
// policy for the topic.
func resourcePolicy(docs cloudtrail.Documents, arn policy.ARN, raw string) (cloudtrail.Document, bool) {
	for _, d := range docs {
		t := d.Target
		switch {
		case t.Kind == cloudtrail.BucketPolicyTarget && arn.Service == "s3" && strings.Split(arn.Resource, "/")[0] == t.Bucket,
			t.Kind == cloudtrail.KeyPolicyTarget && arn.Service == "kms" && raw == t.KeyARN,
			t.Kind == cloudtrail.RoleTrustTarget && arn.Service == "iam" && raw == t.RoleARN,
			t.Kind == cloudtrail.TopicPolicyTarget && arn.Service == "sns" && raw == t.TopicARN:
			return d, true
		}
	}
	return cloudtrail.Document{}, false
}

// isRoleOrSession reports whether principal is role or a session of it.
func isRoleOrSession(principal, role string) bool {
	if principal == role {
		return true
	}
	r, err := policy.ParseRoleARN("", role)
	if err != nil {
		return false
	}
	name := r.Resource[strings.LastIndex(r.Resource, "/")+1:]
	prefix := "arn:" + string(r.Partition) + ":sts::" + r.AccountID + ":assumed-role/" + name + "/"
	return strings.HasPrefix(principal, prefix)
}

// isUser reports whether principal is the IAM user name (any path) of
// account.
func isUser(principal, account, name string) bool {
	a, err := policy.ParseIAMPrincipalARN("", principal)
	if err != nil || a.AccountID != account || !strings.HasPrefix(a.Resource, "user/") {
		return false
	}
	return a.Resource[strings.LastIndex(a.Resource, "/")+1:] == name
}

// policyNames are the document names of the policies given to eval.
type policyNames struct {
	resource string
	identity []string
	scp      []string
	rcp      []string
}

func (n policyNames) name(ref eval.StatementRef) string {
	var i int
	if ref.Policy == "resource" {
		return n.resource
	}
	if _, err := fmt.Sscanf(ref.Policy, "identity[%d]", &i); err == nil && i < len(n.identity) {
		return n.identity[i]
	}
	if _, err := fmt.Sscanf(ref.Policy, "scp[%d]", &i); err == nil && i < len(n.scp) {
		return n.scp[i]
	}
	if _, err := fmt.Sscanf(ref.Policy, "rcp[%d]", &i); err == nil && i < len(n.rcp) {
		return n.rcp[i]
	}
	return ref.Policy
}

// printRefs prints each statement as "  <document>: Statement[i] (Sid) Effect".
func printRefs(w io.Writer, title string, refs []eval.StatementRef, p eval.Policies, n policyNames) {
	if len(refs) == 0 {
		return
	}
	fmt.Fprintln(w, title)
	for _, r := range refs {
		effect := ""
		if d := docOf(r, p); d != nil && r.Index < len(d.Statements) {
			effect = " " + d.Statements[r.Index].Effect
		}
		sid := ""
		if r.Sid != "" {
			sid = " (" + r.Sid + ")"
		}
		fmt.Fprintf(w, "  %s: Statement[%d]%s%s\n", n.name(r), r.Index, sid, effect)
	}
}

func docOf(r eval.StatementRef, p eval.Policies) *policy.Document {
	var i int
	if r.Policy == "resource" {
		return p.Resource
	}
	if _, err := fmt.Sscanf(r.Policy, "identity[%d]", &i); err == nil && i < len(p.Identity) {
		return p.Identity[i]
	}
	if _, err := fmt.Sscanf(r.Policy, "scp[%d]", &i); err == nil && i < len(p.SCPs) {
		return p.SCPs[i]
	}
	if _, err := fmt.Sscanf(r.Policy, "rcp[%d]", &i); err == nil && i < len(p.RCPs) {
		return p.RCPs[i]
	}
	return nil
}
