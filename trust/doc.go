// Package trust writes the two policies of a role that lets someone read the
// CloudTrail logs and nothing else: the role's trust policy (who may assume
// it) and its permissions policy (what it may read).
//
// The recommended way to give an outside company (a vendor) access to the
// logs is a role in the log archive account that the vendor assumes with an
// external ID ("Sharing CloudTrail log files between AWS accounts",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-sharing-logs.html).
//
// # Trust policy ([BuildTrustPolicy])
//
// One statement, AllowVendorAssumeRoleWithExternalID: Allow sts:AssumeRole to
// the vendor's account root (or to named vendor roles) under the condition
// StringEquals sts:ExternalId. The external ID is required: it is what keeps
// the vendor from being used as a confused deputy, that is, being asked by
// another of its customers to read this account's logs
// ("The confused deputy problem",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html;
// "Access to AWS accounts owned by third parties",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html).
// The Site's log archive account, which owns the role, is required.
// Trust policies are limited to 2,048 characters by default
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
//
// [BuildReaderTrustPolicy] writes the trust policy for principals of your
// own organization (one statement, AllowReadersAssumeRole, with
// aws:PrincipalOrgID on the Site's organization when
// [ReaderConfig.LimitToOrganization] is set), which need no external ID.
//
// # Permissions policy ([BuildReadPolicy])
//
// An identity policy (no Principal; 6,144 characters as a managed policy):
//
//   - ListCloudTrailLogFiles: s3:ListBucket on the bucket, only when the
//     request's s3:prefix is StringLike [prefix/]AWSLogs/* (or the paths
//     that [ReadOptions.LimitToAccounts] and [ReadOptions.LimitToOrganization]
//     choose). The reader can browse the log files but not list anything
//     else in the bucket, and a listing without a prefix is refused
//     (https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html).
//     Listing is how a reader finds new files: "GET Bucket (List Objects)"
//     is one of the two actions the AWS blog post says the vendor needs.
//   - ReadCloudTrailLogFiles: s3:GetObject on bucket/[prefix/]AWSLogs/*,
//     the other action the vendor needs ("GET Object"). It covers the
//     CloudTrail-Digest files too, which a reader needs to check the log
//     files' integrity (digest files are SSE-S3, so they need no key).
//   - DecryptCloudTrailLogFiles (when the Site has a KMS key): kms:Decrypt
//     on the key, only for data whose encryption context names a CloudTrail trail
//     (Null kms:EncryptionContext:aws:cloudtrail:arn = false, as in the key
//     policy statement AWS documents) and only through S3 in the key's
//     Region (kms:ViaService; left out for aws-cn, see [ReadConfig]).
//     Reading an SSE-KMS object needs kms:Decrypt as well as s3:GetObject
//     (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
//     The key policy must allow the role too: name it with
//     [VendorConfig.RoleARN].
//   - GetLogBucketLocation (only with [ReadOptions.AllowGetBucketLocation]).
//
// The published example (seed document 001) grants s3:Get* and s3:List* on
// both statements; [ReadOptions.BroadActions] reproduces it. The default is
// the two exact actions the prose names.
//
// # Inputs and errors
//
// The shared description of the logging site (the bucket, prefix, partition,
// log archive account, organization and KMS key) comes from a
// [cloudtrail.Site], which [cloudtrail.New] validates once; the configs
// ([VendorConfig], [ReadConfig], [ReaderConfig]) take it as Site, beside
// their own options. The vendor is the setup file's "vendor" block,
// [Vendor], and the options of its role's read policy are that block's
// "readPolicy", [ReadOptions].
//
// Bad input never yields a policy: each builder first adds the Site's own
// state ([cloudtrail.Site.Check]: an incomplete or missing Site wraps
// [cloudtrail.ErrIncompleteSite]), then checks its own options against
// whatever the Site holds, and returns every problem at once as a
// [policy.FieldError] naming the value by its path in the setup file
// ("vendor.externalId", "vendor.readPolicy.limitToAccounts[2]",
// "logArchiveAccount") or, for an option the setup file does not hold (the
// reader role's [ReaderConfig]), by its lowerCamel name ("principals[0]"). A document over its size limit because of a list
// option is refused with one [policy.SizeError] that names the option and
// says how many of its items fit.
package trust
