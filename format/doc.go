// Package format writes the documents of one CloudTrail logging setup as
// infrastructure code: a Terraform configuration ([Terraform]) or a
// CloudFormation template in YAML or JSON ([CloudFormation]), with each
// policy attached to the resource it belongs to.
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
// needs itself: that each document has the kind of its place in
// [Documents] and that the bucket and role names are valid.
package format
