// Package format writes the documents of one CloudTrail logging site as
// infrastructure code: a Terraform configuration ([Terraform]) or a
// CloudFormation template in YAML or JSON ([CloudFormation]), with each
// policy attached to the resource it belongs to.
//
// Both take the site's list of documents, [cloudtrail.Documents], and write
// each document by the kind of its [cloudtrail.Target]:
//
//   - a bucket policy target as the policy of the existing bucket
//     Target.Bucket (aws_s3_bucket_policy, AWS::S3::BucketPolicy);
//   - a key policy target as the policy of a new KMS key with rotation on,
//     protected from deletion (aws_kms_key, AWS::KMS::Key);
//   - a role trust target as a new role named Target.RoleName with the
//     document as its trust policy (aws_iam_role, AWS::IAM::Role);
//   - a role policy target as the inline policy Target.PolicyName of that
//     role (aws_iam_role_policy, or an entry of the role's Policies), which
//     needs the role's trust document in the same list;
//   - an organization policy target as an unattached AWS Organizations
//     policy of type Target.PolicyType named Target.PolicyName
//     (aws_organizations_policy, AWS::Organizations::Policy), whose
//     resource name is derived from Target.PolicyName.
//
// The resources follow the order of the list, except that a role's inline
// policy stays with its role. Target.Account and the ARNs of the targets
// are not written.
//
// Both formats embed every policy as a structured value with its keys in
// the order [policy.Document.JSON] prints them (Version before Statement,
// Sid before Effect), so the output reads like the JSON documents and
// decodes to the same policies. Neither format refers from a policy to a
// trail or bucket resource: ARNs are plain strings, so the policies can be
// applied before the trails exist and no dependency cycle can arise.
//
// Policy variables such as ${aws:PrincipalAccount} need care in both:
// Terraform reads "${" in a string as its own template syntax, so the
// Terraform output doubles it ("$${aws:PrincipalAccount}"); CloudFormation
// substitutes "${" only inside Fn::Sub, which the templates never use
// ([EscapeForSub] escapes a string for callers who do).
//
// The package renders documents; it does not validate them (the builders
// in the bucket, kmskey, trust and scp packages do). It checks only what it
// needs itself, and reports every problem at once, each a
// *[policy.FieldError] with a path into the list ("docs", "docs[2].policy",
// "docs[2].target.bucket"): that the list is not empty; that each document
// has a policy of the kind its target takes (a bucket policy, key policy,
// trust policy, identity policy for a role policy, service control policy
// for an organization policy of type SERVICE_CONTROL_POLICY); that the
// target kind is known; that the bucket, role and policy names are valid;
// that every role policy has its role; that the list holds at most one
// bucket policy, key policy, role and role policy, whose resource names are
// fixed; and that no two organization policies get the same resource name.
package format
