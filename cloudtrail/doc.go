// Package cloudtrail is the one model of a centralised CloudTrail logging
// site, which every document of the library is built from: the bucket
// policy, the key policy, the vendor's and readers' role policies and the
// service control policies all read the same validated values, so that they
// cannot disagree about who may write, encrypt, read or change the logs.
//
// # The site
//
// A [SiteConfig] is the site as the user writes it in a setup file: the
// partition; the log bucket, its Region and the trails' S3 key prefix (logs
// go to [prefix/]AWSLogs/, see [LogPath]); the log archive account that owns
// the bucket; the delivering accounts and the [Organization] whose
// organization trail, owned by its management account, delivers too; the
// exact trail ARNs, when not any trail of a delivering account may; the KMS
// key that encrypts the log files; the reader roles; and the break-glass
// roles the organization policies exempt. Its JSON and YAML tags are the
// setup file's names.
//
// [New] validates every value once and returns a *[Site]. It reports every
// problem at once, each a *policy.FieldError named by the setup file's field
// path ("bucket", "accounts[2]", "organization.id", "trails[0]",
// "kmsKeyArn", "readers[1]", "breakGlassRoles[0]"), one problem per wrong
// value: the bucket name, the prefix ([CheckPrefix]), the bucket's Region in
// the partition, the account and organization IDs, the trail ARNs
// ([ParseTrailARN]), each in the partition and owned by a delivering
// account, with every delivering account owning one of them; the key as a
// full key ARN in the partition and, with a bucket Region, in that Region;
// the readers as IAM roles, users or account roots ([ParseReader]: no
// groups, sessions, wildcards or services), in any account of the
// organization or else in the key's account, a delivering account or the
// log archive account ([Site.CheckReader]; membership of the organization
// cannot be checked locally); and the break-glass role patterns,
// with * only in the role name and never for every role. With problems New
// still returns a Site holding only the values that passed, so that a caller
// can check its other options against it and report everything in one run;
// its [Site.Check] wraps [ErrIncompleteSite], as does a nil Site's, and
// builders refuse it.
//
// # Builders
//
// Every builder takes a *Site and reads it through its methods, which return
// copies: the partition, the bucket and object ARNs, the log path, the
// owner accounts, and [Site.TrailARNs], the values aws:SourceArn and the
// KMS encryption context ([EncryptionContextKey]) must match (exact trail
// ARNs, or one pattern per account). [Site.WithAccounts] with
// policy.MostThatFit measures how many delivering accounts fit a document's
// size limit. A builder checks only its own options, against the Site:
// [Site.CheckPartitionOf] and [Site.CheckRegionOf] hold the one wording of
// an ARN or Region outside the setup's partition, and [Site.Refused] says
// which values of an incomplete Site New refused, so that a builder does
// not report them missing as well: one mistake is one problem.
//
// # Documents and their targets
//
// A built document goes into a [Documents] list, each [Document] named as
// the command line spells it and carrying its [Target]: the bucket, key,
// role or organization policy it is deployed as and the account that
// applies it ([Site.BucketPolicyTarget], [Site.KeyPolicyTarget],
// [Site.RoleTarget], [Site.OrganizationPolicyTarget], and for a reader's
// identity policy [Site.ReaderPolicyTarget]: the inline policy of its
// existing role or user, or a managed policy for a whole account, applied
// in the reader's account, [ReaderAccount] when it plays no other part);
// [Target.DocumentKind] says which kind of policy a target takes. The
// command line, the Terraform and CloudFormation writers and the check
// command read that list. [Documents.Get], [Documents.Names] and
// [Documents.Of] find documents in it.
//
// # Sources
//
// The rules follow AWS's pages, cited where each is applied:
//
//   - CloudTrail User Guide, "Creating a trail for an organization": the
//     organization trail belongs to the management account, also when a
//     delegated administrator created it.
//   - CloudTrail User Guide, "Encrypting CloudTrail log files with AWS KMS
//     keys (SSE-KMS)",
//     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html:
//     "The key that you choose must be in the same region as the S3 bucket
//     that receives your log files."
//   - AWS KMS Developer Guide, "How AWS CloudTrail uses AWS KMS",
//     https://docs.aws.amazon.com/kms/latest/developerguide/services-cloudtrail.html:
//     the trail ARN in the encryption context of every request for a log
//     file.
//   - AWS CloudTrail API Reference, CreateTrail, S3KeyPrefix: at most 200
//     characters; CloudTrail User Guide, "CloudTrail trail naming
//     requirements" ([CheckTrailName]).
//   - AWS Organizations API Reference, CreatePolicy, Type
//     ([ServiceControlPolicy], [ResourceControlPolicy]).
//   - IAM User Guide, "AWS JSON policy elements: Principal",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
//     (read 2026-12-02): no wildcard in a principal's ARN, no group as a
//     principal ([ParseReader]); "Policies and permissions in AWS Identity
//     and Access Management",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html
//     (read 2026-12-02): identity policies attach to users, groups and
//     roles ([Site.ReaderPolicyTarget]).
//   - AWS CDK's region data (aws/aws-cdk,
//     packages/aws-cdk-lib/region-info/lib/default.ts) and the China
//     Regions' CloudTrail User Guide (docs.amazonaws.cn, "Default KMS key
//     policy created in CloudTrail console") for [ServicePrincipal] in every
//     partition.
package cloudtrail
