// Package scp writes the AWS Organizations service control policies (SCPs)
// that keep CloudTrail logs from being destroyed, hidden or cut off by
// anyone in the attached accounts, including administrators of the
// log-archive account.
//
// [Build] starts from the anti-deletion SCP published in seed 002 ("How to
// configure AWS CloudTrail?") and corrects it. Every statement is a Deny,
// because an SCP only ever narrows what IAM policies grant
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html:
// Resource and Condition are supported in Deny statements).
//
// Build takes the logging site, a *[cloudtrail.Site] that [cloudtrail.New]
// made from the setup's shared values (bucket, partition,
// logArchiveAccount, organization, trails, kmsKeyArn, breakGlassRoles) and
// validated once, and the setup file's "scp" block, [Options]. Problems are
// reported with the setup's field paths: the shared values by
// [cloudtrail.New], the SCP's own options by Build ("scp.protectTrails[0]",
// "scp.sizeLimit").
//
// # Statements
//
// DenyLogBucketTampering (always): denies, on the bucket ARN and on
// bucket/*, the S3 actions that delete logs, overwrite them, change their
// ACLs, tags, legal holds or Object Lock retention, re-encrypt them under
// another key, archive or expire them, or change the bucket's policy,
// versioning, Object Lock, replication, encryption, logging, ownership or
// public access settings, or delete it. The published SCP named only the
// bucket ARN; because an action is matched against the ARN of the resource
// type it acts on (Service Authorization Reference, "Actions, resources, and
// condition keys for Amazon S3",
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_s3.html),
// its object-level actions (s3:DeleteObject, s3:DeleteObjectVersion,
// s3:PutObjectAcl, ...) were never denied and log files could still be
// deleted. [Config.AllowObjectDeletion] (Go only) reproduces that, for
// comparison only.
// Against the published list this statement also:
//   - adds s3:PutObject (overwriting or forging logs), s3:PutObjectRetention
//     and s3:BypassGovernanceRetention (Object Lock), the version-level
//     tagging actions, s3:UpdateObjectEncryption (re-wrapping logs under a
//     key that can then be deleted) and s3:PutIntelligentTieringConfiguration
//     (archiving logs out of reach). Denying s3:PutObject does not stop
//     delivery: CloudTrail writes as the service principal
//     cloudtrail.amazonaws.com, and SCPs restrict only the IAM users and
//     roles of the accounts they are attached to, not service principals or
//     service-linked roles
//     (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
//     It does stop any tool in those accounts that writes to the bucket with
//     its own IAM role; scp.allowObjectOverwrite
//     ([Options.AllowObjectOverwrite]) leaves it out.
//   - drops s3:DeleteBucketOwnershipControls, which is not an IAM action:
//     the API of that name is authorized by s3:PutBucketOwnershipControls
//     (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketOwnershipControls.html),
//     which is denied. A misspelt or invented action in a Deny is accepted
//     by AWS and denies nothing, so every action is a named [Action]
//     constant checked against the published lists in internal/actions.
//   - drops s3:DeleteJobTagging: it acts on S3 Batch Operations jobs
//     (resource type job), never matched the bucket, and removing a job's
//     tags does nothing to the logs.
//   - leaves out bucket settings that neither destroy nor hide evidence
//     (CORS, notifications, request payment, transfer acceleration).
//
// DenyAccountPublicAccessBlockChanges (always): denies
// s3:PutAccountPublicAccessBlock, which the published SCP listed with the
// bucket although it has no resource type and so matches only Resource "*".
// It freezes the account-wide S3 Block Public Access settings in every
// account the SCP is attached to; with the site's logArchiveAccount set it
// is limited to principals of that account (aws:PrincipalAccount).
//
// DenyTrailTampering (when there are trails to protect: the site's trails
// and scp.protectTrails, [Options.ProtectTrails]): denies
// cloudtrail:StopLogging, DeleteTrail, UpdateTrail (bucket, prefix, key, log
// file validation, Regions), PutEventSelectors (which events are logged),
// PutInsightSelectors and PutEventConfiguration on the named trails, the
// CloudTrail actions that stop a trail or change what it logs or where
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_cloudtrail.html).
// Tagging and the CloudTrail Lake actions are left alone, and so are
// cloudtrail:CreateTrail and cloudtrail:StartLogging unless
// scp.denyTrailCreationAndTagging ([Options.DenyTrailCreationAndTagging])
// adds them with cloudtrail:AddTags and cloudtrail:RemoveTags, the four
// further actions of AWS's published trail-protecting SCPs. AWS's
// service-control-policy examples deny cloudtrail:CreateTrail beside
// DeleteTrail, PutEventSelectors, StopLogging and UpdateTrail on a named
// trail, with a privileged role exempt by ArnNotLike on aws:PrincipalARN
// (aws-samples/service-control-policy-examples,
// Deny-changes-to-security-services/Deny-modifications-to-specific-CloudTrail-trails.json,
// read 2026-12-01). StartLogging, AddTags and RemoveTags follow the SCP of
// the AWS Organizations tutorial ("Tutorial: Creating and configuring an
// organization",
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_tutorials_basic.html),
// which denies them on Resource "*": the search tool did not return that
// page's text, so that list is unverified here; check it against the page.
// Here all of them are denied on the protected trails alone, under the
// same break-glass exemption, so accounts keep their own trails. Denied on
// a trail's ARN, CreateTrail keeps anyone from creating that trail again
// (after a deletion, or in another Region) with other settings, and
// StartLogging from restarting a trail that the break-glass role stopped.
//
// DenyLogKeyTampering (when the site has a key, kmsKeyArn, and
// scp.leaveKeyUnprotected is not set): denies
// kms:ScheduleKeyDeletion, kms:DisableKey, kms:PutKeyPolicy and
// kms:DeleteImportedKeyMaterial on the key, the actions after which logs
// encrypted under it can no longer be decrypted (or new ones encrypted),
// and kms:DisableKeyRotation, which keeps the key material in use longer
// than its owner decided
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_kms.html).
// kms:CreateGrant is not denied: a grant can only add permissions, never
// remove the ones CloudTrail and the log readers hold through the key
// policy, and AWS services create grants in normal use; who may create
// grants is the key policy's business.
//
// # Break-glass roles
//
// Without an exemption nobody in an attached account can ever change the
// bucket, trails or key again, short of detaching the SCP from the
// management account. The site's breakGlassRoles
// ([cloudtrail.Site.BreakGlassRoles]) add ArnNotLike on aws:PrincipalArn to
// every statement. An exempted role can destroy the logs:
// guard it (MFA, alarms on its use) and keep patterns narrow.
//
// # Where it applies
//
// SCPs never restrict the principals of the management account
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
// When the site has an organization, and so a management account
// (organization.managementAccount), Build returns an error instead of a
// policy that protects nothing if the log archive account
// ("logArchiveAccount") or the key ("kmsKeyArn"; set scp.leaveKeyUnprotected
// to leave it out) is there.
//
// Trails of the management account are protected like any other, the
// organization trail above all. The SCP does not stop the management
// account's own principals, but the trail is a resource, and the principals
// it restricts may reach it: the CloudTrail delegated administrator is a
// member account that "can perform the same administrative tasks in
// CloudTrail as the management account", the organization trail's
// StopLogging, UpdateTrail and DeleteTrail among them ("Organization
// delegated administrator",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html,
// read 2026-12-01). Attach the SCP to the delegated administrator account
// too. AWS documents no example of an SCP deny on a management account's
// trail ARN stopping the delegated administrator: verify it in a sandbox
// organization before relying on it.
//
// An SCP restricts principals of the accounts it is attached to; attach it
// to the log-archive account, the CloudTrail delegated administrator, and
// every account or OU whose principals the bucket policy lets in.
//
// # Size
//
// An SCP may hold 10,240 characters since 2026-05-15 (5,120 before). Whether
// white space counts depends on how the policy is saved: the console removes
// it, the SDKs and CLI keep it. Build measures the compact form (no white
// space outside strings, [policy.Size]); save that form, or check the
// indented one yourself. When the statements do not fit into one SCP of
// scp.sizeLimit ([Options.SizeLimit]) characters, Build splits them into
// several documents (whole statements, in order); when a single statement is
// too large it returns a [*policy.SizeError] that says by how much, whose
// Hint names the statement and the lists it grows with (breakGlassRoles, and
// for DenyTrailTampering trails and scp.protectTrails). Problems found
// validating several documents are named "documents[i]". The
// default SCP is 1,116 characters in compact form. Each extra document takes
// one of the ten SCPs a target may have (five before 2026-05-15), of which
// FullAWSAccess, or the allow SCP that replaces it, keeps one: more SCPs than
// the rest are refused on breakGlassRoles with [policy.ErrTooManyPolicies]
// (see [Options.SizeLimit]; four statements make at most four SCPs, so no
// setup reaches that today).
package scp
