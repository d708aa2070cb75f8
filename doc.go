// Package trailpolicy builds every policy document of a centralised
// CloudTrail logging setup from one description of it, a [Setup], so that the
// documents agree with each other: the S3 bucket policy, the KMS key policy,
// the vendor role's trust and read policies, and the service control policy
// that protects the logs.
//
// [Setup.Build] hands each value to every package that needs it (packages
// bucket, kmskey, trust and scp write the documents): the bucket name to the
// bucket policy, the read policy and the SCP; the key ARN to the bucket
// policy's encryption denies, the key policy, the read policy and the SCP;
// the vendor role's ARN (from trust.VendorConfig.RoleARN) to the key policy's
// readers. Every problem of every builder comes back at once, each naming
// the setup field it concerns ("vendor.externalId", "accounts[2]") rather
// than the builder's Go field.
//
// [LoadSetup] reads a setup from JSON or YAML and refuses unknown fields, so
// a misspelt option cannot silently drop a safeguard. The command
// cmd/trailpolicy prints the documents as JSON, Terraform or CloudFormation.
package trailpolicy
