package bucket

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
)

// ServicePrincipal is CloudTrail's service principal. It is the same in the
// aws, aws-cn and aws-us-gov partitions: AWS CDK's region data (maintained by
// AWS) states "Service principals are now globally <SERVICE>.amazonaws.com"
// and keeps partition-specific names only for a few other services
// (aws/aws-cdk, packages/aws-cdk-lib/region-info/lib/default.ts), and the
// China Regions' CloudTrail User Guide uses "cloudtrail.amazonaws.com"
// (docs.amazonaws.cn, "Default KMS key policy created in CloudTrail console",
// "Amazon S3 bucket policy for CloudTrail Lake query results"). An older
// China page used "cloudtrail.amazonaws.com.cn"; see the package doc.
const ServicePrincipal = "cloudtrail.amazonaws.com"

// Sids of the statements Build emits, before [Config.SidSuffix].
const (
	SidACLCheck          = "AWSCloudTrailAclCheck"          // SidACLCheck: CloudTrail may read the bucket ACL
	SidWrite             = "AWSCloudTrailWrite"             // SidWrite: CloudTrail may write an account's path (with several accounts, SidWrite+account per account)
	SidOrganizationWrite = "AWSCloudTrailOrganizationWrite" // SidOrganizationWrite: the organization trail's path
	SidDenyInsecure      = "DenyInsecureTransport"          // SidDenyInsecure: no request without TLS
	SidDenyUnencrypted   = "DenyUnencryptedObjectUploads"   // SidDenyUnencrypted: no log file without SSE-KMS
	SidDenyWrongKey      = "DenyWrongKMSKey"                // SidDenyWrongKey: no log file under another key
	SidReadersList       = "AllowLogReadersToList"          // SidReadersList: Readers may list under AWSLogs/
	SidReadersRead       = "AllowLogReadersToRead"          // SidReadersRead: Readers may get the objects under AWSLogs/
)

// Condition keys and values the statements use.
const (
	keyACL          = "s3:x-amz-acl"
	keySSE          = "s3:x-amz-server-side-encryption"
	keySSEKeyID     = "s3:x-amz-server-side-encryption-aws-kms-key-id"
	keySourceArn    = "aws:SourceArn"
	keySourceAcct   = "aws:SourceAccount"
	keySecure       = "aws:SecureTransport"
	aclOwnerFull    = "bucket-owner-full-control"
	sseKMS          = "aws:kms"
	opStringEquals  = "StringEquals"
	opStringLike    = "StringLike"
	opStringNotEq   = "StringNotEquals"
	opBool          = "Bool"
	logFilesSegment = "CloudTrail"
)

// Config describes the bucket that receives CloudTrail logs and the trails
// that deliver to it. The zero value of every option is the safe choice;
// options that remove a safeguard are named for what they weaken.
type Config struct {
	// Sources names the delivering trails: Partition (empty means "aws"),
	// Accounts, Organization and, optionally, the exact Trails. The same
	// value builds the KMS key policy, so the two documents agree.
	policy.Sources `yaml:",inline"`

	// Bucket is the S3 bucket name (required; S3 general purpose bucket
	// naming rules).
	Bucket string `json:"bucket" yaml:"bucket"`

	// BucketRegion is the bucket's Region (optional). When set it must be a
	// Region of the partition, and KMSKeyARN's Region must equal it: S3 uses
	// the key from the bucket's Region for SSE-KMS.
	BucketRegion string `json:"bucketRegion,omitempty" yaml:"bucketRegion,omitempty"`

	// Prefix is the trail's S3 key prefix (S3KeyPrefix), optional: logs go
	// to [Prefix/]AWSLogs/. No leading or trailing "/", no "AWSLogs", no "//",
	// "." or ".." segments, at most 200 characters.
	Prefix string `json:"prefix,omitempty" yaml:"prefix,omitempty"`

	// KMSKeyARN is the full ARN of the KMS key the trails encrypt log files
	// with (optional; no alias). When set, Build adds the two encryption
	// denies, DenyUnencryptedObjectUploads and DenyWrongKMSKey.
	KMSKeyARN string `json:"kmsKeyArn,omitempty" yaml:"kmsKeyArn,omitempty"`

	// OmitEncryptionDeniesForFirstCreate leaves out the two encryption
	// denies while the trail is first created. The AWS Security Reference
	// Architecture ships them commented out ("These statements prevent
	// creating the Org Trail — Uncomment after initial create"); build again
	// without this option once the trail exists. Requires KMSKeyARN.
	OmitEncryptionDeniesForFirstCreate bool `json:"omitEncryptionDeniesForFirstCreate,omitempty" yaml:"omitEncryptionDeniesForFirstCreate,omitempty"`

	// LegacyPrincipalRegions, when set, grants the per-Region CloudTrail
	// accounts of these Regions (arn:<partition>:iam::<id>:root) instead of
	// the service principal, as 2013–2015 policies did; the Regions are
	// looked up with [LegacyAccountID] and emitted in Region-code order
	// (duplicates removed). Only to reproduce an old policy: such a policy
	// lets CloudTrail deliver from the listed Regions only. Requires
	// AllowAnySourceTrail, because aws:SourceArn is set only for requests
	// made by a service principal.
	LegacyPrincipalRegions []string `json:"legacyPrincipalRegions,omitempty" yaml:"legacyPrincipalRegions,omitempty"`

	// AllowAnySourceTrail drops the aws:SourceArn condition, so that a trail
	// in any AWS account may write under the delivering accounts' paths
	// (the confused-deputy risk AWS's condition closes). Only to reproduce
	// an old policy.
	AllowAnySourceTrail bool `json:"allowAnySourceTrail,omitempty" yaml:"allowAnySourceTrail,omitempty"`

	// AllowAnySourceInAccounts replaces the per-account trail ARN patterns
	// with aws:SourceAccount: any CloudTrail resource of a delivering account
	// (trails, but also event data stores and channels) passes. About a third
	// of the size per account, for explicit account lists near the size
	// limit. Not allowed with Trails.
	AllowAnySourceInAccounts bool `json:"allowAnySourceInAccounts,omitempty" yaml:"allowAnySourceInAccounts,omitempty"`

	// AllowWritesAcrossAccountPrefixes writes a single AWSCloudTrailWrite
	// statement that covers all delivering accounts, the compact form of AWS's
	// multi-account example ("Setting bucket policy for multiple accounts",
	// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-set-bucket-policy-for-multiple-accounts.html),
	// instead of one statement per account. It fits 2.5 to 3.5 times as
	// many accounts in the size limit (see the package doc's Size), but the
	// values of one condition key are ORed, so any delivering account's trail may then write under every
	// delivering account's AWSLogs/<account>/ path: a trail owner chooses its
	// trail's S3KeyPrefix, so account B could set "AWSLogs/<A>" and have its
	// logs land inside A's prefix. Not allowed with AllowAnySourceTrail,
	// which already writes one statement (see the package doc).
	AllowWritesAcrossAccountPrefixes bool `json:"allowWritesAcrossAccountPrefixes,omitempty" yaml:"allowWritesAcrossAccountPrefixes,omitempty"`

	// Readers are IAM role ARNs, in any account of the partition, that may
	// list the bucket under [Prefix/]AWSLogs/ and get the objects there
	// (s3:ListBucket with an s3:prefix condition and s3:GetObject, the
	// actions of the trust package's read policy). Optional; order and
	// duplicates do not matter. A role in another account than the bucket's
	// needs this grant as well as its own identity policy (and, with a KMS
	// key, the key policy's): across accounts both sides must allow. A role
	// in the bucket's own account needs no grant here; naming it would let
	// it read even without its identity policy.
	Readers []string `json:"readers,omitempty" yaml:"readers,omitempty"`

	// SidSuffix is appended to every Sid, for example "20150319" to match
	// the Sids of AWS's older examples. Letters and digits only.
	SidSuffix string `json:"sidSuffix,omitempty" yaml:"sidSuffix,omitempty"`

	// AllowInsecureTransport leaves out DenyInsecureTransport, so requests
	// over plain HTTP are not refused. Only to reproduce an old policy.
	AllowInsecureTransport bool `json:"allowInsecureTransport,omitempty" yaml:"allowInsecureTransport,omitempty"`

	// Limits overrides the size limits; the zero value means today's AWS
	// limits ([policy.DefaultLimits]: 20,480 bytes for a bucket policy).
	Limits policy.Limits `json:"-" yaml:"-"`
}

// plan is a validated, canonical Config: slices copied, sorted and
// de-duplicated, partition defaulted. build turns it into statements.
type plan struct {
	part        policy.Partition
	bucket      string
	prefix      string
	accounts    []string // explicit delivering accounts
	org         *policy.Organization
	trails      []string // exact trail ARNs, sorted
	keyARN      string
	encDenies   bool
	legacy      []string // legacy principal ARNs in Region order
	sourceMode  sourceMode
	sidSuffix   string
	denyHTTP    bool
	limits      policy.Limits
	trailOwners map[string]string // trail ARN -> account
	// compactWrites puts every owner account's path in one write statement
	// (AllowWritesAcrossAccountPrefixes, or no source condition at all).
	compactWrites bool
	readers       []string // reader role ARNs, sorted and de-duplicated
}

// sourceMode is the confused-deputy condition on the allow statements.
type sourceMode int

const (
	sourceArnPattern sourceMode = iota // StringLike aws:SourceArn arn:…:cloudtrail:*:<account>:trail/*
	sourceArnExact                     // StringEquals aws:SourceArn <trail ARNs>
	sourceAccount                      // StringEquals aws:SourceAccount <accounts>
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

// Build validates cfg and returns the S3 bucket policy for CloudTrail
// delivery. Every problem with the input is reported at once, each naming
// its field; no document is returned with an error. When the policy exceeds
// the size limit, the error is a *[SizeError] (which wraps a
// *[policy.SizeError] and [policy.ErrSize]) saying how many accounts fit.
func Build(cfg Config) (*policy.Document, error) {
	p, err := validate(cfg)
	if err != nil {
		return nil, err
	}
	doc := p.build()
	if err := doc.ValidateWithLimits(p.limits); err != nil {
		return nil, p.explainSize(err)
	}
	return doc, nil
}

// validate checks every field and returns the canonical plan.
func validate(cfg Config) (*plan, error) {
	var pr policy.Problems
	pr.Add(policy.CheckSources(cfg.Sources))
	part := cfg.Partition.OrDefault()
	pr.Add(policy.CheckBucketName("Bucket", cfg.Bucket))
	pr.Add(policy.CheckPrefix("Prefix", cfg.Prefix))

	bucketRegionOK := false
	if cfg.BucketRegion != "" {
		err := policy.CheckRegionInPartition("BucketRegion", cfg.BucketRegion, part)
		pr.Add(err)
		bucketRegionOK = err == nil
	}

	p := &plan{
		part:      part,
		bucket:    cfg.Bucket,
		prefix:    cfg.Prefix,
		accounts:  policy.SortedUnique(cfg.Accounts),
		trails:    policy.SortedUnique(cfg.Trails),
		sidSuffix: cfg.SidSuffix,
		denyHTTP:  !cfg.AllowInsecureTransport,
		limits:    cfg.Limits,
	}
	if o := cfg.Organization; o != nil {
		cp := *o
		p.org = &cp
	}

	if cfg.KMSKeyARN != "" {
		key, err := policy.ParseKeyARN("KMSKeyARN", cfg.KMSKeyARN)
		pr.Add(err)
		if err == nil {
			if key.Partition != part {
				pr.Addf(policy.ErrARN, "KMSKeyARN", cfg.KMSKeyARN, "is in partition %s, but the setup's partition is %s", key.Partition, part)
			}
			if bucketRegionOK && key.Region != cfg.BucketRegion {
				pr.Addf(policy.ErrConflict, "KMSKeyARN", cfg.KMSKeyARN, "is in Region %s, but BucketRegion is %s: SSE-KMS needs a key in the bucket's Region", key.Region, cfg.BucketRegion)
			}
		}
		p.keyARN = cfg.KMSKeyARN
		p.encDenies = !cfg.OmitEncryptionDeniesForFirstCreate
	} else if cfg.OmitEncryptionDeniesForFirstCreate {
		pr.Addf(policy.ErrConflict, "OmitEncryptionDeniesForFirstCreate", "true", "has no effect without KMSKeyARN: the encryption denies exist only for a KMS key")
	}

	switch {
	case cfg.AllowAnySourceTrail:
		p.sourceMode = sourceNone
		if len(cfg.Trails) > 0 {
			pr.Addf(policy.ErrConflict, "AllowAnySourceTrail", "true", "drops the aws:SourceArn condition, so Trails would have no effect: remove one of them")
		}
		if cfg.AllowAnySourceInAccounts {
			pr.Addf(policy.ErrConflict, "AllowAnySourceInAccounts", "true", "conflicts with AllowAnySourceTrail, which drops every source condition: set one of them")
		}
	case cfg.AllowAnySourceInAccounts:
		p.sourceMode = sourceAccount
		if len(cfg.Trails) > 0 {
			pr.Addf(policy.ErrConflict, "AllowAnySourceInAccounts", "true", "replaces the trail ARNs with aws:SourceAccount, so Trails would have no effect: remove one of them")
		}
	case len(cfg.Trails) > 0:
		p.sourceMode = sourceArnExact
	default:
		p.sourceMode = sourceArnPattern
	}

	// Without a source condition every write statement would carry the same
	// principal and no condition, so statements per account would isolate
	// nothing: such a policy keeps the one statement of the old documents.
	p.compactWrites = cfg.AllowWritesAcrossAccountPrefixes || cfg.AllowAnySourceTrail
	if cfg.AllowWritesAcrossAccountPrefixes && cfg.AllowAnySourceTrail {
		pr.Addf(policy.ErrConflict, "AllowWritesAcrossAccountPrefixes", "true", "has no effect with AllowAnySourceTrail, which already lets any trail write under every delivering account's path in one statement: set one of them")
	}

	partOK := policy.CheckPartition("", part) == nil
	for i, r := range cfg.Readers {
		field := fmt.Sprintf("Readers[%d]", i)
		arn, err := policy.ParseRoleARN(field, r)
		switch {
		case err != nil:
			pr.Add(err)
		case partOK && arn.Partition != part:
			pr.Addf(policy.ErrARN, field, r, "is in partition %s, but the setup's partition is %s", arn.Partition, part)
		}
	}
	p.readers = policy.SortedUnique(cfg.Readers)

	if len(cfg.LegacyPrincipalRegions) > 0 {
		if !cfg.AllowAnySourceTrail {
			pr.Addf(policy.ErrConflict, "LegacyPrincipalRegions", strings.Join(cfg.LegacyPrincipalRegions, ","), "needs AllowAnySourceTrail: aws:SourceArn and aws:SourceAccount are set only for requests made by a service principal, so with legacy account principals the condition would block delivery")
		}
		regions := policy.SortedUnique(cfg.LegacyPrincipalRegions)
		for i, r := range cfg.LegacyPrincipalRegions {
			field := fmt.Sprintf("LegacyPrincipalRegions[%d]", i)
			if err := policy.CheckRegionInPartition(field, r, part); err != nil {
				pr.Add(err)
				continue
			}
			if _, ok := LegacyAccountID(r); !ok {
				pr.Addf(policy.ErrUnsupported, field, r, "is not in AWS's table of legacy CloudTrail accounts (CloudTrail supported Regions, 2023-01-25): leave LegacyPrincipalRegions empty to use the service principal, which serves every Region")
			}
		}
		for _, r := range regions {
			if id, ok := LegacyAccountID(r); ok {
				p.legacy = append(p.legacy, policy.AccountRootARN(part, id))
			}
		}
	}

	if !sidSuffixChars(cfg.SidSuffix) {
		pr.Addf(policy.ErrSid, "SidSuffix", cfg.SidSuffix, "may hold only letters A-Z, a-z and digits 0-9, because it becomes part of every Sid")
	}

	if err := pr.Err(); err != nil {
		return nil, err
	}
	p.trailOwners = map[string]string{}
	for _, t := range p.trails {
		a, _ := policy.ParseTrailARN("", t)
		p.trailOwners[t] = a.AccountID
	}
	return p, nil
}

// owners returns the accounts whose own paths (AWSLogs/<account>/) CloudTrail
// writes: the explicit accounts and the organization's management account.
func (p *plan) owners() []string {
	all := slices.Clone(p.accounts)
	if p.org != nil {
		all = append(all, p.org.ManagementAccount)
	}
	return policy.SortedUnique(all)
}

func (p *plan) sid(s string) string { return s + p.sidSuffix }

func (p *plan) principal() *iampolicy.Principal {
	if len(p.legacy) > 0 {
		return policy.AWSPrincipal(p.legacy...)
	}
	return policy.ServicePrincipal(ServicePrincipal)
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
		var pats []string
		for _, a := range accounts {
			pats = append(pats, policy.TrailARN(p.part, "*", a, "*"))
		}
		return c.With(opStringLike, keySourceArn, pats...)
	case sourceArnExact:
		var arns []string
		for _, t := range p.trails {
			if slices.Contains(accounts, p.trailOwners[t]) {
				arns = append(arns, t)
			}
		}
		return c.With(opStringEquals, keySourceArn, arns...)
	case sourceAccount:
		return c.With(opStringEquals, keySourceAcct, accounts...)
	}
	return c
}

// logPrefix is [prefix/]AWSLogs.
func (p *plan) logPrefix() string { return policy.LogPath(p.prefix) }

func (p *plan) build() *policy.Document {
	doc := policy.New(policy.KindBucketPolicy)
	owners := p.owners()
	bucketARN := policy.BucketARN(p.part, p.bucket)

	// CloudTrail reads the bucket ACL before it writes.
	acl := iampolicy.Statement{
		Sid:       p.sid(SidACLCheck),
		Effect:    iampolicy.EffectAllow,
		Principal: p.principal(),
		Action:    policy.Strings("s3:GetBucketAcl"),
		Resource:  policy.Strings(bucketARN),
	}
	if cond := p.sourceCondition(nil, owners); len(cond) > 0 {
		acl.Condition = cond
	}
	doc.Statements = append(doc.Statements, acl)

	doc.Statements = append(doc.Statements, p.writeStatements(owners)...)

	// The organization trail writes every member account's logs under
	// AWSLogs/<o-id>/<account>/: one path, whatever the number of members.
	if p.org != nil {
		mgmt := []string{p.org.ManagementAccount}
		doc.Statements = append(doc.Statements, iampolicy.Statement{
			Sid:       p.sid(SidOrganizationWrite),
			Effect:    iampolicy.EffectAllow,
			Principal: p.principal(),
			Action:    policy.Strings("s3:PutObject"),
			Resource:  policy.Strings(policy.ObjectARN(p.part, p.bucket, p.logPrefix()+"/"+p.org.ID+"/*")),
			Condition: p.sourceCondition(policy.Conditions{}.With(opStringEquals, keyACL, aclOwnerFull), mgmt),
		})
	}

	if len(p.readers) > 0 {
		doc.Statements = append(doc.Statements, p.readerStatements()...)
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

	if p.keyARN != "" && p.encDenies {
		doc.Statements = append(doc.Statements,
			iampolicy.Statement{
				Sid:       p.sid(SidDenyUnencrypted),
				Effect:    iampolicy.EffectDeny,
				Principal: policy.Everyone(),
				Action:    policy.Strings("s3:PutObject"),
				Resource:  policy.Strings(p.logFilesARN()),
				Condition: policy.Conditions{}.With(opStringNotEq, keySSE, sseKMS),
			},
			iampolicy.Statement{
				Sid:       p.sid(SidDenyWrongKey),
				Effect:    iampolicy.EffectDeny,
				Principal: policy.Everyone(),
				Action:    policy.Strings("s3:PutObject"),
				Resource:  policy.Strings(p.logFilesARN()),
				Condition: policy.Conditions{}.With(opStringNotEq, keySSEKeyID, p.keyARN),
			},
		)
	}
	return doc
}

// writeStatements allows CloudTrail s3:PutObject under each owner account's
// own path, AWSLogs/<account>/*: for the account's trails, and for an
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
func (p *plan) writeStatements(owners []string) []iampolicy.Statement {
	stmt := func(sid string, accounts []string) iampolicy.Statement {
		var paths []string
		for _, a := range accounts {
			paths = append(paths, policy.ObjectARN(p.part, p.bucket, p.logPrefix()+"/"+a+"/*"))
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
	if p.compactWrites || len(owners) == 1 {
		return []iampolicy.Statement{stmt(SidWrite, owners)}
	}
	out := make([]iampolicy.Statement, 0, len(owners))
	for _, a := range owners {
		out = append(out, stmt(SidWrite+a, []string{a}))
	}
	return out
}

// readerStatements let the Readers list and get what CloudTrail writes, in
// the shape of the trust package's read policy (BuildReadPolicy's default):
// s3:ListBucket only with an s3:prefix under [prefix/]AWSLogs/, and
// s3:GetObject on [prefix/]AWSLogs/*. A reader in another account than the
// bucket's needs both its identity policy and this bucket policy to allow
// the request ("Cross-account policy evaluation logic",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
func (p *plan) readerStatements() []iampolicy.Statement {
	principal := policy.AWSPrincipal(p.readers...)
	return []iampolicy.Statement{
		{
			Sid:       p.sid(SidReadersList),
			Effect:    iampolicy.EffectAllow,
			Principal: principal,
			Action:    policy.Strings("s3:ListBucket"),
			Resource:  policy.Strings(policy.BucketARN(p.part, p.bucket)),
			// s3:prefix is sent only by ListBucket (ListObjects,
			// ListObjectsV2); a listing without it, or of another folder,
			// fails StringLike (Amazon S3 User Guide, "Amazon S3 condition
			// keys", https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html).
			// "*" also matches the empty string, so "AWSLogs/" itself lists.
			Condition: policy.Conditions{}.With(opStringLike, "s3:prefix", p.logPrefix()+"/*"),
		},
		{
			Sid:       p.sid(SidReadersRead),
			Effect:    iampolicy.EffectAllow,
			Principal: principal,
			Action:    policy.Strings("s3:GetObject"),
			Resource:  policy.Strings(policy.ObjectARN(p.part, p.bucket, p.logPrefix()+"/*")),
		},
	}
}

// logFilesARN is the object pattern of CloudTrail log files for every
// delivering account and organization:
// arn:<partition>:s3:::<bucket>/[prefix/]AWSLogs/*/CloudTrail/*. The "*"
// spans "/" in S3 object ARNs, so it covers AWSLogs/<account>/CloudTrail/…
// and AWSLogs/<o-id>/<account>/CloudTrail/… but never the digest folder
// CloudTrail-Digest/ (digest files are SSE-S3).
func (p *plan) logFilesARN() string {
	return policy.ObjectARN(p.part, p.bucket, p.logPrefix()+"/*/"+logFilesSegment+"/*")
}

// explainSize turns a size violation into a *SizeError that says how many of
// the explicit accounts fit. Other problems pass through unchanged.
func (p *plan) explainSize(err error) error {
	var out []error
	for _, e := range policy.Unjoin(err) {
		var se *policy.SizeError
		if errors.As(e, &se) {
			e = &SizeError{Measured: se, Accounts: len(p.accounts), Fit: p.accountsThatFit(), Organization: p.org != nil}
			if len(p.accounts) > 0 && !p.compactWrites {
				q := *p
				q.compactWrites = true
				e.(*SizeError).FitAcrossPrefixes = q.accountsThatFit()
			}
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

// withAccounts returns a copy of p limited to the first n explicit accounts
// (and the trails they and the management account own).
func (p *plan) withAccounts(n int) *plan {
	q := *p
	q.accounts = p.accounts[:n]
	keep := q.owners()
	q.trails = nil
	for _, t := range p.trails {
		if slices.Contains(keep, p.trailOwners[t]) {
			q.trails = append(q.trails, t)
		}
	}
	return &q
}

// fits reports whether the policy for p stays within its size limit.
func (p *plan) fits() bool {
	compact, err := p.build().CompactJSON()
	return err == nil && p.limits.Check(policy.KindBucketPolicy, compact) == nil
}

// accountsThatFit finds, by bisection, the largest number of the (sorted)
// explicit accounts whose policy fits; the size grows with every account.
func (p *plan) accountsThatFit() int {
	lo, hi := 0, len(p.accounts) // the answer lies in [lo, hi]; 0 means none fits
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if p.withAccounts(mid).fits() {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// SizeError reports a bucket policy over its size limit, with how many of
// the explicit delivering accounts would fit. It wraps the measurement, so
// errors.As(err, new(*policy.SizeError)) and errors.Is(err, policy.ErrSize)
// hold.
type SizeError struct {
	// Measured is the size check that failed.
	Measured *policy.SizeError
	// Accounts is the number of explicit delivering accounts (Accounts,
	// de-duplicated).
	Accounts int
	// Fit is how many of them (in sorted order) fit within the limit with
	// the same options.
	Fit int
	// Organization reports whether an organization trail is configured.
	Organization bool
	// FitAcrossPrefixes is how many would fit with
	// AllowWritesAcrossAccountPrefixes (one write statement for all
	// accounts), or 0 when that option is already in effect.
	FitAcrossPrefixes int
}

// Error says by how much the policy is over, how many accounts fit and what
// to do instead.
func (e *SizeError) Error() string {
	m := e.Measured
	if e.Accounts == 0 {
		return fmt.Sprintf("Limits.BucketPolicy: %q is smaller than this bucket policy, which is %d %s in compact form (%d over) and does not depend on an account list",
			fmt.Sprint(m.Limit), m.Size, m.Unit, m.Over())
	}
	msg := fmt.Sprintf("Accounts: %q make the bucket policy %d %s in compact form, %d over the limit of %d: %d of them fit",
		fmt.Sprintf("%d accounts", e.Accounts), m.Size, m.Unit, m.Over(), m.Limit, e.Fit)
	if e.Organization {
		msg += "; list only accounts with trails of their own, because the organization trail writes every member account under AWSLogs/<o-id>/"
	} else {
		msg += "; use an organization trail (Organization), whose policy does not grow with member accounts, or split the accounts across buckets"
	}
	if e.FitAcrossPrefixes > 0 {
		fit := fmt.Sprintf("fits %d", e.FitAcrossPrefixes)
		if e.FitAcrossPrefixes >= e.Accounts {
			fit = "fits all of them"
		}
		msg += "; AllowWritesAcrossAccountPrefixes " + fit + " in one write statement, but lets any delivering account's trail write under every other delivering account's AWSLogs/<account>/ path"
	}
	return msg
}

// Unwrap returns the failed size check, which wraps [policy.ErrSize].
func (e *SizeError) Unwrap() error { return e.Measured }
