package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// multiFlag is a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// runCheck is "trailpolicy check [flags] -principal P -action A -resource R".
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs, sf := newFlagSet("trailpolicy check", stderr)
	principal := fs.String("principal", "", "caller: an IAM `ARN` (role, assumed-role session, user, root), a service such as cloudtrail.amazonaws.com, or anonymous")
	action := fs.String("action", "", "the `action` called, such as s3:GetObject")
	resource := fs.String("resource", "", "the resource `ARN`")
	resourceAccount := fs.String("resource-account", "", "`ID` of the account owning the resource (default: from the ARN; the log archive account for the bucket)")
	var contexts, identities multiFlag
	fs.Var(&contexts, "context", "condition key `k=v` of the request (repeatable; repeat a key for several values)")
	fs.Var(&identities, "identity", "identity policy `FILE` attached to the principal (repeatable)")
	pos, status, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return status
	}
	if len(pos) != 0 {
		return usageError(stderr, "check takes no arguments besides flags, got %q", pos)
	}
	if *principal == "" || *action == "" || *resource == "" {
		return usageError(stderr, "check needs -principal, -action and -resource")
	}
	b, _, ok := sf.bundle(stderr)
	if !ok {
		return exitUsage
	}

	req := eval.Request{Action: *action, Resource: *resource, Context: map[string][]string{}}
	switch p := *principal; {
	case strings.HasPrefix(p, "arn:"):
		req.Principal = eval.Principal{Type: eval.AWSPrincipal, ARN: p}
	case p == "anonymous" || p == "*":
		req.Principal = eval.Principal{Type: eval.AnonymousPrincipal}
	case strings.Contains(p, "."):
		req.Principal = eval.Principal{Type: eval.ServicePrincipal, Service: p}
	default:
		return usageError(stderr, "-principal %q is neither an ARN, a service principal (name.amazonaws.com) nor anonymous", p)
	}
	for _, c := range contexts {
		k, v, ok := strings.Cut(c, "=")
		if !ok || k == "" {
			return usageError(stderr, "-context %q is not key=value", c)
		}
		req.Context[k] = append(req.Context[k], v)
	}

	// The resource policy: the document whose target the resource is.
	arn, err := policy.ParseARN("-resource", *resource)
	if err != nil {
		fmt.Fprintln(stderr, "trailpolicy:", err)
		return exitUsage
	}
	var pols eval.Policies
	var names policyNames
	req.ResourceAccount = arn.AccountID
	if d, ok := resourcePolicy(b.Documents, arn, *resource); ok {
		pols.Resource, names.resource = d.Policy, d.Name
		if d.Target.Kind == cloudtrail.BucketPolicyTarget {
			req.ResourceAccount = d.Target.Account // S3 ARNs carry no account
		}
	}
	if *resourceAccount != "" {
		req.ResourceAccount = *resourceAccount
	}
	if req.Principal.Type == eval.AWSPrincipal && req.ResourceAccount == "" {
		return usageError(stderr, "check: the resource's account is unknown: give -resource-account (or logArchiveAccount for the bucket)")
	}

	// Identity policies: the setup's policies of the principal's role, then -identity.
	if req.Principal.Type == eval.AWSPrincipal {
		for _, d := range b.Documents.Of(cloudtrail.RolePolicyTarget) {
			if isRoleOrSession(*principal, d.Target.RoleARN) {
				pols.Identity = append(pols.Identity, d.Policy)
				names.identity = append(names.identity, d.Name)
			}
		}
	}
	for _, path := range identities {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(stderr, "trailpolicy:", err)
			return exitUsage
		}
		d, err := policy.Decode(policy.KindIdentityPolicy, data)
		if err != nil {
			fmt.Fprintf(stderr, "trailpolicy: %s: %v\n", path, err)
			return exitUsage
		}
		pols.Identity = append(pols.Identity, d)
		names.identity = append(names.identity, path)
	}

	// SCPs: attached to the log archive and delivering accounts; never in
	// force in the management account.
	if a, err := policy.ParseARN("", *principal); err == nil && req.Principal.Type == eval.AWSPrincipal {
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

	res, err := eval.Evaluate(req, pols)
	if err != nil {
		for _, e := range policy.Unjoin(err) {
			fmt.Fprintln(stderr, "trailpolicy:", e)
		}
		return exitUsage
	}
	fmt.Fprintln(stdout, res.Decision)
	fmt.Fprintln(stdout, "reason:", res.Reason)
	printRefs(stdout, "deciding statements:", res.Deciding, pols, names)
	if len(res.Deciding) == 0 {
		printRefs(stdout, "matching statements (not enough to allow):", res.Matched, pols, names)
	}
	if res.Decision == eval.Allow {
		return exitOK
	}
	return exitInvalid
}

// resourcePolicy returns the document attached to the resource arn (raw as
// given): the bucket's policy for the bucket and its objects, the key's
// policy for the key, a role's trust policy for the role.
func resourcePolicy(docs cloudtrail.Documents, arn policy.ARN, raw string) (cloudtrail.Document, bool) {
	for _, d := range docs {
		t := d.Target
		switch {
		case t.Kind == cloudtrail.BucketPolicyTarget && arn.Service == "s3" && strings.Split(arn.Resource, "/")[0] == t.Bucket,
			t.Kind == cloudtrail.KeyPolicyTarget && arn.Service == "kms" && raw == t.KeyARN,
			t.Kind == cloudtrail.RoleTrustTarget && arn.Service == "iam" && raw == t.RoleARN:
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

// policyNames are the document names of the policies given to eval.
type policyNames struct {
	resource string
	identity []string
	scp      []string
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
	return nil
}
