package trust

import (
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// ReadConfig describes what the reader role may read: CloudTrail log files
// under [prefix/]AWSLogs/ in the Site's bucket, optionally only some
// accounts' files, and, when the Site's logs are encrypted with SSE-KMS, the
// key to decrypt them. The zero value of every option (with a Site) is the
// least-privilege policy for every log file in the bucket. Problems with an
// option are reported on its path in a setup file, which holds the read
// policy's options in the vendor's block ("vendor.readPolicy.limitToAccounts[1]").
type ReadConfig struct {
	// Site is the logging site, made by [cloudtrail.New]. Required. The
	// bucket, the prefix, the partition and the KMS key ([cloudtrail.Site.Key])
	// come from it: with a key, the policy allows kms:Decrypt on it, for
	// CloudTrail log files read through S3 only. The key policy must also
	// allow the role (see [VendorConfig.RoleARN]) to decrypt, unless the key
	// is in the role's account and its policy delegates to IAM.
	Site *cloudtrail.Site
	// ReadOptions are the read policy's own options, the setup file's
	// "vendor.readPolicy" block, embedded so that cfg.LimitToAccounts names
	// an option directly.
	ReadOptions
	// Limits overrides the size limits; a zero field means the AWS default
	// (6,144 characters for a managed policy).
	Limits policy.Limits
}

// ReadOptions is the setup file's "vendor.readPolicy" block: the options of
// the read policy of the vendor's role ([Vendor.ReadPolicy]), and of any
// reader role built with [BuildReadPolicy]. The zero value of every field
// is the least-privilege policy; a field that widens it is named for what it
// allows, and the setup file's README table says so too. [BuildReadPolicy]
// reports a problem with these options on its setup path,
// "vendor.readPolicy.limitToAccounts[1]".
type ReadOptions struct {
	// LimitToAccounts, when set, limits reading to these accounts' log
	// files: [prefix/]AWSLogs/<account>/ for trails of the account itself,
	// and [prefix/]AWSLogs/<organization ID>/<account>/ as well with
	// LimitToOrganization ("Finding your CloudTrail log files",
	// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html).
	// When empty (the default) the role reads every log file under
	// [prefix/]AWSLogs/ (or, with LimitToOrganization, under
	// [prefix/]AWSLogs/<organization ID>/). Order and duplicates do not
	// matter: the library sorts a copy. Each account lengthens the policy, so
	// a list of more than about 70 accounts is refused with a
	// *[policy.SizeError] on "vendor.readPolicy.limitToAccounts" that says
	// how many fit (see [BuildReadPolicy]); listing none keeps the policy
	// small. Errors: "vendor.readPolicy.limitToAccounts[i]" for an account
	// that is not a 12-digit ID.
	LimitToAccounts []string `json:"limitToAccounts,omitempty" yaml:"limitToAccounts,omitempty"`
	// LimitToOrganization limits reading to the files of the Site's
	// organization trail, under [prefix/]AWSLogs/<organization ID>/; with
	// LimitToAccounts it adds each listed account's files from the
	// organization trail. Off by default. Setting it for a Site without an
	// organization is a [policy.ErrConflict] problem on
	// "vendor.readPolicy.limitToOrganization".
	LimitToOrganization bool `json:"limitToOrganization,omitempty" yaml:"limitToOrganization,omitempty"`
	// BroadActions weakens the policy to the published document's actions,
	// s3:Get* and s3:List*, instead of exactly s3:ListBucket and
	// s3:GetObject. The wildcards also allow reading object ACLs, tags and
	// attributes and listing multipart uploads under the log path. Off by
	// default. Setup files name it "vendor.readPolicy.broadActions".
	BroadActions bool `json:"broadActions,omitempty" yaml:"broadActions,omitempty"`
	// AllowGetBucketLocation adds s3:GetBucketLocation on the bucket, for
	// older tools that look up the bucket's Region that way. It reveals only
	// the Region, but it is off by default: AWS recommends HeadBucket for
	// Region discovery, which returns the Region in a response header whether
	// or not the caller may access the bucket
	// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html).
	// Setup files name it "vendor.readPolicy.allowGetBucketLocation".
	AllowGetBucketLocation bool `json:"allowGetBucketLocation,omitempty" yaml:"allowGetBucketLocation,omitempty"`
}

// BuildReadPolicy returns the permissions (identity) policy of the reader
// role: list the bucket only under the log path, get the log files, and,
// with a KMS key, decrypt them through S3. See the package documentation for
// each statement and why it is there.
//
// It first adds cfg.Site.Check() to its problems (an error wrapping
// [cloudtrail.ErrIncompleteSite] for a nil Site or one that
// [cloudtrail.New] returned with an error), then checks its own options
// against whatever the Site holds, and returns every problem at once, each
// a *[policy.FieldError] on the option's setup path
// ("vendor.readPolicy.limitToAccounts[0]"), with no document.
// It never modifies cfg's slices.
//
// Every listed account adds its log path (two with LimitToOrganization) to
// two statements, so a long LimitToAccounts list outgrows the managed policy
// limit: 67 accounts fit with the default limit and a 23-character bucket
// name, fewer with a longer name, a prefix or a key, and less than half as
// many with LimitToOrganization. The error is then one *[policy.SizeError]
// with Field "vendor.readPolicy.limitToAccounts", Noun "accounts", Count the number of
// distinct accounts listed, Fit how many of them fit (measured on cfg
// itself) and a Hint that says what each account costs and what to grant
// instead. When the policy is too large even without any listed account,
// the size error names no field: then the limit, not the list, is the
// problem.
func BuildReadPolicy(cfg ReadConfig) (*policy.Document, error) {
	if err := checkRead(cfg); err != nil {
		return nil, err
	}
	accounts := policy.SortedUnique(cfg.LimitToAccounts)
	doc := readPolicy(cfg, accounts)
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		if len(accounts) > 0 {
			fit := policy.MostThatFit(len(accounts), func(n int) bool {
				return cfg.Limits.Fits(readPolicy(cfg, accounts[:n]))
			})
			err = listSizeError(err, "vendor.readPolicy.limitToAccounts", "accounts", len(accounts), fit, accountsHint(cfg))
		}
		return nil, err
	}
	return doc, nil
}

// readPolicy builds the read policy of a checked cfg for accounts, sorted
// and without duplicates, in place of cfg.LimitToAccounts.
func readPolicy(cfg ReadConfig, accounts []string) *policy.Document {
	s := cfg.Site
	paths := logPaths(cfg, accounts)

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
		objects[i] = s.ObjectARN(p + "/*")
	}

	doc := policy.New(policy.KindIdentityPolicy,
		iampolicy.Statement{
			Sid:      "ListCloudTrailLogFiles",
			Effect:   iampolicy.EffectAllow,
			Action:   listActions,
			Resource: policy.Strings(s.BucketARN()),
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
	if key, ok := s.Key(); ok {
		doc.Statements = append(doc.Statements, decryptStatement(key))
	}
	if cfg.AllowGetBucketLocation {
		// A statement of its own: under the s3:prefix condition above it
		// would never match, because GetBucketLocation carries no prefix.
		doc.Statements = append(doc.Statements, iampolicy.Statement{
			Sid:      "GetLogBucketLocation",
			Effect:   iampolicy.EffectAllow,
			Action:   policy.Strings("s3:GetBucketLocation"),
			Resource: policy.Strings(s.BucketARN()),
		})
	}
	return doc
}

// accountsHint is the advice of the size error on
// vendor.readPolicy.limitToAccounts: what
// each account costs, and the grants whose size does not grow with the
// number of accounts. The organization trail's path is offered only when
// the Site has an organization, whose trail writes there.
func accountsHint(cfg ReadConfig) string {
	base := cfg.Site.LogPath() + "/"
	org, hasOrg := cfg.Site.Organization()
	switch {
	case cfg.LimitToOrganization:
		return fmt.Sprintf("each account adds two log paths (its own trail's and the organization trail's) to two statements; "+
			"list no accounts to read only the organization trail's files under %s%s/ "+
			"(it writes every member account's files there), or list no accounts and leave vendor.readPolicy.limitToOrganization unset to read every log file under %s",
			base, org.ID, base)
	case hasOrg:
		return fmt.Sprintf("each account adds its log path to two statements; list no accounts to read every log file under %s, "+
			"or set vendor.readPolicy.limitToOrganization and list no accounts to read only the organization trail's files under %s%s/", base, base, org.ID)
	}
	return fmt.Sprintf("each account adds its log path to two statements; list no accounts to read every log file under %s", base)
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
	cond := policy.Conditions{}.With("Null", cloudtrail.EncryptionContextKey, "false")
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
// guessed: a wrong value would deny every read. The same holds for aws-eusc,
// whose endpoints use amazonaws.eu (AWS SDK partition data, see
// policy.PartitionEUSC) but whose ViaService names no AWS page we found
// gives (searched 2026-12-02): left out, verify in a sandbox before adding
// it.
func s3ViaService(key policy.ARN) string {
	if key.Partition == policy.PartitionChina || key.Partition == policy.PartitionEUSC {
		return ""
	}
	return "s3." + key.Region + ".amazonaws.com"
}

// logPaths returns the key prefixes (without the trailing slash) the role may
// read, sorted: [prefix/]AWSLogs, or one path per account (and per account
// under the organization ID), or the organization's path. accounts are
// sorted and without duplicates.
func logPaths(cfg ReadConfig, accounts []string) []string {
	base := cfg.Site.LogPath()
	orgID := ""
	if o, ok := cfg.Site.Organization(); ok && cfg.LimitToOrganization {
		orgID = o.ID
	}
	var out []string
	switch {
	case len(accounts) == 0 && orgID == "":
		out = append(out, base)
	case len(accounts) == 0:
		out = append(out, base+"/"+orgID)
	default:
		for _, a := range accounts {
			out = append(out, base+"/"+a)
			if orgID != "" {
				out = append(out, base+"/"+orgID+"/"+a)
			}
		}
	}
	return policy.SortedUnique(out)
}

// checkRead validates cfg: the Site first, then the options against it.
func checkRead(cfg ReadConfig) error {
	var p policy.Problems
	p.Add(cfg.Site.Check())
	for i, a := range cfg.LimitToAccounts {
		p.Add(policy.CheckAccountID(fmt.Sprintf("vendor.readPolicy.limitToAccounts[%d]", i), a))
	}
	if cfg.Site != nil && cfg.LimitToOrganization {
		if _, ok := cfg.Site.Organization(); !ok {
			p.Addf(policy.ErrConflict, "vendor.readPolicy.limitToOrganization", "true",
				"is set but the setup has no organization: only an organization trail writes under %s/<organization ID>/; "+
					"set organization, or leave vendor.readPolicy.limitToOrganization unset", cfg.Site.LogPath())
		}
	}
	return p.Err()
}
