// Package rcp writes the AWS Organizations resource control policy (RCP)
// that keeps the centralised CloudTrail logs inside the organization: it
// caps what any principal, including principals outside the organization,
// may do to the log bucket, its objects and the KMS key, whatever the
// bucket and key policies allow.
//
// An SCP restricts only the principals of the accounts it is attached to;
// an RCP restricts access to the resources of the accounts it is attached
// to, whoever asks ("Resource control policies (RCPs)",
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html,
// read 2026-12-02). [Build] takes the logging site, a *[cloudtrail.Site]
// with an organization, and the setup file's "rcp" block, [Options]; the
// setup calls for the RCP whenever it has an organization, and rcp.omit
// leaves it out. Problems are reported with the setup's field paths
// ("organization", "rcp.trustedAccounts[0]", "kmsKeyArn").
//
// # Statements
//
// Every statement is a Deny with Principal "*". The first three name the
// bucket ARN, bucket/* and, with a key, the key ARN; the tampering
// statements the bucket and its objects, and the key.
//
// DenyPrincipalsOutsideOrganization: denies s3:* (and kms:*) to a
// principal whose account is outside the organization
// (StringNotEqualsIfExists on aws:PrincipalOrgID) unless it is an AWS
// service (BoolIfExists aws:PrincipalIsAWSService "false"): the
// EnforceOrgIdentities statement of AWS's identity perimeter RCP
// (aws-samples/data-perimeter-policy-examples,
// resource_control_policies/identity_perimeter_rcp.json, read 2026-12-02),
// narrowed to the log resources. rcp.trustedAccounts
// ([Options.TrustedAccounts]) exempts accounts outside the organization
// with aws:PrincipalAccount, as that example exempts third-party accounts.
// The log archive account's own readers and the vendor's role
// (in logArchiveAccount) are principals of the organization and still read
// where the bucket and key policies let them; a reader in a delivering
// account that is not a member is denied unless its account is trusted.
//
// DenyServicesOutsideOrganization: denies the same to an AWS service
// (Bool aws:PrincipalIsAWSService "true") that acts for a resource (Null
// aws:SourceAccount "false") of an account outside the organization
// (StringNotEqualsIfExists on aws:SourceOrgID): the
// EnforceConfusedDeputyProtection statement of the same example and of
// AWS's RCP examples
// (aws-samples/resource-control-policy-examples,
// Restrict-resource-access-patterns/Enforce-controls-on-AWS-services-that-use-service-principals-to-access-your-resources.json,
// read 2026-12-02). CloudTrail delivers as cloudtrail.amazonaws.com with
// aws:SourceArn and aws:SourceAccount of the trail (the bucket and key
// policies check both); ArnNotLikeIfExists on aws:SourceArn exempts the
// site's trails ([cloudtrail.Site.TrailARNs]: the exact trails, or every
// trail of each delivering account), so that delivery never rests on
// CloudTrail sending aws:SourceOrgID and trails of delivering accounts
// outside the organization still deliver. AWS documents no list of the
// services that send aws:SourceOrgID: verify other service deliveries to
// the bucket in a sandbox.
//
// DenyInsecureTransport: denies requests without TLS (BoolIfExists
// aws:SecureTransport "false"), AWS's RCP example "Restrict access to only
// HTTPS connections to your resources"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_examples.html,
// and Restrict-access-to-only-HTTPS-connections-to-your-resources.json in
// aws-samples/resource-control-policy-examples, read 2026-12-02).
//
// DenyLogBucketTampering and DenyLogKeyTampering: deny the actions the SCP
// denies the principals of its accounts ([scp.BucketActions] on the bucket
// and its objects, [scp.KeyActions] on the key: deleting or overwriting
// logs and weakening the bucket and key; see package scp for each), here to
// every principal, the management account's and outside principals too.
// AWS services are exempt (BoolIfExists aws:PrincipalIsAWSService "false"),
// because CloudTrail's delivery is an s3:PutObject; what services may do is
// the bucket and key policies' business and the confused-deputy
// statement's. The site's breakGlassRoles are exempt with ArnNotLike on
// aws:PrincipalArn, the same condition as the SCP's. rcp.allowObjectOverwrite
// ([Options.AllowObjectOverwrite]) leaves s3:PutObject out, as
// scp.allowObjectOverwrite does.
//
// # Syntax
//
// From "RCP syntax"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html,
// read 2026-12-02), checked by [policy.Document.Validate] for
// [policy.KindRCP]: Version "2012-10-17"; the effect of Allow is supported
// only for the AWS managed RCPFullAWSAccess, attached to every root, OU and
// account when RCPs are enabled, so a customer RCP only denies; Principal
// is "*" ("You can only specify "*" in the Principal element of an RCP";
// whom a statement denies is said in its conditions). The page's table of
// elements has Version, Statement, Sid, Effect, Principal, Action,
// Resource, NotResource and Condition, and its section "Unsupported
// elements" names NotPrincipal and NotAction, which are refused. The page
// also says "You cannot use "*" in the Action element of a customer
// managed RCP" (section "Action element", read 2026-12-02 on a stored .md
// copy): name the service prefix (s3:*, kms:*), as every statement here
// does; Validate refuses an Action "*", alone or listed.
//
// # Where it applies
//
// RCPs don't affect resources in the management account, only those of
// member accounts (delegated administrators among them) (the RCP page
// above). So Build refuses a log archive account ("logArchiveAccount") or a
// key ("kmsKeyArn"; rcp.leaveKeyUnprotected leaves it out) in the
// management account, where the RCP would guard nothing. The same page's
// section "Resources and entities not restricted by RCPs" (read on a
// stored copy of the page fetched 2026-09-26) adds: RCPs "do not apply to
// calls made by service-linked roles", do not affect AWS services' ability
// to assume a service-linked role, do not apply to AWS managed KMS keys
// (also the AWS KMS Developer Guide, "Resource control policies in AWS
// KMS", https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html,
// read 2026-12-02), and do not impact kms:RetireGrant. CloudTrail encrypts
// with a customer managed key (the site's kmsKeyArn), which RCPs do
// restrict. Attach the RCP to the log archive account (and the key's
// account), or an OU holding them.
//
// # Size
//
// An RCP may hold 5,120 characters, and "all characters in your RCP count
// against its maximum size" (the syntax page; AWS Organizations quotas,
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html,
// read 2026-12-02; [policy.RCPLimit]); the console removes white space
// outside strings, the SDKs keep it. Build measures the compact form
// ([policy.Size]): save that form. The quota is not adjustable as far as
// the page says, so there is no size option. When the statements do not fit
// into one RCP, Build splits them into several documents (whole statements,
// in order, [policy.Pack]); each takes one of the RCPs a target may have.
// The quotas page (section "Number of policies that you can attach to an
// entity", read 2026-12-02 on a stored .md copy) allows 5 RCPs attached to
// the root, to each OU and to each account, and of RCPFullAWSAccess says
// "You cannot detach this policy and it counts towards the 5 policies
// quota": four are left for RCPs of your own. Its size row reads
// "Resource control policies: 5120 characters". A statement too
// large on its own is a
// [*policy.SizeError] whose Hint names it and what it grows with; a fifth
// RCP, needed when every statement fills one of its own, is refused on
// breakGlassRoles with [policy.ErrTooManyPolicies], saying how many of the
// roles fit.
package rcp
