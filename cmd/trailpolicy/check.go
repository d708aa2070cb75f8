package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
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
give it with -identity. It prints the decision, the reason, the condition
keys AWS derives from the principal that it added ("derived context:"; a key
given in any case wins; a session names its role without a path: give -context
aws:PrincipalArn=ARN for a role on one) and the statements that decided.

The document flags of audit (-bucket-policy FILE, -key-policy FILE, ...; -scp
repeatable) ask a deployed document in place of the setup's. -requests FILE
asks a batch instead of one request: one JSON object per line, shaped as the
"request" below ({"principal": ..., "action": ..., "resource": ...,
"resourceAccount": ..., "context": {"key": ["value"]}}; resourceAccount and
context may be left out), each line answered in turn: in text, the request,
its decision, reason and deciding statements; with -format json, one object
per line. A bad line is an error naming its number, and nothing is printed.

` + createdKeyHelp + `
With -format json, check prints one JSON object instead:
  {"version": 1, "decision": "ExplicitDeny", "allowed": false,
   "reason": "explicitly denied by scp[0].Statement[0] (DenyLogBucketTampering)",
   "request": {"principal": "arn:aws:iam::123456789012:role/Admin",
    "action": "s3:DeleteObject", "resource": "arn:aws:s3:::b/AWSLogs/x",
    "resourceAccount": "123456789012", "context": {...}},
   "deciding": [{"document": "scp", "statement": 0,
    "sid": "DenyLogBucketTampering", "effect": "Deny"}],
   "matched": [...]}
decision is Allow, ExplicitDeny or ImplicitDeny; deciding are the statements
the decision rests on (none for ImplicitDeny), matched every statement that
matches the request; document is a document name or an -identity FILE.

Exit status: 0 allowed (with -requests: every request); 1 denied (any); 2
usage error or bad input (an invalid setup, an unreadable -identity FILE, a bad
line of -requests).
`

// actionName is the form of one IAM action, service:Name.
var actionName = regexp.MustCompile(`^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$`)

// checkOptions are the flags of "trailpolicy check".
type checkOptions struct {
	principal, action, resource, resourceAccount string
	contexts, identities                         multiFlag
	format                                       string
	requests                                     string
	files                                        map[string]*string    // a deployed document in place of the setup's, by name
	orgs                                         map[string]*multiFlag // the same for the SCPs and RCPs, repeatable
}

func (o *checkOptions) define(fs *flag.FlagSet) {
	fs.StringVar(&o.principal, "principal", "", "caller: an IAM `ARN` (role, session, user, root), a service such as cloudtrail.amazonaws.com, or anonymous")
	fs.StringVar(&o.action, "action", "", "the `action` called, such as s3:GetObject")
	fs.StringVar(&o.resource, "resource", "", "the resource `ARN`")
	fs.StringVar(&o.resourceAccount, "resource-account", "", "`ID` of the resource's account (default: from the ARN; for the bucket, logArchiveAccount)")
	fs.Var(&o.contexts, "context", "condition key `k=v` of the request (repeatable; repeat a key for several values)")
	fs.Var(&o.identities, "identity", "identity policy `FILE` attached to the principal (repeatable)")
	fs.StringVar(&o.format, "format", "text", "output `format`: text or json")
	fs.StringVar(&o.requests, "requests", "", "`FILE` of requests, one JSON object per line, each answered in turn")
	o.files, o.orgs = defineDocumentFlags(fs, "in place of the setup's")
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

// String reads like a statement line of the text output.
func (s statement) String() string {
	sid := ""
	if s.Sid != "" {
		sid = " (" + s.Sid + ")"
	}
	return fmt.Sprintf("%s: Statement[%d]%s %s", s.Document, s.Statement, sid, s.Effect)
}

// statement names one statement of a policy check evaluated.
type statement struct {
	Document  string `json:"document"`
	Statement int    `json:"statement"`
	Sid       string `json:"sid"`
	Effect    string `json:"effect"`
}

// run is "trailpolicy check [flags] -principal P -action A -resource R", or
// with -requests FILE, one request per line of FILE.
func (o *checkOptions) run(e *env, sf *setupFlags, pos []string) int {
	stdout, stderr := e.stdout, e.stderr
	if !slices.Contains(diffFormats, o.format) {
		return e.usageError("%s", unknown("-format", o.format, diffFormats, "text or json"))
	}
	if len(pos) != 0 {
		return e.usageError("check takes no arguments besides flags, got %s", quoteList(pos))
	}
	single := o.principal != "" || o.action != "" || o.resource != "" || o.resourceAccount != "" || len(o.contexts) > 0
	switch {
	case o.requests != "" && single:
		return e.usageError("check takes either -requests FILE or one request (-principal, -action, -resource, -context), not both")
	case o.requests == "" && (o.principal == "" || o.action == "" || o.resource == ""):
		return e.usageError("check needs -principal, -action and -resource, or -requests FILE")
	}
	b, ok := sf.deployedBundle(e)
	if !ok {
		return exitUsage
	}
	docs, scps, rcps, status, ok := o.documents(e, b)
	if !ok {
		return status
	}
	var ids []*policy.Document
	var idNames []string
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
		ids = append(ids, d)
		idNames = append(idNames, displayName(path))
	}
	q := checkQuery{site: b.Site, docs: docs, scps: scps, rcps: rcps, identities: ids, identityNames: idNames}

	if o.requests == "" {
		ctx := map[string][]string{}
		for _, c := range o.contexts {
			k, v, ok := strings.Cut(c, "=")
			if !ok || k == "" {
				return e.usageError("-context %s is not key=value", jsonstrict.Quote(c))
			}
			ctx[k] = append(ctx[k], v)
		}
		a, msg, err := q.ask(checkRequest{Principal: o.principal, Action: o.action, Resource: o.resource, ResourceAccount: o.resourceAccount, Context: ctx})
		switch {
		case msg != "":
			return e.usageError("%s", msg)
		case err != nil:
			for _, e := range policy.Unjoin(err) {
				fmt.Fprintln(stderr, "trailpolicy:", e)
			}
			return exitUsage
		}
		if o.format == "json" {
			if err := writeJSON(stdout, a.report()); err != nil {
				fmt.Fprintln(stderr, "trailpolicy:", err)
				return exitUsage
			}
			return a.status()
		}
		a.print(stdout)
		return a.status()
	}

	// A batch: every line is read and asked before anything is printed,
	// so that a bad line leaves no half-printed answer.
	data, err := e.in.read(o.requests, "-requests")
	if err != nil {
		fmt.Fprintln(stderr, "trailpolicy:", err)
		return exitUsage
	}
	name := displayName(o.requests)
	var answers []answer
	var problems []string
	for i, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		at := fmt.Sprintf("%s: line %d: ", name, i+1)
		if dups, _ := jsonstrict.Duplicates([]byte(line), jsonstrict.Options{}); len(dups) > 0 {
			problems = append(problems, at+dups[0].Error())
			continue
		}
		var req checkRequest
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			problems = append(problems, at+"not a request "+requestShape+": "+err.Error())
			continue
		}
		if dec.More() {
			problems = append(problems, at+"more than one request on the line")
			continue
		}
		a, msg, err := q.ask(req)
		switch {
		case msg != "":
			problems = append(problems, at+msg)
		case err != nil:
			for _, e := range policy.Unjoin(err) {
				problems = append(problems, at+e.Error())
			}
		default:
			answers = append(answers, a)
		}
	}
	if len(problems) > 0 {
		for i, p := range problems {
			if i == maxProblems {
				fmt.Fprintf(stderr, "trailpolicy: ... and %s more (%s problems in all)\n", thousands(len(problems)-i), thousands(len(problems)))
				break
			}
			fmt.Fprintln(stderr, cutLine("trailpolicy: "+p))
		}
		return exitUsage
	}
	status = exitOK
	for _, a := range answers {
		if a.status() != exitOK {
			status = exitInvalid
		}
		if o.format == "json" {
			line, err := json.Marshal(a.report())
			if err != nil {
				fmt.Fprintln(stderr, "trailpolicy:", err)
				return exitUsage
			}
			fmt.Fprintln(stdout, string(line))
			continue
		}
		fmt.Fprintf(stdout, "%s %s %s: %s\n", a.req.Principal, a.req.Action, a.req.Resource, a.res.Decision)
		fmt.Fprintln(stdout, "  reason:", a.res.Reason)
		if a.derived != "" {
			fmt.Fprintln(stdout, "  derived context:", a.derived)
		}
		for _, s := range statements(a.res.Deciding, a.pols, a.names) {
			fmt.Fprintf(stdout, "  decided by %s\n", s)
		}
	}
	return status
}

// requestShape is the form of one line of -requests.
const requestShape = `{"principal": ..., "action": ..., "resource": ..., "resourceAccount": ..., "context": {"key": ["value"]}}`

// documents returns the setup's documents with those given by file in
// their place, and the SCPs in force: the -scp files when given, else the
// setup's.
func (o *checkOptions) documents(e *env, b *trailpolicy.Bundle) (cloudtrail.Documents, []namedPolicy, []namedPolicy, int, bool) {
	docs := append(cloudtrail.Documents(nil), b.Documents...)
	for _, name := range trailpolicy.DocumentNames() {
		p := o.files[name]
		if p == nil || *p == "" {
			continue
		}
		k, _ := audit.Kind(name)
		data, err := e.in.read(*p, "-"+name)
		if err != nil {
			fmt.Fprintln(e.stderr, "trailpolicy:", err)
			return nil, nil, nil, exitUsage, false
		}
		d, err := readExisting(k, data, true)
		if err != nil {
			return nil, nil, nil, badFile(e.stderr, displayName(*p), err), false
		}
		i := slices.IndexFunc(docs, func(x cloudtrail.Document) bool { return x.Name == name })
		if i < 0 {
			fmt.Fprintln(e.stderr, "trailpolicy:", trailpolicy.MissingDocument(name))
			return nil, nil, nil, exitUsage, false
		}
		docs[i].Policy = d
	}
	orgs := map[string][]namedPolicy{}
	for _, name := range []string{trailpolicy.NameSCP, trailpolicy.NameRCP} {
		files := o.orgs[name]
		if files == nil || len(*files) == 0 {
			sel, _ := b.Select(name)
			for _, d := range sel {
				orgs[name] = append(orgs[name], namedPolicy{d.Name, d.Policy})
			}
			continue
		}
		k, _ := audit.Kind(name)
		for _, p := range *files {
			data, err := e.in.read(p, "-"+name)
			if err != nil {
				fmt.Fprintln(e.stderr, "trailpolicy:", err)
				return nil, nil, nil, exitUsage, false
			}
			d, err := readExisting(k, data, true)
			if err != nil {
				return nil, nil, nil, badFile(e.stderr, displayName(p), err), false
			}
			orgs[name] = append(orgs[name], namedPolicy{displayName(p), d})
		}
	}
	return docs, orgs[trailpolicy.NameSCP], orgs[trailpolicy.NameRCP], 0, true
}

// namedPolicy is a policy with the name check prints for it.
type namedPolicy struct {
	name string
	doc  *policy.Document
}

// checkQuery is what every request of one check is asked against.
type checkQuery struct {
	site          *cloudtrail.Site
	docs          cloudtrail.Documents
	scps, rcps    []namedPolicy
	identities    []*policy.Document
	identityNames []string
	// prepared holds the policies of each set asked so far, compiled once
	// (eval.Prepare): a batch of -requests asks many requests of few sets.
	prepared map[preparedKey]preparedSet
}

// preparedKey names one set of policies by the documents in it, each the
// same *policy.Document for every request that asks it.
type preparedKey struct {
	resource   *policy.Document
	identity   string // the addresses of the identity policies, in order
	scps, rcps bool   // all of q.scps, q.rcps, or none
	management string
}

// preparedSet is one set's eval.Prepare.
type preparedSet struct {
	p   *eval.Prepared
	err error
}

// evaluate decides req under pols, compiling each set of policies once.
func (q *checkQuery) evaluate(req eval.Request, pols eval.Policies) (eval.Result, error) {
	var ids strings.Builder
	for _, d := range pols.Identity {
		fmt.Fprintf(&ids, "%p,", d)
	}
	key := preparedKey{resource: pols.Resource, identity: ids.String(), scps: len(pols.SCPs) > 0, rcps: len(pols.RCPs) > 0, management: pols.ManagementAccount}
	set, ok := q.prepared[key]
	if !ok {
		set.p, set.err = eval.Prepare(pols)
		if q.prepared == nil {
			q.prepared = map[preparedKey]preparedSet{}
		}
		q.prepared[key] = set
	}
	if set.err != nil {
		return eval.Result{}, set.err
	}
	return set.p.Evaluate(req)
}

// answer is one request, evaluated.
type answer struct {
	req   checkRequest
	res   eval.Result
	pols  eval.Policies
	names policyNames
	// derived are the condition keys check added (eval.DerivedContext),
	// as contextLine writes them.
	derived string
}

func (a answer) status() int {
	if a.res.Decision == eval.Allow {
		return exitOK
	}
	return exitInvalid
}

func (a answer) report() checkReport {
	return checkReport{
		Version: jsonVersion, Decision: a.res.Decision.String(), Allowed: a.res.Decision == eval.Allow, Reason: a.res.Reason,
		Request: a.req, Deciding: statements(a.res.Deciding, a.pols, a.names), Matched: statements(a.res.Matched, a.pols, a.names),
	}
}

func (a answer) print(w io.Writer) {
	fmt.Fprintln(w, a.res.Decision)
	fmt.Fprintln(w, "reason:", a.res.Reason)
	if a.derived != "" {
		fmt.Fprintln(w, "derived context:", a.derived)
	}
	printRefs(w, "deciding statements:", a.res.Deciding, a.pols, a.names)
	if len(a.res.Deciding) == 0 {
		printRefs(w, "matching statements (not enough to allow):", a.res.Matched, a.pols, a.names)
	}
}

// ask evaluates one request. msg is a problem of the request itself (a
// usage error for a request given by flags); err the evaluator's.
func (q *checkQuery) ask(in checkRequest) (a answer, msg string, err error) {
	// A request comes from one principal and calls one action: a wildcard
	// would be read as a literal name and match nothing, or the wrong
	// statements. An action of S3, CloudTrail or KMS, the services of the
	// setup's documents, must be a published one, so that a typo
	// (s3:GetObjekt) is an error rather than an ImplicitDeny; other
	// services have no list here and pass as written.
	if in.Principal == "" || in.Action == "" || in.Resource == "" {
		return a, "a request needs a principal, an action and a resource", nil
	}
	if p := in.Principal; p != "*" && strings.ContainsAny(p, "*?") {
		return a, fmt.Sprintf("-principal %s holds a wildcard: a request comes from one principal, so name it exactly (a role, session, user or root ARN, a service, or anonymous)", jsonstrict.Quote(p)), nil
	}
	if !actionName.MatchString(in.Action) {
		return a, fmt.Sprintf("-action %s is not one action written service:Name, such as s3:GetObject (a request calls one action: no wildcard)", jsonstrict.Quote(in.Action)), nil
	}
	if known, published, closest := actions.Check(in.Action); known && !published {
		hint := ""
		if closest != "" {
			hint = "; did you mean " + closest + "?"
		}
		return a, fmt.Sprintf("-action %s is not an action of its service (AWS's published list, internal/actions)%s", jsonstrict.Quote(in.Action), hint), nil
	}
	ctx := map[string][]string{}
	for k, v := range in.Context {
		ctx[k] = v
	}
	req := eval.Request{Action: in.Action, Resource: in.Resource, Context: ctx}
	switch p := in.Principal; {
	case strings.HasPrefix(p, "arn:"):
		req.Principal = eval.Principal{Type: eval.AWSPrincipal, ARN: p}
	case p == "anonymous" || p == "*":
		req.Principal = eval.Principal{Type: eval.AnonymousPrincipal}
	case strings.Contains(p, "."):
		req.Principal = eval.Principal{Type: eval.ServicePrincipal, Service: p}
	default:
		return a, fmt.Sprintf("-principal %s is neither an ARN, a service principal (name.amazonaws.com) nor anonymous", jsonstrict.Quote(p)), nil
	}
	// The keys AWS derives from the principal, which the request did not
	// give (one given in any letter case wins): without them a condition
	// such as the key policy's kms:CallerAccount never matches.
	derived := eval.DerivedContext(req)
	for k, v := range derived {
		ctx[k] = v
	}

	// The resource policy: the document whose target the resource is.
	arn, perr := policy.ParseARN("-resource", in.Resource)
	if perr != nil {
		return a, perr.Error(), nil
	}
	var pols eval.Policies
	var names policyNames
	req.ResourceAccount = arn.AccountID
	if d, ok := resourcePolicy(q.docs, arn, in.Resource); ok {
		pols.Resource, names.resource = d.Policy, d.Name
		if d.Target.Kind == cloudtrail.BucketPolicyTarget {
			req.ResourceAccount = d.Target.Account // S3 ARNs carry no account
		}
	}
	if in.ResourceAccount != "" {
		req.ResourceAccount = in.ResourceAccount
	}
	if req.Principal.Type == eval.AWSPrincipal && req.ResourceAccount == "" {
		return a, "check: the resource's account is unknown: give -resource-account (or logArchiveAccount for the bucket)", nil
	}

	// Identity policies: the setup's policies of the principal's role, then -identity.
	if req.Principal.Type == eval.AWSPrincipal {
		for _, d := range q.docs {
			t := d.Target
			switch {
			case (t.Kind == cloudtrail.RolePolicyTarget || t.Kind == cloudtrail.ExistingRolePolicyTarget) && isRoleOrSession(in.Principal, t.RoleARN),
				t.Kind == cloudtrail.UserPolicyTarget && isUser(in.Principal, t.Account, t.UserName):
				pols.Identity = append(pols.Identity, d.Policy)
				names.identity = append(names.identity, d.Name)
			}
		}
	}
	pols.Identity = append(pols.Identity, q.identities...)
	names.identity = append(names.identity, q.identityNames...)

	// SCPs: attached to the log archive and delivering accounts; never in
	// force in the management account.
	if pa, err := policy.ParseARN("", in.Principal); err == nil && req.Principal.Type == eval.AWSPrincipal {
		site := q.site
		scpAccounts := append(site.Accounts(), site.LogArchiveAccount())
		if pa.AccountID != site.ManagementAccount() && slices.Contains(scpAccounts, pa.AccountID) {
			for _, d := range q.scps {
				pols.SCPs = append(pols.SCPs, d.doc)
				names.scp = append(names.scp, d.name)
			}
		}
	}

	// RCPs: attached to the accounts of the bucket and the key, the
	// resources they name; never in force in the management account
	// (eval leaves them out there).
	if d, ok := resourcePolicy(q.docs, arn, in.Resource); ok && (d.Target.Kind == cloudtrail.BucketPolicyTarget || d.Target.Kind == cloudtrail.KeyPolicyTarget) {
		for _, d := range q.rcps {
			pols.RCPs = append(pols.RCPs, d.doc)
			names.rcp = append(names.rcp, d.name)
		}
		pols.ManagementAccount = q.site.ManagementAccount()
	}

	res, err := q.evaluate(req, pols)
	if err != nil {
		return a, "", err
	}
	in.ResourceAccount = req.ResourceAccount
	in.Context = req.Context
	return answer{req: in, res: res, pols: pols, names: names, derived: contextLine(derived)}, "", nil
}

// contextLine writes ctx as "k=v, k=v" in key order; "" for none.
func contextLine(ctx map[string][]string) string {
	var parts []string
	for k, vs := range ctx {
		for _, v := range vs {
			parts = append(parts, k+"="+v)
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, ", ")
}

// statements describes each statement of refs, never nil.
func statements(refs []eval.StatementRef, p eval.Policies, n policyNames) []statement {
	out := []statement{}
	for _, r := range refs {
		out = append(out, statement{Document: n.name(r), Statement: r.Index, Sid: r.Sid, Effect: p.Effect(r)})
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
	slot, i, _ := ref.Slot()
	var names []string
	switch slot {
	case eval.SlotResource:
		return n.resource
	case eval.SlotIdentity:
		names = n.identity
	case eval.SlotSCP:
		names = n.scp
	case eval.SlotRCP:
		names = n.rcp
	}
	if i < len(names) {
		return names[i]
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
		if e := p.Effect(r); e != "" {
			effect = " " + e
		}
		sid := ""
		if r.Sid != "" {
			sid = " (" + r.Sid + ")"
		}
		fmt.Fprintf(w, "  %s: Statement[%d]%s%s\n", n.name(r), r.Index, sid, effect)
	}
}
