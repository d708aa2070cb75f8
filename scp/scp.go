package scp

import (
	"fmt"
	"slices"
	"strconv"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// Statement IDs of the statements [Build] emits. They stay the same when
// the statements are split over several documents.
const (
	// SidLogBucket denies tampering with the log bucket and its objects.
	SidLogBucket = "DenyLogBucketTampering"
	// SidAccountPublicAccess denies changing the account-wide S3 Block
	// Public Access settings.
	SidAccountPublicAccess = "DenyAccountPublicAccessBlockChanges"
	// SidTrails denies stopping, deleting or reconfiguring the protected trails.
	SidTrails = "DenyTrailTampering"
	// SidLogKey denies disabling, deleting or replacing the policy of the log key.
	SidLogKey = "DenyLogKeyTampering"
)

// Condition operators and keys. aws:PrincipalArn is the ARN of the role
// itself (not of its session), so a role ARN pattern matches every session of
// the role (IAM User Guide, "AWS global condition context keys").
const (
	opArnNotLike        = "ArnNotLike"
	opStringEquals      = "StringEquals"
	keyPrincipalArn     = "aws:PrincipalArn"
	keyPrincipalAccount = "aws:PrincipalAccount"
)

// Options is the setup file's "scp" block: the options of the service
// control policy that protects the bucket, the trails and the key from
// principals of the accounts it is attached to. By default the setup calls
// for it. The zero value of every field is the safe choice; the fields that
// weaken the policy are named for what they allow. Problems with these
// options are reported on their setup paths, "scp.protectTrails[1]" and
// "scp.sizeLimit".
type Options struct {
	// Omit leaves the SCP out, for a setup without AWS Organizations:
	// [Build] then returns no document and no error. Default false.
	Omit bool `json:"omit,omitempty" yaml:"omit,omitempty"`

	// ProtectTrails are trail ARNs to protect besides the site's trails
	// (the setup's trails), such as the delivering accounts' trails when
	// trails is left empty. Each must be a trail ARN in the site's
	// partition, or a pattern of them with * as the whole Region or account
	// and anywhere in the name, as AWS Control Tower's SCPs protect
	// arn:aws:cloudtrail:*:*:trail/aws-controltower-*
	// ([cloudtrail.ParseTrailARNPattern]). The SCP stops the principals of the accounts it is
	// attached to; a trail of the management account is protected from
	// them (the CloudTrail delegated administrator among them), not from
	// the management account's own principals. Order and duplicates do not
	// matter. Default none; errors on "scp.protectTrails[i]".
	ProtectTrails []string `json:"protectTrails,omitempty" yaml:"protectTrails,omitempty"`

	// LeaveKeyUnprotected leaves the KMS key out of the SCP, so that
	// principals of the attached accounts may disable or delete it. Needed
	// only when the key is in the management account, where no SCP applies
	// (without it, such a key is an error on "kmsKeyArn"). Default false:
	// the site's key, when it has one, is protected.
	LeaveKeyUnprotected bool `json:"leaveKeyUnprotected,omitempty" yaml:"leaveKeyUnprotected,omitempty"`

	// AllowObjectOverwrite lets principals of the attached accounts write
	// objects to the bucket (and so overwrite logs or plant forged ones): it
	// leaves s3:PutObject out of the bucket statement. Set it only when a
	// tool in those accounts delivers to the bucket with its own IAM role;
	// CloudTrail itself does not need it. Default false.
	AllowObjectOverwrite bool `json:"allowObjectOverwrite,omitempty" yaml:"allowObjectOverwrite,omitempty"`

	// DenyTrailCreationAndTagging adds cloudtrail:CreateTrail,
	// cloudtrail:StartLogging, cloudtrail:AddTags and cloudtrail:RemoveTags
	// to DenyTrailTampering, on the same protected trails and with the
	// same exemption, as the SCP of the AWS Organizations tutorial denies
	// them (see the package doc): nobody but the break-glass roles may then
	// create a trail under a protected trail's ARN, start a stopped one, or
	// change its tags. Needs trails to protect (the site's trails or
	// ProtectTrails). Default false: the SCP denies what stops a trail or
	// changes what it logs or where, and leaves creation and tags alone.
	// Field path: "scp.denyTrailCreationAndTagging".
	DenyTrailCreationAndTagging bool `json:"denyTrailCreationAndTagging,omitempty" yaml:"denyTrailCreationAndTagging,omitempty"`

	// SizeLimit is the most characters one SCP may hold, measured on the
	// compact form (no white space outside strings, see [policy.Size]).
	// Zero, the default, means today's AWS quota, [policy.SCPLimit] (10,240
	// since 2026-05-15); organisations that keep to the old quota set
	// [policy.SCPLimitBefore20260515] (5,120). The statements are split over
	// several SCPs when needed, as many as one root, OU or account holds
	// beside FullAWSAccess (or the allow SCP that replaces it, which deny
	// SCPs need): 9 of today's 10 per target ([policy.SCPsPerTarget]), and
	// with a SizeLimit of 5,120 or less 4 of the old 5
	// ([policy.SCPsPerTargetBefore20260515]), the two quotas having been
	// raised together. More are refused on "breakGlassRoles". Other SCPs
	// attached to the same targets (your own, AWS Control Tower's) take
	// places too, and Build cannot know them: count them before attaching.
	// A negative value is an error on "scp.sizeLimit".
	SizeLimit int `json:"sizeLimit,omitempty" yaml:"sizeLimit,omitempty"`
}

// Config is what [Build] needs: the logging site and the SCP's own options.
type Config struct {
	// Site is the validated logging site. Required: the bucket, the
	// partition, the break-glass roles, the log archive account, the
	// management account ([cloudtrail.Site.ManagementAccount]), the key and
	// the trails come from here, already checked by [cloudtrail.New], and
	// problems with them are reported there ("bucket", "breakGlassRoles[1]",
	// "kmsKeyArn"). The break-glass roles (the setup's breakGlassRoles) are
	// exempted from every statement with ArnNotLike on aws:PrincipalArn.
	// Without one, nobody in an attached account can ever change the
	// bucket, the trails or the key again: only detaching the SCP from the
	// management account can. An exemption is a hole in the protection:
	// whoever can assume such a role (or create a role whose ARN matches the
	// pattern, so keep wildcards narrow and role creation in that path
	// restricted) can delete the logs. Guard the role with MFA and alarms,
	// and use it only for changes made on purpose.
	Site *cloudtrail.Site

	// Options are the setup file's "scp" block; errors on their paths
	// ("scp.protectTrails[0]", "scp.sizeLimit").
	Options Options

	// AllowObjectDeletion reproduces the published SCP's mistake: the bucket
	// statement names only the bucket ARN, not its objects, so none of its
	// object-level actions (s3:DeleteObject, s3:DeleteObjectVersion,
	// s3:PutObjectAcl, ...) is denied. It exists to reproduce that document;
	// do not set it otherwise. Go only: a setup file cannot set it. Default
	// false; no value of it is an error (its path would be
	// "allowObjectDeletion").
	AllowObjectDeletion bool
}

// Build returns the service control policies that protect the logs of
// cfg.Site: one document when all statements fit within
// cfg.Options.SizeLimit, else as many as needed, split between statements.
// With cfg.Options.Omit it returns nil, nil.
//
// Build first reports a Site that is nil or that [cloudtrail.New] returned
// with an error (an error wrapping [cloudtrail.ErrIncompleteSite]), then
// checks its own options against the values the Site holds, and returns
// every problem at once (joined with errors.Join), each named by its setup
// path: "scp.protectTrails[i]", "scp.sizeLimit", "kmsKeyArn" (a key in the
// management account), "logArchiveAccount" (the management account). A
// statement too large for the limit on its own is a *[policy.SizeError].
// More SCPs than one target holds beside FullAWSAccess (see
// [Options.SizeLimit]) are a
// *[policy.FieldError] on "breakGlassRoles" wrapping
// [policy.ErrTooManyPolicies]. It never returns documents together with an
// error.
func Build(cfg Config) ([]*policy.Document, error) {
	if cfg.Options.Omit {
		return nil, nil
	}
	in, err := check(cfg)
	if err != nil {
		return nil, err
	}
	docs, err := split(in.statements(), in.limit)
	if err != nil {
		return nil, err
	}
	if err := in.checkPerTarget(len(docs)); err != nil {
		return nil, err
	}
	return docs, nil
}

// input is what the statements are made of: a checked Config with its
// set-like lists sorted and de-duplicated.
type input struct {
	part                 policy.Partition
	bucket               string
	logArchive           string
	roles                []string
	trails               []string
	key                  string
	limit                int
	allowObjectOverwrite bool
	allowObjectDeletion  bool
	denyTrailCreation    bool
}

// check validates cfg's options against the values of cfg.Site, reporting
// every problem at once, and returns the statements' input.
func check(cfg Config) (input, error) {
	var p policy.Problems
	site, opts := cfg.Site, cfg.Options
	p.Add(site.Check())
	in := input{
		limit:                opts.SizeLimit,
		allowObjectOverwrite: opts.AllowObjectOverwrite,
		allowObjectDeletion:  cfg.AllowObjectDeletion,
		denyTrailCreation:    opts.DenyTrailCreationAndTagging,
	}
	if in.limit == 0 {
		in.limit = policy.SCPLimit
	}
	mgmt := ""
	var trails []string
	if site != nil {
		in.part, in.bucket, in.logArchive = site.Partition(), site.Bucket(), site.LogArchiveAccount()
		in.roles = site.BreakGlassRoles()
		mgmt = site.ManagementAccount()
		// Every named trail, the organization trail of the management
		// account too: an SCP does not restrict the management account's
		// principals, but the trail is a resource, and the CloudTrail
		// delegated administrator, a member account, may manage it (see
		// the package doc).
		trails = site.Trails()
	}
	for i, t := range opts.ProtectTrails {
		field := fmt.Sprintf("scp.protectTrails[%d]", i)
		a, err := cloudtrail.ParseTrailARNPattern(field, t)
		if err != nil {
			p.Add(err)
			continue
		}
		p.Add(site.CheckPartitionOf(field, t, a))
		trails = append(trails, t)
	}
	in.trails = policy.SortedUnique(trails)
	if opts.DenyTrailCreationAndTagging && len(in.trails) == 0 && len(opts.ProtectTrails) == 0 && site != nil && !site.Refused("trails") {
		p.Addf(policy.ErrConflict, "scp.denyTrailCreationAndTagging", "true",
			"has no effect without trails to protect: name them in trails or scp.protectTrails")
	}
	if site != nil && !opts.LeaveKeyUnprotected {
		if key, ok := site.Key(); ok {
			in.key = key.String()
			if mgmt != "" && key.AccountID == mgmt {
				p.Addf(policy.ErrConflict, "kmsKeyArn", in.key,
					"belongs to the organization.managementAccount %s: SCPs never apply to the management account, so the SCP cannot protect this key; set scp.leaveKeyUnprotected to leave it out of the SCP, or use a key of a member account", mgmt)
			}
		}
	}
	// SCPs "affect only member accounts in the organization. They have no
	// effect on users or roles in the management account"
	// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
	if in.logArchive != "" && in.logArchive == mgmt {
		p.Addf(policy.ErrConflict, "logArchiveAccount", in.logArchive,
			"is the organization.managementAccount: SCPs never apply to the management account, so this SCP would protect nothing; keep the logs in a member account")
	}
	if opts.SizeLimit < 0 {
		p.Addf(policy.ErrUnsupported, "scp.sizeLimit", strconv.Itoa(opts.SizeLimit),
			"is negative: use 0 for today's limit (%d characters) or a positive number of characters", policy.SCPLimit)
	}
	if err := p.Err(); err != nil {
		return input{}, err
	}
	return in, nil
}

// statements builds every statement the input calls for, in rendering order.
func (in input) statements() []iampolicy.Statement {
	// withExempt adds the break-glass exemption to c. Each statement gets
	// its own condition values, so no two statements share a pointer.
	withExempt := func(c policy.Conditions) map[string]map[string]*iampolicy.ConditionValue {
		if len(in.roles) > 0 {
			c = c.With(opArnNotLike, keyPrincipalArn, in.roles...)
		}
		if len(c) == 0 {
			return nil
		}
		return c
	}

	// The published SCP named only the bucket ARN. An action is matched
	// against the ARN of the resource type it acts on, so object-level
	// actions need bucket/* as well.
	resources := []string{policy.BucketARN(in.part, in.bucket)}
	if !in.allowObjectDeletion {
		resources = append(resources, policy.ObjectARN(in.part, in.bucket, "*"))
	}
	var skip []Action
	if in.allowObjectOverwrite {
		skip = append(skip, S3PutObject)
	}
	out := []iampolicy.Statement{{
		Sid:       SidLogBucket,
		Effect:    iampolicy.EffectDeny,
		Action:    policy.List(strs(bucketActions, skip...)...),
		Resource:  policy.List(resources...),
		Condition: withExempt(nil),
	}}

	// s3:PutAccountPublicAccessBlock has no resource type, so it matches
	// only Resource "*". It freezes the account's Block Public Access
	// settings in every account the SCP is attached to, unless
	// the log archive account narrows it to that account's principals.
	var acct policy.Conditions
	if in.logArchive != "" {
		acct = acct.With(opStringEquals, keyPrincipalAccount, in.logArchive)
	}
	out = append(out, iampolicy.Statement{
		Sid:       SidAccountPublicAccess,
		Effect:    iampolicy.EffectDeny,
		Action:    policy.List(strs(accountActions)...),
		Resource:  policy.List("*"),
		Condition: withExempt(acct),
	})

	if len(in.trails) > 0 {
		out = append(out, iampolicy.Statement{
			Sid:       SidTrails,
			Effect:    iampolicy.EffectDeny,
			Action:    policy.List(in.trailActions()...),
			Resource:  policy.List(in.trails...),
			Condition: withExempt(nil),
		})
	}
	if in.key != "" {
		out = append(out, iampolicy.Statement{
			Sid:       SidLogKey,
			Effect:    iampolicy.EffectDeny,
			Action:    policy.List(strs(keyActions)...),
			Resource:  policy.List(in.key),
			Condition: withExempt(nil),
		})
	}
	return out
}

// trailActions are the actions of DenyTrailTampering, sorted.
func (in input) trailActions() []string {
	if !in.denyTrailCreation {
		return strs(trailActions)
	}
	all := slices.Concat(trailActions, trailCreationActions)
	slices.Sort(all)
	return strs(all)
}

// split packs the statements, in order, into as few SCPs as the limit
// allows ([policy.Pack]). A statement that does not fit even alone is a
// *policy.SizeError saying by how much it is over and what it grows with.
func split(stmts []iampolicy.Statement, limit int) ([]*policy.Document, error) {
	return policy.Pack(policy.KindSCP, stmts, policy.Limits{SCP: limit}, func(sid string, se *policy.SizeError) error {
		return tooLarge(se, sid, limit)
	})
}

// tooLarge gives the size error of statement sid, too large on its own for
// limit, the hint that says what it grows with. Splitting cannot help: a
// statement is never divided.
func tooLarge(se *policy.SizeError, sid string, limit int) error {
	cp := *se
	cp.Hint = fmt.Sprintf("statement %s alone is too large for scp.sizeLimit %q, and a statement is never split over several SCPs: it grows with %s, so list fewer of them or raise scp.sizeLimit (0 means today's %d characters)",
		sid, strconv.Itoa(limit), growsWith(sid), policy.SCPLimit)
	return &cp
}

// growsWith names the setup's inputs that make a statement longer.
func growsWith(sid string) string {
	if sid == SidTrails {
		return "trails, scp.protectTrails and breakGlassRoles"
	}
	return "breakGlassRoles"
}

// perTarget returns the SCP quota per target that goes with the size limit:
// AWS raised both on 2026-05-15, so a limit of the old quota's 5,120
// characters or less is taken to mean the organisation keeps to the old
// quotas, 5 SCPs per target ([policy.SCPsPerTargetBefore20260515]), and a
// larger one today's 10. FullAWSAccess, or the allow SCP that replaces it,
// keeps one place: our SCPs only deny, and without an Allow at every level
// nothing is allowed (see [policy.SCPsPerTarget] for the sources).
func perTarget(limit int) policy.PerTarget {
	q := policy.PerTarget{Kind: policy.KindSCP, Max: policy.SCPsPerTarget, Managed: "FullAWSAccess", ManagedCount: policy.ManagedSCPsPerTarget}
	if limit <= policy.SCPLimitBefore20260515 {
		q.Max = policy.SCPsPerTargetBefore20260515
	}
	return q
}

// checkPerTarget refuses docs SCPs when one target cannot hold them all
// beside FullAWSAccess. Every statement carries the break-glass exemption,
// so the error is on breakGlassRoles and says how many of them would fit.
// Pack never divides a statement, so today's four statements make at most
// four SCPs, which the old quota's four places hold: this guards the day a
// statement is added or the quota changes.
func (in input) checkPerTarget(docs int) error {
	q := perTarget(in.limit)
	if docs <= q.Room() {
		return nil
	}
	fit := q.MostThatFit(len(in.roles), func(k int) (int, error) {
		fewer := in
		fewer.roles = in.roles[:k]
		ds, err := split(fewer.statements(), in.limit)
		return len(ds), err
	})
	hint := "every SCP statement grows with breakGlassRoles, and DenyTrailTampering with trails and scp.protectTrails too: list fewer break-glass roles or let a * stand for the part of their names that differs, or protect an organization trail instead of one trail per account"
	if in.limit < policy.SCPLimit {
		hint += fmt.Sprintf(", or raise scp.sizeLimit %q to today's quotas (0 means %d characters, with %d SCPs per target)", strconv.Itoa(in.limit), policy.SCPLimit, policy.SCPsPerTarget)
	}
	return q.Check(docs, "breakGlassRoles", "break-glass roles", len(in.roles), fit, hint)
}
