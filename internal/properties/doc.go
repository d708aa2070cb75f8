// Package properties holds the property tests of the documents the library
// emits: instead of comparing JSON, they ask each policy, through the
// evaluator in policy/eval, whether it allows what it exists to allow and
// refuses everything else.
//
// The package has no code of its own; everything is in its _test.go files.
// For each scenario (one delivering account, three accounts, an AWS
// Organizations trail, each with and without a KMS key) the tests build the
// bucket policy, key policy, vendor and security-team trust and read
// policies and the SCP with the library's defaults, generate a matrix of
// requests (principals × actions × resources × context variants), compute
// the decision each request must get from the property it tests, and compare
// it with the evaluator's. TestDestinations does the same for the SNS topic
// policy and the CloudWatch Logs delivery role's policies, with the topic
// and the log group in each account that owns trails. The same properties
// then run against the policies
// published in the source documents (the fixtures under each package's
// testdata/documents), and the tests record which properties those fail.
// TestDefaultsExact then proves the same documents with package audit, which
// derives every request that can make a difference from the documents
// themselves instead of sampling them.
//
// Limits: the evaluator's (see policy/eval). Condition keys are only those a
// test puts in the request, so each request carries the keys AWS would send
// (aws:SourceArn and aws:SourceAccount for CloudTrail, aws:PrincipalArn and
// aws:PrincipalAccount for IAM callers, the S3 and KMS keys of the call).
// S3 ACLs, Object Ownership, KMS grants and permissions boundaries are not
// modelled.
package properties
