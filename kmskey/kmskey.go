package kmskey

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

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
// encrypts CloudTrail log files. The values every document of a logging
// site shares (the partition, the delivering accounts, organization and
// trails, the key, the readers) come from Site, validated once by
// [cloudtrail.New]; Config holds only the key policy's own options. The zero
// value of every optional field is the safe choice; fields that weaken the
// policy are named for what they weaken. The field paths in [Build]'s errors
// are those of a setup file ("keyAdministrators[1]", "keyPolicy.sidStyle").
type Config struct {
	// Site is the logging site, made by [cloudtrail.New]. Required, and it
	// must have a key ([cloudtrail.Site.Key], the setup's kmsKeyArn): the
	// policy's principals and trails come from it. A nil Site, or one that
	// [cloudtrail.New] returned with an error, is refused with an error
	// wrapping [cloudtrail.ErrIncompleteSite] (field "site"); a complete
	// Site without a key with a [policy.ErrRequired] error on "kmsKeyArn".
	Site *cloudtrail.Site

	// KeyAdministrators are IAM role or user ARNs in the key's account that
	// may manage the key ([AdministratorActions]) but not use it. Optional
	// (default none); order and duplicates do not matter. An account root is
	// refused (the key account's root always has its own statement), and so
	// is a principal of another account (AWS KMS does not allow key
	// management across accounts) or partition. Errors name
	// "keyAdministrators[i]".
	KeyAdministrators []string

	// VendorRoleARN is the IAM role ARN of the vendor that reads the logs
	// (see trust.VendorConfig.RoleARN in the root package), which may
	// decrypt every delivered log file like the Site's readers
	// ([cloudtrail.Site.Readers]). Optional (default none). It is checked
	// with [cloudtrail.Site.CheckReader], the rule of the Site's readers: an
	// IAM role in the key's account, a delivering account or the log archive
	// account. Errors name "vendorRoleArn". A role in another account than
	// the key's also needs kms:Decrypt on the key in its own IAM policy.
	VendorRoleARN string

	// Limits overrides the size limit (zero fields mean today's AWS limits:
	// 32 KB for a key policy). For Go callers; not part of a setup file.
	Limits policy.Limits

	// Options are the setup file's "keyPolicy" block, embedded so that
	// cfg.SidStyle names an option directly; errors on their paths
	// ("keyPolicy.sidStyle").
	Options
}

// Options is the setup file's "keyPolicy" block: the key policy's own
// options (the key administrators, which the file has always held at its
// top as keyAdministrators, are [Config.KeyAdministrators]). The zero value
// of every field is the safe choice; a field that weakens the policy is
// named for what it weakens, and the setup file's README table says so too.
// [Build] reports a problem with these options on its setup path
// ("keyPolicy.sidStyle", "keyPolicy.allowKeyLockout").
type Options struct {
	// SidStyle chooses the Sid wording; the default (the zero value) is
	// [SidsCompact], "spaced" is [SidsSpaced]. Errors name
	// "keyPolicy.sidStyle".
	SidStyle SidStyle `json:"sidStyle,omitempty" yaml:"sidStyle,omitempty"`

	// PolicyID is the optional Id element of the policy, such as "Key policy
	// for CloudTrail". Empty (the default) omits it. It may hold the
	// characters of any key policy: tab, line feed, carriage return and
	// U+0020 to U+00FF. Setup files name it "keyPolicy.policyId".
	PolicyID string `json:"policyId,omitempty" yaml:"policyId,omitempty"`

	// OmitSourceArn drops the aws:SourceArn condition from CloudTrail's
	// statements, as older documents do. This weakens confused-deputy
	// protection: the encryption context alone is a value CloudTrail sets, not
	// proof of which trail called. Default false. Setup files name it
	// "keyPolicy.omitSourceArn".
	OmitSourceArn bool `json:"omitSourceArn,omitempty" yaml:"omitSourceArn,omitempty"`

	// AllowAnySourceInAccounts replaces the aws:SourceArn condition of
	// CloudTrail's statements with StringEquals aws:SourceAccount: the
	// accounts that own delivering trails (for an organization trail, the
	// management account). AWS supports the key there but does not
	// recommend it ("Configure AWS KMS key policies for CloudTrail"). Any
	// CloudTrail resource of those accounts then passes the source check:
	// kms:GenerateDataKey* still needs the encryption context of a
	// delivering trail, but kms:DescribeKey, which has none, is open to all
	// of them. Shorter than the trail ARNs. Default false. Not with
	// OmitSourceArn. Errors name "keyPolicy.allowAnySourceInAccounts".
	AllowAnySourceInAccounts bool `json:"allowAnySourceInAccounts,omitempty" yaml:"allowAnySourceInAccounts,omitempty"`

	// AllowAdministratorsToUseKey gives KeyAdministrators kms:* in the root
	// statement, including Decrypt and GenerateDataKey, as the source document
	// and the CloudTrail console's key policy do, instead of the
	// key-management actions alone. Default false: administrators manage the
	// key but do not read the logs. Setup files name it
	// "keyPolicy.allowAdministratorsToUseKey".
	AllowAdministratorsToUseKey bool `json:"allowAdministratorsToUseKey,omitempty" yaml:"allowAdministratorsToUseKey,omitempty"`

	// AllowKeyLockout drops the statement that gives the key account's root
	// kms:* (which also lets IAM policies in that account grant access). Danger:
	// if every named administrator is deleted, the key becomes unmanageable
	// and only AWS Support can restore access. Requires at least one of
	// KeyAdministrators. Default false: the key is never locked out. Errors
	// name "keyPolicy.allowKeyLockout".
	AllowKeyLockout bool `json:"allowKeyLockout,omitempty" yaml:"allowKeyLockout,omitempty"`

	// AllowCloudTrailToDecryptForBucketKey adds kms:Decrypt for CloudTrail,
	// which it needs to create or update a trail that delivers to an
	// existing bucket with an S3 Bucket Key ("Configure AWS KMS key
	// policies for CloudTrail"). The statement is scoped like the encrypt
	// statement: the encryption context and the source condition (by
	// default aws:SourceArn) name the delivering trails. Default false: a
	// bucket without an S3 Bucket Key needs no decrypt for CloudTrail.
	// Setup files name it "keyPolicy.allowCloudTrailToDecryptForBucketKey".
	AllowCloudTrailToDecryptForBucketKey bool `json:"allowCloudTrailToDecryptForBucketKey,omitempty" yaml:"allowCloudTrailToDecryptForBucketKey,omitempty"`

	// AllowAliasCreationDuringSetup adds the statement the CloudTrail
	// console writes into the key policy of a key it creates ("Allow alias
	// creation during setup"): kms:CreateAlias for any principal of the
	// key's account when the request comes through Amazon EC2 in the key's
	// Region (kms:CallerAccount and kms:ViaService, as AWS writes them; see
	// the package doc). Only to reproduce the console's policy: an alias is
	// created by whoever creates the key, whose own permissions suffice
	// through the root statement. Default false. Setup files name it
	// "keyPolicy.allowAliasCreationDuringSetup".
	AllowAliasCreationDuringSetup bool `json:"allowAliasCreationDuringSetup,omitempty" yaml:"allowAliasCreationDuringSetup,omitempty"`

	// DecryptAccounts are account IDs whose IAM policies may grant
	// kms:Decrypt of every delivered log file to any of their principals:
	// the statement AllowAccountsToDecryptLogFiles names the accounts'
	// roots (arn:<partition>:iam::<account>:root) as principals, as AWS's
	// decrypt examples do, instead of roles one by one (see the package
	// doc). Each must be the key's account, a delivering account or the
	// log archive account, the accounts readers may belong to without an
	// organization ([cloudtrail.Site.CheckReaderAccount]; this option does
	// not widen with one). Order and duplicates do not matter.
	// Default none. Errors on "keyPolicy.decryptAccounts[i]".
	DecryptAccounts []string `json:"decryptAccounts,omitempty" yaml:"decryptAccounts,omitempty"`

	// AccountPathVariable writes the compact account shape: CloudTrail's
	// statements name the calling account with ${aws:SourceAccount}
	// (encryption context arn:<partition>:cloudtrail:*:${aws:SourceAccount}:trail/*)
	// beside StringEquals aws:SourceAccount listing the owner accounts, and
	// one decrypt statement for every owner account whose encryption
	// context is arn:<partition>:cloudtrail:*:${kms:CallerAccount}:trail/*,
	// so that each account still decrypts only its own trails' logs. Each
	// account then costs three condition values instead of a statement and
	// two trail patterns: about 700 accounts fit in 32 KB instead of 70.
	// AWS documents no CloudTrail example of this shape; it rests on IAM's
	// rules for policy variables (see the package doc): verify it in a
	// sandbox account before relying on it. Needs explicit accounts; not
	// with OmitSourceArn. Default false. Errors name
	// "keyPolicy.accountPathVariable".
	AccountPathVariable bool `json:"accountPathVariable,omitempty" yaml:"accountPathVariable,omitempty"`

	// AllowCloudTrailToEncryptTopic adds AllowCloudTrailToEncryptTopic,
	// for an SNS topic (snsTopicArn) encrypted with this key: CloudTrail
	// may kms:GenerateDataKey* and kms:Decrypt through Amazon SNS in the
	// topic's Region, which it needs to publish to an encrypted topic (see
	// the package doc). The topic must be in the key's Region. Default
	// false. Errors name "keyPolicy.allowCloudTrailToEncryptTopic".
	AllowCloudTrailToEncryptTopic bool `json:"allowCloudTrailToEncryptTopic,omitempty" yaml:"allowCloudTrailToEncryptTopic,omitempty"`
}

// plan holds the validated, canonical inputs Build turns into statements.
type plan struct {
	cfg        Config
	part       policy.Partition
	keyAccount string
	keyRegion  string
	owners     []string            // accounts that own delivering trails, sorted
	trails     []string            // every delivering trail ARN or pattern, sorted
	byOwner    map[string][]string // trails of each owner account, sorted
	exact      bool                // trails are exact ARNs, not patterns
	admins     []string
	readers    []string
	// orgReaders are the readers admitted only as members of the
	// organization orgID (cloudtrail.Site.OrganizationReader), sorted.
	orgReaders []string
	orgID      string
	decryptors []string // roots of DecryptAccounts, sorted
	// topicARN is the SNS topic's ARN (AllowCloudTrailToEncryptTopic).
	topicARN string
	sids     sidSet
}

// Build returns the key policy of cfg.Site's key, or an error naming every
// problem (and no document): first the Site's refusal when it is nil or
// incomplete (see [cloudtrail.Site.Check]), then every problem with cfg's
// own options, checked against whatever the Site holds, so that one run
// reports them all. Each problem is a *[policy.FieldError]; a document over
// its size limit is a *[policy.SizeError]. Build never modifies cfg's
// slices.
func Build(cfg Config) (*policy.Document, error) {
	pl, err := check(cfg)
	if err != nil {
		return nil, err
	}
	doc := pl.document()
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		return nil, pl.sizeProblem(err)
	}
	return doc, nil
}

// document returns the key policy pl describes.
func (pl *plan) document() *policy.Document {
	doc := policy.New(policy.KindKeyPolicy, pl.statements()...)
	doc.ID = pl.cfg.PolicyID
	return doc
}

// others returns how many owner accounts are not the key's: each has a
// decrypt statement of its own.
func (pl *plan) others() int {
	n := len(pl.owners)
	if slices.Contains(pl.owners, pl.keyAccount) {
		n--
	}
	return n
}

// sizeProblem returns err, the document's validation error, with its
// *policy.SizeError naming the delivering accounts other than the key's,
// which make the document grow, and how many of them fit. Without such
// accounts, or when the document is too large even without them, the size
// error stays the document's own.
func (pl *plan) sizeProblem(err error) error {
	others := pl.others()
	if others == 0 || !errors.Is(err, policy.ErrSize) {
		return err
	}
	fit := policy.MostThatFit(others, func(n int) bool { return pl.cfg.Limits.Fits(pl.withOthers(n).document()) })
	if fit < 0 {
		return err
	}
	hint := fmt.Sprintf("each adds its own decrypt statement (%d delivering accounts in all); an organization trail needs one statement for all member accounts", len(pl.owners))
	if pl.cfg.AccountPathVariable {
		hint = fmt.Sprintf("each adds an account to three condition lists (%d delivering accounts in all); an organization trail needs one statement for all member accounts", len(pl.owners))
	}
	hint += pl.pathVariableHint(others)
	return policy.ReplaceSizeErrors(err, func(se *policy.SizeError) *policy.SizeError {
		return se.Blame("accounts", "delivering accounts other than the key's", others, fit, hint)
	})
}

// withOthers returns a copy of pl that keeps the key's account and the first
// n other owner accounts (in sorted order) with their trails. It is not
// [cloudtrail.Site.WithAccounts], which counts the key's account among the
// n and keeps the management account always: here each account other than
// the key's adds a statement, the management account's too.
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

// check validates cfg's own options against cfg.Site and returns the
// canonical plan, or every problem, the Site's refusal first.
func check(cfg Config) (*plan, error) {
	var p policy.Problems
	site := cfg.Site
	p.Add(site.Check())

	pl := &plan{cfg: cfg}
	switch cfg.SidStyle {
	case SidsCompact, SidsSpaced:
		pl.sids = sidsFor(cfg.SidStyle)
	default:
		p.Addf(policy.ErrUnsupported, "keyPolicy.sidStyle", string(cfg.SidStyle), "is not a Sid style: use %q (compact, the default) or %q", SidsCompact, SidsSpaced)
	}

	var key policy.ARN
	hasKey := false
	if site != nil {
		pl.part = site.Partition()
		key, hasKey = site.Key()
		// A key New refused was reported once, by New.
		if !hasKey && !site.Refused("kmsKeyArn") {
			p.Addf(policy.ErrRequired, "kmsKeyArn", "", "is empty: a key policy needs the key's ARN, arn:<partition>:kms:<region>:<account>:key/<key id>")
		}
	}
	if hasKey {
		// The key's partition is the setup's whenever the Site is complete.
		pl.part, pl.keyAccount, pl.keyRegion = key.Partition, key.AccountID, key.Region
	}

	for i, a := range cfg.KeyAdministrators {
		field := fmt.Sprintf("keyAdministrators[%d]", i)
		arn, err := policy.ParseIAMPrincipalARN(field, a)
		switch {
		case err != nil:
			p.Add(err)
		case site.CheckPartitionOf(field, a, arn) != nil:
			p.Add(site.CheckPartitionOf(field, a, arn))
		case arn.Resource == "root":
			p.Addf(policy.ErrPrincipal, field, a, "is an account root: name IAM roles or users (the key account's root always has its own kms:* statement)")
		case hasKey && arn.AccountID != pl.keyAccount:
			// Key management operations (PutKeyPolicy, ScheduleKeyDeletion, ...)
			// cannot be used across accounts (AWS KMS Developer Guide, "AWS KMS
			// permissions", column "Cross-account use").
			p.Addf(policy.ErrConflict, field, a, "belongs to account %s, not the key's account %s: AWS KMS allows key management only within the key's account", arn.AccountID, pl.keyAccount)
		}
	}
	pl.admins = policy.SortedUnique(cfg.KeyAdministrators)

	if r, ok := policyIDRune(cfg.PolicyID); !ok {
		p.Addf(policy.ErrCharacter, "keyPolicy.policyId", cfg.PolicyID, "contains %U: a key policy holds only tab, line feed, carriage return and U+0020 to U+00FF", r)
	}

	if cfg.AllowAnySourceInAccounts && cfg.OmitSourceArn {
		p.Addf(policy.ErrConflict, "keyPolicy.allowAnySourceInAccounts", "true", "conflicts with keyPolicy.omitSourceArn, which drops the source condition that this option replaces: set one of them")
	}

	if cfg.AllowKeyLockout && len(cfg.KeyAdministrators) == 0 {
		p.Addf(policy.ErrConflict, "keyPolicy.allowKeyLockout", "true", "is set but keyAdministrators is empty: nobody could manage the key; name at least one administrator or keep the root statement")
	}

	if site != nil && hasKey {
		// The site's own accounts, where readers may belong without an
		// organization (cloudtrail.Site.CheckReaderAccount).
		allowed := policy.SortedUnique(append(site.OwnerAccounts(), pl.keyAccount, site.LogArchiveAccount()))
		allowed = slices.DeleteFunc(allowed, func(a string) bool { return policy.CheckAccountID("", a) != nil })
		ok := make([]string, 0, len(cfg.DecryptAccounts))
		for i, a := range cfg.DecryptAccounts {
			// The field's name only for a bad value, as cloudtrail.New
			// does: 10,000 good accounts cost no 10,000 strings.
			field := func() string { return fmt.Sprintf("keyPolicy.decryptAccounts[%d]", i) }
			switch {
			case policy.CheckAccountID("", a) != nil:
				p.Add(policy.CheckAccountID(field(), a))
			case !sortedHas(allowed, a):
				p.Addf(policy.ErrConflict, field(), a, "is not the key's account, a delivering account or logArchiveAccount (allowed: %s): any principal of an account named here may be let decrypt every account's logs", strings.Join(allowed, ", "))
			default:
				ok = append(ok, policy.AccountRootARN(pl.part, a))
			}
		}
		pl.decryptors = policy.SortedUnique(ok)
	}

	if cfg.VendorRoleARN != "" && site != nil {
		// The vendor assumes a role; a user or an account is no vendor role.
		if _, err := policy.ParseRoleARN("vendorRoleArn", cfg.VendorRoleARN); err != nil {
			p.Add(err)
		} else {
			p.Add(site.CheckReader("vendorRoleArn", cfg.VendorRoleARN))
		}
	}

	if cfg.AllowCloudTrailToEncryptTopic && site != nil {
		topic, ok := site.SNSTopic()
		switch {
		case !ok && !site.Refused("snsTopicArn"):
			p.Addf(policy.ErrConflict, "keyPolicy.allowCloudTrailToEncryptTopic", "true", "is set but snsTopicArn is empty: the statement is for the SNS topic the trails notify, encrypted with this key")
		case ok && hasKey && topic.Region != pl.keyRegion:
			// KMS keys are regional, and SNS uses the topic's
			// KmsMasterKeyId in the topic's Region (a key of another Region
			// is not documented for SNS: verify in a sandbox).
			p.Addf(policy.ErrConflict, "keyPolicy.allowCloudTrailToEncryptTopic", "true", "is set, but snsTopicArn is in Region %s and the key in %s: a topic is encrypted with a key of its own Region", topic.Region, pl.keyRegion)
		case ok:
			pl.topicARN = topic.String()
		}
	}

	checkPathVariable(cfg, &p)

	if err := p.Err(); err != nil {
		return nil, err
	}

	parsed := site.ParsedReaders()
	readers := make([]string, 0, len(parsed)+1) // and the vendor's role
	for _, r := range parsed {
		if site.OrganizationReader(r.Account) {
			pl.orgReaders = append(pl.orgReaders, r.ARN)
		} else {
			readers = append(readers, r.ARN)
		}
	}
	if cfg.VendorRoleARN != "" {
		readers = append(readers, cfg.VendorRoleARN)
	}
	pl.readers = policy.SortedUnique(readers)
	if o, ok := site.Organization(); ok {
		pl.orgID = o.ID
	}
	pl.owners = site.OwnerAccounts()
	pl.exact = site.ExactTrails()
	// Every owner's trails, and all of them sorted: site.TrailARNs() is
	// their union (a trail has one owner), so it is not asked to make the
	// same 10,000 ARNs again.
	pl.byOwner = make(map[string][]string, len(pl.owners))
	pl.trails = make([]string, 0, len(pl.owners))
	for _, o := range pl.owners {
		t := site.TrailARNs(o)
		pl.byOwner[o] = t
		pl.trails = append(pl.trails, t...)
	}
	slices.Sort(pl.trails)
	return pl, nil
}

// policyIDRune returns the first character of id that a key policy may not
// hold, and false; or true when every character is allowed. The policy
// package checks the same rule on the whole rendered document, but would
// name the document's "Id", not the setup's keyPolicy.policyId. (AWS KMS
// Developer Guide, "Key policies": the characters allowed in a key policy
// document.)
func policyIDRune(id string) (rune, bool) {
	for _, r := range id {
		if r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || r > 0xff) {
			return r, false
		}
	}
	return 0, true
}

// sidSet holds the Sids of one style.
type sidSet struct {
	root, admins, encrypt, decrypt, describe, keyAccountDecrypt, alias, readers, orgReaders, accounts, topic string
	ownDecrypt                                                                                               string // AccountPathVariable's one decrypt statement
	accountDecrypt                                                                                           func(account string) string
}

func sidsFor(style SidStyle) sidSet {
	if style == SidsSpaced {
		// The wording of the source document and of the CloudTrail User Guide.
		return sidSet{
			root:              "Enable IAM User Permissions",
			admins:            "Allow access for Key Administrators",
			encrypt:           "Allow CloudTrail to encrypt logs",
			decrypt:           "Allow CloudTrail to decrypt a trail",
			describe:          "Allow CloudTrail to describe key",
			keyAccountDecrypt: "Allow principals in the account to decrypt log files",
			alias:             "Allow alias creation during setup",
			accounts:          "Enable CloudTrail log decrypt permissions for accounts",
			accountDecrypt:    func(a string) string { return "Enable cross account log decryption for " + a },
			readers:           "Allow readers to decrypt log files",
			ownDecrypt:        "Allow each account to decrypt its own log files",
			orgReaders:        "Allow organization readers to decrypt log files",
			topic:             "Allow CloudTrail to encrypt topic notifications",
		}
	}
	return sidSet{
		root:              "EnableIAMUserPermissions",
		admins:            "AllowAccessForKeyAdministrators",
		encrypt:           "AllowCloudTrailToEncryptLogs",
		decrypt:           "AllowCloudTrailToDecryptLogs",
		describe:          "AllowCloudTrailToDescribeKey",
		keyAccountDecrypt: "AllowKeyAccountToDecryptOwnLogFiles",
		alias:             "AllowAliasCreationDuringSetup",
		accounts:          "AllowAccountsToDecryptLogFiles",
		accountDecrypt:    func(a string) string { return "AllowAccount" + a + "ToDecryptOwnLogFiles" },
		readers:           "AllowReadersToDecryptLogFiles",
		ownDecrypt:        "AllowAccountsToDecryptOwnLogFiles",
		orgReaders:        "AllowOrganizationReadersToDecryptLogFiles",
		topic:             "AllowCloudTrailToEncryptTopic",
	}
}

// allResources is "*": in a key policy it means "this KMS key".
// (AWS KMS Developer Guide, "Default key policy".)
func allResources() *iampolicy.StringOrSlice { return policy.Strings("*") }

// statements builds the statements in a fixed order: administration, then
// CloudTrail's, then decryption.
func (pl *plan) statements() []iampolicy.Statement {
	// Room for the fixed statements and the decrypt statement of each owner
	// account, so that the slice of 10,000 accounts' statements is not
	// grown and copied.
	n := 16
	if !pl.cfg.AccountPathVariable {
		n += len(pl.owners)
	}
	out := make([]iampolicy.Statement, 0, n)
	out = append(out, pl.administration()...)
	out = append(out, pl.cloudTrailEncrypt())
	if pl.cfg.AllowCloudTrailToDecryptForBucketKey {
		out = append(out, pl.cloudTrailDecrypt())
	}
	out = append(out, pl.cloudTrailDescribe())
	out = pl.appendAccountDecrypt(out)
	if pl.cfg.AllowAliasCreationDuringSetup {
		out = append(out, pl.aliasCreation())
	}
	if len(pl.readers) > 0 {
		out = append(out, pl.readersDecrypt())
	}
	if len(pl.orgReaders) > 0 {
		out = append(out, pl.orgReadersDecrypt())
	}
	if len(pl.decryptors) > 0 {
		out = append(out, pl.accountsDecrypt())
	}
	if pl.cfg.AllowCloudTrailToEncryptTopic {
		out = append(out, pl.topicEncrypt())
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

// sourceArn adds the confused-deputy condition to c. By default
// aws:SourceArn: StringEquals for exact trail ARNs, StringLike for
// per-account patterns ("When you include a wildcard, you must also use the
// StringLike condition operator": CloudTrail User Guide, "Cross-service
// confused deputy prevention",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html).
// With AllowAnySourceInAccounts, aws:SourceAccount of the owner accounts:
// CloudTrail sets it to the account that owns the trail, the management
// account for an organization trail, and AWS supports it in the key policy
// without recommending it over aws:SourceArn (CloudTrail User Guide,
// "Configure AWS KMS key policies for CloudTrail",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
// read 2026-12-01).
func (pl *plan) sourceArn(c policy.Conditions) policy.Conditions {
	switch {
	case pl.cfg.OmitSourceArn:
		return c
	case pl.cfg.AccountPathVariable:
		return pl.variableSource(c)
	case pl.cfg.AllowAnySourceInAccounts:
		return c.With("StringEquals", "aws:SourceAccount", pl.owners...)
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
	c := policy.Conditions{}.With("StringLike", cloudtrail.EncryptionContextKey, pl.contextTrails()...)
	return iampolicy.Statement{
		Sid:       pl.sids.encrypt,
		Effect:    iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal(cloudtrail.ServicePrincipal),
		Action:    policy.Strings("kms:GenerateDataKey*"),
		Resource:  allResources(),
		Condition: pl.sourceArn(c),
	}
}

// cloudTrailDecrypt lets CloudTrail decrypt with the key, which it needs to
// create or update a trail that delivers to an existing bucket with an S3
// Bucket Key (CloudTrail User Guide, "Configure AWS KMS key policies for
// CloudTrail", sections "Required KMS key policy elements for trails" and
// "Granting decrypt permissions",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
// read 2026-12-01). AWS's example statement has no condition; this one has
// the encrypt statement's, so that only the delivering trails, calling for
// themselves, can have CloudTrail decrypt: CloudTrail's requests for a log
// file carry the trail's ARN as encryption context
// ([cloudtrail.EncryptionContextKey]).
func (pl *plan) cloudTrailDecrypt() iampolicy.Statement {
	s := pl.cloudTrailEncrypt()
	s.Sid = pl.sids.decrypt
	s.Action = policy.Strings("kms:Decrypt")
	s.Condition = pl.sourceArn(policy.Conditions{}.With("StringLike", cloudtrail.EncryptionContextKey, pl.contextTrails()...))
	return s
}

// cloudTrailDescribe lets CloudTrail read the key's properties, which it needs
// to create or update a trail that uses the key; AWS recommends aws:SourceArn
// here too. (Same page, section "Enable CloudTrail to describe KMS key properties".)
func (pl *plan) cloudTrailDescribe() iampolicy.Statement {
	s := iampolicy.Statement{
		Sid:       pl.sids.describe,
		Effect:    iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal(cloudtrail.ServicePrincipal),
		Action:    policy.Strings("kms:DescribeKey"),
		Resource:  allResources(),
	}
	if c := pl.sourceArn(nil); len(c) > 0 {
		s.Condition = c
	}
	return s
}

// appendAccountDecrypt lets the principals of each account that owns delivering
// trails decrypt the log files of its own trails: kms:CallerAccount names the
// account and the encryption context names that account's trails. One
// statement per account: a combined statement (accounts B and C, trails of B
// and C) would let B decrypt C's logs, because conditions are ANDed but the
// values of one key are ORed. The key's account comes first. Principal "*" is
// safe only with kms:CallerAccount. (CloudTrail User Guide, "Default KMS key
// policy created in CloudTrail console",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/default-kms-key-policy.html)
//
// It appends the statements to out, which statements sized for them, so
// that 10,000 accounts' statements are not built in a slice of their own
// and copied.
func (pl *plan) appendAccountDecrypt(out []iampolicy.Statement) []iampolicy.Statement {
	if pl.cfg.AccountPathVariable {
		return append(out, pl.variableDecrypt()...)
	}
	stmt := func(sid, account string, trails []string) iampolicy.Statement {
		return iampolicy.Statement{
			Sid:       sid,
			Effect:    iampolicy.EffectAllow,
			Principal: policy.AWSPrincipal("*"),
			Action:    policy.List("kms:Decrypt", "kms:ReEncryptFrom"),
			Resource:  allResources(),
			Condition: policy.Conditions{}.
				With("StringEquals", "kms:CallerAccount", account).
				With("StringLike", cloudtrail.EncryptionContextKey, trails...),
		}
	}
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

// accountsDecrypt lets whole accounts decrypt every delivered log file: the
// accounts' roots as principals, which delegates the grant to their IAM
// policies, as AWS's "Enable CloudTrail log decrypt permissions" examples
// name principals (CloudTrail User Guide, "Configure AWS KMS key policies
// for CloudTrail", section "Granting decrypt permissions",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
// read 2026-12-01). AWS's condition is Null
// kms:EncryptionContext:aws:cloudtrail:arn "false", any CloudTrail
// context; this one names the delivering trails, as readersDecrypt does,
// so that the key decrypts no other trail's data for them.
func (pl *plan) accountsDecrypt() iampolicy.Statement {
	s := pl.readersDecrypt()
	s.Sid = pl.sids.accounts
	s.Principal = policy.AWSPrincipal(pl.decryptors...)
	return s
}

// aliasCreation is the CloudTrail console's "Allow alias creation during
// setup" statement (CloudTrail User Guide, "Default KMS key policy created
// in CloudTrail console",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/default-kms-key-policy.html,
// read 2026-12-01): kms:CreateAlias for every principal whose call comes
// from the key's account (kms:CallerAccount) through Amazon EC2 in the
// key's Region (kms:ViaService ec2.<region>.<DNS suffix>).
func (pl *plan) aliasCreation() iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       pl.sids.alias,
		Effect:    iampolicy.EffectAllow,
		Principal: policy.AWSPrincipal("*"),
		Action:    policy.Strings("kms:CreateAlias"),
		Resource:  allResources(),
		Condition: policy.Conditions{}.
			With("StringEquals", "kms:CallerAccount", pl.keyAccount).
			With("StringEquals", "kms:ViaService", viaService("ec2", pl.keyRegion, pl.part)),
	}
}

// topicEncrypt lets CloudTrail publish to an SNS topic encrypted with the
// key: kms:GenerateDataKey* and kms:Decrypt, the statement of "Amazon SNS
// topic policy for CloudTrail", section "KMS key policy"
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html,
// read 2026-12-02), narrowed to the topic's data keys with
// kms:EncryptionContext:aws:sns:topicArn, the condition AWS writes for a
// service that publishes to an encrypted topic (see the package doc), so
// that CloudTrail cannot use the key for anything else through this
// statement.
func (pl *plan) topicEncrypt() iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       pl.sids.topic,
		Effect:    iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal(cloudtrail.ServicePrincipal),
		Action:    policy.List("kms:GenerateDataKey*", "kms:Decrypt"),
		Resource:  allResources(),
		Condition: policy.Conditions{}.With("StringEquals", "kms:EncryptionContext:aws:sns:topicArn", pl.topicARN),
	}
}

// viaService is the kms:ViaService value of service in region: the
// service's endpoint name, whose DNS suffix is amazonaws.com.cn in the
// China Regions and amazonaws.com elsewhere (AWS KMS Developer Guide,
// "kms:ViaService", and "Amazon Web Services in China: endpoints"). The
// China form is inferred from the endpoints, not published as a ViaService
// value: verify it in a sandbox account (the trust package's read policy
// leaves its S3 ViaService condition out in aws-cn for the same reason).
//
// In aws-eusc the suffix is amazonaws.eu, the partition's DNS suffix in
// AWS's SDK partition data (see policy.PartitionEUSC); inferred the same
// way, verify it in a sandbox account.
func viaService(service, region string, part policy.Partition) string {
	suffix := "amazonaws.com"
	switch part {
	case policy.PartitionChina:
		suffix = "amazonaws.com.cn"
	case policy.PartitionEUSC:
		suffix = "amazonaws.eu"
	}
	return service + "." + region + "." + suffix
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
		Condition: policy.Conditions{}.With("StringLike", cloudtrail.EncryptionContextKey, pl.trails...),
	}
}

// sortedHas reports whether the sorted list holds s, by binary search, so
// that checking each of a list against another stays linear in both.
func sortedHas(sorted []string, s string) bool {
	_, found := slices.BinarySearch(sorted, s)
	return found
}

// orgReadersDecrypt is readersDecrypt for the readers admitted only as
// members of the organization, under StringEquals aws:PrincipalOrgID: which
// accounts are members cannot be checked when the policy is written, so the
// key asks AWS at each request, and a reader in an account outside the
// organization (a mistyped ID) decrypts nothing (IAM User Guide, "AWS
// global condition context keys", aws:PrincipalOrgID,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
// read 2026-12-02).
func (pl *plan) orgReadersDecrypt() iampolicy.Statement {
	s := pl.readersDecrypt()
	s.Sid = pl.sids.orgReaders
	s.Principal = policy.AWSPrincipal(pl.orgReaders...)
	s.Condition = policy.Conditions{}.
		With("StringLike", cloudtrail.EncryptionContextKey, pl.trails...).
		With("StringEquals", "aws:PrincipalOrgID", pl.orgID)
	return s
}
