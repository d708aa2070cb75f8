package scp

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
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

// Config describes what the service control policy protects. The zero value
// of every optional field is the safe choice; the two fields that weaken the
// policy are named for what they allow.
type Config struct {
	// Partition of every ARN; empty means "aws".
	Partition policy.Partition `json:"partition,omitempty" yaml:"partition,omitempty"`

	// Bucket is the name of the log bucket. Required.
	Bucket string `json:"bucket" yaml:"bucket"`

	// BreakGlassRoles are IAM role ARNs, or patterns with * in the role
	// name (not in the path or account), that every statement exempts with
	// ArnNotLike on aws:PrincipalArn. Without one, nobody in an attached
	// account can ever change the bucket, the trails or the key again: only
	// detaching the SCP from the management account can.
	//
	// An exemption is a hole in the protection: whoever can assume such a
	// role (or create a role whose ARN matches the pattern, so keep
	// wildcards narrow and role creation in that path restricted) can
	// delete the logs. Guard the role with MFA and alarms, and use it only
	// for changes made on purpose. Order and duplicates do not matter.
	BreakGlassRoles []string `json:"breakGlassRoles,omitempty" yaml:"breakGlassRoles,omitempty"`

	// ProtectTrails are trail ARNs to protect against being stopped,
	// deleted or reconfigured. The SCP must be attached to each trail's
	// account; an organization trail belongs to the management account,
	// where no SCP applies, so naming one is an error when ManagementAccount
	// is set. Order and duplicates do not matter.
	ProtectTrails []string `json:"protectTrails,omitempty" yaml:"protectTrails,omitempty"`

	// ProtectKeyARN is the ARN of the KMS key the logs are encrypted with,
	// to protect against deletion, disabling and policy replacement. Empty
	// means no key statement.
	ProtectKeyARN string `json:"protectKeyArn,omitempty" yaml:"protectKeyArn,omitempty"`

	// LogArchiveAccount is the 12-digit ID of the account that owns the
	// bucket (optional). When set, the account-level statement applies only
	// to principals of that account, and it is checked against
	// ManagementAccount.
	LogArchiveAccount string `json:"logArchiveAccount,omitempty" yaml:"logArchiveAccount,omitempty"`

	// ManagementAccount is the 12-digit ID of the organization's management
	// account (optional). SCPs never apply to it, so Build refuses a
	// LogArchiveAccount, trail or key in it instead of emitting a policy
	// that protects nothing.
	ManagementAccount string `json:"managementAccount,omitempty" yaml:"managementAccount,omitempty"`

	// SizeLimit is the most characters one SCP may hold, measured on the
	// compact form (no white space outside strings, see [policy.Size]).
	// Zero means [policy.SCPLimit], 10,240 since 2026-05-15; organisations
	// that keep to the old quota set [policy.SCPLimitBefore20260515] (5,120).
	// When the statements do not fit in one SCP, Build splits them over
	// several.
	SizeLimit int `json:"sizeLimit,omitempty" yaml:"sizeLimit,omitempty"`

	// AllowObjectOverwrite leaves s3:PutObject out of the bucket statement.
	// Set it only when principals of the attached accounts must write to the
	// bucket (for example a tool that delivers with its own IAM role); they
	// can then overwrite log objects or plant forged ones. CloudTrail itself
	// does not need it.
	AllowObjectOverwrite bool `json:"allowObjectOverwrite,omitempty" yaml:"allowObjectOverwrite,omitempty"`

	// AllowObjectDeletion reproduces the published SCP's mistake: the bucket
	// statement names only the bucket ARN, not its objects, so none of its
	// object-level actions (s3:DeleteObject, s3:DeleteObjectVersion,
	// s3:PutObjectAcl, ...) is denied. It exists to reproduce that document;
	// do not set it otherwise.
	AllowObjectDeletion bool `json:"allowObjectDeletion,omitempty" yaml:"allowObjectDeletion,omitempty"`
}

// Build validates cfg, reporting every problem at once, and returns the
// service control policies that protect the logs: one document when all
// statements fit within cfg.SizeLimit, else as many as needed, split between
// statements. It never returns documents together with an error.
func Build(cfg Config) ([]*policy.Document, error) {
	in, err := check(cfg)
	if err != nil {
		return nil, err
	}
	return split(in.statements(), in.limit)
}

// input is a validated Config with its set-like fields sorted and
// de-duplicated.
type input struct {
	Config
	part   policy.Partition
	limit  int
	roles  []string
	trails []string
}

func check(cfg Config) (input, error) {
	var p policy.Problems
	in := input{Config: cfg, part: cfg.Partition.OrDefault(), limit: cfg.SizeLimit}
	if in.limit == 0 {
		in.limit = policy.SCPLimit
	}
	p.Add(policy.CheckPartition("Partition", in.part))
	p.Add(policy.CheckBucketName("Bucket", cfg.Bucket))
	for i, r := range cfg.BreakGlassRoles {
		p.Add(checkRolePattern(fmt.Sprintf("BreakGlassRoles[%d]", i), r, in.part))
	}
	for i, t := range cfg.ProtectTrails {
		field := fmt.Sprintf("ProtectTrails[%d]", i)
		a, err := policy.ParseTrailARN(field, t)
		if err != nil {
			p.Add(err)
			continue
		}
		p.Add(checkOwner(field, t, a, in.part, cfg.ManagementAccount, "trail"))
	}
	if k := cfg.ProtectKeyARN; k != "" {
		a, err := policy.ParseKeyARN("ProtectKeyARN", k)
		if err != nil {
			p.Add(err)
		} else {
			p.Add(checkOwner("ProtectKeyARN", k, a, in.part, cfg.ManagementAccount, "key"))
		}
	}
	if a := cfg.LogArchiveAccount; a != "" {
		if err := policy.CheckAccountID("LogArchiveAccount", a); err != nil {
			p.Add(err)
		} else if a == cfg.ManagementAccount {
			// SCPs "affect only member accounts in the organization. They have
			// no effect on users or roles in the management account"
			// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
			p.Addf(policy.ErrConflict, "LogArchiveAccount", a,
				"is the ManagementAccount: SCPs never apply to the management account, so this SCP would protect nothing; keep the logs in a member account")
		}
	}
	if cfg.ManagementAccount != "" {
		p.Add(policy.CheckAccountID("ManagementAccount", cfg.ManagementAccount))
	}
	if cfg.SizeLimit < 0 {
		p.Addf(policy.ErrUnsupported, "SizeLimit", strconv.Itoa(cfg.SizeLimit),
			"is negative: use 0 for today's limit (%d characters) or a positive number of characters", policy.SCPLimit)
	}
	if err := p.Err(); err != nil {
		return input{}, err
	}
	in.roles = policy.SortedUnique(cfg.BreakGlassRoles)
	in.trails = policy.SortedUnique(cfg.ProtectTrails)
	return in, nil
}

// checkOwner checks that a parsed ARN is in the configured partition and
// not in the management account, where no SCP applies.
func checkOwner(field, value string, a policy.ARN, part policy.Partition, mgmt, what string) error {
	var p policy.Problems
	if a.Partition != part {
		p.Addf(policy.ErrARN, field, value, "is in partition %s, but Partition is %s", a.Partition, part)
	}
	if mgmt != "" && a.AccountID == mgmt {
		p.Addf(policy.ErrConflict, field, value,
			"belongs to the ManagementAccount %s: SCPs never apply to the management account, so this %s cannot be protected by an SCP", mgmt, what)
	}
	return p.Err()
}

// checkRolePattern accepts arn:<partition>:iam::<account>:role/[path/]name
// where name may hold * wildcards (ArnNotLike matches them). The account and
// path must be literal, and the name must not be only wildcards: role/*
// would exempt every role of the account and leave the SCP protecting
// nothing against them.
func checkRolePattern(field, s string, part policy.Partition) error {
	a, err := policy.ParseARN(field, s)
	if err != nil {
		return err
	}
	const want = "want arn:<partition>:iam::<account>:role/[path/]name, with * allowed only in the name"
	rest, ok := strings.CutPrefix(a.Resource, "role/")
	if a.Service != "iam" || a.Region != "" || a.AccountID == "" || !ok {
		return policy.NewFieldError(policy.ErrARN, field, s, "is not an IAM role ARN pattern: "+want)
	}
	if a.Partition != part {
		return policy.NewFieldError(policy.ErrARN, field, s, fmt.Sprintf("is in partition %s, but Partition is %s", a.Partition, part))
	}
	path, name := "", rest
	if i := strings.LastIndex(rest, "/"); i >= 0 {
		path, name = rest[:i+1], rest[i+1:]
	}
	switch {
	case strings.ContainsAny(path, "*?"):
		return policy.NewFieldError(policy.ErrARN, field, s, "has a wildcard in the role path: "+want)
	case strings.Contains(name, "?"):
		return policy.NewFieldError(policy.ErrARN, field, s, "contains ?: "+want)
	case name != "" && strings.Trim(name, "*") == "":
		return policy.NewFieldError(policy.ErrARN, field, s, fmt.Sprintf(
			"would exempt every role of account %s, so the SCP would stop none of them: name the break-glass role (a * may stand for part of the name)", a.AccountID))
	}
	// With each * replaced by a name character, the pattern must be a role ARN.
	if _, err := policy.ParseRoleARN(field, strings.ReplaceAll(s, "*", "x")); err != nil {
		return policy.NewFieldError(policy.ErrARN, field, s, "is not an IAM role ARN pattern: "+want+" (1 to 64 letters, digits or _+=,.@-)")
	}
	return nil
}

// statements builds every statement cfg calls for, in rendering order.
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
	resources := []string{policy.BucketARN(in.part, in.Bucket)}
	if !in.AllowObjectDeletion {
		resources = append(resources, policy.ObjectARN(in.part, in.Bucket, "*"))
	}
	var skip []Action
	if in.AllowObjectOverwrite {
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
	// LogArchiveAccount narrows it to that account's principals.
	var acct policy.Conditions
	if in.LogArchiveAccount != "" {
		acct = acct.With(opStringEquals, keyPrincipalAccount, in.LogArchiveAccount)
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
			Action:    policy.List(strs(trailActions)...),
			Resource:  policy.List(in.trails...),
			Condition: withExempt(nil),
		})
	}
	if in.ProtectKeyARN != "" {
		out = append(out, iampolicy.Statement{
			Sid:       SidLogKey,
			Effect:    iampolicy.EffectDeny,
			Action:    policy.List(strs(keyActions)...),
			Resource:  policy.List(in.ProtectKeyARN),
			Condition: withExempt(nil),
		})
	}
	return out
}

// split packs the statements, in order, into as few SCPs as the limit
// allows: each statement goes into the current document if the document
// still fits, else it starts a new one. A statement that does not fit even
// alone is an error saying by how much it is over.
func split(stmts []iampolicy.Statement, limit int) ([]*policy.Document, error) {
	limits := policy.Limits{SCP: limit}
	var docs []*policy.Document
	var cur *policy.Document
	for _, st := range stmts {
		alone := policy.New(policy.KindSCP, st)
		if err := sizeCheck(alone, limits); err != nil {
			return nil, fmt.Errorf("SizeLimit: %q is too small for statement %s on its own (%s): %w",
				strconv.Itoa(limit), st.Sid, growsWith(st.Sid), err)
		}
		if cur != nil {
			trial := policy.New(policy.KindSCP, append(slices.Clone(cur.Statements), st)...)
			if sizeCheck(trial, limits) == nil {
				cur = trial
				continue
			}
			docs = append(docs, cur)
		}
		cur = alone
	}
	docs = append(docs, cur)
	var p policy.Problems
	for i, d := range docs {
		if len(docs) > 1 {
			p.Add(policy.PrefixFields(fmt.Sprintf("documents[%d]", i), d.ValidateWithLimits(limits)))
		} else {
			p.Add(d.ValidateWithLimits(limits))
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return docs, nil
}

func sizeCheck(d *policy.Document, l policy.Limits) error {
	compact, err := d.CompactJSON()
	if err != nil {
		return err
	}
	return l.Check(policy.KindSCP, compact)
}

// growsWith names the inputs that make a statement longer.
func growsWith(sid string) string {
	if sid == SidTrails {
		return "it grows with ProtectTrails and BreakGlassRoles"
	}
	return "it grows with BreakGlassRoles"
}
