// Package kmskey builds the key policy of the customer managed AWS KMS key
// that encrypts CloudTrail log files (SSE-KMS) delivered by one or many
// accounts' trails, or by an organization trail.
//
// [Build] takes a [Config] whose Site, a [cloudtrail.Site] made by
// [cloudtrail.New], is the same value the bucket package takes, so the key
// policy and the bucket policy agree on who delivers; the shared values (the
// key ARN, accounts, organization, trails, readers, bucketRegion) are
// validated there, once, and Config holds only the key policy's own options:
// the key administrators (the setup's keyAdministrators) and [Options], the
// setup file's "keyPolicy" block, whose problems Build reports on their
// setup paths ("keyPolicy.sidStyle").
// Every ARN carries the setup's partition; the key is named by its full key
// ARN; the Resource of every statement is "*", which in a key policy means
// "this key" (AWS KMS Developer Guide, "Default key policy").
//
// # Statements
//
// In this order, with the default compact Sids ([SidsSpaced] gives the
// wording of AWS's documentation and of the source document):
//
//   - EnableIAMUserPermissions: kms:* for the key account's root. It keeps the
//     key manageable when every named administrator is gone (only AWS Support
//     could help otherwise) and lets IAM policies in the key's account grant
//     access. Always emitted, unless [Options.AllowKeyLockout] is set on
//     purpose. (AWS KMS Developer Guide, "Default key policy", section "Allows
//     access to the AWS account and enables IAM policies",
//     https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html)
//   - AllowAccessForKeyAdministrators: when [Config.KeyAdministrators] are
//     named, the key-management actions of AWS's default administrators
//     statement ([AdministratorActions]), without Decrypt or
//     GenerateDataKey, so that managing the key and reading the logs stay
//     separate. Administrators must belong to the key's account: AWS KMS
//     allows no key management across accounts.
//     [Options.AllowAdministratorsToUseKey] instead adds them to the root
//     statement's kms:*, as the source document does. (Same page, section
//     "Allows key administrators to administer the KMS key".)
//   - AllowCloudTrailToEncryptLogs: cloudtrail.amazonaws.com may call
//     kms:GenerateDataKey* only when the encryption context
//     kms:EncryptionContext:aws:cloudtrail:arn is one of the delivering trails
//     (StringLike) and, as AWS recommends against the confused deputy, only
//     when aws:SourceArn is one of them too: StringEquals with the exact trail
//     ARNs when the site names them ([cloudtrail.SiteConfig.Trails]), else
//     StringLike with one pattern per owner account,
//     arn:<partition>:cloudtrail:*:<account>:trail/*.
//     Without it a trail cannot be created or updated to use the key, nor
//     deliver. (CloudTrail User Guide, "Configure AWS KMS key policies for
//     CloudTrail", section "Granting encrypt permissions",
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
//     and "Cross-service confused deputy prevention",
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cross-service-confused-deputy-prevention.html)
//   - AllowCloudTrailToDecryptLogs (only with
//     [Options.AllowCloudTrailToDecryptForBucketKey]): kms:Decrypt for
//     CloudTrail, under the encrypt statement's conditions (encryption
//     context and aws:SourceArn of the delivering trails). CloudTrail needs
//     it to create or update a trail that delivers to an existing bucket
//     with an S3 Bucket Key (same page, "Required KMS key policy elements
//     for trails" and "Granting decrypt permissions", read 2026-12-01).
//     AWS's example statement names no condition; without one, any trail
//     of any account could have CloudTrail decrypt with the key. Whether
//     every Decrypt request CloudTrail makes for a bucket key carries the
//     trail's encryption context is not documented beyond
//     [cloudtrail.EncryptionContextKey]: create the trail once in a test
//     account with the policy before relying on it.
//   - AllowCloudTrailToDescribeKey: kms:DescribeKey for CloudTrail, which it
//     needs to check the key when a trail is created or updated, with the same
//     aws:SourceArn condition (same page, section "Enable CloudTrail to
//     describe KMS key properties"). [Options.OmitSourceArn] drops the
//     aws:SourceArn conditions, as older documents do;
//     [Options.AllowAnySourceInAccounts] replaces them with StringEquals
//     aws:SourceAccount on the owner accounts, which the same page says AWS
//     supports but does not recommend (read 2026-12-01). aws:SourceOrgID,
//     which the bucket policy may use instead
//     (bucketPolicy.allowAnySourceInOrganization), is not offered here: the
//     page documents only aws:SourceArn and aws:SourceAccount for
//     CloudTrail's calls to AWS KMS, and an organization trail's
//     aws:SourceArn is already a single pattern.
//   - AllowKeyAccountToDecryptOwnLogFiles and
//     AllowAccount<id>ToDecryptOwnLogFiles: principal "*" limited by
//     kms:CallerAccount may kms:Decrypt and kms:ReEncryptFrom log files whose
//     encryption context is one of that account's own trails, as the key
//     policy the CloudTrail console creates does. One statement per account
//     that owns delivering trails (for an organization trail, the management
//     account, which owns it); none for a key account that owns no trail. A
//     single statement for several accounts would let each decrypt the
//     others' logs, because the values of one condition key are ORed.
//     Accounts other than the key's also need an IAM policy allowing
//     kms:Decrypt on the key. (CloudTrail User Guide, "Default KMS key policy
//     created in CloudTrail console",
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/default-kms-key-policy.html)
//   - AllowAliasCreationDuringSetup (spaced: "Allow alias creation during
//     setup"; only with [Options.AllowAliasCreationDuringSetup]):
//     kms:CreateAlias for principal "*" when kms:CallerAccount is the key's
//     account and kms:ViaService is ec2.<key Region>.amazonaws.com
//     (amazonaws.com.cn in the China Regions: AWS publishes no ViaService
//     name for EC2 there, so verify it in a sandbox account), the statement and
//     conditions the CloudTrail console writes into a key it creates
//     ("Default KMS key policy created in CloudTrail console",
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/default-kms-key-policy.html,
//     read 2026-12-01). It is there to reproduce that policy: a direct
//     CreateAlias call carries no kms:ViaService, so the statement allows
//     only calls that Amazon EC2 makes on a caller's behalf, and creating
//     an alias also needs kms:CreateAlias on the alias in the caller's IAM
//     policy (AWS KMS Developer Guide, "Controlling access to aliases").
//     The key account's IAM policies can allow it through the root
//     statement anyway.
//   - AllowReadersToDecryptLogFiles: when the site names readers
//     ([cloudtrail.Site.Readers], such as the security team's role) or
//     [Config.VendorRoleARN] names the vendor's role of the trust package,
//     kms:Decrypt of every delivered log file and of nothing else encrypted
//     under the key: the encryption context must be one of the delivering
//     trails. A reader is an IAM role, an IAM user or an account root; with
//     an organization it may be in any account, else it must belong to the
//     key's account, a delivering account or the site's log archive account
//     ([cloudtrail.Site.CheckReader]). A reader in another account than the
//     key's also needs kms:Decrypt in its identity policy, which the setup
//     writes as its reader read policy. Readers admitted only as members of
//     the organization ([cloudtrail.Site.OrganizationReader]) are named in
//     AllowOrganizationReadersToDecryptLogFiles (spaced: "Allow
//     organization readers to decrypt log files") instead, the same
//     statement with StringEquals aws:PrincipalOrgID = the organization's
//     ID, so that AWS checks the membership the library cannot (IAM User
//     Guide, "AWS global condition context keys", aws:PrincipalOrgID,
//     read 2026-12-02).
//     (CloudTrail User Guide, "Configure AWS KMS key policies for
//     CloudTrail", section "Granting decrypt permissions".)
//   - AllowAccountsToDecryptLogFiles (spaced: "Enable CloudTrail log
//     decrypt permissions for accounts"; only with
//     [Options.DecryptAccounts]): kms:Decrypt of every delivered log file
//     for the roots of the listed accounts, arn:<partition>:iam::<id>:root,
//     which lets each account's IAM policies grant it to any of their
//     principals, the principal form of AWS's decrypt examples (same page,
//     "Granting decrypt permissions", read 2026-12-01). An account root
//     among the site's readers is also granted in the bucket policy and
//     gets its managed read policy; this option grants decrypt alone, for
//     the accounts listed, each of which must be the key's account, a
//     delivering account or the log archive account.
//     AWS's statement conditions on Null
//     kms:EncryptionContext:aws:cloudtrail:arn "false" (any CloudTrail
//     context); this one names the delivering trails, as
//     AllowReadersToDecryptLogFiles. The accounts still need an identity
//     policy allowing kms:Decrypt on the key, and to read the files, the
//     bucket's permission.
//   - AllowCloudTrailToEncryptTopic (spaced: "Allow CloudTrail to encrypt
//     topic notifications"; last, only with
//     [Options.AllowCloudTrailToEncryptTopic], for the SNS topic of
//     snsTopicArn encrypted with this key): kms:GenerateDataKey* and
//     kms:Decrypt for cloudtrail.amazonaws.com, which AWS's page "Amazon SNS
//     topic policy for CloudTrail" (section "KMS key policy",
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html,
//     read 2026-12-02, also in its translated copies) gives without a
//     condition, pointing to the SNS guide's "Enable compatibility between
//     event sources from AWS services and encrypted topics"
//     (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services,
//     read 2026-12-02 on a stored .md copy). That page gives the same
//     statement for any service principal, then says "Add the
//     aws:SourceAccount and aws:SourceArn condition keys to the KMS
//     resource policy to further protect the KMS key from confused deputy
//     attacks", with aws:SourceArn the ARN of the event source's own
//     resource (for CloudTrail, the trail) and "Refer to service specific
//     documentation ... for exact details", which CloudTrail's page does
//     not give. The statement adds StringEquals
//     kms:EncryptionContext:aws:sns:topicArn, the topic's ARN: the
//     encryption context Amazon SNS gives the data keys of a topic, and
//     the condition AWS writes for a service principal that publishes to
//     an encrypted topic (Amazon GameLift's "Set up an SNS topic with
//     server-side encryption",
//     https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html,
//     read 2026-12-02 on its docs.amazonaws.cn copy, which adds
//     aws:SourceArn of its own resource). Without a condition CloudTrail
//     could generate data keys under this key for any trail of any
//     account, around the encryption context that
//     AllowCloudTrailToEncryptLogs requires; with it, only the topic's.
//     The statement has no aws:SourceAccount or aws:SourceArn: the SNS
//     page recommends them in general, but CloudTrail's page writes no
//     condition and no page says which trail ARN SNS's call to AWS KMS
//     carries for CloudTrail's publish (searched 2026-12-02). Verify in a
//     sandbox that a notification is delivered before relying on it.
//
// # The account as a policy variable
//
// [Options.AccountPathVariable] names the calling account with a policy
// variable instead of one pattern and one decrypt statement per account.
// AllowCloudTrailToEncryptLogs (and AllowCloudTrailToDecryptLogs) require
// StringEquals aws:SourceAccount, one of the owner accounts, and the
// encryption context arn:<partition>:cloudtrail:*:${aws:SourceAccount}:trail/*
// and aws:SourceArn of the same pattern, so CloudTrail may encrypt only for
// a trail of the account it calls for; AllowCloudTrailToDescribeKey carries
// the same source condition. With exact trails the context and
// aws:SourceArn stay their lists. AllowAccountsToDecryptOwnLogFiles
// replaces the per-account decrypt statements: principal "*", StringEquals
// kms:CallerAccount one of the owner accounts, and the encryption context
// arn:<partition>:cloudtrail:*:${kms:CallerAccount}:trail/*, the form of
// the CloudTrail console's statement ("Default KMS key policy created in
// CloudTrail console",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/default-kms-key-policy.html)
// with the account written as a variable, so each account decrypts the logs
// of its own account's trails only (with exact trails: of any trail of its
// own account, which is what the console's statement allows too). Each
// account costs three condition values instead of a statement: 702
// accounts besides the key's fit in 32 KB. AllowReadersToDecryptLogFiles
// still lists every trail pattern, so readers make the policy grow again.
//
// AWS documents no CloudTrail example of this shape: verify it in a
// sandbox account before relying on it. It rests on IAM's rules for
// policy variables: "You can use any available single-valued condition key
// as a policy variable" (IAM User Guide, "Single-valued vs. multivalued
// condition keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html,
// read 2026-12-02), and a variable without a value in the request "will not
// match" (IAM User Guide, "IAM policy elements: Variables and tags",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html,
// section "Policy variables with no value", quoted from issue 17 and not
// re-read for this change). aws:SourceAccount names the account that owns
// the trail for which CloudTrail calls, and kms:CallerAccount the account
// of the calling principal ("AWS KMS condition keys",
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).
// Both are single-valued: aws:SourceAccount's entry in "AWS global
// condition context keys"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
// read 2026-12-02 on a stored .md copy) reads "Value type –
// Single-valued", and the KMS page's table gives kms:CallerAccount the
// value type "Single-valued" for "KMS key resource operations" (read
// 2026-12-02 in awsdocs/aws-kms-developer-guide at 3447fd9, archived
// 2023). The property
// tests ask the repository's evaluator whether one account's principals
// can decrypt another account's logs, or CloudTrail encrypt for one
// account's trail with another's as context (never).
//
// # Limits
//
// A key policy may hold 32,768 bytes (AWS KMS Developer Guide, "Quotas");
// [Build] measures the compact form and fails with a *[policy.SizeError]
// past it, which names "accounts", how many delivering accounts other than
// the key's there are and how many of them fit. With per-account trail
// patterns, the key's account and 69 other delivering accounts fit; each
// further account adds a decrypt statement and two patterns (with
// AccountPathVariable, 702, each adding three condition values). An
// organization trail does not grow with its member accounts. The size
// error names both ways out.
//
// The key must be in the Region of the bucket that receives the logs
// (CloudTrail User Guide, "Encrypting CloudTrail log files with AWS KMS keys
// (SSE-KMS)"); give the site's bucketRegion to have [cloudtrail.New] check
// that.
package kmskey
