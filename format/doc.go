// Package format writes the documents of one CloudTrail logging site as
// infrastructure code that can be applied as it is: a Terraform
// configuration ([Terraform], with its provider configurations in
// [TerraformProviders]) or a CloudFormation template in YAML or JSON
// ([CloudFormation]), with each policy attached to the resource it belongs
// to, applied by the account that owns that resource, and naming the same
// key, bucket and role as the other documents once deployed.
//
// Both take the site's list of documents, [cloudtrail.Documents], and write
// each document by the kind of its [cloudtrail.Target]:
//
//   - a bucket policy target as the policy of the existing bucket
//     Target.Bucket (aws_s3_bucket_policy, AWS::S3::BucketPolicy);
//   - a key policy target with CreateKey as the policy of a new KMS key with
//     rotation on, protected from deletion (aws_kms_key, AWS::KMS::Key);
//     without CreateKey, as the policy of the existing key Target.KeyARN
//     (aws_kms_key_policy in Terraform; CloudFormation, which cannot set the
//     policy of a key it does not own, refuses it and names the AWS CLI
//     command that applies it, [PutKeyPolicyCommand]);
//   - a role trust target as a new role named Target.RoleName with the
//     document as its trust policy (aws_iam_role, AWS::IAM::Role), at the
//     vendor role's fixed address or, with a Target.ResourceName (the
//     CloudWatch Logs delivery role), at one derived from it, with the
//     role's ARN as an output;
//   - a role policy target as the inline policy Target.PolicyName of that
//     role (aws_iam_role_policy, AWS::IAM::RolePolicy), which needs the
//     role's trust document in the same list;
//   - a topic policy target as the policy of the existing SNS topic
//     Target.TopicARN (aws_sns_topic_policy, AWS::SNS::TopicPolicy);
//   - a reader's policy (an existing role policy, user policy or managed
//     policy target) as the inline policy of the existing role
//     Target.RoleName or user Target.UserName (aws_iam_role_policy,
//     aws_iam_user_policy; AWS::IAM::RolePolicy, AWS::IAM::UserPolicy) or
//     as a new customer managed policy (aws_iam_policy,
//     AWS::IAM::ManagedPolicy), named after the reader's account, kind and
//     name so that adding a reader renames no other resource;
//   - an organization policy target as an unattached AWS Organizations
//     policy of type Target.PolicyType named Target.PolicyName
//     (aws_organizations_policy, AWS::Organizations::Policy), whose
//     resource name is derived from Target.PolicyName, so that the first of
//     several SCPs keeps the address of a single one.
//
// The resources follow the order of the list, except that a role's inline
// policy follows its role.
//
// # Accounts
//
// Each document is applied by the account Target.AppliedIn names (the log
// archive account, the key account, the management account, a trail
// account, which owns a trail's SNS topic and delivery role, or a reader's
// account, [cloudtrail.ReaderAccount]; for a
// target without one, the log archive account, or the management account
// for an organization policy), whose ID is Target.Account when set.
// [Terraform] gives every resource provider = aws.<alias> ([ProviderAlias])
// under a comment naming the account, and [TerraformProviders] declares
// those provider configurations, for the user to fill in. A CloudFormation
// template is one stack in one account: [CloudFormation] refuses a list
// that spans accounts, [ByAccount] splits a list into one part per account,
// and each template's Description says where to deploy it.
//
// # The created key
//
// With CreateKey, the key does not exist until the output creates it, so
// the documents name it by a placeholder ARN ([cloudtrail.PlannedKeyID]),
// which never reaches the output: every policy string that holds it
// becomes a reference to the created key (aws_kms_key.cloudtrail_logs.arn;
// !GetAtt CloudTrailLogsKey.Arn in the template that creates the key, and
// in a template of another account, such as the management account's SCP,
// !Ref of a parameter that takes the other stack's output, [KeyARNName]).
// The bucket policy and the key wait for the role their documents name
// (depends_on, DependsOn), because S3 and KMS refuse a policy whose
// principal does not exist yet.
//
// Both formats embed every policy as a structured value with its keys in
// the order [policy.Document.JSON] prints them (Version before Statement,
// Sid before Effect), so the output reads like the JSON documents and
// decodes to the same policies (with the placeholder for the created
// key). Apart from the created key, no policy refers to a resource: trail
// ARNs, the bucket and roles are plain strings, so the policies can be
// applied before the trails exist and no dependency cycle can arise.
//
// Policy variables such as ${aws:PrincipalAccount} need care in both:
// Terraform reads "${" in a string as its own template syntax, so the
// Terraform output doubles it ("$${aws:PrincipalAccount}"); CloudFormation
// substitutes "${" only inside Fn::Sub, which the templates use only for a
// string that holds the created key's ARN among other text, escaped with
// [EscapeForSub].
//
// # Errors
//
// The package renders documents; it does not validate them (the builders
// in the bucket, kmskey, trust, scp, snstopic and logsrole packages do). It checks only what it
// needs itself, and reports every problem at once, each a
// *[policy.FieldError] with a path into the list ("docs", "docs[2].policy",
// "docs[2].target.bucket"): that the list is not empty; that each document
// has a policy of the kind its target takes (a bucket policy, key policy,
// trust policy, identity policy for a role policy, service control policy
// for an organization policy of type SERVICE_CONTROL_POLICY, resource
// control policy for one of type RESOURCE_CONTROL_POLICY, topic policy);
// that the
// target kind and account are known and one account ID goes with each
// account role; that the bucket, role and policy names and the key's ARN
// are valid; that every role policy has its role, in its account; that the
// list holds at most one bucket policy, key policy and topic policy, and
// one role and role policy for each role resource name, whose resource
// names are fixed, and no two organization policies, or readers' policies,
// with the same resource name; and that the created key is named by one
// placeholder, only by its whole ARN, and not by its own policy. A
// CloudFormation template must also hold the documents of one account and
// no existing key.
package format
