package properties_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
	"github.com/trailpolicy/trailpolicy/scp"
	"github.com/trailpolicy/trailpolicy/trust"
)

// Accounts of the scenarios. The IDs are made up but valid; each plays one
// part, so that a request's outcome can be traced to who made it.
const (
	acctA        = "111111111111" // delivers; holds bucket and key in the single and multi setups; management account of the organization
	acctB        = "222222222222" // delivers (multi)
	acctC        = "333333333333" // delivers (multi)
	acctLog      = "444444444444" // log archive account of the organization: bucket, reader roles
	acctSec      = "555555555555" // security account of the organization: KMS key, security team
	acctMember   = "666666666666" // an ordinary organization member with a trail of its own
	acctOutsider = "777777777777" // an unrelated AWS account, trails and roles of its own
	acctVendor   = "888888888888" // the vendor that reads the logs
	orgID        = "o-exampleorg1"
	otherOrgID   = "o-otherorg999"
	keyID        = "1234abcd-12ab-34cd-56ef-1234567890ab"
	homeRegion   = "us-east-1"
	part         = policy.PartitionAWS
)

// otherKey is a KMS key the logs must never be written under.
var otherKey = policy.KeyARN(part, homeRegion, acctOutsider, "99999999-9999-9999-9999-999999999999")

// setup is one logging setup: who delivers, where the logs go, who reads them
// and who protects them. It is the input every document is built from.
type setup struct {
	name         string
	bucket       string
	prefix       string
	logAccount   string                   // owns the bucket, the reader roles and the break-glass role
	accounts     []string                 // accounts whose own trails deliver (cloudtrail.SiteConfig.Accounts)
	org          *cloudtrail.Organization // the organization trail, if any
	members      []string                 // organization members besides the management account
	keyARN       string                   // KMS key of the log files; "" for SSE-S3
	keyAdmins    []string                 // key administrators (roles or users in the key's account)
	readers      []string                 // reader roles besides the security team's read role (cloudtrail.SiteConfig.Readers)
	securityTeam string                   // role of the security team that assumes the reader role
	vendor       string                   // vendor account
	externalID   string                   // vendor's external ID
	vendorRole   string                   // name of the vendor role; "" for the default
	scpAccounts  []string                 // accounts the SCP is attached to
	breakGlass   []string                 // break-glass role ARNs exempted by the SCP
	protectTrail bool                     // the SCP protects the delivering trails of attached accounts
}

// world is a setup with the validated site it describes and the documents
// in force, each built from that one site.
type world struct {
	setup
	site         *cloudtrail.Site   // cloudtrail.New(siteConfig()), which every builder is given
	bucketPolicy *policy.Document   // resource policy of the bucket
	keyPolicy    *policy.Document   // key policy; nil without KMS
	vendorTrust  *policy.Document   // trust policy of the vendor role
	readerTrust  *policy.Document   // trust policy of the security team's read role
	vendorRead   *policy.Document   // identity policy of the vendor role
	readerRead   *policy.Document   // identity policy of the security team's read role
	scps         []*policy.Document // SCPs attached to scpAccounts
}

// siteConfig is the shared description of the setup's logging site: the
// values every document reads. The security team's read role is one of the
// site's readers (it decrypts like the vendor's role, which the key policy
// adds by itself), named as trust.ReaderConfig.RoleARN names it; build
// checks that the two agree.
func (s setup) siteConfig() cloudtrail.SiteConfig {
	return cloudtrail.SiteConfig{
		Partition:         part,
		Bucket:            s.bucket,
		Prefix:            s.prefix,
		LogArchiveAccount: s.logAccount,
		Accounts:          s.accounts,
		Organization:      s.org,
		KMSKeyARN:         s.keyARN,
		Readers:           append([]string{s.readerRoleARN()}, s.readers...),
		BreakGlassRoles:   s.breakGlass,
	}
}

// readerRoleARN is the security team's read role in the log account, with
// trust's default name.
func (s setup) readerRoleARN() string {
	return policy.RoleARN(part, s.logAccount, trust.DefaultReaderRoleName)
}

func (s setup) kms() bool { return s.keyARN != "" }

func (w *world) vendorConfig() trust.VendorConfig {
	return trust.VendorConfig{Site: w.site, Vendor: trust.Vendor{Account: w.vendor, ExternalID: w.externalID, RoleName: w.vendorRole}}
}

// vendorRoleARN is the ARN of the vendor's role; the world's setups all
// name one.
func (w *world) vendorRoleARN() string {
	arn, ok := w.vendorConfig().RoleARN()
	if !ok {
		panic(fmt.Sprintf("%s: the vendor config names no role", w.name))
	}
	return arn
}

func (w *world) readerConfig() trust.ReaderConfig {
	return trust.ReaderConfig{Site: w.site, Principals: []string{w.securityTeam}, LimitToOrganization: w.org != nil}
}

// readerRoleARN is the ARN of the security team's read role, as
// trust.ReaderConfig names it.
func (w *world) readerRoleARN() string {
	arn, ok := w.readerConfig().RoleARN()
	if !ok {
		panic(fmt.Sprintf("%s: the reader config names no role", w.name))
	}
	return arn
}

func (s setup) mgmt() string {
	if s.org == nil {
		return ""
	}
	return s.org.ManagementAccount
}

func (s setup) keyAccount() string {
	if s.keyARN == "" {
		return ""
	}
	return accountOf(s.keyARN)
}

// owners are the accounts whose trails may deliver.
func (w *world) owners() []string { return w.site.OwnerAccounts() }

func (w *world) owns(account string) bool { return slices.Contains(w.owners(), account) }

// inOrg reports whether account belongs to the setup's organization.
func (s setup) inOrg(account string) bool {
	return s.org != nil && (account == s.org.ManagementAccount || slices.Contains(s.members, account))
}

// universe is every account that appears in the setup, plus an outsider.
func (s setup) universe() []string {
	all := []string{s.logAccount, s.vendor, acctOutsider, accountOf(s.securityTeam)}
	all = append(all, s.accounts...)
	all = append(all, s.members...)
	if s.org != nil {
		all = append(all, s.org.ManagementAccount)
	}
	if s.kms() {
		all = append(all, s.keyAccount())
	}
	return policy.SortedUnique(all)
}

// trailsOf returns the trails of an account: two (in two home Regions) for a
// delivering account, one for any other, and the organization trail for the
// management account.
func (w *world) trailsOf(account string) []string {
	out := []string{cloudtrail.TrailARN(part, homeRegion, account, "main")}
	if w.owns(account) {
		out = append(out, cloudtrail.TrailARN(part, "eu-west-1", account, "audit"))
	}
	if account == w.mgmt() {
		out = append(out, w.orgTrail())
	}
	return out
}

func (s setup) orgTrail() string { return cloudtrail.TrailARN(part, homeRegion, s.mgmt(), "org-trail") }

// allTrails is every trail of every account of the universe.
func (w *world) allTrails() []string {
	var out []string
	for _, a := range w.universe() {
		out = append(out, w.trailsOf(a)...)
	}
	return out
}

// logRoot is [prefix/]AWSLogs, where CloudTrail writes.
func (s setup) logRoot() string { return cloudtrail.LogPath(s.prefix) }

func (s setup) bucketARN() string { return policy.BucketARN(part, s.bucket) }

func (s setup) objectARN(key string) string { return policy.ObjectARN(part, s.bucket, key) }

// build creates the world of s with the library's default documents: the
// setup's site is validated once, by cloudtrail.New, and every builder is
// given that Site, as trailpolicy.Setup.Build does.
func build(t testing.TB, s setup) *world {
	t.Helper()
	site, err := cloudtrail.New(s.siteConfig())
	if err != nil {
		t.Fatalf("%s: cloudtrail.New: %v", s.name, err)
	}
	w := &world{setup: s, site: site}
	if got, want := w.readerRoleARN(), s.readerRoleARN(); got != want {
		t.Fatalf("%s: the site's reader is %s, but trust.ReaderConfig names the read role %s", s.name, want, got)
	}
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: build %s: %v", s.name, what, err)
		}
	}
	w.bucketPolicy, err = bucket.Build(bucket.Config{Site: site})
	must("bucket policy", err)
	w.vendorTrust, err = trust.BuildTrustPolicy(w.vendorConfig())
	must("vendor trust policy", err)
	w.readerTrust, err = trust.BuildReaderTrustPolicy(w.readerConfig())
	must("reader trust policy", err)
	read := trust.ReadConfig{Site: site}
	w.vendorRead, err = trust.BuildReadPolicy(read)
	must("vendor read policy", err)
	w.readerRead, err = trust.BuildReadPolicy(read)
	must("reader read policy", err)
	if s.kms() {
		w.keyPolicy, err = kmskey.Build(w.keyConfig())
		must("key policy", err)
	}
	w.scps, err = scp.Build(w.scpConfig())
	must("SCP", err)
	return w
}

// keyConfig is the key policy's config: the site's readers (the security
// team's read role and s.readers) and the vendor's role decrypt.
func (w *world) keyConfig() kmskey.Config {
	return kmskey.Config{Site: w.site, KeyAdministrators: w.keyAdmins, VendorRoleARN: w.vendorRoleARN()}
}

// scpConfig protects the site's key when the SCP is attached to the key's
// account, and, with protectTrail, the delivering trails of the attached
// accounts.
func (w *world) scpConfig() scp.Config {
	c := scp.Config{Site: w.site}
	if w.kms() && !slices.Contains(w.scpAccounts, w.keyAccount()) {
		c.Options.LeaveKeyUnprotected = true
	}
	if w.protectTrail {
		for _, a := range w.scpAccounts {
			if w.owns(a) {
				c.Options.ProtectTrails = append(c.Options.ProtectTrails, w.trailsOf(a)...)
			}
		}
	}
	return c
}

// protectsKey reports whether the SCP of w protects the key.
func (w *world) protectsKey() bool { return w.kms() && !w.scpConfig().Options.LeaveKeyUnprotected }

// protectedTrails are the trails the SCP of w protects: the site names no
// exact trails, so they are the options' ProtectTrails.
func (w *world) protectedTrails() []string { return w.scpConfig().Options.ProtectTrails }

// scpsFor returns the SCPs that apply to principals of account.
func (w *world) scpsFor(account string) []*policy.Document {
	if slices.Contains(w.scpAccounts, account) {
		return w.scps
	}
	return nil
}

// ---------------------------------------------------------------------------
// Callers.

// caller is who makes a request, with the identity policies attached to it
// and the condition keys AWS sets for it.
type caller struct {
	name      string
	principal eval.Principal
	account   string // "" for services and anonymous callers
	roleARN   string // aws:PrincipalArn: the role of a session, else the principal's ARN
	root      bool
	identity  []*policy.Document
	context   map[string][]string
}

// session is a session of role name in account, with identity policies.
func (w *world) session(account, role string, identity ...*policy.Document) caller {
	roleARN := policy.RoleARN(part, account, role)
	return w.iamCaller(role+"@"+account, fmt.Sprintf("arn:%s:sts::%s:assumed-role/%s/session", part, account, role), roleARN, account, identity)
}

// rootUser is the root user of account.
func (w *world) rootUser(account string) caller {
	arn := policy.AccountRootARN(part, account)
	c := w.iamCaller("root@"+account, arn, arn, account, nil)
	c.root = true
	return c
}

// principalFromARN is the caller named by an IAM role or user ARN: a session
// of the role, or the user (key administrators may be either).
func (w *world) principalFromARN(arn string, identity ...*policy.Document) caller {
	a, err := policy.ParseIAMPrincipalARN("arn", arn)
	if err != nil {
		panic(err)
	}
	name := strings.TrimPrefix(strings.TrimPrefix(a.Resource, "role/"), "user/")
	if strings.HasPrefix(a.Resource, "role/") {
		return w.session(a.AccountID, name, identity...)
	}
	return w.iamCaller(name+"@"+a.AccountID, arn, arn, a.AccountID, identity)
}

func (w *world) iamCaller(name, arn, roleARN, account string, identity []*policy.Document) caller {
	ctx := map[string][]string{
		"aws:PrincipalArn":     {roleARN},
		"aws:PrincipalAccount": {account},
	}
	if w.inOrg(account) {
		ctx["aws:PrincipalOrgID"] = []string{w.org.ID}
	}
	return caller{name: name, principal: eval.Principal{ARN: arn}, account: account, roleARN: roleARN, identity: identity, context: ctx}
}

// service is an AWS service acting for a resource (sourceArn) of an account.
func service(name, sourceArn string) caller {
	return caller{name: name + " for " + sourceArn, principal: eval.Principal{Type: eval.ServicePrincipal, Service: name},
		context: map[string][]string{"aws:SourceArn": {sourceArn}, "aws:SourceAccount": {accountOf(sourceArn)}}}
}

// cloudTrail is CloudTrail acting for trail.
func cloudTrail(trail string) caller { return service("cloudtrail.amazonaws.com", trail) }

func anonymous() caller {
	return caller{name: "anonymous", principal: eval.Principal{Type: eval.AnonymousPrincipal}}
}

// identityPolicy is an identity policy of one Allow statement.
func identityPolicy(actions []string, resources ...string) *policy.Document {
	return policy.New(policy.KindIdentityPolicy, iampolicy.Statement{
		Effect: iampolicy.EffectAllow, Action: policy.List(actions...), Resource: policy.List(resources...),
	})
}

// administratorAccess allows everything, as AWS's AdministratorAccess does.
var administratorAccess = identityPolicy([]string{"*"}, "*")

// ---------------------------------------------------------------------------
// Checks.

// step is one request under the policies in force.
type step struct {
	req eval.Request
	pol eval.Policies
}

// check is one request (or a read made of several, such as s3:GetObject and
// the kms:Decrypt it needs) and the outcome its property demands.
type check struct {
	property string
	what     string // the request in words, for failure messages
	steps    []step
	want     bool // true: every step is allowed; false: at least one is not
}

// request builds a request by c; extra context maps are merged over c's keys.
func request(c caller, action, resource, resourceAccount string, extra ...map[string][]string) eval.Request {
	ctx := map[string][]string{}
	for k, v := range c.context {
		ctx[k] = v
	}
	for _, e := range extra {
		for k, v := range e {
			if v == nil {
				delete(ctx, k)
				continue
			}
			ctx[k] = v
		}
	}
	return eval.Request{Principal: c.principal, Action: action, Resource: resource, ResourceAccount: resourceAccount, Context: ctx}
}

// outcome is the evaluated result of a check.
type outcome struct {
	check
	results []eval.Result
	allowed bool
}

// run evaluates every check and returns the failed ones by property, and the
// number of requests evaluated. An evaluation error fails the test: a
// document the evaluator cannot read proves nothing.
func run(t testing.TB, checks []check) (map[string][]outcome, int) {
	t.Helper()
	failed := map[string][]outcome{}
	n := 0
	prepared := preparedSets{}
	for _, c := range checks {
		o := outcome{check: c, allowed: true}
		for _, s := range c.steps {
			res, err := prepared.evaluate(s.req, s.pol)
			n++
			if err != nil {
				t.Fatalf("%s: %s: evaluate %s on %s: %v", c.property, c.what, s.req.Action, s.req.Resource, err)
			}
			o.results = append(o.results, res)
			if res.Decision != eval.Allow {
				o.allowed = false
			}
		}
		if o.allowed != c.want {
			failed[c.property] = append(failed[c.property], o)
		}
	}
	return failed, n
}

// preparedSets holds each set of policies the checks ask, compiled once by
// eval.Prepare: thousands of requests ask a few sets. A set is named by the
// addresses of its documents, which the checks keep alive while they run.
type preparedSets map[string]*eval.Prepared

// evaluate decides req under pols as eval.Evaluate does.
func (ps preparedSets) evaluate(req eval.Request, pols eval.Policies) (eval.Result, error) {
	var key strings.Builder
	fmt.Fprintf(&key, "%p|%s|", pols.Resource, pols.ManagementAccount)
	for _, list := range [][]*policy.Document{pols.Identity, pols.SCPs, pols.RCPs} {
		for _, d := range list {
			fmt.Fprintf(&key, "%p,", d)
		}
		key.WriteByte('|')
	}
	p, ok := ps[key.String()]
	if !ok {
		var err error
		if p, err = eval.Prepare(pols); err != nil {
			return eval.Result{}, err
		}
		ps[key.String()] = p
	}
	return p.Evaluate(req)
}

// describe writes a failed check: the request, and each step's decision with
// the statements that decided it (or the reason for an implicit deny).
func (o outcome) describe() string {
	want := "Allow"
	if !o.want {
		want = "a deny"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: want %s", o.what, want)
	for i, r := range o.results {
		s := o.steps[i].req
		fmt.Fprintf(&b, "\n\t\t%s %s: %s", s.Action, s.Resource, r.Decision)
		if len(r.Deciding) > 0 {
			var refs []string
			for _, d := range r.Deciding {
				refs = append(refs, d.String())
			}
			fmt.Fprintf(&b, " by %s", strings.Join(refs, ", "))
		} else {
			fmt.Fprintf(&b, " (%s)", r.Reason)
		}
	}
	return b.String()
}

// properties returns the sorted names of the properties of checks.
func properties(checks []check) []string {
	seen := map[string]bool{}
	for _, c := range checks {
		seen[c.property] = true
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// accountOf returns the account field of an ARN.
func accountOf(arn string) string {
	a, err := policy.ParseARN("arn", arn)
	if err != nil {
		panic(fmt.Sprintf("accountOf(%q): %v", arn, err))
	}
	return a.AccountID
}

func tls(on bool) map[string][]string {
	return map[string][]string{"aws:SecureTransport": {fmt.Sprint(on)}}
}
