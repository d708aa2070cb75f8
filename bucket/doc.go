// Package bucket builds the Amazon S3 bucket policy that lets exactly the
// intended CloudTrail trails deliver logs to a bucket, keeps everyone else
// out, and keeps every log file encrypted with the right KMS key.
//
// [Build] takes a [Config]: the logging site as a *[cloudtrail.Site] (the
// bucket, an optional log file prefix, the delivering accounts,
// organization and trails, an optional KMS key and readers), validated once
// by [cloudtrail.New] and shared with the other documents' builders, and
// the bucket policy's own options ([Options], the setup file's
// "bucketPolicy" block, and omitEncryptionDeniesForFirstCreate). It returns
// the policy, or every problem with the options at once, each on its setup
// path ("bucketPolicy.sidSuffix"), and none for a site with problems of its
// own, which New reports. The defaults are the form AWS recommends today, with
// each account confined to its own path; reproducing an older published
// policy needs options named for the safeguard they remove.
//
// # Statements
//
// AWSCloudTrailAclCheck allows the CloudTrail service principal
// s3:GetBucketAcl on the bucket: CloudTrail reads the ACL before it
// delivers. The write statements allow s3:PutObject on
// arn:<partition>:s3:::<bucket>/[<prefix>/]AWSLogs/<account>/* for every
// delivering account and, for an organization trail, the management
// account, whose own path CloudTrail checks when the trail is created; the
// s3:x-amz-acl = bucket-owner-full-control condition makes the bucket owner
// own every log. AWSCloudTrailOrganizationWrite, present with an
// organization trail, allows the same on AWSLogs/<o-id>/*, where the trail
// writes every member account's logs, so the statement does not grow with
// the organization. (CloudTrail User Guide, "Amazon S3 bucket policy for
// CloudTrail",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html,
// and "Finding your CloudTrail log files",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html.)
//
// With [Options.AllowCloudTrailToListBucket] the ACL check allows
// s3:ListBucket beside s3:GetBucketAcl, as the AWS Security Reference
// Architecture's organization trail bucket does (statement
// AWSBucketPermissionsCheck of
// aws-samples/aws-security-reference-architecture-examples,
// aws_sra_examples/solutions/cloudtrail/cloudtrail_org/templates/sra-cloudtrail-org-bucket.yaml
// at 05cf2854a4c32a60a88eb0b4f73b1eb3f0f76bf4, read 2026-12-01). AWS
// Control Tower's audit bucket grants CloudTrail the same two actions, the
// list in a statement of its own, AWSConfigBucketExistenceCheck ("Amazon S3
// bucket policy in the audit account",
// https://docs.aws.amazon.com/controltower/latest/userguide/logging-s3-audit-bucket.html,
// read 2026-12-01). The Sid and the source condition stay this package's.
// CloudTrail's own bucket policy page asks for s3:GetBucketAcl alone, so
// the option only widens: the delivering trails may have CloudTrail list
// every key in the bucket.
//
// # One write statement per account
//
// With one delivering account the write statement is AWSCloudTrailWrite,
// as on AWS's page. With several, each account gets its own,
// AWSCloudTrailWrite<account>, whose Resource is that account's path only
// and whose source condition names that account's trails only. One
// statement for all accounts, the form of AWS's multi-account example
// ("Setting bucket policy for multiple accounts",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-set-bucket-policy-for-multiple-accounts.html),
// ORs the paths and ORs the trails, so a trail of account B may write under
// AWSLogs/<A>/. That is reachable: a trail's owner chooses its
// S3KeyPrefix, so with a bucket without prefix B can set "AWSLogs/<A>" and
// CloudTrail writes B's files to AWSLogs/<A>/AWSLogs/<B>/CloudTrail/…,
// inside A's prefix, where they pass for A's evidence. (The same page says
// that "unauthorized users cannot create a trail that includes AWSLogs/ as
// the S3KeyPrefix parameter", without saying which prefixes or users that
// covers; the policy does not rely on it.) AWSCloudTrailOrganizationWrite
// is already limited to the management account's trails.
// [Options.AllowWritesAcrossAccountPrefixes] restores the single statement,
// which fits more accounts (see Size), at that cost.
//
// # One write statement for many accounts: the account as a policy variable
//
// [Options.AccountPathVariable] keeps the isolation of one statement per
// account in one statement: its Resource is
// arn:<partition>:s3:::<bucket>/[<prefix>/]AWSLogs/${aws:SourceAccount}/*,
// so each request may write only under the path of the account that owns
// the calling trail, and StringEquals aws:SourceAccount lists the owner
// accounts; the trail restriction is one pattern,
// arn:<partition>:cloudtrail:*:${aws:SourceAccount}:trail/* (StringLike
// aws:SourceArn), or with exact trails their list, as by default. The ACL
// check carries the same condition. Each account costs two condition
// values (about 30 bytes) instead of a statement: 650 accounts fit in 20 KB,
// 627 with a key. AWSCloudTrailOrganizationWrite is unchanged, and the
// option needs explicit accounts: an organization trail alone already
// writes one path.
//
// AWS documents no CloudTrail example of this shape. It rests on IAM's
// rules for policy variables, which this package has not seen CloudTrail
// or S3 exercise: verify it in a sandbox account (CreateTrail checks the
// bucket policy) before relying on it. The rules:
//
//   - "You can use any available single-valued context key as a policy
//     variable, but you cannot use a multivalued context key as a policy
//     variable" (IAM User Guide, "Single-valued vs. multivalued context
//     keys",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
//     read 2026-12-02 on a stored copy). aws:SourceAccount
//     names one account, the owner of the resource for which the service
//     calls, and is present "only ... when the call to your resource is made
//     directly by an AWS service principal" ("AWS global condition context
//     keys",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
//     read 2026-12-02), and its entry there reads "Value type –
//     Single-valued" (read 2026-12-02 on a stored .md copy of the page).
//   - Variables may stand in the Resource element and in condition values,
//     and a variable whose key has no value in the request "will not match
//     any resource" (IAM User Guide, "IAM policy elements: Variables and
//     tags",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html,
//     sections "Where you can use policy variables" and "Policy variables
//     with no value"; the quotation is issue 17's, the section was not
//     re-read for this change, 2026-12-02): a request without
//     aws:SourceAccount matches no write statement, so it is refused.
//
// The property tests ask the repository's evaluator, which resolves
// variables as that page describes, whether a trail of one listed account
// can write under another's AWSLogs/<id>/ (never, the S3KeyPrefix trick of
// the previous section included), and whether an unlisted account or a
// request without aws:SourceAccount can write at all (no).
//
// With [Options.AllowAnySourceTrail] there is no source condition, so every
// write statement would have the same principal and no condition: split per
// account they would still let any trail write under every path. Such a
// policy keeps the one statement of the old documents, which says honestly
// what it allows. [Options.AllowAnySourceInOrganization] does the same: its
// one aws:SourceOrgID value would be on every statement.
//
// # Readers in other accounts
//
// The site's readers ([cloudtrail.Site.Readers]) outside its log archive
// account ([cloudtrail.Site.LogArchiveAccount], the bucket's account) get
// AllowLogReadersToList (s3:ListBucket on the bucket when s3:prefix is
// StringLike [<prefix>/]AWSLogs/*) and AllowLogReadersToRead (s3:GetObject
// on arn:<partition>:s3:::<bucket>/[<prefix>/]AWSLogs/*): the same actions,
// resources and condition as the read policy of package trust. A role in another account than the bucket's, such as a security
// team's role in a delivering account that the KMS key policy lets decrypt,
// needs the bucket policy to allow it as well as its own identity policy
// ("Cross-account policy evaluation logic",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
// A role in the bucket's own account needs no such grant; naming it would
// let it read even without its identity policy, so such readers are left
// out. Without a log archive account the bucket's account is unknown, and
// every reader is granted. Without a reader to grant neither statement is
// written. A reader may be a role, a user or a whole account (its root,
// which lets the account's IAM policies decide).
//
// A reader the site admits only as a member of its organization (in none
// of the accounts the site names: [cloudtrail.Site.OrganizationReader])
// is granted in AllowOrganizationLogReadersToList and
// AllowOrganizationLogReadersToRead instead, the same statements with
// StringEquals aws:PrincipalOrgID = the organization's ID: membership
// cannot be checked when the policy is written, so AWS checks it at each
// request, and a reader in an account outside the organization (a
// mistyped ID) is granted nothing (IAM User Guide, "AWS global condition
// context keys", aws:PrincipalOrgID,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
// read 2026-12-02).
//
// DenyInsecureTransport denies every S3 action on the bucket and its
// objects to everyone when aws:SecureTransport is "false", so logs are never
// read or written over plain HTTP (Amazon S3 User Guide, "Security best
// practices for Amazon S3",
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html).
//
// # The organization's data perimeter
//
// [Options.DenyOutsideOrganization] adds DenyExternalPrincipals, the AWS
// Security Reference Architecture's deny on its organization trail bucket,
// in the SRA's form (see [Options.DenyOutsideOrganization] and the source
// at the statement's builder): s3:GetObject*, s3:ListBucket and
// s3:PutObject on the bucket and its objects are denied to every principal
// outside the organization (StringNotEquals aws:PrincipalOrgID) unless it
// is an AWS service (Bool aws:PrincipalIsAWSService "false" must hold too),
// so CloudTrail still delivers. A reader outside the organization is then
// refused even where AllowLogReadersToRead names it: list only readers of
// the organization's accounts (the vendor's role is in the log archive
// account). It needs the site's organization.
//
// With a KMS key, DenyUnencryptedObjectUploads denies s3:PutObject when
// s3:x-amz-server-side-encryption is not "aws:kms", so that logs cannot land
// unencrypted, and DenyWrongKMSKey, a separate statement, denies it when
// s3:x-amz-server-side-encryption-aws-kms-key-id is not the key's ARN, so
// that logs cannot land under someone else's key. They must be two
// statements: keys under one condition operator are ANDed, so the combined
// form of 000_9393c8efe2ee63f7.txt lets an upload with the wrong key through
// (IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html).
// CloudTrail keeps a trail's key as a full key ARN (CloudTrail API
// Reference, Trail.KmsKeyId), the form this deny compares; [cloudtrail.New]
// refuses an alias as kmsKeyArn.
//
// # Where the encryption denies apply
//
// Both denies name Resource
// arn:<partition>:s3:::<bucket>/[<prefix>/]AWSLogs/*/CloudTrail/*: the log
// files of every account (AWSLogs/<account>/CloudTrail/…) and of every
// organization member (AWSLogs/<o-id>/<account>/CloudTrail/…, since "*"
// spans "/" in object ARNs). They do not match digest files
// (…/AWSLogs/<account>/CloudTrail-Digest/… and
// …/AWSLogs/<o-id>/<account>/CloudTrail-Digest/…), which CloudTrail writes
// with SSE-S3 even when log files use SSE-KMS: "Enabling server-side
// encryption encrypts the log files but not the digest files with SSE-KMS"
// (CloudTrail User Guide, "Encrypting CloudTrail log files with AWS KMS keys
// (SSE-KMS)",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html;
// "CloudTrail digest file structure",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
// A bucket-wide deny, as 000 and 004 publish it, would silently stop log
// file validation. The positive form was chosen over NotResource on the
// digest folders because it touches only what AWS documents as SSE-KMS:
// other CloudTrail outputs whose encryption AWS does not document (Insights
// files under CloudTrail-Insight/) are left alone rather than risk blocking
// them, it stays one fixed-size pattern however many accounts deliver, and
// it is an ordinary Resource element. The cost: objects outside
// AWSLogs/*/CloudTrail/ are not forced to SSE-KMS by this policy.
//
// # First create
//
// The AWS Security Reference Architecture's organization trail bucket
// template ships both denies commented out: "These statements prevent
// creating the Org Trail — Uncomment after initial create"
// (aws-samples/aws-security-reference-architecture-examples,
// aws_sra_examples/solutions/cloudtrail/cloudtrail_org/templates/sra-cloudtrail-org-bucket.yaml).
// What CloudTrail writes during its creation check is not documented, so
// [Config.OmitEncryptionDeniesForFirstCreate] builds the policy without
// them for that step; build again without it once the trail exists.
//
// # Which trails may write (confused deputy)
//
// AWS recommends aws:SourceArn on CloudTrail's statements, naming the trail
// by partition, home Region, owning account and name; an organization trail
// is owned by the management account even when a delegated administrator
// created it. Build emits, on the ACL check for every delivering account
// and on each account's write statement for that account alone:
//
//   - exact trails (the site names trails, [cloudtrail.Site.ExactTrails]):
//     StringEquals aws:SourceArn with those ARNs, as on AWS's bucket policy
//     page;
//   - otherwise: StringLike aws:SourceArn with
//     arn:<partition>:cloudtrail:*:<account>:trail/* per delivering account
//     (for an organization, the management account). AWS: "When you include
//     a wildcard, you must also use the StringLike condition operator"
//     (CloudTrail User Guide, "Cross-service confused deputy prevention",
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html);
//   - with [Options.AllowAnySourceInAccounts]: StringEquals aws:SourceAccount
//     with the account, which AWS documents as the alternative ("add an
//     aws:SourceArn or aws:SourceAccount condition key") and which is
//     shorter; it admits any CloudTrail resource of the account, not only
//     trails;
//   - with [Options.AllowAnySourceInOrganization]: StringEquals
//     aws:SourceOrgID with the site's organization ID, on every statement;
//   - with [Options.AllowAnySourceTrail]: nothing, as the old documents.
//
// AWSCloudTrailOrganizationWrite carries only the management account's
// trails, because only the organization trail writes under AWSLogs/<o-id>/.
//
// The source key is a choice, aws:SourceArn by default. CloudTrail's
// "Cross-service confused deputy prevention" page recommends aws:SourceArn,
// the trail's own ARN, as the most effective key, and aws:SourceAccount for
// admitting any resource of an account
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html,
// read 2026-12-01). aws:SourceOrgID, a global condition key, is the ID of
// the organization of the account that owns the resource for which a service
// principal calls, and is absent when that account belongs to no
// organization ("AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceorgid,
// read 2026-12-01). AWS Control Tower conditions its audit bucket's writes
// on it
// (https://docs.aws.amazon.com/controltower/latest/userguide/logging-s3-audit-bucket.html).
// It is the weakest of the three keys that still names someone: one value
// for the whole organization, so any trail (or event data store or channel)
// of any member account passes every statement, and per-account write
// statements would isolate nothing; with it the accounts' writes are one
// statement, as without a source condition. It needs the site's
// organization, and every delivering account must be a member of it. For an
// organization trail alone it buys nothing: aws:SourceArn is then one
// pattern already. aws:PrincipalOrgID is never used: it describes the
// calling principal's organization, and a service principal belongs to none.
//
// # Partitions and principal
//
// Every ARN carries the partition (aws, aws-cn, aws-us-gov, aws-eusc). The service
// principal is cloudtrail.amazonaws.com in all three; see
// [cloudtrail.ServicePrincipal] for the sources. One older China Regions
// page (docs.amazonaws.cn, "Granting encrypt permissions", KMS key policy)
// shows cloudtrail.amazonaws.com.cn; the current China pages and AWS CDK's
// region data use cloudtrail.amazonaws.com.
//
// [Options.LegacyPrincipalRegions] reproduces 2013–2015 policies that named
// per-Region CloudTrail accounts (arn:<partition>:iam::<id>:root) instead of
// the service principal; see [LegacyAccountID] for the table and its source.
//
// # Size
//
// A bucket policy is limited to 20 KB (20,480 bytes, measured on the compact
// form; [Config.Limits] overrides it). An organization trail's policy does
// not depend on the number of member accounts: 1,230 bytes, or 1,936 with a
// KMS key, for a 23-character bucket name. Each explicit account adds a
// write statement and a condition value on the ACL check (with
// AllowWritesAcrossAccountPrefixes, a path and a condition value on the one
// write statement instead; with AllowAnySourceInOrganization, a path
// alone, beside an organization); for a 23-character bucket name without a
// prefix, at most this many accounts fit (each extra character of bucket
// name or prefix costs about one byte per account):
//
//	condition                                       no key   KMS key   across prefixes (no key, KMS key)
//	aws:SourceArn pattern per account (default)         50        48       131   126
//	one exact trail per account (StringEquals)          46        44        99    96
//	aws:SourceAccount (AllowAnySourceInAccounts)        60        58       214   207
//	aws:SourceOrgID (AllowAnySourceInOrganization)     312       300       (one write statement already)
//	${aws:SourceAccount} path (AccountPathVariable)    650       627       (one write statement already)
//
// Past the limit Build returns a *[policy.SizeError] on "accounts" that
// says how many of the accounts fit, suggests an organization trail, and
// says how many AccountPathVariable and AllowWritesAcrossAccountPrefixes
// would fit and what each costs; a policy over the limit whatever its account list gets one naming
// no field, which says that the limit is too small.
package bucket
