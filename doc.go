// Package trailpolicy builds every policy document of a centralised
// CloudTrail logging setup from one description of it, a [Setup], so that the
// documents agree with each other: the S3 bucket policy, the KMS key policy,
// the vendor role's trust and read policies, the service control policy
// that protects the logs, with an organization the resource control policy
// that keeps them inside it, the SNS topic policy of the trails'
// notifications and the CloudWatch Logs delivery role's trust and
// permissions policies.
//
// A Setup is the shared description of the logging site, an embedded
// cloudtrail.SiteConfig (bucket, accounts, organization, trails, key,
// readers, ...), plus the options of single documents (vendor, scp, rcp,
// keyAdministrators, ...). [Setup.Build] validates the shared values once,
// with cloudtrail.New, and hands the validated site to every builder
// (packages bucket, kmskey, trust, scp, rcp, snstopic and logsrole), each
// of which checks only its own options. Every problem comes back at once,
// each once and naming the setup field it concerns ("vendor.externalId",
// "accounts[2]"). The result,
// a [Bundle], lists every document with its deployment target
// (cloudtrail.Documents), which the command line and package format read.
//
// New document kinds register in one place, the list of document kinds in
// build.go; see the README's Architecture section.
//
// [LoadSetup] reads a setup from JSON or YAML and refuses unknown fields, so
// a misspelt option cannot silently drop a safeguard. The command
// cmd/trailpolicy prints the documents as JSON, Terraform or CloudFormation.
package trailpolicy
