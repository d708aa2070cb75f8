package kmskey

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
)

// CloudTrailPrincipal is the service principal CloudTrail uses to call AWS KMS.
// It is the same name in the aws, aws-cn and aws-us-gov partitions (the China
// Regions' copy of the CloudTrail User Guide, "Default KMS key policy created
// in CloudTrail console", names cloudtrail.amazonaws.com next to arn:aws-cn ARNs).
const CloudTrailPrincipal = "cloudtrail.amazonaws.com"

// EncryptionContextKey is the condition key for the trail ARN that CloudTrail
// puts in the encryption context of every GenerateDataKey and Decrypt request
// for a log file. Its value is the ARN of the trail that wrote the file (for an
// organization trail, the management account's trail).
// (AWS KMS Developer Guide, "How AWS CloudTrail uses AWS KMS",
// https://docs.aws.amazon.com/kms/latest/developerguide/services-cloudtrail.html)
const EncryptionContextKey = "kms:EncryptionContext:aws:cloudtrail:arn"

// AdministratorActions returns the key-management actions of AWS's default
// key administrators statement: manage, tag, rotate and schedule deletion of
// the key, but not use it in cryptographic operations (no Encrypt, Decrypt,
// GenerateDataKey*). Note AWS's warning: kms:Put* (PutKeyPolicy) and
// kms:Create* (CreateGrant) let an administrator give itself other
// permissions; such a change is itself logged by CloudTrail. The result is a
// new slice on every call.
// (AWS KMS Developer Guide, "Default key policy", section "Allows key
// administrators to administer the KMS key",
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators.
// kms:RotateKeyOnDemand is added to that list so that administrators can also
// rotate the key material on demand, which needs it: "Perform on-demand key
// rotation", https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys-on-demand.html)
func AdministratorActions() []string {
	return []string{
		"kms:Create*",
		"kms:Describe*",
		"kms:Enable*",
		"kms:List*",
		"kms:Put*",
		"kms:Update*",
		"kms:Revoke*",
		"kms:Disable*",
		"kms:Get*",
		"kms:Delete*",
		"kms:TagResource",
		"kms:UntagResource",
		"kms:ScheduleKeyDeletion",
		"kms:CancelKeyDeletion",
		"kms:RotateKeyOnDemand",
	}
}

// SidStyle chooses the wording of the statement IDs.
type SidStyle string

const (
	// SidsCompact, the default (the zero value), writes Sids in CamelCase
	// without spaces, such as "AllowCloudTrailToEncryptLogs": valid in every
	// kind of policy and easy to reference from tools.
	SidsCompact SidStyle = ""
	// SidsSpaced writes the spaced Sids of AWS's CloudTrail documentation and
	// of the source document, such as "Allow CloudTrail to encrypt logs". KMS
	// key policies allow spaces in a Sid.
	SidsSpaced SidStyle = "spaced"
)

// Config describes the key policy of the customer managed KMS key that
// encrypts CloudTrail log files. The zero value of every optional field is the
// safe choice; fields that weaken the policy are named for what they weaken.
type Config struct {
	// Sources says which trails deliver logs encrypted with the key: the same
	// value the bucket package takes, so the two documents cannot disagree.
	// At least one account or an organization is required.
	policy.Sources `yaml:",inline"`

	// KeyARN is the full ARN of the KMS key,
	// arn:<partition>:kms:<region>:<account>:key/<key id> (a multi-Region key
	// ID "mrk-..." is accepted). Required. An alias or a bare key ID is
	// refused: they resolve in the caller's own account, which breaks
	// cross-account use. The ARN's account is the key's account (a delivering
	// account, the log-archive account or a separate security account); its
	// partition must be Partition.
	KeyARN string `json:"kmsKeyArn" yaml:"kmsKeyArn"`

	// KeyAdministrators are IAM role or user ARNs in the key's account that
	// may manage the key ([AdministratorActions]) but not use it. Optional;
	// order and duplicates do not matter. An account root is refused (the key
	// account's root always has its own statement), and so is a principal of
	// another account (AWS KMS does not allow key management across accounts).
	KeyAdministrators []string `json:"keyAdministrators,omitempty" yaml:"keyAdministrators,omitempty"`

	// Readers are IAM role ARNs that may decrypt every delivered log file
	// (kms:Decrypt limited to the delivering trails' encryption context):
	// the security team's role, or the vendor role of the trust package,
	// policy.RoleARN(partition, logAccount, roleName). Optional. Each role
	// must belong to the key's account, a delivering account, or
	// LogArchiveAccount; a role elsewhere is refused. A reader in another
	// account than the key's also needs kms:Decrypt on KeyARN in its own IAM
	// policy.
	Readers []string `json:"readers,omitempty" yaml:"readers,omitempty"`

	// LogArchiveAccount is the 12-digit ID of the account that holds the log
	// bucket, when it is neither the key's account nor a delivering account
	// (as in the AWS Security Reference Architecture, where the key lives in
	// a security account). Optional; it only widens the accounts Readers may
	// belong to.
	LogArchiveAccount string `json:"logArchiveAccount,omitempty" yaml:"logArchiveAccount,omitempty"`

	// BucketRegion is the Region of the log bucket. Optional; when given it
	// must equal the key's Region, because CloudTrail requires the key to be
	// in the bucket's Region.
	BucketRegion string `json:"bucketRegion,omitempty" yaml:"bucketRegion,omitempty"`

	// Limits overrides the size limit (zero fields mean today's AWS limits:
	// 32 KB for a key policy). For Go callers; not part of a setup file.
	Limits policy.Limits `json:"-" yaml:"-"`

	// SidStyle chooses the Sid wording; the default is [SidsCompact].
	SidStyle SidStyle `json:"sidStyle,omitempty" yaml:"sidStyle,omitempty"`

	// PolicyID is the optional Id element of the policy, such as "Key policy
	// for CloudTrail". Empty omits it.
	PolicyID string `json:"policyId,omitempty" yaml:"policyId,omitempty"`

	// OmitSourceArn drops the aws:SourceArn condition from CloudTrail's
	// statements, as older documents do. This weakens confused-deputy
	// protection: the encryption context alone is a value CloudTrail sets, not
	// proof of which trail called. Default false.
	OmitSourceArn bool `json:"omitSourceArn,omitempty" yaml:"omitSourceArn,omitempty"`

	// AllowAdministratorsToUseKey gives KeyAdministrators kms:* in the root
	// statement, including Decrypt and GenerateDataKey, as the source document
	// and the CloudTrail console's key policy do, instead of the
	// key-management actions alone. Default false: administrators manage the
	// key but do not read the logs.
	AllowAdministratorsToUseKey bool `json:"allowAdministratorsToUseKey,omitempty" yaml:"allowAdministratorsToUseKey,omitempty"`

	// AllowKeyLockout drops the statement that gives the key account's root
	// kms:* (which also lets IAM policies in that account grant access). Danger:
	// if every named administrator is deleted, the key becomes unmanageable
	// and only AWS Support can restore access. Requires at least one
	// KeyAdministrator. Default false: the key is never locked out.
	AllowKeyLockout bool `json:"allowKeyLockout,omitempty" yaml:"allowKeyLockout,omitempty"`
}

// plan holds the validated, canonical inputs Build turns into statements.
type plan struct {
	cfg        Config
	part       policy.Partition
	keyAccount string
	owners     []string            // accounts that own delivering trails, sorted
	trails     []string            // every delivering trail ARN or pattern, sorted
	byOwner    map[string][]string // trails of each owner account, sorted
	exact      bool                // trails are exact ARNs, not patterns
	admins     []string
	readers    []string
	sids       sidSet
}

// Build validates cfg and returns the key policy, or an error naming every
// problem (and no document). It never modifies cfg's slices.
func Build(cfg Config) (*policy.Document, error) {
	pl, err := check(cfg)
	if err != nil {
		return nil, err
	}
	doc := policy.New(policy.KindKeyPolicy, pl.statements()...)
	doc.ID = cfg.PolicyID
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		others := len(pl.owners)
		if slices.Contains(pl.owners, pl.keyAccount) {
			others--
		}
		if errors.Is(err, policy.ErrSize) && others > 0 {
			err = errors.Join(err, policy.NewFieldError(policy.ErrSize, "Accounts", fmt.Sprintf("%d accounts", len(pl.owners)),
				fmt.Sprintf("make the key policy too large: each of the %d delivering accounts other than the key's adds its own decrypt statement, and %d of them fit; an organization trail needs one statement for all member accounts", others, pl.othersThatFit())))
		}
		return nil, err
	}
	return doc, nil
}

// withOthers returns a copy of pl that keeps the key's account and the first
// n other owner accounts (in sorted order) with their trails.
func (pl *plan) withOthers(n int) *plan {
	cp := *pl
	cp.owners, cp.trails, cp.byOwner = nil, nil, map[string][]string{}
	kept := 0
	for _, o := range pl.owners {
		if o != pl.keyAccount {
			if kept == n {
				continue
			}
			kept++
		}
		cp.owners = append(cp.owners, o)
		cp.byOwner[o] = pl.byOwner[o]
		cp.trails = append(cp.trails, pl.byOwner[o]...)
	}
	slices.Sort(cp.trails)
	return &cp
}

// othersThatFit finds, by bisection, how many owner accounts besides the
// key's fit within the size limit, so the size error can say so.
func (pl *plan) othersThatFit() int {
	fits := func(n int) bool {
		doc := policy.New(policy.KindKeyPolicy, pl.withOthers(n).statements()...)
		doc.ID = pl.cfg.PolicyID
		compact, err := doc.CompactJSON()
		return err == nil && pl.cfg.Limits.Check(policy.KindKeyPolicy, compact) == nil
	}
	lo, hi := 0, len(pl.owners) // fits(lo) holds, or nothing fits
	if !fits(0) {
		return 0
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// check validates every field and returns the canonical plan, or every problem.
func check(cfg Config) (*plan, error) {
	var p policy.Problems
	pl := &plan{cfg: cfg, part: cfg.Partition.OrDefault()}

	p.Add(policy.CheckSources(cfg.Sources))

	switch cfg.SidStyle {
	case SidsCompact, SidsSpaced:
		pl.sids = sidsFor(cfg.SidStyle)
	default:
		p.Addf(policy.ErrUnsupported, "SidStyle", string(cfg.SidStyle), "is not a Sid style: use %q (compact, the default) or %q", SidsCompact, SidsSpaced)
	}

	// An unknown Partition is reported once, by CheckSources; comparing
	// every ARN with it would only repeat that problem.
	partOK := policy.CheckPartition("Partition", pl.part) == nil
	var keyRegion string
	if key, err := policy.ParseKeyARN("KeyARN", cfg.KeyARN); err != nil {
		p.Add(err)
		// A KMS alias ARN still names the key's account (an alias lives in
		// its key's account): use it to check administrators and readers,
		// so that one run reports their problems too.
		if a, err := policy.ParseARN("KeyARN", cfg.KeyARN); err == nil && a.Service == "kms" {
			pl.keyAccount = a.AccountID
		}
	} else {
		if partOK && key.Partition != pl.part {
			p.Addf(policy.ErrARN, "KeyARN", cfg.KeyARN, "is in partition %s, but Partition is %s: every ARN in the policy must carry the setup's partition", key.Partition, pl.part)
		}
		pl.keyAccount, keyRegion = key.AccountID, key.Region
	}

	if cfg.BucketRegion != "" {
		if err := policy.CheckRegionInPartition("BucketRegion", cfg.BucketRegion, pl.part); err != nil {
			p.Add(err)
		} else if keyRegion != "" && cfg.BucketRegion != keyRegion {
			// CloudTrail User Guide, "Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)"
			// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html;
			// quoted from the archived awsdocs copy of the page): "The key that you choose must be
			// in the same region as the S3 bucket that receives your log files."
			p.Addf(policy.ErrConflict, "BucketRegion", cfg.BucketRegion, "differs from the Region of KeyARN (%s): CloudTrail needs the key in the same Region as the bucket that receives the logs", keyRegion)
		}
	}

	if cfg.LogArchiveAccount != "" {
		p.Add(policy.CheckAccountID("LogArchiveAccount", cfg.LogArchiveAccount))
	}

	for i, a := range cfg.KeyAdministrators {
		field := fmt.Sprintf("KeyAdministrators[%d]", i)
		arn, err := policy.ParseIAMPrincipalARN(field, a)
		switch {
		case err != nil:
			p.Add(err)
		case partOK && arn.Partition != pl.part:
			p.Addf(policy.ErrARN, field, a, "is in partition %s, but Partition is %s", arn.Partition, pl.part)
		case arn.Resource == "root":
			p.Addf(policy.ErrPrincipal, field, a, "is an account root: name IAM roles or users (the key account's root always has its own kms:* statement)")
		case pl.keyAccount != "" && arn.AccountID != pl.keyAccount:
			// Key management operations (PutKeyPolicy, ScheduleKeyDeletion, ...)
			// cannot be used across accounts (AWS KMS Developer Guide, "AWS KMS
			// permissions", column "Cross-account use").
			p.Addf(policy.ErrConflict, field, a, "belongs to account %s, not the key's account %s: AWS KMS allows key management only within the key's account", arn.AccountID, pl.keyAccount)
		}
	}
	pl.admins = policy.SortedUnique(cfg.KeyAdministrators)

	if cfg.AllowKeyLockout && len(cfg.KeyAdministrators) == 0 {
		p.Addf(policy.ErrConflict, "AllowKeyLockout", "true", "is set but KeyAdministrators is empty: nobody could manage the key; name at least one administrator or keep the root statement")
	}

	// Readers may belong to the key's account, a delivering account or the
	// log-archive account; those are the accounts of this setup. A role in
	// any other account would be an outsider reading every account's logs.
	allowed := policy.SortedUnique(append(cfg.Sources.OwnerAccounts(), pl.keyAccount, cfg.LogArchiveAccount))
	allowed = slices.DeleteFunc(allowed, func(s string) bool { return policy.CheckAccountID("", s) != nil })
	for i, r := range cfg.Readers {
		field := fmt.Sprintf("Readers[%d]", i)
		arn, err := policy.ParseRoleARN(field, r)
		switch {
		case err != nil:
			p.Add(err)
		case partOK && arn.Partition != pl.part:
			p.Addf(policy.ErrARN, field, r, "is in partition %s, but Partition is %s", arn.Partition, pl.part)
		case pl.keyAccount != "" && !slices.Contains(allowed, arn.AccountID):
			p.Addf(policy.ErrConflict, field, r, "belongs to account %s, which is not the key's account, a delivering account or LogArchiveAccount (allowed: %s)", arn.AccountID, strings.Join(allowed, ", "))
		}
	}
	pl.readers = policy.SortedUnique(cfg.Readers)

	if err := p.Err(); err != nil {
		return nil, err
	}

	pl.owners = cfg.Sources.OwnerAccounts()
	pl.trails = cfg.Sources.TrailARNs()
	pl.exact = cfg.Sources.ExactTrails()
	pl.byOwner = map[string][]string{}
	for _, t := range pl.trails {
		// Exact ARNs were validated by CheckSources; patterns are built from
		// validated accounts. Both parse.
		a, _ := policy.ParseARN("Trails", t)
		pl.byOwner[a.AccountID] = append(pl.byOwner[a.AccountID], t)
	}
	return pl, nil
}

// sidSet holds the Sids of one style.
type sidSet struct {
	root, admins, encrypt, describe, keyAccountDecrypt, readers string
	accountDecrypt                                              func(account string) string
}

func sidsFor(style SidStyle) sidSet {
	if style == SidsSpaced {
		// The wording of the source document and of the CloudTrail User Guide.
		return sidSet{
			root:              "Enable IAM User Permissions",
			admins:            "Allow access for Key Administrators",
			encrypt:           "Allow CloudTrail to encrypt logs",
			describe:          "Allow CloudTrail to describe key",
			keyAccountDecrypt: "Allow principals in the account to decrypt log files",
			accountDecrypt:    func(a string) string { return "Enable cross account log decryption for " + a },
			readers:           "Allow readers to decrypt log files",
		}
	}
	return sidSet{
		root:              "EnableIAMUserPermissions",
		admins:            "AllowAccessForKeyAdministrators",
		encrypt:           "AllowCloudTrailToEncryptLogs",
		describe:          "AllowCloudTrailToDescribeKey",
		keyAccountDecrypt: "AllowKeyAccountToDecryptOwnLogFiles",
		accountDecrypt:    func(a string) string { return "AllowAccount" + a + "ToDecryptOwnLogFiles" },
		readers:           "AllowReadersToDecryptLogFiles",
	}
}

// allResources is "*": in a key policy it means "this KMS key".
// (AWS KMS Developer Guide, "Default key policy".)
func allResources() *iampolicy.StringOrSlice { return policy.Strings("*") }

// statements builds the statements in a fixed order: administration, then
// CloudTrail's, then decryption.
func (pl *plan) statements() []iampolicy.Statement {
	var out []iampolicy.Statement
	out = append(out, pl.administration()...)
	out = append(out, pl.cloudTrailEncrypt(), pl.cloudTrailDescribe())
	out = append(out, pl.accountDecrypt()...)
	if len(pl.readers) > 0 {
		out = append(out, pl.readersDecrypt())
	}
	return out
}

// administration returns the root statement (kms:* for the key account's
// root, which also enables IAM policies in that account and keeps the key
// manageable) and the key administrators statement.
// (AWS KMS Developer Guide, "Default key policy", sections "Allows access to
// the AWS account and enables IAM policies" and "Allows key administrators to
// administer the KMS key".)
func (pl *plan) administration() []iampolicy.Statement {
	var full []string
	if !pl.cfg.AllowKeyLockout {
		full = append(full, policy.AccountRootARN(pl.part, pl.keyAccount))
	}
	if pl.cfg.AllowAdministratorsToUseKey {
		full = append(full, pl.admins...)
	}
	var out []iampolicy.Statement
	if len(full) > 0 {
		sid := pl.sids.root
		if pl.cfg.AllowKeyLockout {
			sid = pl.sids.admins
		}
		out = append(out, iampolicy.Statement{
			Sid:       sid,
			Effect:    iampolicy.EffectAllow,
			Principal: policy.AWSPrincipal(full...),
			Action:    policy.Strings("kms:*"),
			Resource:  allResources(),
		})
	}
	if len(pl.admins) > 0 && !pl.cfg.AllowAdministratorsToUseKey {
		out = append(out, iampolicy.Statement{
			Sid:       pl.sids.admins,
			Effect:    iampolicy.EffectAllow,
			Principal: policy.AWSPrincipal(pl.admins...),
			Action:    policy.List(AdministratorActions()...),
			Resource:  allResources(),
		})
	}
	return out
}

// sourceArn adds the aws:SourceArn condition to c: StringEquals for exact trail
// ARNs, StringLike for per-account patterns ("When you include a wildcard, you
// must also use the StringLike condition operator": CloudTrail User Guide,
// "Cross-service confused deputy prevention",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html).
func (pl *plan) sourceArn(c policy.Conditions) policy.Conditions {
	if pl.cfg.OmitSourceArn {
		return c
	}
	op := "StringLike"
	if pl.exact {
		op = "StringEquals"
	}
	return c.With(op, "aws:SourceArn", pl.trails...)
}

// cloudTrailEncrypt lets CloudTrail generate data keys only for the delivering
// trails (encryption context) and only when one of them calls (aws:SourceArn).
// (CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail",
// section "Granting encrypt permissions",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html)
func (pl *plan) cloudTrailEncrypt() iampolicy.Statement {
	c := policy.Conditions{}.With("StringLike", EncryptionContextKey, pl.trails...)
	return iampolicy.Statement{
		Sid:       pl.sids.encrypt,
		Effect:    iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal(CloudTrailPrincipal),
		Action:    policy.Strings("kms:GenerateDataKey*"),
		Resource:  allResources(),
		Condition: pl.sourceArn(c),
	}
}

// cloudTrailDescribe lets CloudTrail read the key's properties, which it needs
// to create or update a trail that uses the key; AWS recommends aws:SourceArn
// here too. (Same page, section "Enable CloudTrail to describe KMS key properties".)
func (pl *plan) cloudTrailDescribe() iampolicy.Statement {
	s := iampolicy.Statement{
		Sid:       pl.sids.describe,
		Effect:    iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal(CloudTrailPrincipal),
		Action:    policy.Strings("kms:DescribeKey"),
		Resource:  allResources(),
	}
	if c := pl.sourceArn(nil); len(c) > 0 {
		s.Condition = c
	}
	return s
}

// accountDecrypt lets the principals of each account that owns delivering
// trails decrypt the log files of its own trails: kms:CallerAccount names the
// account and the encryption context names that account's trails. One
// statement per account: a combined statement (accounts B and C, trails of B
// and C) would let B decrypt C's logs, because conditions are ANDed but the
// values of one key are ORed. The key's account comes first. Principal "*" is
// safe only with kms:CallerAccount. (CloudTrail User Guide, "Default KMS key
// policy created in CloudTrail console",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/default-kms-key-policy.html)
func (pl *plan) accountDecrypt() []iampolicy.Statement {
	stmt := func(sid, account string, trails []string) iampolicy.Statement {
		return iampolicy.Statement{
			Sid:       sid,
			Effect:    iampolicy.EffectAllow,
			Principal: policy.AWSPrincipal("*"),
			Action:    policy.List("kms:Decrypt", "kms:ReEncryptFrom"),
			Resource:  allResources(),
			Condition: policy.Conditions{}.
				With("StringEquals", "kms:CallerAccount", account).
				With("StringLike", EncryptionContextKey, trails...),
		}
	}
	var out []iampolicy.Statement
	if t := pl.byOwner[pl.keyAccount]; len(t) > 0 {
		out = append(out, stmt(pl.sids.keyAccountDecrypt, pl.keyAccount, t))
	}
	for _, a := range pl.owners {
		if t := pl.byOwner[a]; a != pl.keyAccount && len(t) > 0 {
			out = append(out, stmt(pl.sids.accountDecrypt(a), a, t))
		}
	}
	return out
}

// readersDecrypt lets the named reader roles decrypt every delivered log file,
// and nothing else encrypted under the key: the encryption context must be one
// of the delivering trails. (CloudTrail User Guide, "Configure AWS KMS key
// policies for CloudTrail", section "Granting decrypt permissions".)
func (pl *plan) readersDecrypt() iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       pl.sids.readers,
		Effect:    iampolicy.EffectAllow,
		Principal: policy.AWSPrincipal(pl.readers...),
		Action:    policy.Strings("kms:Decrypt"),
		Resource:  allResources(),
		Condition: policy.Conditions{}.With("StringLike", EncryptionContextKey, pl.trails...),
	}
}
