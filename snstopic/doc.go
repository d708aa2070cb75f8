// Package snstopic writes the access policy of the SNS topic that CloudTrail
// notifies of every log file it delivers: CloudTrail may publish to the
// topic, and only for the setup's trails.
//
// AWS's page "Amazon SNS topic policy for CloudTrail"
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html,
// read 2026-12-02) gives the statement CloudTrail attaches itself (the
// service principal cloudtrail.amazonaws.com, SNS:Publish, the topic as
// Resource) and, as its security best practice, adds the condition key
// aws:SourceArn, whose value "is the ARN of the trail, or an array of trail
// ARNs" that use the topic, so that nobody can have CloudTrail publish to
// the topic for a trail of another account.
//
// # The policy ([Build])
//
// One statement, AllowCloudTrailPublish: Allow SNS:Publish to
// cloudtrail.amazonaws.com on the topic (snsTopicArn) when aws:SourceArn is
// one of the setup's trails of the topic's account with their home in the
// topic's Region: StringEquals on the exact trail ARNs when the setup names
// trails, else StringLike on arn:<partition>:cloudtrail:<Region>:<account>:trail/*
// ([cloudtrail.Site.TrailsIn]). An organization trail belongs to the
// management account, so a topic there admits it. The rules that decide
// which topic a setup may name ([cloudtrail.New]: the trail owner's account
// and, with exact trails, a trail's home Region) are in the cloudtrail
// package, with their sources.
//
// The policy also has an Id: "Each policy must have a unique policy Id", and
// a policy holds at most 100 statements and 30 KB, with one Resource, the
// topic's ARN (Amazon SNS Developer Guide, "Amazon SNS API permissions:
// Actions and resources reference",
// https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html,
// read 2026-12-02; [policy.KindTopicPolicy], [policy.TopicPolicyLimit]).
//
// Setting a topic's policy replaces the whole policy, including the default
// statement that lets the topic owner's account manage the topic: that
// account's principals keep the access their IAM policies give them, since
// a same-account request needs only one of the two. Merge other statements
// in with [policy.Merge] first.
//
// # Encrypted topics
//
// A topic encrypted with a customer managed KMS key also needs, in that
// key's policy, kms:GenerateDataKey* and kms:Decrypt for
// cloudtrail.amazonaws.com (the same AWS page, "KMS key policy"). This
// package does not write a key policy: for the setup's own key, the key
// policy's option keyPolicy.allowCloudTrailToEncryptTopic adds the
// statement (package kmskey); for another key, [KeyPolicyNote] says what
// its policy needs, for the CLI to print.
//
// # Errors
//
// Bad input never yields a policy. [Build] adds the Site's own state
// ([cloudtrail.Site.Check]) and a missing topic (snsTopicArn), and returns
// every problem at once as *[policy.FieldError] values on the setup file's
// paths.
package snstopic
