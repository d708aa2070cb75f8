package bucket

import (
	"fmt"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// Sids of the statements Build emits, before [Options.SidSuffix].
const (
	SidACLCheck          = "AWSCloudTrailAclCheck"          // SidACLCheck: CloudTrail may read the bucket ACL
	SidWrite             = "AWSCloudTrailWrite"             // SidWrite: CloudTrail may write an account's path (with several accounts, SidWrite+account per account)
	SidOrganizationWrite = "AWSCloudTrailOrganizationWrite" // SidOrganizationWrite: the organization trail's path
	SidDenyInsecure      = "DenyInsecureTransport"          // SidDenyInsecure: no request without TLS
	SidDenyUnencrypted   = "DenyUnencryptedObjectUploads"   // SidDenyUnencrypted: no log file without SSE-KMS
	SidDenyWrongKey      = "DenyWrongKMSKey"                // SidDenyWrongKey: no log file under another key
	SidReadersList       = "AllowLogReadersToList"          // SidReadersList: readers may list under AWSLogs/
	SidReadersRead       = "AllowLogReadersToRead"          // SidReadersRead: readers may get the objects under AWSLogs/
	// SidOrgReadersList and SidOrgReadersRead: the same for readers admitted
	// only as members of the organization, under aws:PrincipalOrgID.
	SidOrgReadersList = "AllowOrganizationLogReadersToList"
	SidOrgReadersRead = "AllowOrganizationLogReadersToRead"
)

// Condition keys and values the statements use.
const (
	keyACL       = "s3:x-amz-acl"
	keySSE       = "s3:x-amz-server-side-encryption"
	keySSEKeyID  = "s3:x-amz-server-side-encryption-aws-kms-key-id"
	keySourceArn = "aws:SourceArn"
	// keyPrincipalOrgID is the requesting principal's organization ID.
	keyPrincipalOrgID = "aws:PrincipalOrgID"
	keySourceAcct     = "aws:SourceAccount"
	keySourceOrgID    = "aws:SourceOrgID"
	keySecure         = "aws:SecureTransport"
	aclOwnerFull      = "bucket-owner-full-control"
	sseKMS            = "aws:kms"
	opStringEquals    = "StringEquals"
	opStringLike      = "StringLike"
	opStringNotEq     = "StringNotEquals"
	opBool            = "Bool"
)

// logFileFolders are the folders under AWSLogs/<id>/ where CloudTrail
// writes files encrypted with the trail's key: log files and Insights
// events (see [plan.logFilesARNs]).
var logFileFolders = []string{"CloudTrail", "CloudTrail-Insight"}

// Options is the setup file's "bucketPolicy" block: the bucket policy's
// own options. The zero value of every field is the safe choice, the form
// AWS recommends today; a field that removes a safeguard is named for what
// it weakens, and the setup file's README table says so too. [Build]
// reports a problem with these options on its setup path, written after
// each field ("bucketPolicy.sidSuffix",
// "bucketPolicy.legacyPrincipalRegions[1]").
type Options struct {
	// LegacyPrincipalRegions, when set, grants the per-Region CloudTrail
	// accounts of these Regions (arn:<partition>:iam::<id>:root) instead of
	// the service principal, as 2013–2015 policies did; the Regions are
	// looked up with [LegacyAccountID] and emitted in Region-code order
	// (duplicates removed). Each must be a Region of the Site's partition.
	// Only to reproduce an old policy: such a policy lets CloudTrail deliver
	// from the listed Regions only. Requires AllowAnySourceTrail, because
	// aws:SourceArn is set only for requests made by a service principal.
	// Default empty (the service principal). Field paths:
	// "bucketPolicy.legacyPrincipalRegions",
	// "bucketPolicy.legacyPrincipalRegions[i]".
	LegacyPrincipalRegions []string `json:"legacyPrincipalRegions,omitempty" yaml:"legacyPrincipalRegions,omitempty"`

	// AllowAnySourceTrail drops the aws:SourceArn condition, so that a trail
	// in any AWS account may write under the delivering accounts' paths
	// (the confused-deputy risk AWS's condition closes). Only to reproduce
	// an old policy. Default false. Not allowed when the Site names exact
	// trails. Field path: "bucketPolicy.allowAnySourceTrail".
	AllowAnySourceTrail bool `json:"allowAnySourceTrail,omitempty" yaml:"allowAnySourceTrail,omitempty"`

	// AllowAnySourceInAccounts replaces the per-account trail ARN patterns
	// with aws:SourceAccount: any CloudTrail resource of a delivering account
	// (trails, but also event data stores and channels) passes. About a third
	// of the size per account, for explicit account lists near the size
	// limit. Default false. Not allowed when the Site names exact trails, nor
	// with AllowAnySourceTrail. Field path:
	// "bucketPolicy.allowAnySourceInAccounts".
	AllowAnySourceInAccounts bool `json:"allowAnySourceInAccounts,omitempty" yaml:"allowAnySourceInAccounts,omitempty"`

	// AllowAnySourceInOrganization replaces the trail ARN patterns with
	// aws:SourceOrgID, the organization of the account that owns the
	// calling trail, as AWS Control Tower's audit bucket does: any
	// CloudTrail resource (trail, event data store, channel) of any account
	// of the Site's organization passes, in every statement, so a member
	// account's trail may write under every delivering account's path and
	// under the organization trail's AWSLogs/<o-id>/, and the write
	// statements become one (see the package doc). The condition does not
	// grow with the accounts. Requires the Site's organization; every
	// delivering account must be a member of it, since a trail of an
	// account outside it carries another aws:SourceOrgID or none. Default
	// false. Not allowed when the Site names exact trails, nor with
	// AllowAnySourceTrail or AllowAnySourceInAccounts. Field path:
	// "bucketPolicy.allowAnySourceInOrganization".
	AllowAnySourceInOrganization bool `json:"allowAnySourceInOrganization,omitempty" yaml:"allowAnySourceInOrganization,omitempty"`

	// AllowWritesAcrossAccountPrefixes writes a single AWSCloudTrailWrite
	// statement that covers all delivering accounts, the compact form of AWS's
	// multi-account example ("Setting bucket policy for multiple accounts",
	// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-set-bucket-policy-for-multiple-accounts.html),
	// instead of one statement per account. It fits 2.5 to 3.5 times as
	// many accounts in the size limit (see the package doc's Size), but the
	// values of one condition key are ORed, so any delivering account's trail may then write under every
	// delivering account's AWSLogs/<account>/ path: a trail owner chooses its
	// trail's S3KeyPrefix, so account B could set "AWSLogs/<A>" and have its
	// logs land inside A's prefix. Default false. Not allowed with
	// AllowAnySourceTrail, which already writes one statement (see the
	// package doc). Field path: "bucketPolicy.allowWritesAcrossAccountPrefixes".
	AllowWritesAcrossAccountPrefixes bool `json:"allowWritesAcrossAccountPrefixes,omitempty" yaml:"allowWritesAcrossAccountPrefixes,omitempty"`

	// SidSuffix is appended to every Sid, for example "20150319" to match
	// the Sids of AWS's older examples. Letters and digits only. Default
	// empty. Field path: "bucketPolicy.sidSuffix".
	SidSuffix string `json:"sidSuffix,omitempty" yaml:"sidSuffix,omitempty"`

	// AllowCloudTrailToListBucket adds s3:ListBucket beside s3:GetBucketAcl
	// in the ACL-check statement, under the same source condition, as the
	// AWS Security Reference Architecture's organization trail bucket
	// writes it (AWS Control Tower grants both in two statements; see the
	// package doc). CloudTrail delivers without it; with it, the delivering trails
	// may have CloudTrail list every object key of the bucket, other
	// accounts' and prefixes' too. Default false. Field path:
	// "bucketPolicy.allowCloudTrailToListBucket".
	AllowCloudTrailToListBucket bool `json:"allowCloudTrailToListBucket,omitempty" yaml:"allowCloudTrailToListBucket,omitempty"`

	// AccountPathVariable writes the compact account shape: one write
	// statement whose Resource is [prefix/]AWSLogs/${aws:SourceAccount}/*
	// with StringEquals aws:SourceAccount listing the owner accounts, so
	// that a trail may still write only under its own account's path, and
	// the ACL check with the same account list. Each account then costs
	// two condition values instead of a statement: about 600 accounts fit
	// in 20 KB instead of 48. AWS documents no CloudTrail example of this
	// shape; it rests on IAM's rules for policy variables (see the package
	// doc, "One write statement for many accounts"): verify it in a sandbox
	// account before relying on it. Needs explicit accounts. Not with
	// AllowAnySourceTrail, AllowAnySourceInOrganization or
	// AllowWritesAcrossAccountPrefixes. Default false. Field path:
	// "bucketPolicy.accountPathVariable".
	AccountPathVariable bool `json:"accountPathVariable,omitempty" yaml:"accountPathVariable,omitempty"`

	// DenyOutsideOrganization adds the AWS Security Reference
	// Architecture's data-perimeter deny, DenyExternalPrincipals:
	// s3:GetObject*, s3:ListBucket and s3:PutObject on the bucket and its
	// objects are denied to every principal whose aws:PrincipalOrgID is not
	// the Site's organization, unless aws:PrincipalIsAWSService is true
	// (CloudTrail still delivers). Every reader, the vendor's role
	// included, must then belong to an account of the organization. Needs
	// the Site's organization. Default false. Field path:
	// "bucketPolicy.denyOutsideOrganization".
	DenyOutsideOrganization bool `json:"denyOutsideOrganization,omitempty" yaml:"denyOutsideOrganization,omitempty"`

	// AllowInsecureTransport leaves out DenyInsecureTransport, so requests
	// over plain HTTP are not refused. Only to reproduce an old policy.
	// Default false. Field path: "bucketPolicy.allowInsecureTransport".
	AllowInsecureTransport bool `json:"allowInsecureTransport,omitempty" yaml:"allowInsecureTransport,omitempty"`
}

// Config is the bucket policy's input: the logging site, which says which
// bucket receives the logs, which trails deliver, the key and the readers,
// and the options of the bucket policy alone. The zero value of every
// option is the safe choice; options that remove a safeguard are named for
// what they weaken.
//
// Build reports a problem with an option under the path a setup file gives
// it, written after each field ("omitEncryptionDeniesForFirstCreate",
// "bucketPolicy.sidSuffix").
type Config struct {
	// Site is the validated logging site, made by [cloudtrail.New]:
	// partition, bucket, prefix, delivering accounts, organization, exact
	// trails, KMS key and readers. Required. New reports the site's own
	// problems; Build reports a nil Site, or one that New returned with an
	// error, under the field "site" (wrapping [cloudtrail.ErrIncompleteSite])
	// and builds no document from it. The same Site builds the KMS key
	// policy, so the two documents agree.
	Site *cloudtrail.Site

	// OmitEncryptionDeniesForFirstCreate leaves out the two encryption
	// denies, DenyUnencryptedObjectUploads and DenyWrongKMSKey, which Build
	// otherwise adds when the Site has a KMS key, while the trail is first
	// created. The AWS Security Reference Architecture ships them commented
	// out ("These statements prevent creating the Org Trail — Uncomment after
	// initial create"); build again without this option once the trail
	// exists. Default false. Requires a key in the Site (kmsKeyArn).
	// Field path: "omitEncryptionDeniesForFirstCreate", at the top level of
	// a setup file, not in the bucketPolicy block, so that setup files
	// written before the block keep working.
	OmitEncryptionDeniesForFirstCreate bool

	// Options are the setup file's "bucketPolicy" block, embedded so that
	// cfg.SidSuffix names an option directly; errors on their paths
	// ("bucketPolicy.sidSuffix").
	Options

	// Limits overrides the size limits; the zero value (and a zero
	// BucketPolicy) means today's AWS limit ([policy.DefaultLimits]: 20,480
	// bytes for a bucket policy). Not a setup field: a policy over the limit
	// is reported by the *[policy.SizeError] described at [Build].
	Limits policy.Limits
}

// plan is a validated Config: the Site and the bucket policy's options
// resolved. build turns it into statements.
type plan struct {
	site       *cloudtrail.Site
	denyKeyARN string   // the key of the encryption denies; "" for none
	legacy     []string // legacy principal ARNs in Region order
	sourceMode sourceMode
	orgID      string // the aws:SourceOrgID value of sourceOrgID
	sidSuffix  string
	denyHTTP   bool
	listBucket bool // AllowCloudTrailToListBucket
	limits     policy.Limits
	// compactWrites puts every owner account's path in one write statement
	// (AllowWritesAcrossAccountPrefixes, or no source condition at all).
	compactWrites bool
	// pathVariable is AccountPathVariable: one write statement for every
	// owner account, its path written with ${aws:SourceAccount}.
	pathVariable bool
	// perimeterOrg is the organization ID of DenyOutsideOrganization; ""
	// without it.
	perimeterOrg string
	readers      []string // the readers the bucket policy grants, sorted
	// orgReaders are the granted readers admitted only as members of the
	// organization orgReadersOf (cloudtrail.Site.OrganizationReader), sorted.
	orgReaders   []string
	orgReadersOf string
}

// sourceMode is the confused-deputy condition on the allow statements.
type sourceMode int

const (
	sourceArnPattern sourceMode = iota // StringLike aws:SourceArn arn:…:cloudtrail:*:<account>:trail/*
	sourceArnExact                     // StringEquals aws:SourceArn <trail ARNs>
	sourceAccount                      // StringEquals aws:SourceAccount <accounts>
	sourceOrgID                        // StringEquals aws:SourceOrgID <organization ID>
	sourceNone                         // no condition
)

// sidSuffixChars reports whether s holds only the characters IAM allows in
// a Sid (IAM User Guide, "IAM JSON policy elements: Sid").
func sidSuffixChars(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Build returns the S3 bucket policy for CloudTrail delivery to the bucket
// of cfg.Site. It reports every problem at once, with no document: first a
// nil or incomplete Site (see [Config.Site]), then each problem with the
// options, checked against what the Site holds, each a *[policy.FieldError]
// named by the option's field path ("bucketPolicy.sidSuffix"). The Site's own values are
// validated by [cloudtrail.New], not again here.
//
// When the policy exceeds the size limit, the error is a *[policy.SizeError]
// (wrapping [policy.ErrSize]). When the Site lists delivering accounts and
// fewer of them would fit, its Field and Noun are "accounts", Count is the
// number of accounts, Fit how many of them (in sorted order) fit with the
// same options, and Hint what to do instead (an organization trail, split
// buckets, and how many bucketPolicy.allowWritesAcrossAccountPrefixes would fit). When
// the policy is too large whatever the account list, Field is empty and
// Hint says that the limit is too small for it.
func Build(cfg Config) (*policy.Document, error) {
	var pr policy.Problems
	pr.Add(cfg.Site.Check())
	p := newPlan(cfg, &pr)
	if err := pr.Err(); err != nil {
		return nil, err
	}
	doc := p.build()
	if err := doc.ValidateWithLimits(p.limits); err != nil {
		return nil, p.explainSize(err)
	}
	return doc, nil
}

// newPlan checks the options of cfg against its Site, adding each problem
// to pr, and returns the plan. Without a Site only the options that do not
// depend on it are checked.
func newPlan(cfg Config, pr *policy.Problems) *plan {
	site := cfg.Site
	p := &plan{
		site:       site,
		sidSuffix:  cfg.SidSuffix,
		denyHTTP:   !cfg.AllowInsecureTransport,
		listBucket: cfg.AllowCloudTrailToListBucket,
		limits:     cfg.Limits,
	}
	exactTrails := site != nil && site.ExactTrails()

	if site != nil {
		switch key := site.KeyARN(); {
		case key != "" && !cfg.OmitEncryptionDeniesForFirstCreate:
			p.denyKeyARN = key
		case key == "" && cfg.OmitEncryptionDeniesForFirstCreate && !site.Refused("kmsKeyArn"):
			// A key New refused was reported once, by New.
			pr.Addf(policy.ErrConflict, "omitEncryptionDeniesForFirstCreate", "true", "has no effect without kmsKeyArn: the encryption denies exist only for a KMS key")
		}
	}

	switch {
	case cfg.AllowAnySourceTrail:
		p.sourceMode = sourceNone
		if exactTrails {
			pr.Addf(policy.ErrConflict, "bucketPolicy.allowAnySourceTrail", "true", "drops the aws:SourceArn condition, so trails would have no effect: remove one of them")
		}
		if cfg.AllowAnySourceInAccounts {
			pr.Addf(policy.ErrConflict, "bucketPolicy.allowAnySourceInAccounts", "true", "conflicts with bucketPolicy.allowAnySourceTrail, which drops every source condition: set one of them")
		}
		if cfg.AllowAnySourceInOrganization {
			pr.Addf(policy.ErrConflict, "bucketPolicy.allowAnySourceInOrganization", "true", "conflicts with bucketPolicy.allowAnySourceTrail, which drops every source condition: set one of them")
		}
	case cfg.AllowAnySourceInAccounts:
		p.sourceMode = sourceAccount
		if exactTrails {
			pr.Addf(policy.ErrConflict, "bucketPolicy.allowAnySourceInAccounts", "true", "replaces the trail ARNs with aws:SourceAccount, so trails would have no effect: remove one of them")
		}
		if cfg.AllowAnySourceInOrganization {
			pr.Addf(policy.ErrConflict, "bucketPolicy.allowAnySourceInOrganization", "true", "conflicts with bucketPolicy.allowAnySourceInAccounts: the source condition is aws:SourceAccount or aws:SourceOrgID, set one of them")
		}
	case cfg.AllowAnySourceInOrganization:
		p.sourceMode = sourceOrgID
		if exactTrails {
			pr.Addf(policy.ErrConflict, "bucketPolicy.allowAnySourceInOrganization", "true", "replaces the trail ARNs with aws:SourceOrgID, so trails would have no effect: remove one of them")
		}
		if site != nil {
			// An organization New refused was reported once, by New.
			o, ok := site.Organization()
			p.orgID = o.ID
			if !ok && !site.Refused("organization") {
				pr.Addf(policy.ErrConflict, "bucketPolicy.allowAnySourceInOrganization", "true", "needs organization: aws:SourceOrgID names the organization of the account that owns the calling trail, and the setup names none")
			}
		}
	case exactTrails:
		p.sourceMode = sourceArnExact
	default:
		p.sourceMode = sourceArnPattern
	}

	// Without a source condition every write statement would carry the same
	// principal and no condition, so statements per account would isolate
	// nothing: such a policy keeps the one statement of the old documents.
	// The same holds for aws:SourceOrgID, whose one value every statement
	// would carry.
	p.compactWrites = cfg.AllowWritesAcrossAccountPrefixes || p.sourceMode == sourceNone || p.sourceMode == sourceOrgID
	switch {
	case cfg.AllowWritesAcrossAccountPrefixes && cfg.AllowAnySourceTrail:
		pr.Addf(policy.ErrConflict, "bucketPolicy.allowWritesAcrossAccountPrefixes", "true", "has no effect with bucketPolicy.allowAnySourceTrail, which already lets any trail write under every delivering account's path in one statement: set one of them")
	case cfg.AllowWritesAcrossAccountPrefixes && p.sourceMode == sourceOrgID:
		pr.Addf(policy.ErrConflict, "bucketPolicy.allowWritesAcrossAccountPrefixes", "true", "has no effect with bucketPolicy.allowAnySourceInOrganization, which already lets any trail of the organization write under every delivering account's path in one statement: set one of them")
	}

	if len(cfg.LegacyPrincipalRegions) > 0 {
		if !cfg.AllowAnySourceTrail {
			pr.Addf(policy.ErrConflict, "bucketPolicy.legacyPrincipalRegions", strings.Join(cfg.LegacyPrincipalRegions, ","), "needs bucketPolicy.allowAnySourceTrail: aws:SourceArn and aws:SourceAccount are set only for requests made by a service principal, so with legacy account principals the condition would block delivery")
		}
		for i, r := range cfg.LegacyPrincipalRegions {
			field := fmt.Sprintf("bucketPolicy.legacyPrincipalRegions[%d]", i)
			if err := site.CheckRegionOf(field, r); err != nil {
				pr.Add(err)
				continue
			}
			if _, ok := LegacyAccountID(r); !ok {
				pr.Addf(policy.ErrUnsupported, field, r, "is not in AWS's table of legacy CloudTrail accounts (CloudTrail supported Regions, 2023-01-25): leave bucketPolicy.legacyPrincipalRegions empty to use the service principal, which serves every Region")
			}
		}
		if site != nil {
			for _, r := range policy.SortedUnique(cfg.LegacyPrincipalRegions) {
				if id, ok := LegacyAccountID(r); ok {
					p.legacy = append(p.legacy, policy.AccountRootARN(site.Partition(), id))
				}
			}
		}
	}

	p.checkPathVariable(cfg, pr)
	p.checkPerimeter(cfg, pr)

	if !sidSuffixChars(cfg.SidSuffix) {
		pr.Addf(policy.ErrSid, "bucketPolicy.sidSuffix", cfg.SidSuffix, "may hold only letters A-Z, a-z and digits 0-9, because it becomes part of every Sid")
	}

	if site != nil {
		granted := grantedReaders(site)
		p.readers = make([]string, 0, len(granted))
		for _, r := range granted {
			if site.OrganizationReader(r.Account) {
				p.orgReaders = append(p.orgReaders, r.ARN)
			} else {
				p.readers = append(p.readers, r.ARN)
			}
		}
		if o, ok := site.Organization(); ok {
			p.orgReadersOf = o.ID
		}
	}
	return p
}

// grantedReaders returns the Site's readers the bucket policy must grant:
// those outside the log archive account, the bucket's account. Across
// accounts S3 needs the bucket policy's yes as well as the identity
// policy's, but within the bucket's account the identity policy suffices,
// and naming such a role in the bucket policy would let it read even after
// its identity policy is detached. Without a log archive account the
// bucket's account is unknown, so every reader is granted. A reader that is
// a whole account (its root) is granted as the account: its IAM policies
// then decide which of its principals read.
func grantedReaders(site *cloudtrail.Site) []cloudtrail.Reader {
	logArchive := site.LogArchiveAccount()
	all := site.ParsedReaders()
	out := make([]cloudtrail.Reader, 0, len(all))
	for _, r := range all {
		if logArchive != "" && r.Account == logArchive {
			continue
		}
		out = append(out, r)
	}
	return out
}

func (p *plan) sid(s string) string { return s + p.sidSuffix }

func (p *plan) principal() *iampolicy.Principal {
	if len(p.legacy) > 0 {
		return policy.AWSPrincipal(p.legacy...)
	}
	return policy.ServicePrincipal(cloudtrail.ServicePrincipal)
}

// sourceCondition adds the confused-deputy condition for trails owned by
// the given accounts to c.
//
// Operators: AWS's "Amazon S3 bucket policy for CloudTrail" page writes exact
// trail ARNs under StringEquals; its "Cross-service confused deputy
// prevention" page says a wildcard ARN such as
// arn:aws:cloudtrail:*:AccountID:trail/* needs StringLike
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html).
func (p *plan) sourceCondition(c policy.Conditions, accounts []string) policy.Conditions {
	switch p.sourceMode {
	case sourceArnPattern:
		return c.With(opStringLike, keySourceArn, p.trailARNs(accounts)...)
	case sourceArnExact:
		return c.With(opStringEquals, keySourceArn, p.trailARNs(accounts)...)
	case sourceAccount:
		return c.With(opStringEquals, keySourceAcct, accounts...)
	case sourceOrgID:
		// One value for every statement: the organization, whichever
		// accounts the statement is for.
		return c.With(opStringEquals, keySourceOrgID, p.orgID)
	}
	return c
}

// trailARNs returns the trail ARNs (or patterns) of the given accounts;
// none for no accounts, which [cloudtrail.Site.TrailARNs] would read as
// every owner account.
func (p *plan) trailARNs(accounts []string) []string {
	if len(accounts) == 0 {
		return nil
	}
	return p.site.TrailARNs(accounts...)
}

func (p *plan) build() *policy.Document {
	s := p.site
	doc := policy.New(policy.KindBucketPolicy)
	owners := s.OwnerAccounts()
	bucketARN := s.BucketARN()

	// CloudTrail reads the bucket ACL before it writes; the SRA also lets
	// it list the bucket (AllowCloudTrailToListBucket).
	aclActions := policy.Strings("s3:GetBucketAcl")
	if p.listBucket {
		aclActions = policy.List("s3:GetBucketAcl", "s3:ListBucket")
	}
	acl := iampolicy.Statement{
		Sid:       p.sid(SidACLCheck),
		Effect:    iampolicy.EffectAllow,
		Principal: p.principal(),
		Action:    aclActions,
		Resource:  policy.Strings(bucketARN),
	}
	if cond := p.ownersCondition(nil, owners); len(cond) > 0 {
		acl.Condition = cond
	}
	// Room for the ACL check, the write statements (one per account) and
	// the fixed statements after them, so that the slice of 10,000
	// accounts' statements is neither grown nor copied.
	n := 16
	if !p.pathVariable && !p.compactWrites {
		n += len(owners)
	}
	doc.Statements = make([]iampolicy.Statement, 0, n)
	doc.Statements = append(doc.Statements, acl)
	doc.Statements = p.appendWriteStatements(doc.Statements, owners)

	// The organization trail writes every member account's logs under
	// AWSLogs/<o-id>/<account>/: one path, whatever the number of members.
	if org, ok := s.Organization(); ok {
		mgmt := []string{org.ManagementAccount}
		doc.Statements = append(doc.Statements, iampolicy.Statement{
			Sid:       p.sid(SidOrganizationWrite),
			Effect:    iampolicy.EffectAllow,
			Principal: p.principal(),
			Action:    policy.Strings("s3:PutObject"),
			Resource:  policy.Strings(s.ObjectARN(s.LogPath() + "/" + org.ID + "/*")),
			Condition: p.sourceCondition(policy.Conditions{}.With(opStringEquals, keyACL, aclOwnerFull), mgmt),
		})
	}

	if len(p.readers) > 0 {
		doc.Statements = append(doc.Statements, p.readerStatements(SidReadersList, SidReadersRead, p.readers, "")...)
	}
	if len(p.orgReaders) > 0 {
		// aws:PrincipalOrgID: the organization's ID for a principal of a
		// member account, absent otherwise (IAM User Guide, "AWS global
		// condition context keys", aws:PrincipalOrgID,
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
		// read 2026-12-02).
		doc.Statements = append(doc.Statements, p.readerStatements(SidOrgReadersList, SidOrgReadersRead, p.orgReaders, p.orgReadersOf)...)
	}

	if p.denyHTTP {
		doc.Statements = append(doc.Statements, iampolicy.Statement{
			Sid:       p.sid(SidDenyInsecure),
			Effect:    iampolicy.EffectDeny,
			Principal: policy.Everyone(),
			Action:    policy.Strings("s3:*"),
			Resource:  policy.List(bucketARN, bucketARN+"/*"),
			Condition: policy.Conditions{}.With(opBool, keySecure, "false"),
		})
	}

	if p.perimeterOrg != "" {
		doc.Statements = append(doc.Statements, p.perimeterDeny())
	}

	if p.denyKeyARN != "" {
		doc.Statements = append(doc.Statements,
			iampolicy.Statement{
				Sid:       p.sid(SidDenyUnencrypted),
				Effect:    iampolicy.EffectDeny,
				Principal: policy.Everyone(),
				Action:    policy.Strings("s3:PutObject"),
				Resource:  policy.Strings(p.logFilesARNs()...),
				Condition: policy.Conditions{}.With(opStringNotEq, keySSE, sseKMS),
			},
			iampolicy.Statement{
				Sid:       p.sid(SidDenyWrongKey),
				Effect:    iampolicy.EffectDeny,
				Principal: policy.Everyone(),
				Action:    policy.Strings("s3:PutObject"),
				Resource:  policy.Strings(p.logFilesARNs()...),
				Condition: policy.Conditions{}.With(opStringNotEq, keySSEKeyID, p.denyKeyARN),
			},
		)
	}
	return doc
}

// appendWriteStatements appends to out the statements that allow
// CloudTrail s3:PutObject under each owner account's own path,
// AWSLogs/<account>/*: for the account's trails, and for an
// organization's management account the path CloudTrail checks when the
// organization trail is created.
//
// One statement per account, each with that account's path and that
// account's trails (or aws:SourceAccount), so that a trail may write only
// under its own account's path. In one statement for all accounts the
// values of Resource and of aws:SourceArn are each ORed, so a trail of
// account B would be allowed under AWSLogs/<A>/ too; and a trail owner
// chooses its trail's S3KeyPrefix, so B could set "AWSLogs/<A>" on a bucket
// without a prefix and have its logs written to AWSLogs/<A>/AWSLogs/<B>/…,
// inside A's evidence. (AWS notes that "unauthorized users cannot create a
// trail that includes AWSLogs/ as the S3KeyPrefix parameter", but does not
// say which prefixes or users that covers, so the policy does not rely on
// it: "Setting bucket policy for multiple accounts",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-set-bucket-policy-for-multiple-accounts.html.)
//
// One account keeps the Sid AWSCloudTrailWrite of AWS's single-account
// policy; several get AWSCloudTrailWrite<account>. compactWrites gives the
// one statement of AWS's multi-account example.
func (p *plan) appendWriteStatements(out []iampolicy.Statement, owners []string) []iampolicy.Statement {
	stmt := func(sid string, accounts []string) iampolicy.Statement {
		var paths []string
		for _, a := range accounts {
			paths = append(paths, p.site.ObjectARN(p.site.LogPath()+"/"+a+"/*"))
		}
		return iampolicy.Statement{
			Sid:       p.sid(sid),
			Effect:    iampolicy.EffectAllow,
			Principal: p.principal(),
			Action:    policy.Strings("s3:PutObject"),
			Resource:  policy.Strings(paths...),
			Condition: p.sourceCondition(policy.Conditions{}.With(opStringEquals, keyACL, aclOwnerFull), accounts),
		}
	}
	if p.pathVariable {
		return append(out, p.variableWrite(owners))
	}
	if p.compactWrites || len(owners) == 1 {
		return append(out, stmt(SidWrite, owners))
	}
	for _, a := range owners {
		out = append(out, stmt(SidWrite+a, []string{a}))
	}
	return out
}

// readerStatements let the granted readers list and get what CloudTrail
// writes, in the shape of the trust package's read policy (its default):
// s3:ListBucket only with an s3:prefix under [prefix/]AWSLogs/, and
// s3:GetObject on [prefix/]AWSLogs/*. A reader in another account than the
// bucket's needs both its identity policy and this bucket policy to allow
// the request ("Cross-account policy evaluation logic",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
//
// The statements are named listSid and readSid and name readers; with
// orgID, only for principals of that organization (aws:PrincipalOrgID).
func (p *plan) readerStatements(listSid, readSid string, readers []string, orgID string) []iampolicy.Statement {
	principal := policy.AWSPrincipal(readers...)
	// s3:prefix is sent only by ListBucket (ListObjects, ListObjectsV2); a
	// listing without it, or of another folder, fails StringLike (Amazon
	// S3 User Guide, "Amazon S3 condition keys",
	// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html).
	// "*" also matches the empty string, so "AWSLogs/" itself lists.
	list := policy.Conditions{}.With(opStringLike, "s3:prefix", p.site.LogPath()+"/*")
	var read policy.Conditions
	if orgID != "" {
		list = list.With(opStringEquals, keyPrincipalOrgID, orgID)
		read = policy.Conditions{}.With(opStringEquals, keyPrincipalOrgID, orgID)
	}
	return []iampolicy.Statement{
		{
			Sid:       p.sid(listSid),
			Effect:    iampolicy.EffectAllow,
			Principal: principal,
			Action:    policy.Strings("s3:ListBucket"),
			Resource:  policy.Strings(p.site.BucketARN()),
			Condition: list,
		},
		{
			Sid:       p.sid(readSid),
			Effect:    iampolicy.EffectAllow,
			Principal: principal,
			Action:    policy.Strings("s3:GetObject"),
			Resource:  policy.Strings(p.site.ObjectARN(p.site.LogPath() + "/*")),
			Condition: read,
		},
	}
}

// logFilesARNs are the object patterns of every file CloudTrail writes
// encrypted with the trail's key, for every delivering account and
// organization: arn:<partition>:s3:::<bucket>/[prefix/]AWSLogs/*/CloudTrail/*
// for log files and …/AWSLogs/*/CloudTrail-Insight/* for Insights events,
// which CloudTrail delivers "to the /CloudTrail-Insight folder" ("Delivery
// of Insights events",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-understanding.html,
// 2026-12-01). The "*" spans "/" in S3 object ARNs, so each covers
// AWSLogs/<account>/… and AWSLogs/<o-id>/<account>/…, but neither the
// digest folder CloudTrail-Digest/ (digest files are SSE-S3).
func (p *plan) logFilesARNs() []string {
	var out []string
	for _, folder := range logFileFolders {
		out = append(out, p.site.ObjectARN(p.site.LogPath()+"/*/"+folder+"/*"))
	}
	return out
}

// explainSize turns each size violation in err into the *policy.SizeError
// that says how many of the explicit accounts fit (see [Build]). Other
// problems pass through unchanged.
func (p *plan) explainSize(err error) error {
	return policy.ReplaceSizeErrors(err, p.sizeError)
}

// sizeError returns a copy of the measurement m with the account list that
// makes the policy grow, how many of its accounts fit and what to do
// instead; or, when even none of them fit, a hint that the limit is too
// small.
func (p *plan) sizeError(m *policy.SizeError) *policy.SizeError {
	e := *m
	n := len(p.site.Accounts())
	fit := -1
	if n > 0 {
		fit = p.accountsThatFit(n)
	}
	if fit < 0 {
		e.Hint = fmt.Sprintf("the limit of %d %s is too small for this bucket policy, which does not depend on an account list", e.Limit, e.Unit)
		if n > 0 {
			e.Hint = fmt.Sprintf("the limit of %d %s is too small for this bucket policy, which is over it even without its %d accounts", e.Limit, e.Unit, n)
		}
		return &e
	}
	hint := "use an organization trail (organization), whose policy does not grow with member accounts, or split the accounts across buckets"
	if _, ok := p.site.Organization(); ok {
		hint = "list only accounts with trails of their own, because the organization trail writes every member account under AWSLogs/<o-id>/"
	}
	e = *e.Blame("accounts", "accounts", n, fit, hint)
	e.Hint += p.pathVariableHint(n)
	if !p.compactWrites && !p.pathVariable {
		q := *p
		q.compactWrites = true
		if across := q.accountsThatFit(n); across > 0 {
			fits := fmt.Sprintf("fits %d", across)
			if across >= n {
				fits = "fits all of them"
			}
			e.Hint += "; bucketPolicy.allowWritesAcrossAccountPrefixes " + fits + " in one write statement, but lets any delivering account's trail write under every other delivering account's AWSLogs/<account>/ path"
		}
	}
	return &e
}

// accountsThatFit returns how many of the first of the Site's n (sorted)
// explicit accounts fit the size limit with p's options, or -1 when the
// policy is too large even without them.
func (p *plan) accountsThatFit(n int) int {
	return policy.MostThatFit(n, func(k int) bool {
		q := *p
		q.site = p.site.WithAccounts(k)
		return p.limits.Fits(q.build())
	})
}
