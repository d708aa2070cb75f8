// Package logsrole writes the two policies of the IAM role through which
// CloudTrail sends a trail's events to a CloudWatch Logs log group: the
// role's trust policy (CloudTrail may assume it) and its permissions policy
// (CloudTrail may create and write the trail's log streams in that group,
// and nothing else).
//
// The role lives in the trail's account (the management account for an
// organization trail): the log group must be in the trail owner's account
// and the trail's home Region ([cloudtrail.New] checks
// cloudWatchLogsGroupArn, with its sources). Its ARN is what the trail's
// CloudWatchLogsRoleArn takes ([Config.RoleARN]).
//
// # Trust policy ([BuildTrustPolicy])
//
// One statement, AllowCloudTrailAssumeRole: Allow sts:AssumeRole to the
// service principal cloudtrail.amazonaws.com, as for any role that
// delegates permissions to an AWS service ("Creating a role to delegate
// permissions to an AWS service",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html,
// read 2026-12-02). AWS documents no aws:SourceArn or aws:SourceAccount
// condition for this trust policy (searched 2026-12-02); a CloudTrail
// sentence that confused deputy prevention "is not applicable" to the
// CloudWatch Logs role was not found in the stored copies read that day.
// The trust policy has no condition, since a condition the service does
// not send would stop delivery (verify in a sandbox before adding one).
//
// # Permissions policy ([BuildRolePolicy])
//
// An inline identity policy with the two statements of AWS's page "Role
// policy document for CloudTrail to use CloudWatch Logs for monitoring"
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html,
// read 2026-12-02):
//
//   - AWSCloudTrailCreateLogStream: logs:CreateLogStream
//   - AWSCloudTrailPutLogEvents: logs:PutLogEvents
//
// each on exactly the log streams CloudTrail creates in the group, whose
// names the page gives:
// arn:<partition>:logs:<Region>:<account>:log-group:<name>:log-stream:<account>_CloudTrail_<Region>*
// for the trails of the group's account, and, when the group is in the
// management account, also ...:log-stream:o-<organization id>_* for the
// organization trail, as AWS's example for both kinds. A stream of another
// account, Region or organization, or of another log group, is not
// covered. The page notes that "the role policy doesn't support the use of
// aws:SourceArn and aws:SourceAccount", so the statements have no
// condition: the stream names are the only scope there is.
//
// # Errors
//
// Bad input never yields a policy. Each builder adds the Site's own state
// ([cloudtrail.Site.Check]), a site without a log group
// (cloudWatchLogsGroupArn) and its own options (logsRole.roleName), and
// returns every problem at once as *[policy.FieldError] values on the
// setup file's paths.
package logsrole
