package cloudtrail

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy/policy"
)

// ServicePrincipal is CloudTrail's service principal, which writes to the
// bucket and calls AWS KMS. It is the same in the aws, aws-cn and aws-us-gov
// partitions: AWS CDK's region data (maintained by AWS) states "Service
// principals are now globally <SERVICE>.amazonaws.com" and keeps
// partition-specific names only for a few other services (aws/aws-cdk,
// packages/aws-cdk-lib/region-info/lib/default.ts), and the China Regions'
// CloudTrail User Guide uses "cloudtrail.amazonaws.com" (docs.amazonaws.cn,
// "Default KMS key policy created in CloudTrail console"). An older China
// page used "cloudtrail.amazonaws.com.cn"; see the bucket package doc. For
// the aws-eusc partition (AWS European Sovereign Cloud, endpoints under
// amazonaws.eu) we found no AWS page that names CloudTrail's service
// principal there (searched 2026-12-02); the global form is assumed:
// verify in a sandbox.
const ServicePrincipal = "cloudtrail.amazonaws.com"

// EncryptionContextKey is the condition key for the trail ARN that
// CloudTrail puts in the encryption context of every GenerateDataKey and
// Decrypt request for a log file. Its value is the ARN of the trail that
// wrote the file (for an organization trail, the management account's
// trail). (AWS KMS Developer Guide, "How AWS CloudTrail uses AWS KMS",
// https://docs.aws.amazon.com/kms/latest/developerguide/services-cloudtrail.html)
const EncryptionContextKey = "kms:EncryptionContext:aws:cloudtrail:arn"

// Organization names an AWS Organizations organization whose organization
// trail delivers the logs. The trail is owned by the management account,
// also when a delegated administrator account created it.
// (CloudTrail User Guide, "Creating a trail for an organization".)
type Organization struct {
	// ID is the organization ID, "o-" and 10 to 32 lower-case letters or digits.
	ID string `json:"id" yaml:"id"`
	// ManagementAccount is the 12-digit ID of the management account.
	ManagementAccount string `json:"managementAccount" yaml:"managementAccount"`
}

// SiteConfig is the shared description of one logging site as the user
// writes it: where the logs go, which trails deliver them, the key that
// encrypts them and the principals every document names. The JSON and YAML
// names in the tags are the names a setup file uses, and the field paths in
// [New]'s errors ("accounts[2]", "organization.id", "kmsKeyArn").
//
// The zero value of every optional field is the safe choice.
type SiteConfig struct {
	// Partition of every ARN: "aws" (the default when empty), "aws-cn",
	// "aws-us-gov" or "aws-eusc" (the AWS European Sovereign Cloud).
	Partition policy.Partition `json:"partition,omitempty" yaml:"partition,omitempty"`

	// Bucket is the name of the S3 bucket the trails deliver to. Required.
	Bucket string `json:"bucket" yaml:"bucket"`

	// BucketRegion is the bucket's Region, optional. When set, the KMS key
	// must be in the same Region (SSE-KMS uses a key of the bucket's Region).
	BucketRegion string `json:"bucketRegion,omitempty" yaml:"bucketRegion,omitempty"`

	// Prefix is the trails' S3 key prefix, optional: logs go to
	// [prefix/]AWSLogs/. No leading or trailing "/", no "AWSLogs", "//", "."
	// or ".." segments, at most 200 characters.
	Prefix string `json:"prefix,omitempty" yaml:"prefix,omitempty"`

	// LogArchiveAccount is the 12-digit ID of the account that owns the
	// bucket (and the vendor's role). Required with a vendor. It narrows the
	// SCP's account-level statement to this account and lets Readers live
	// in it.
	LogArchiveAccount string `json:"logArchiveAccount,omitempty" yaml:"logArchiveAccount,omitempty"`

	// Accounts are the 12-digit IDs of the accounts whose own trails
	// deliver. At least one account or an Organization is required. Order
	// and duplicates do not matter.
	Accounts []string `json:"accounts,omitempty" yaml:"accounts,omitempty"`

	// Organization, when set, adds the organization trail of this
	// organization (owned by its management account). Its management account
	// is also the one account no SCP applies to.
	Organization *Organization `json:"organization,omitempty" yaml:"organization,omitempty"`

	// Trails are the exact trail ARNs that may deliver, optional. When empty
	// any trail of a delivering account may. Each trail's account must be a
	// delivering account (for an organization trail, the management
	// account), and each delivering account must own at least one of them.
	Trails []string `json:"trails,omitempty" yaml:"trails,omitempty"`

	// KMSKeyARN is the full ARN of the KMS key the trails encrypt log files
	// with (no alias), optional. When set, the setup calls for a key policy,
	// the bucket policy refuses uploads without this key, the vendor's read
	// policy may decrypt with it, and the SCP protects it.
	KMSKeyARN string `json:"kmsKeyArn,omitempty" yaml:"kmsKeyArn,omitempty"`

	// CreateKey lets the Terraform or CloudFormation output create the KMS
	// key, in LogArchiveAccount and BucketRegion (both then required),
	// instead of naming an existing one with KMSKeyARN (not both). Every
	// document that names the key then refers to the created key. The
	// JSON output cannot name it: the key's ARN exists only once the key
	// does.
	CreateKey bool `json:"createKey,omitempty" yaml:"createKey,omitempty"`

	// Readers may read and decrypt every log file, such as the security
	// team's role in an audit account: each an IAM role, an IAM user or a
	// whole account, named by its root (arn:<partition>:iam::<id>:root,
	// meaning whoever that account's IAM policies allow, the principal of
	// AWS's decrypt examples). With a key and an Organization a reader may
	// be in any account (membership cannot be checked locally: see
	// [Site.CheckReaderAccount]; the bucket and key policies grant such a
	// reader under aws:PrincipalOrgID, [Site.OrganizationReader]); with a
	// key and no Organization, only in a
	// delivering account, LogArchiveAccount or the key's account. The vendor's role is added by itself: do not list it
	// here. A reader outside LogArchiveAccount (the bucket's account) is
	// also granted list and read under [prefix/]AWSLogs/ in the bucket
	// policy, because a cross-account read needs the bucket's yes as well;
	// without LogArchiveAccount every reader is granted there. Each reader
	// also needs its own identity policy (the setup's reader read policies).
	Readers []string `json:"readers,omitempty" yaml:"readers,omitempty"`

	// BreakGlassRoles are IAM role ARNs that the organization policies
	// exempt, so that someone can still change the bucket, trails and key
	// on purpose. Optional. A * may stand for part of the role name (not of
	// the path), and the whole account may be *, as AWS Control Tower's SCPs
	// exempt arn:aws:iam::*:role/AWSControlTowerExecution: whoever can create
	// a role of that name in an attached account is then exempt, so keep
	// creating it restricted.
	BreakGlassRoles []string `json:"breakGlassRoles,omitempty" yaml:"breakGlassRoles,omitempty"`

	// SNSTopicARN is the ARN of the SNS topic the trails notify of each log
	// file, optional. When set, the setup calls for its topic policy. It
	// must be in a trail owner's account and, with exact trails, in the
	// home Region of one of that account's trails.
	SNSTopicARN string `json:"snsTopicArn,omitempty" yaml:"snsTopicArn,omitempty"`

	// CloudWatchLogsGroupARN is the ARN of the CloudWatch Logs log group the
	// trails send their events to, optional (a trailing ":*" is ignored).
	// When set, the setup calls for the delivery role's trust and
	// permissions policies. It must be in a trail owner's account and, with
	// exact trails, in the home Region of one of that account's trails.
	CloudWatchLogsGroupARN string `json:"cloudWatchLogsGroupArn,omitempty" yaml:"cloudWatchLogsGroupArn,omitempty"`
}

// Site is a validated [SiteConfig]: every value checked once, set-like lists
// copied, sorted and de-duplicated, the partition defaulted, and the ARNs
// parsed. Builders of every document take a *Site, so that they neither
// validate a shared value again nor disagree about it. Make one with [New];
// a Site is never modified after that, and its methods return copies.
type Site struct {
	part         policy.Partition
	bucket       string
	bucketRegion string
	prefix       string
	logArchive   string
	accounts     []string
	org          *Organization
	trails       []string            // exact trail ARNs, sorted
	trailOwner   map[string]string   // exact trail ARN -> account
	ownerTrails  map[string][]string // account -> its exact trails, sorted
	key          *policy.ARN
	readers      []string
	// own is siteAccounts, sorted, once New is done (see
	// [Site.OrganizationReader]).
	own        []string
	breakGlass []string
	createKey  bool        // the key is created by the output; key is a placeholder
	topic      *policy.ARN // the SNS topic the trails notify
	logGroup   *policy.ARN // the log group, resource "log-group:<name>"
	// incomplete marks a Site that [New] returned with an error: it holds
	// only the values that passed, for checking other inputs against.
	incomplete bool
	// refused holds the setup fields (top level: "kmsKeyArn", "accounts")
	// of which New refused a value.
	refused map[string]bool
}

// ErrIncompleteSite is wrapped by the error of every builder given a
// [Site] that [New] returned with an error, or no Site at all: no document
// is built from a site with problems, whose problems [New] has reported.
var ErrIncompleteSite = errors.New("incomplete logging site")

// New validates c and returns the [Site] it describes, or every problem at
// once (joined with errors.Join), each a *[policy.FieldError] whose Field is
// the setup file's path of the value ("bucket", "accounts[1]",
// "organization.managementAccount", "kmsKeyArn"). A value that breaks two
// rules is reported once. New never modifies c's slices.
//
// With an error, New still returns a Site, holding only the values that
// passed, so that each builder can check its own options against it and a
// caller can report every problem of a setup in one run; builders refuse to
// build a document from it (see [Site.Check]).
func New(c SiteConfig) (*Site, error) {
	var p policy.Problems
	part := c.Partition.OrDefault()
	partErr := policy.CheckPartition("partition", part)
	p.Add(partErr)
	partOK := partErr == nil
	p.Add(policy.CheckBucketName("bucket", c.Bucket))
	p.Add(CheckPrefix("prefix", c.Prefix))
	regionOK := false
	if c.BucketRegion != "" {
		err := checkRegion("bucketRegion", c.BucketRegion, part, partOK)
		p.Add(err)
		regionOK = err == nil
	}
	if c.LogArchiveAccount != "" {
		p.Add(policy.CheckAccountID("logArchiveAccount", c.LogArchiveAccount))
	}

	s := &Site{
		part:         part,
		bucket:       c.Bucket,
		bucketRegion: c.BucketRegion,
		prefix:       c.Prefix,
		logArchive:   c.LogArchiveAccount,
		accounts:     policy.SortedUnique(c.Accounts),
		trails:       policy.SortedUnique(c.Trails),
		trailOwner:   map[string]string{},
		readers:      policy.SortedUnique(c.Readers),
		breakGlass:   policy.SortedUnique(c.BreakGlassRoles),
	}
	if o := c.Organization; o != nil {
		cp := *o
		s.org = &cp
	}
	checkSources(c, part, partOK, s, &p)

	if c.KMSKeyARN != "" {
		key, err := policy.ParseKeyARN("kmsKeyArn", c.KMSKeyARN)
		switch {
		case err != nil:
			p.Add(err)
		case partitionErr("kmsKeyArn", c.KMSKeyARN, key, part, partOK) != nil:
			p.Add(partitionErr("kmsKeyArn", c.KMSKeyARN, key, part, partOK))
		case regionOK && key.Region != c.BucketRegion:
			// CloudTrail User Guide, "Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)"
			// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html):
			// "The key that you choose must be in the same region as the S3 bucket that receives your log files."
			p.Addf(policy.ErrConflict, "kmsKeyArn", c.KMSKeyARN, "is in Region %s, but bucketRegion is %s: SSE-KMS needs a key in the bucket's Region", key.Region, c.BucketRegion)
		default:
			s.key = &key
		}
	}
	checkCreateKey(c, part, s, &p)
	checkReaders(c, s, &p)
	for i, r := range c.BreakGlassRoles {
		p.Add(checkRolePattern(fmt.Sprintf("breakGlassRoles[%d]", i), r, part, partOK))
	}
	checkTopic(c, part, partOK, s, &p)
	checkLogGroup(c, part, partOK, s, &p)
	s.indexTrails()
	s.topic = s.checkDestinationTrails("snsTopicArn", c.SNSTopicARN, s.topic, &p)
	s.logGroup = s.checkDestinationTrails("cloudWatchLogsGroupArn", c.CloudWatchLogsGroupARN, s.logGroup, &p)
	s.checkOneTrailAccount(c, &p)
	defer func() { s.indexTrails(); s.own = s.siteAccounts() }()
	if err := p.Err(); err != nil {
		s.refused = map[string]bool{}
		for _, e := range policy.Unjoin(err) {
			var fe *policy.FieldError
			if errors.As(e, &fe) {
				top, _, _ := strings.Cut(fe.Field, ".")
				top, _, _ = strings.Cut(top, "[")
				s.refused[top] = true
			}
		}
		s.dropInvalid()
		return s, err
	}
	return s, nil
}

// Refused reports whether [New] refused a value of the setup field field, a
// top-level name such as "kmsKeyArn", "logArchiveAccount" or "partition". A
// builder asks before it reports a value as missing from an incomplete Site
// (which holds only the values that passed), so that one mistake is one
// problem.
func (s *Site) Refused(field string) bool { return s != nil && s.refused[field] }

// CheckPartitionOf reports an ARN of field (value as given, parsed into a)
// that is not in the site's partition. It reports nothing when New refused
// the partition itself, which is then one problem, not one per ARN.
func (s *Site) CheckPartitionOf(field, value string, a policy.ARN) error {
	if s == nil {
		return nil
	}
	return partitionErr(field, value, a, s.part, policy.CheckPartition("", s.part) == nil && !s.Refused("partition"))
}

// CheckRegionOf checks that region, given in field, is a Region of the
// site's partition; when New refused the partition itself, only the
// Region's shape, so that one mistake is one problem.
func (s *Site) CheckRegionOf(field, region string) error {
	if s == nil {
		return policy.CheckRegion(field, region)
	}
	return checkRegion(field, region, s.part, policy.CheckPartition("", s.part) == nil && !s.Refused("partition"))
}

// checkRegion checks region against partition part, or only its shape when
// the partition is wrong (partOK false), which is reported once elsewhere.
func checkRegion(field, region string, part policy.Partition, partOK bool) error {
	if !partOK {
		return policy.CheckRegion(field, region)
	}
	return policy.CheckRegionInPartition(field, region, part)
}

// partitionErr is the one wording of an ARN outside the setup's partition
// part; partOK false (the partition itself is wrong) reports nothing.
func partitionErr(field, value string, a policy.ARN, part policy.Partition, partOK bool) error {
	if !partOK || a.Partition == part {
		return nil
	}
	return fieldErr(policy.ErrARN, field, value, "is in partition %s, but the setup's partition is %s", a.Partition, part)
}

// dropInvalid clears the values of s that failed validation, so that an
// incomplete Site holds only valid ones.
func (s *Site) dropInvalid() {
	s.incomplete = true
	valid := func(a string) bool { return policy.CheckAccountID("", a) == nil }
	if !valid(s.logArchive) {
		s.logArchive = ""
	}
	s.accounts = slices.DeleteFunc(s.accounts, func(a string) bool { return !valid(a) })
	if s.org != nil && !valid(s.org.ManagementAccount) {
		s.org.ManagementAccount = ""
	}
	// The other values as New checked them: a value that broke a rule is
	// dropped, so that no builder checks its options against it.
	partOK := policy.CheckPartition("", s.part) == nil
	owners := s.OwnerAccounts()
	s.trails = slices.DeleteFunc(s.trails, func(t string) bool {
		a, err := ParseTrailARN("", t)
		return err != nil || partOK && a.Partition != s.part || !slices.Contains(owners, a.AccountID)
	})
	own := s.siteAccounts()
	s.readers = slices.DeleteFunc(s.readers, func(r string) bool { return s.checkReader("", r, own) != nil })
	s.breakGlass = slices.DeleteFunc(s.breakGlass, func(r string) bool { return checkRolePattern("", r, s.part, partOK) != nil })
	if policy.CheckBucketName("", s.bucket) != nil {
		s.bucket = ""
	}
	if CheckPrefix("", s.prefix) != nil {
		s.prefix = ""
	}
	if s.bucketRegion != "" && (policy.CheckRegion("", s.bucketRegion) != nil ||
		partOK && policy.CheckRegionInPartition("", s.bucketRegion, s.part) != nil) {
		s.bucketRegion = ""
	}
	if s.org != nil && policy.CheckOrgID("", s.org.ID) != nil {
		s.org.ID = ""
	}
	if !partOK {
		s.part = policy.PartitionAWS
	}
}

// Check returns nil for a Site that [New] returned without an error, and
// otherwise an error wrapping [ErrIncompleteSite]. Builders call it first.
func (s *Site) Check() error {
	if s == nil {
		return policy.NewFieldError(ErrIncompleteSite, "site", "", "is nil: make one with cloudtrail.New")
	}
	if s.incomplete {
		return policy.NewFieldError(ErrIncompleteSite, "site", "", "has problems of its own, which cloudtrail.New reported: fix them first")
	}
	return nil
}

// checkSources validates the delivering accounts, the organization and the
// exact trails, and records each trail's owner in s.
func checkSources(c SiteConfig, part policy.Partition, partOK bool, s *Site, p *policy.Problems) {
	for i, a := range c.Accounts {
		// The field's name is made only for a bad value: a list of
		// 10,000 good accounts costs no 10,000 strings.
		if policy.CheckAccountID("", a) != nil {
			p.Add(policy.CheckAccountID(fmt.Sprintf("accounts[%d]", i), a))
		}
	}
	if o := c.Organization; o != nil {
		p.Add(policy.CheckOrgID("organization.id", o.ID))
		if o.ManagementAccount == "" {
			p.Addf(policy.ErrRequired, "organization.managementAccount", "", "is empty: an organization trail is owned by the management account, whose 12-digit ID is required")
		} else {
			p.Add(policy.CheckAccountID("organization.managementAccount", o.ManagementAccount))
		}
	}
	if len(c.Accounts) == 0 && c.Organization == nil {
		p.Addf(policy.ErrRequired, "accounts", "", "is empty and no organization is set: name at least one delivering account or an organization")
	}
	owners := s.OwnerAccounts() // sorted: a binary search per trail keeps this linear in the trails
	parsed := true
	for i, t := range c.Trails {
		field := fmt.Sprintf("trails[%d]", i)
		a, err := ParseTrailARN(field, t)
		if err != nil {
			p.Add(err)
			parsed = false
			continue
		}
		s.trailOwner[t] = a.AccountID
		// One problem per trail: a trail of another partition is wrong
		// whoever owns it.
		if err := partitionErr(field, t, a, part, partOK); err != nil {
			p.Add(err)
		} else if _, found := slices.BinarySearch(owners, a.AccountID); !found {
			p.Addf(policy.ErrConflict, field, t, "belongs to account %s, which is not a delivering account (for an organization trail, the management account owns the trail)", a.AccountID)
		}
	}
	// A trail ARN that does not parse may be the one an account lacks:
	// until it is fixed, whose trails are named is not known.
	if len(c.Trails) > 0 && parsed {
		checkTrailCoverage(c, s.trailOwner, p)
	}
}

// checkTrailCoverage reports delivering accounts that own none of the named
// trails. With exact trails, aws:SourceArn (and the key policy's encryption
// context) admits only those trails, so such an account's trails could not
// deliver: either the caller forgot its trail or the account does not
// belong in accounts. Invalid account IDs are reported elsewhere, once.
func checkTrailCoverage(c SiteConfig, trailOwner map[string]string, p *policy.Problems) {
	owners := map[string]bool{}
	for _, a := range trailOwner {
		owners[a] = true
	}
	for i, a := range c.Accounts {
		if policy.CheckAccountID("", a) == nil && !owners[a] {
			p.Addf(policy.ErrConflict, fmt.Sprintf("accounts[%d]", i), a, "owns none of the trails, so its trails could not deliver: name its trail in trails, or leave trails empty to admit any trail of the delivering accounts")
		}
	}
	// A management account also listed in accounts is reported there.
	if o := c.Organization; o != nil && policy.CheckAccountID("", o.ManagementAccount) == nil &&
		!owners[o.ManagementAccount] && !slices.Contains(c.Accounts, o.ManagementAccount) {
		p.Addf(policy.ErrConflict, "organization.managementAccount", o.ManagementAccount, "owns none of the trails, so the organization trail, which belongs to the management account, could not deliver: name it in trails")
	}
}

// PlannedKeyID is the key ID of the placeholder ARN a Site with CreateKey
// holds for the key the output creates:
// arn:<partition>:kms:<bucketRegion>:<logArchiveAccount>:key/<PlannedKeyID>.
// Every document names the key by that ARN, and the Terraform and
// CloudFormation writers replace it with a reference to the created key.
const PlannedKeyID = "00000000-0000-0000-0000-000000000000"

// checkCreateKey validates createKey and gives s the placeholder key.
func checkCreateKey(c SiteConfig, part policy.Partition, s *Site, p *policy.Problems) {
	if !c.CreateKey {
		return
	}
	n := p.Len()
	if c.KMSKeyARN != "" {
		p.Addf(policy.ErrConflict, "createKey", "true", "is set with kmsKeyArn: name an existing key (kmsKeyArn) or let the output create one (createKey), not both")
	}
	if c.LogArchiveAccount == "" {
		p.Addf(policy.ErrRequired, "logArchiveAccount", "", "is empty: with createKey the key is created in the log archive account, whose 12-digit ID is required")
	}
	if c.BucketRegion == "" {
		p.Addf(policy.ErrRequired, "bucketRegion", "", "is empty: with createKey the key is created in the bucket's Region (SSE-KMS needs a key there), which is required")
	}
	if p.Len() > n || policy.CheckAccountID("", c.LogArchiveAccount) != nil || policy.CheckRegionInPartition("", c.BucketRegion, part) != nil {
		return // reported here or by New
	}
	s.key = &policy.ARN{Partition: part, Service: "kms", Region: c.BucketRegion, AccountID: c.LogArchiveAccount, Resource: "key/" + PlannedKeyID}
	s.createKey = true
}

// CreatesKey reports whether the output creates the key (createKey): the
// key's ARN ([Site.KeyARN]) is then the placeholder of [PlannedKeyID].
func (s *Site) CreatesKey() bool { return s != nil && s.createKey }

// checkReaders validates the readers (see [Site.CheckReader]).
func checkReaders(c SiteConfig, s *Site, p *policy.Problems) {
	own := s.siteAccounts() // once: linear in readers and accounts
	for i, r := range c.Readers {
		if s.checkReader("", r, own) != nil { // the field's name only for a bad value
			p.Add(s.checkReader(fmt.Sprintf("readers[%d]", i), r, own))
		}
	}
}

// checkRolePattern accepts arn:<partition>:iam::<account>:role/[path/]name
// where name may hold * wildcards (ArnNotLike matches them). The account and
// path must be literal, and the name must not be only wildcards: role/*
// would exempt every role of the account and leave a deny protecting
// nothing against them.
func checkRolePattern(field, s string, part policy.Partition, partOK bool) error {
	const want = "want arn:<partition>:iam::<account>:role/[path/]name, with * allowed in the name and as the whole account"
	// AWS Control Tower's SCPs exempt its role in every account,
	// arn:aws:iam::*:role/AWSControlTowerExecution: ArnNotLike matches a
	// * in any field ("IAM JSON policy elements: Condition operators", ARN
	// condition operators). Only the whole account may be *.
	parsed, every := s, false
	if f := strings.SplitN(s, ":", 6); len(f) == 6 && f[4] == "*" {
		f[4], every = "000000000000", true
		parsed = strings.Join(f, ":")
	}
	a, err := policy.ParseARN(field, parsed)
	if err != nil {
		if every {
			return fieldErr(policy.ErrARN, field, s, "is not an IAM role ARN pattern: %s", want)
		}
		return err
	}
	account := "account " + a.AccountID
	if every {
		account = "every account"
	}
	rest, ok := strings.CutPrefix(a.Resource, "role/")
	if a.Service != "iam" || a.Region != "" || a.AccountID == "" || !ok {
		return fieldErr(policy.ErrARN, field, s, "is not an IAM role ARN pattern: %s", want)
	}
	if err := partitionErr(field, s, a, part, partOK); err != nil {
		return err
	}
	path, name := "", rest
	if i := strings.LastIndex(rest, "/"); i >= 0 {
		path, name = rest[:i+1], rest[i+1:]
	}
	switch {
	case strings.ContainsAny(path, "*?"):
		return fieldErr(policy.ErrARN, field, s, "has a wildcard in the role path: %s", want)
	case strings.Contains(name, "?"):
		return fieldErr(policy.ErrARN, field, s, "contains ?: %s", want)
	case name != "" && strings.Trim(name, "*") == "":
		return fieldErr(policy.ErrARN, field, s, "would exempt every role of %s, so the policy would stop none of them: name the break-glass role (a * may stand for part of the name)", account)
	}
	// With each * replaced by a name character, the pattern must be a role ARN.
	if _, err := policy.ParseRoleARN(field, strings.ReplaceAll(parsed, "*", "x")); err != nil {
		return fieldErr(policy.ErrARN, field, s, "is not an IAM role ARN pattern: %s (1 to 64 letters, digits or _+=,.@-)", want)
	}
	return nil
}

// Partition returns the partition of every ARN, never empty.
func (s *Site) Partition() policy.Partition { return s.part }

// Bucket returns the log bucket's name.
func (s *Site) Bucket() string { return s.bucket }

// BucketARN returns arn:<partition>:s3:::<bucket>.
func (s *Site) BucketARN() string { return policy.BucketARN(s.part, s.bucket) }

// ObjectARN returns the ARN of the bucket's objects under key, which may end
// in a wildcard: arn:<partition>:s3:::<bucket>/<key>.
func (s *Site) ObjectARN(key string) string { return policy.ObjectARN(s.part, s.bucket, key) }

// BucketRegion returns the bucket's Region, or "" when the setup does not say.
func (s *Site) BucketRegion() string { return s.bucketRegion }

// Prefix returns the trails' S3 key prefix, "" for none.
func (s *Site) Prefix() string { return s.prefix }

// LogPath returns the key prefix CloudTrail writes under: "AWSLogs" or
// "<prefix>/AWSLogs".
func (s *Site) LogPath() string { return LogPath(s.prefix) }

// LogArchiveAccount returns the account that owns the bucket, or "" when the
// setup does not say.
func (s *Site) LogArchiveAccount() string { return s.logArchive }

// Accounts returns the explicit delivering accounts, sorted and without
// duplicates.
func (s *Site) Accounts() []string { return slices.Clone(s.accounts) }

// Organization returns a copy of the organization whose organization trail
// delivers, and false when there is none.
func (s *Site) Organization() (Organization, bool) {
	if s.org == nil {
		return Organization{}, false
	}
	return *s.org, true
}

// ManagementAccount returns the organization's management account, or ""
// without an organization.
func (s *Site) ManagementAccount() string {
	if s.org == nil {
		return ""
	}
	return s.org.ManagementAccount
}

// OwnerAccounts returns the accounts that own delivering trails, sorted and
// without duplicates: the explicit accounts plus the organization's
// management account.
func (s *Site) OwnerAccounts() []string {
	// s.accounts is sorted and unique (New), so one copy with the
	// management account inserted in its place is the answer: the
	// builders ask for it several times, and at 10,000 accounts a copy,
	// a grown copy and a sorted copy each time were a tenth of what a
	// key policy allocated.
	all := make([]string, len(s.accounts), len(s.accounts)+1)
	copy(all, s.accounts)
	if s.org != nil && s.org.ManagementAccount != "" {
		if i, found := slices.BinarySearch(all, s.org.ManagementAccount); !found {
			all = slices.Insert(all, i, s.org.ManagementAccount)
		}
	}
	return all
}

// Trails returns the exact trail ARNs that may deliver, sorted; empty when
// any trail of a delivering account may.
func (s *Site) Trails() []string { return slices.Clone(s.trails) }

// ExactTrails reports whether the setup names the exact trails.
func (s *Site) ExactTrails() bool { return len(s.trails) > 0 }

// TrailOwner returns the account that owns the exact trail arn, and false
// for a trail the site does not name.
func (s *Site) TrailOwner(arn string) (string, bool) {
	a, ok := s.trailOwner[arn]
	return a, ok
}

// TrailARNs returns what aws:SourceArn (and the KMS encryption context
// kms:EncryptionContext:aws:cloudtrail:arn) must match for the trails of
// the given accounts, sorted: the exact trail ARNs they own when the site
// names trails, else one pattern per account,
// arn:<partition>:cloudtrail:*:<account>:trail/*. Patterns need a *Like
// operator; exact ARNs an *Equals one (see [Site.ExactTrails]). With no
// accounts given, it returns those of every owner account.
func (s *Site) TrailARNs(accounts ...string) []string {
	if len(accounts) == 0 {
		accounts = s.OwnerAccounts() // sorted and unique already
	} else if len(accounts) > 1 {
		accounts = policy.SortedUnique(accounts) // builders ask for one account per statement
	}
	if s.ExactTrails() {
		// From the index, so that a builder asking once per account pays
		// for that account's trails, not for every trail.
		var out []string
		for _, a := range accounts {
			out = append(out, s.ownerTrails[a]...)
		}
		slices.Sort(out)
		return out
	}
	if len(accounts) == 0 {
		return nil
	}
	out := make([]string, len(accounts))
	for i, a := range accounts {
		out[i] = TrailARN(s.part, "*", a, "*")
	}
	return out
}

// Key returns the parsed ARN of the KMS key, and false when the logs are not
// encrypted with one.
func (s *Site) Key() (policy.ARN, bool) {
	if s.key == nil {
		return policy.ARN{}, false
	}
	return *s.key, true
}

// KeyARN returns the KMS key's ARN, or "" without a key.
func (s *Site) KeyARN() string {
	if s.key == nil {
		return ""
	}
	return s.key.String()
}

// Readers returns the readers' ARNs, sorted and without duplicates.
func (s *Site) Readers() []string { return slices.Clone(s.readers) }

// BreakGlassRoles returns the role ARN patterns the organization policies
// exempt, sorted and without duplicates.
func (s *Site) BreakGlassRoles() []string { return slices.Clone(s.breakGlass) }

// WithAccounts returns a copy of s whose explicit delivering accounts are
// only the first n of [Site.Accounts], with the exact trails they and the
// management account own. It exists to measure how many accounts fit a
// document's size limit; n is clamped to the number of accounts.
func (s *Site) WithAccounts(n int) *Site {
	n = min(max(n, 0), len(s.accounts))
	cp := *s
	cp.accounts = s.accounts[:n:n]
	cp.trails = nil
	for _, a := range cp.OwnerAccounts() {
		cp.trails = append(cp.trails, s.ownerTrails[a]...)
	}
	slices.Sort(cp.trails)
	cp.indexTrails()
	cp.own = cp.siteAccounts()
	return &cp
}

// indexTrails builds ownerTrails from trails and trailOwner.
func (s *Site) indexTrails() {
	s.ownerTrails = map[string][]string{}
	for _, t := range s.trails {
		if a, ok := s.trailOwner[t]; ok {
			s.ownerTrails[a] = append(s.ownerTrails[a], t)
		}
	}
}
