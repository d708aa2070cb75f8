// Package policy is the generic core of the library's IAM policy documents:
// it builds, renders, decodes, validates and merges them, and knows nothing
// of CloudTrail.
//
// What is in it:
//
//   - [Document] and its [Kind] (S3 bucket policy, KMS key policy, role trust
//     policy, identity policy, service control policy, resource control
//     policy), made with [New] or [Decode] (strict: unknown or miscased
//     elements are errors), rendered with [Document.JSON] in AWS's key
//     order or [Document.CompactJSON];
//     [Document.Canonical] to compare meaning, and [Merge] to add statements
//     to a policy that already exists.
//   - Validation: [Document.Validate] and [Document.ValidateWithLimits] check
//     the embedded JSON [Schema] (by typed checks that agree with it, for
//     documents built in Go; on raw JSON, [ValidateJSON]), the size limit of
//     the kind ([Limits], [Size], [SizeError]; [MostThatFit] and
//     [Limits.Fits] for a document that grows with a list; [Pack] to split
//     statements over several organization policies, and [PerTarget] for
//     how many of those one target holds), unique Sids and
//     their characters, the Principal each kind needs or forbids, and the
//     characters AWS allows.
//   - Input validators for the values every document names: [Partition] and
//     [CheckPartition], [CheckAccountID], [CheckOrgID], [CheckRegion] and
//     [CheckRegionInPartition], [CheckBucketName], [CheckExternalID],
//     [CheckRoleName].
//   - ARNs: [ARN], [ParseARN] and the typed parsers [ParseKeyARN],
//     [ParseRoleARN] and [ParseIAMPrincipalARN]; the builders [BucketARN],
//     [ObjectARN], [KeyARN], [RoleARN] and [AccountRootARN].
//   - Errors: every problem is a *[FieldError] naming the field path and the
//     value as given and wrapping a sentinel such as [ErrAccountID], for
//     errors.Is; [Problems] collects them so that a caller sees every
//     problem at once, [Unjoin] splits them again and [PrefixFields] puts a
//     caller's own path in front.
//   - Statement helpers: [Strings], [List], [Conditions], [ServicePrincipal],
//     [AWSPrincipal], [Everyone], [SortedUnique].
//
// Limits: the package writes policy language version 2012-10-17 only, and
// knows the partitions aws, aws-cn, aws-us-gov and aws-eusc (the AWS
// European Sovereign Cloud), not the isolated ones.
// Its typed parsers cover the resources the library names (KMS keys, IAM
// roles and principals); other ARNs get the generic checks of [ParseARN].
// Validation applies the schema and the rules AWS documents, offline: it
// does not ask AWS whether accounts, roles or keys exist, and it is no
// substitute for IAM Access Analyzer. Sizes are measured on the compact
// rendering (see [Size]).
//
// What a document allows is decided by package policy/eval. The CloudTrail
// logging site (trail ARNs, the log file prefix, the delivering accounts) is
// modelled by package cloudtrail, which builds on this one; policy imports
// none of the document packages.
package policy
