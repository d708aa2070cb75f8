package trust

import (
	"errors"
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
)

// ReadConfig describes what the reader role may read: CloudTrail log files
// under [prefix/]AWSLogs/ in one bucket, optionally only some accounts'
// files, and, when the logs are encrypted with SSE-KMS, the key to decrypt
// them. The zero value (plus a Bucket) is the least-privilege policy for
// every log file in the bucket.
type ReadConfig struct {
	// Partition of every ARN; empty means "aws".
	Partition policy.Partition `json:"partition,omitempty" yaml:"partition,omitempty"`
	// Bucket is the name of the S3 bucket the trails deliver to. Required.
	Bucket string `json:"bucket" yaml:"bucket"`
	// Prefix is the trails' log file prefix (CloudTrail's S3KeyPrefix),
	// without leading or trailing slashes; empty means none. CloudTrail
	// writes under [Prefix/]AWSLogs/.
	Prefix string `json:"prefix,omitempty" yaml:"prefix,omitempty"`
	// Accounts, when set, limits reading to these accounts' log files:
	// [Prefix/]AWSLogs/<account>/ for trails of the account itself, and
	// [Prefix/]AWSLogs/<OrganizationID>/<account>/ as well when
	// OrganizationID is set ("Finding your CloudTrail log files",
	// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html).
	// When empty the role reads every log file under [Prefix/]AWSLogs/ (or,
	// with OrganizationID, under [Prefix/]AWSLogs/<OrganizationID>/).
	// Order and duplicates do not matter: the library sorts a copy. Each
	// account lengthens the policy, so a list of more than about 70
	// accounts is refused with an error that says how many fit (see
	// [BuildReadPolicy]); listing none keeps the policy small.
	Accounts []string `json:"accounts,omitempty" yaml:"accounts,omitempty"`
	// OrganizationID, when set, is the ID of the organization whose
	// organization trail delivers to the bucket (o- and 10 to 32 lower-case
	// letters or digits). Without Accounts it limits reading to the
	// organization trail's files; with Accounts it adds each account's
	// files from the organization trail.
	OrganizationID string `json:"organizationId,omitempty" yaml:"organizationId,omitempty"`
	// KMSKeyARN, when set, is the full ARN of the KMS key the log files are
	// encrypted with (SSE-KMS). The policy then allows kms:Decrypt on that
	// key, for CloudTrail log files read through S3 only. The key policy must
	// also allow the role (see [VendorConfig.RoleARN]) to decrypt, unless the
	// key is in the role's account and its policy delegates to IAM.
	KMSKeyARN string `json:"kmsKeyArn,omitempty" yaml:"kmsKeyArn,omitempty"`
	// BroadActions weakens the policy to the published document's actions,
	// s3:Get* and s3:List*, instead of exactly s3:ListBucket and
	// s3:GetObject. The wildcards also allow reading object ACLs, tags and
	// attributes and listing multipart uploads under the log path.
	BroadActions bool `json:"broadActions,omitempty" yaml:"broadActions,omitempty"`
	// AllowGetBucketLocation adds s3:GetBucketLocation on the bucket, for
	// older tools that look up the bucket's Region that way. It reveals only
	// the Region, but it is off by default: AWS recommends HeadBucket for
	// Region discovery, which returns the Region in a response header whether
	// or not the caller may access the bucket
	// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html).
	AllowGetBucketLocation bool `json:"allowGetBucketLocation,omitempty" yaml:"allowGetBucketLocation,omitempty"`
	// Limits overrides the size limits; a zero field means the AWS default
	// (6,144 characters for a managed policy).
	Limits policy.Limits `json:"-" yaml:"-"`
}

// BuildReadPolicy returns the permissions (identity) policy of the reader
// role: list the bucket only under the log path, get the log files, and,
// with a KMS key, decrypt them through S3. See the package documentation for
// each statement and why it is there.
//
// It checks every field first and returns all problems at once, with no
// document; it never modifies cfg's slices. Every listed account adds its
// log path (two with OrganizationID) to two statements, so a long Accounts
// list outgrows the managed policy limit: 67 accounts fit with the default
// limit and a 23-character bucket name, fewer with a longer name, a prefix
// or a key, and less than half as many with OrganizationID. The error then
// holds, besides the *[policy.SizeError], a [policy.FieldError] on Accounts
// (wrapping [policy.ErrSize]) that says how many of them fit, measured on
// cfg itself, and what to grant instead.
func BuildReadPolicy(cfg ReadConfig) (*policy.Document, error) {
	key, err := checkRead(cfg)
	if err != nil {
		return nil, err
	}
	doc := readPolicy(cfg, key)
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		if accounts := policy.SortedUnique(cfg.Accounts); errors.Is(err, policy.ErrSize) && len(accounts) > 0 {
			if fit := accountsThatFit(cfg, key, accounts); fit >= 0 {
				err = errors.Join(err, accountsSizeError(cfg, accounts, fit))
			}
		}
		return nil, err
	}
	return doc, nil
}

// readPolicy builds the read policy for a checked cfg.
func readPolicy(cfg ReadConfig, key *policy.ARN) *policy.Document {
	part := cfg.Partition.OrDefault()
	paths := logPaths(cfg)

	listActions, getActions := policy.Strings("s3:ListBucket"), policy.Strings("s3:GetObject")
	if cfg.BroadActions {
		listActions = policy.List("s3:Get*", "s3:List*")
		getActions = policy.List("s3:Get*", "s3:List*")
	}

	prefixes := make([]string, len(paths))
	objects := make([]string, len(paths))
	for i, p := range paths {
		// "p/*": the * also matches the empty string, so listing with the
		// prefix "AWSLogs/" itself (how tools start to browse) is allowed.
		prefixes[i] = p + "/*"
		objects[i] = policy.ObjectARN(part, cfg.Bucket, p+"/*")
	}

	doc := policy.New(policy.KindIdentityPolicy,
		iampolicy.Statement{
			Sid:      "ListCloudTrailLogFiles",
			Effect:   iampolicy.EffectAllow,
			Action:   listActions,
			Resource: policy.Strings(policy.BucketARN(part, cfg.Bucket)),
			// s3:prefix is in the request only for ListBucket (ListObjects,
			// ListObjectsV2) and ListBucketVersions; a request without it
			// fails StringLike, so listing the bucket root or another prefix
			// is not allowed (Amazon S3 User Guide, "Amazon S3 condition
			// keys", example "Getting a list of objects in a bucket with a
			// specific prefix",
			// https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html).
			Condition: policy.Conditions{}.With("StringLike", "s3:prefix", prefixes...),
		},
		iampolicy.Statement{
			Sid:      "ReadCloudTrailLogFiles",
			Effect:   iampolicy.EffectAllow,
			Action:   getActions,
			Resource: policy.Strings(objects...),
		},
	)
	if key != nil {
		doc.Statements = append(doc.Statements, decryptStatement(*key))
	}
	if cfg.AllowGetBucketLocation {
		// A statement of its own: under the s3:prefix condition above it
		// would never match, because GetBucketLocation carries no prefix.
		doc.Statements = append(doc.Statements, iampolicy.Statement{
			Sid:      "GetLogBucketLocation",
			Effect:   iampolicy.EffectAllow,
			Action:   policy.Strings("s3:GetBucketLocation"),
			Resource: policy.Strings(policy.BucketARN(part, cfg.Bucket)),
		})
	}
	return doc
}

// accountsThatFit finds, by bisection, how many of accounts (sorted and
// without duplicates) fit in the read policy of cfg within its size limit,
// so that the size error can say how far to cut. It returns -1 when the
// policy is over the limit even with no accounts listed (the whole log
// path): then the accounts are not the problem, and the limit is.
func accountsThatFit(cfg ReadConfig, key *policy.ARN, accounts []string) int {
	fits := func(n int) bool {
		c := cfg
		c.Accounts = accounts[:n]
		compact, err := readPolicy(c, key).CompactJSON()
		return err == nil && cfg.Limits.Check(policy.KindIdentityPolicy, compact) == nil
	}
	if !fits(0) {
		return -1
	}
	lo, hi := 0, len(accounts) // fits(lo) holds and the answer lies in [lo, hi]
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

// accountsSizeError is the problem on Accounts when the listed accounts
// make the read policy too large: how many of them fit, and the two grants
// whose size does not grow with the number of accounts.
func accountsSizeError(cfg ReadConfig, accounts []string, fit int) error {
	perAccount := "its log path"
	if cfg.OrganizationID != "" {
		perAccount = "two log paths (its own trail's and the organization trail's)"
	}
	base := policy.LogPath(cfg.Prefix) + "/"
	instead := fmt.Sprintf("list no accounts to read every log file under %s, "+
		"or set OrganizationID and list no accounts to read only the organization trail's files under %s<OrganizationID>/", base, base)
	if cfg.OrganizationID != "" {
		instead = fmt.Sprintf("list no accounts to read only the organization trail's files under %s%s/ "+
			"(it writes every member account's files there), or list no accounts and no OrganizationID to read every log file under %s",
			base, cfg.OrganizationID, base)
	}
	return policy.NewFieldError(policy.ErrSize, "Accounts", fmt.Sprintf("%d accounts", len(accounts)),
		fmt.Sprintf("make the read policy too large: each account adds %s to two statements, and %d of them fit; %s",
			perAccount, fit, instead))
}

// decryptStatement allows kms:Decrypt on the log key, for CloudTrail log
// files only. Reading an SSE-KMS object makes S3 call kms:Decrypt as the
// caller, so the role needs it in its own policy as well as in the key
// policy ("Configure AWS KMS key policies for CloudTrail", "Granting decrypt
// permissions",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
// Digest files are SSE-S3 and need no key.
func decryptStatement(key policy.ARN) iampolicy.Statement {
	// The same Null condition as the decrypt statement AWS documents for the
	// key policy: the encryption context holds the trail ARN only for data
	// CloudTrail encrypted, so the key cannot decrypt anything else for the
	// vendor. It is partition-independent, so it fits every key policy.
	cond := policy.Conditions{}.With("Null", "kms:EncryptionContext:aws:cloudtrail:arn", "false")
	if via := s3ViaService(key); via != "" {
		// Only through S3 in the key's Region (the bucket's Region: SSE-KMS
		// needs a key in the bucket's Region), never by calling KMS directly.
		// The ViaService name for S3 is s3.<region>.amazonaws.com (AWS KMS
		// Developer Guide, "kms:ViaService",
		// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).
		cond = cond.With("StringEquals", "kms:ViaService", via)
	}
	return iampolicy.Statement{
		Sid:       "DecryptCloudTrailLogFiles",
		Effect:    iampolicy.EffectAllow,
		Action:    policy.Strings("kms:Decrypt"),
		Resource:  policy.Strings(key.String()),
		Condition: cond,
	}
}

// s3ViaService returns the kms:ViaService value for S3 in the key's Region,
// or "" where the library cannot vouch for it. The KMS Developer Guide
// documents s3.<region>.amazonaws.com; the China Regions' endpoints use the
// amazonaws.com.cn domain and we found no AWS page that gives their
// ViaService name, so for aws-cn the condition is left out rather than
// guessed: a wrong value would deny every read.
func s3ViaService(key policy.ARN) string {
	if key.Partition == policy.PartitionChina {
		return ""
	}
	return "s3." + key.Region + ".amazonaws.com"
}

// logPaths returns the key prefixes (without the trailing slash) the role may
// read, sorted: [prefix/]AWSLogs, or one path per account (and per account
// under the organization ID), or the organization's path.
func logPaths(cfg ReadConfig) []string {
	base := policy.LogPath(cfg.Prefix)
	accounts := policy.SortedUnique(cfg.Accounts)
	var out []string
	switch {
	case len(accounts) == 0 && cfg.OrganizationID == "":
		out = append(out, base)
	case len(accounts) == 0:
		out = append(out, base+"/"+cfg.OrganizationID)
	default:
		for _, a := range accounts {
			out = append(out, base+"/"+a)
			if cfg.OrganizationID != "" {
				out = append(out, base+"/"+cfg.OrganizationID+"/"+a)
			}
		}
	}
	return policy.SortedUnique(out)
}

// checkRead validates cfg and returns the parsed key ARN, if any.
func checkRead(cfg ReadConfig) (*policy.ARN, error) {
	var p policy.Problems
	part := cfg.Partition.OrDefault()
	partErr := policy.CheckPartition("Partition", part)
	p.Add(partErr)
	p.Add(policy.CheckBucketName("Bucket", cfg.Bucket))
	p.Add(policy.CheckPrefix("Prefix", cfg.Prefix))
	for i, a := range cfg.Accounts {
		p.Add(policy.CheckAccountID(fmt.Sprintf("Accounts[%d]", i), a))
	}
	if cfg.OrganizationID != "" {
		p.Add(policy.CheckOrgID("OrganizationID", cfg.OrganizationID))
	}
	var key *policy.ARN
	if cfg.KMSKeyARN != "" {
		a, err := policy.ParseKeyARN("KMSKeyARN", cfg.KMSKeyARN)
		switch {
		case err != nil:
			p.Add(err)
		case partErr == nil && a.Partition != part:
			p.Addf(policy.ErrARN, "KMSKeyARN", cfg.KMSKeyARN,
				"is in partition %s, but Partition is %s", a.Partition, part)
		default:
			key = &a
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return key, nil
}
