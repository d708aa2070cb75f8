package rcp

import (
	"fmt"
	"slices"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// Statement IDs of the statements [Build] emits, the same in every document
// when the statements are split over several. The two tampering statements
// keep the SCP's Sids: they deny the same actions.
const (
	// SidOrgIdentities denies principals outside the organization.
	SidOrgIdentities = "DenyPrincipalsOutsideOrganization"
	// SidConfusedDeputy denies AWS services acting for anyone outside the
	// organization, except CloudTrail delivering for the site's trails.
	SidConfusedDeputy = "DenyServicesOutsideOrganization"
	// SidSecureTransport denies requests made without TLS.
	SidSecureTransport = "DenyInsecureTransport"
	// SidLogBucket denies deleting and overwriting logs and weakening the bucket.
	SidLogBucket = scp.SidLogBucket
	// SidLogKey denies disabling, deleting or replacing the policy of the key.
	SidLogKey = scp.SidLogKey
)

// Condition operators and keys (IAM User Guide, "AWS global condition
// context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
// read 2026-12-02).
const (
	opStringNotEqualsIfExists = "StringNotEqualsIfExists"
	opBoolIfExists            = "BoolIfExists"
	opBool                    = "Bool"
	opNull                    = "Null"
	opArnNotLike              = "ArnNotLike"
	opArnNotLikeIfExists      = "ArnNotLikeIfExists"

	keyPrincipalOrgID        = "aws:PrincipalOrgID"
	keyPrincipalAccount      = "aws:PrincipalAccount"
	keyPrincipalIsAWSService = "aws:PrincipalIsAWSService"
	keyPrincipalArn          = "aws:PrincipalArn"
	keySourceOrgID           = "aws:SourceOrgID"
	keySourceAccount         = "aws:SourceAccount"
	keySourceArn             = "aws:SourceArn"
	keySecureTransport       = "aws:SecureTransport"
)

// Options is the setup file's "rcp" block: the options of the resource
// control policy that guards the log bucket, its objects and the key. The
// setup calls for it whenever it has an organization. The zero value of
// every field is the safe choice; the fields that weaken the policy are
// named for what they allow. Problems are reported on their setup paths,
// "rcp.trustedAccounts[1]". The statements are split over as many RCPs as
// their size needs, at most the 4 one root, OU or account holds beside
// RCPFullAWSAccess ([policy.RCPsPerTarget]); RCPs of your own attached to
// the same targets take places too, which [Build] cannot know: count them
// before attaching.
type Options struct {
	// Omit leaves the RCP out, for an organization that has not enabled
	// resource control policies: [Build] then returns no document and no
	// error. Default false.
	Omit bool `json:"omit,omitempty" yaml:"omit,omitempty"`

	// TrustedAccounts are 12-digit IDs of accounts outside the
	// organization whose principals, and AWS services acting for which,
	// may still reach the bucket, its objects and the key where their
	// policies allow it: a reader's or a delivering account that is not a
	// member. The identity and confused-deputy statements exempt them with
	// aws:PrincipalAccount and aws:SourceAccount, as AWS's identity
	// perimeter RCP exempts third-party accounts. Order and duplicates do
	// not matter. Default none: only principals of the organization (and
	// CloudTrail for the site's trails) get in. Errors on
	// "rcp.trustedAccounts[i]".
	TrustedAccounts []string `json:"trustedAccounts,omitempty" yaml:"trustedAccounts,omitempty"`

	// LeaveKeyUnprotected leaves the KMS key out of the RCP. Needed only
	// when the key is in the management account, whose resources no RCP
	// restricts (without it, such a key is an error on "kmsKeyArn").
	// Default false: the site's key, when it has one, is guarded.
	LeaveKeyUnprotected bool `json:"leaveKeyUnprotected,omitempty" yaml:"leaveKeyUnprotected,omitempty"`

	// AllowObjectOverwrite lets principals write objects to the bucket (and
	// so overwrite logs or plant forged ones) where the bucket and IAM
	// policies allow it: it leaves s3:PutObject out of the bucket
	// statement, as scp.allowObjectOverwrite does in the SCP. Set it only
	// when a tool delivers to the bucket with its own IAM role; CloudTrail
	// does not need it. Default false.
	AllowObjectOverwrite bool `json:"allowObjectOverwrite,omitempty" yaml:"allowObjectOverwrite,omitempty"`
}

// Config is what [Build] needs: the logging site and the RCP's own options.
type Config struct {
	// Site is the validated logging site. Required, with an organization:
	// the organization ID, the management account, the bucket, the key,
	// the trails and the break-glass roles come from here, already checked
	// by [cloudtrail.New] ("organization.id", "kmsKeyArn",
	// "breakGlassRoles[0]"). The break-glass roles are exempted from the
	// tampering statements, with ArnNotLike on aws:PrincipalArn as in the
	// SCP.
	Site *cloudtrail.Site

	// Options are the setup file's "rcp" block.
	Options Options
}

// Build returns the resource control policies that guard the logs of
// cfg.Site: one document when every statement fits within
// [policy.RCPLimit], else as many as needed, split between statements. With
// cfg.Options.Omit it returns nil, nil.
//
// Build first reports a Site that is nil or incomplete (an error wrapping
// [cloudtrail.ErrIncompleteSite]), then checks its options against the
// Site and returns every problem at once, each named by its setup path:
// "organization" (none: an RCP needs the organization's ID),
// "rcp.trustedAccounts[i]", "logArchiveAccount" and "kmsKeyArn" (in the
// management account, whose resources no RCP restricts). A statement too
// large on its own is a *[policy.SizeError]. More RCPs than one root, OU
// or account holds beside RCPFullAWSAccess (4 of its 5,
// [policy.RCPsPerTarget]) are a *[policy.FieldError] on "breakGlassRoles"
// wrapping [policy.ErrTooManyPolicies]; other RCPs attached to the same
// targets take places too, and Build cannot know them. It never returns
// documents together with an error.
func Build(cfg Config) ([]*policy.Document, error) {
	if cfg.Options.Omit {
		return nil, nil
	}
	in, err := check(cfg)
	if err != nil {
		return nil, err
	}
	docs, err := in.pack()
	if err != nil {
		return nil, err
	}
	if err := in.checkPerTarget(len(docs)); err != nil {
		return nil, err
	}
	return docs, nil
}

// pack puts the statements into as few RCPs as the size limit allows
// ([policy.Pack]).
func (in input) pack() ([]*policy.Document, error) {
	return policy.Pack(policy.KindRCP, in.statements(), policy.DefaultLimits(), func(sid string, se *policy.SizeError) error {
		cp := *se
		cp.Hint = fmt.Sprintf("statement %s alone is too large for one RCP, and a statement is never split over several: it grows with %s, so list fewer of them", sid, growsWith(sid))
		return &cp
	})
}

// perTarget is the RCP quota of one root, OU or account: 5, of which
// RCPFullAWSAccess, which cannot be detached, takes one (see
// [policy.RCPsPerTarget] for the source).
var perTarget = policy.PerTarget{Kind: policy.KindRCP, Max: policy.RCPsPerTarget, Managed: "RCPFullAWSAccess", ManagedCount: policy.ManagedRCPsPerTarget}

// checkPerTarget refuses docs RCPs when one target cannot hold them all
// beside RCPFullAWSAccess. A fifth RCP comes only when every statement
// needs one of its own; DenyInsecureTransport is short, so the bucket
// statement after it is then nearly a whole RCP, grown by the break-glass
// roles: the error is on breakGlassRoles, and says how many of them fit.
func (in input) checkPerTarget(docs int) error {
	if docs <= perTarget.Room() {
		return nil
	}
	fit := perTarget.MostThatFit(len(in.roles), func(k int) (int, error) {
		fewer := in
		fewer.roles = in.roles[:k]
		ds, err := fewer.pack()
		return len(ds), err
	})
	return perTarget.Check(docs, "breakGlassRoles", "break-glass roles", len(in.roles), fit,
		"the tampering statements grow with breakGlassRoles, DenyPrincipalsOutsideOrganization with rcp.trustedAccounts, DenyServicesOutsideOrganization with rcp.trustedAccounts, trails and accounts: list fewer break-glass roles or let a * stand for the part of their names that differs, trust fewer accounts outside the organization, or use an organization trail")
}

// growsWith names the setup's inputs that make a statement longer.
func growsWith(sid string) string {
	switch sid {
	case SidOrgIdentities:
		return "rcp.trustedAccounts"
	case SidConfusedDeputy:
		return "trails, accounts and rcp.trustedAccounts"
	}
	return "breakGlassRoles"
}

// input is a checked Config: what the statements are made of.
type input struct {
	part                 policy.Partition
	orgID                string
	bucket               string
	key                  string
	trails               []string // aws:SourceArn patterns of the site's trails
	trusted              []string
	roles                []string
	allowObjectOverwrite bool
}

// check validates cfg's options against cfg.Site, reporting every problem
// at once, and returns the statements' input.
func check(cfg Config) (input, error) {
	var p policy.Problems
	site, opts := cfg.Site, cfg.Options
	p.Add(site.Check())
	in := input{allowObjectOverwrite: opts.AllowObjectOverwrite}
	for i, a := range opts.TrustedAccounts {
		p.Add(policy.CheckAccountID(fmt.Sprintf("rcp.trustedAccounts[%d]", i), a))
	}
	in.trusted = policy.SortedUnique(opts.TrustedAccounts)
	if site == nil {
		return input{}, p.Err()
	}
	org, hasOrg := site.Organization()
	if !hasOrg && !site.Refused("organization") {
		p.Addf(policy.ErrRequired, "organization", "",
			"is not set: a resource control policy is attached in an organization and names its ID; set organization.id and organization.managementAccount, or rcp.omit")
	}
	mgmt := org.ManagementAccount
	in.part, in.orgID, in.bucket = site.Partition(), org.ID, site.Bucket()
	in.roles = site.BreakGlassRoles()
	in.trails = site.TrailARNs()
	// "RCPs don't affect resources in the management account"
	// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html,
	// read 2026-12-02).
	if la := site.LogArchiveAccount(); la != "" && la == mgmt {
		p.Addf(policy.ErrConflict, "logArchiveAccount", la,
			"is the organization.managementAccount: RCPs never apply to the management account's resources, so this RCP would guard nothing; keep the logs in a member account, or set rcp.omit")
	}
	if key, ok := site.Key(); ok && !opts.LeaveKeyUnprotected {
		in.key = key.String()
		if mgmt != "" && key.AccountID == mgmt {
			p.Addf(policy.ErrConflict, "kmsKeyArn", in.key,
				"belongs to the organization.managementAccount %s: RCPs never apply to the management account's resources, so the RCP cannot guard this key; set rcp.leaveKeyUnprotected to leave it out, or use a key of a member account", mgmt)
		}
	}
	if err := p.Err(); err != nil {
		return input{}, err
	}
	return in, nil
}

// statements builds every statement the input calls for, in rendering order.
func (in input) statements() []iampolicy.Statement {
	bucketRes := []string{policy.BucketARN(in.part, in.bucket), policy.ObjectARN(in.part, in.bucket, "*")}
	all, actions := bucketRes, []string{"s3:*"}
	if in.key != "" {
		all, actions = append(bucketRes[:2:2], in.key), append(actions, "kms:*")
	}
	// Each statement gets its own lists, so that no two share a backing
	// array a caller could change through one of them.
	deny := func(sid string, actions, resources []string, c policy.Conditions) iampolicy.Statement {
		return iampolicy.Statement{
			Sid:       sid,
			Effect:    iampolicy.EffectDeny,
			Principal: policy.Everyone(),
			Action:    policy.List(slices.Clone(actions)...),
			Resource:  policy.List(slices.Clone(resources)...),
			Condition: c,
		}
	}

	// The identity perimeter of AWS's data-perimeter RCP: principals whose
	// account is outside the organization, unless they are AWS services
	// (the next statement covers them). With IfExists, a request without
	// aws:PrincipalIsAWSService (an anonymous one) is denied too: the key
	// "is present in the request context for all signed API requests that
	// use AWS credentials. Anonymous requests do not include this key", and
	// aws:PrincipalOrgID is there "only if the principal is a member of an
	// organization" (IAM User Guide, "AWS global condition context keys",
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
	// read 2026-12-02 on a stored .md copy of the page). Whether RCPs are
	// evaluated for anonymous requests at all is another question (package
	// policy/eval, rcp.go).
	ids := policy.Conditions{}.With(opStringNotEqualsIfExists, keyPrincipalOrgID, in.orgID).
		With(opBoolIfExists, keyPrincipalIsAWSService, "false")
	if len(in.trusted) > 0 {
		ids[opStringNotEqualsIfExists][keyPrincipalAccount] = iampolicy.NewConditionValueString(len(in.trusted) == 1, slices.Clone(in.trusted)...)
	}

	// Confused-deputy protection: an AWS service acting for a resource
	// (aws:SourceAccount present) of an account outside the organization.
	// CloudTrail delivering for the site's trails is exempted by its
	// aws:SourceArn, so that delivery does not rest on CloudTrail sending
	// aws:SourceOrgID, and trails of delivering accounts outside the
	// organization still deliver.
	svc := policy.Conditions{}.With(opStringNotEqualsIfExists, keySourceOrgID, in.orgID).
		With(opNull, keySourceAccount, "false").
		With(opBool, keyPrincipalIsAWSService, "true")
	if len(in.trusted) > 0 {
		svc[opStringNotEqualsIfExists][keySourceAccount] = iampolicy.NewConditionValueString(len(in.trusted) == 1, slices.Clone(in.trusted)...)
	}
	if len(in.trails) > 0 {
		svc = svc.With(opArnNotLikeIfExists, keySourceArn, in.trails...)
	}

	// The tampering denies apply to every principal but AWS services (so
	// that CloudTrail's s3:PutObject still lands) and the break-glass roles.
	tamper := func() policy.Conditions {
		c := policy.Conditions{}.With(opBoolIfExists, keyPrincipalIsAWSService, "false")
		if len(in.roles) > 0 {
			c = c.With(opArnNotLike, keyPrincipalArn, slices.Clone(in.roles)...)
		}
		return c
	}
	var skip []scp.Action
	if in.allowObjectOverwrite {
		skip = append(skip, scp.S3PutObject)
	}
	out := []iampolicy.Statement{
		deny(SidOrgIdentities, actions, all, ids),
		deny(SidConfusedDeputy, actions, all, svc),
		deny(SidSecureTransport, actions, all, policy.Conditions{}.With(opBoolIfExists, keySecureTransport, "false")),
		deny(SidLogBucket, scp.Strings(scp.BucketActions(), skip...), bucketRes, tamper()),
	}
	if in.key != "" {
		out = append(out, deny(SidLogKey, scp.Strings(scp.KeyActions()), []string{in.key}, tamper()))
	}
	return out
}
