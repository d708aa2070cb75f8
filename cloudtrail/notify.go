package cloudtrail

import (
	"regexp"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy/policy"
)

// This file holds the two destinations a trail sends to besides the bucket:
// the SNS topic it notifies of each log file and the CloudWatch Logs log
// group it sends its events to. Both are shared values: the topic is named
// by the topic policy (and, when encrypted with the site's key, by the key
// policy), the log group by the delivery role's two policies.

// topicNamePattern is CloudTrail's rule for the name of a notification
// topic: "Between 1 and 256 characters long" and "Contain uppercase and
// lowercase ASCII letters, numbers, underscores, or hyphens" (CloudTrail
// User Guide, "Configuring Amazon SNS notifications for CloudTrail",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/getting_notifications_top_level.html,
// read 2026-12-02). A FIFO topic's name ends in ".fifo", so it is refused.
var topicNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// logGroupNamePattern is CloudWatch Logs' rule for a log group name: 1 to
// 512 characters matching [\.\-_/#A-Za-z0-9]+ (Amazon CloudWatch Logs API
// Reference, CreateLogGroup, logGroupName,
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html,
// read 2026-12-02).
var logGroupNamePattern = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]{1,512}$`)

// checkTopic validates snsTopicArn and gives s the parsed topic.
func checkTopic(c SiteConfig, part policy.Partition, partOK bool, s *Site, p *policy.Problems) {
	if c.SNSTopicARN == "" {
		return
	}
	const field, want = "snsTopicArn", "want arn:<partition>:sns:<Region>:<account>:<topic name>"
	v := c.SNSTopicARN
	a, err := policy.ParseARN(field, v)
	if err != nil {
		p.Add(err)
		return
	}
	switch {
	case a.Service != "sns" || a.AccountID == "" || a.Region == "" || strings.Contains(a.Resource, ":"):
		p.Addf(policy.ErrARN, field, v, "is not an SNS topic ARN: %s", want)
		return
	case !topicNamePattern.MatchString(a.Resource):
		p.Addf(policy.ErrARN, field, v, "has topic name %q: CloudTrail takes 1 to 256 ASCII letters, digits, underscores or hyphens (a standard topic, not FIFO)", a.Resource)
		return
	}
	if !checkDestination(field, v, a, "the topic", part, partOK, s, p) {
		return
	}
	s.topic = &a
}

// checkLogGroup validates cloudWatchLogsGroupArn and gives s the parsed log
// group, without the ":*" the CloudTrail console writes after it.
func checkLogGroup(c SiteConfig, part policy.Partition, partOK bool, s *Site, p *policy.Problems) {
	if c.CloudWatchLogsGroupARN == "" {
		return
	}
	const field, want = "cloudWatchLogsGroupArn", "want arn:<partition>:logs:<Region>:<account>:log-group:<name>, optionally followed by :*"
	v := c.CloudWatchLogsGroupARN
	a, err := policy.ParseARN(field, v)
	if err != nil {
		p.Add(err)
		return
	}
	name, ok := strings.CutPrefix(strings.TrimSuffix(a.Resource, ":*"), "log-group:")
	switch {
	case a.Service != "logs" || a.AccountID == "" || a.Region == "" || !ok:
		p.Addf(policy.ErrARN, field, v, "is not a CloudWatch Logs log group ARN: %s", want)
		return
	case !logGroupNamePattern.MatchString(name):
		p.Addf(policy.ErrARN, field, v, "has log group name %q: 1 to 512 letters, digits or ._-/#", name)
		return
	}
	if !checkDestination(field, v, a, "the log group", part, partOK, s, p) {
		return
	}
	a.Resource = "log-group:" + name
	s.logGroup = &a
}

// checkDestination applies the rules the topic and the log group share and
// reports whether a passed them: the site's partition, a Region of it, an
// account that owns trails, and, with exact trails, a trail of that account
// in that Region.
//
// CloudTrail sends to a topic and a log group of the trail's own account
// and home Region: its topic policy example names the trail as
// arn:aws:cloudtrail:region:SNSTopicOwnerAccountId:trail/TrailName ("Amazon
// SNS topic policy for CloudTrail",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html),
// a Region-specific trail needs "a separate topic for each Region"
// ("Configuring Amazon SNS notifications for CloudTrail"), and the log
// stream names of the delivery role hold the trail's account and Region
// ("Role policy document for CloudTrail to use CloudWatch Logs for
// monitoring",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html),
// all read 2026-12-02. For the log group CloudTrail's API reference is
// explicit: "You must use a log group that exists in your account"
// (CreateTrail and UpdateTrail, CloudWatchLogsLogGroupArn,
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html,
// read 2026-12-02 in the AWS SDK for C++'s copy, aws/aws-sdk-cpp,
// generated/src/aws-cpp-sdk-cloudtrail/include/aws/cloudtrail/model/UpdateTrailRequest.h),
// and the console step reads "You can create a log group or choose an
// existing log group in the same region as the trail" ("Sending events to
// CloudWatch Logs",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html,
// read 2026-12-02 in awsdocs/aws-cloudtrail-user-guide at 56f54d9,
// archived 2023). For the topic AWS states no such rule (searched
// 2026-12-02; that archived copy's topic policy example even names a
// trail of 123456789012 on a topic of 111122223333): this library refuses
// another account's topic all the same, since the policy could not name
// that account's trails without naming the trails of an account the setup
// does not deliver from (verify a cross-account topic in a sandbox).
func checkDestination(field, v string, a policy.ARN, what string, part policy.Partition, partOK bool, s *Site, p *policy.Problems) bool {
	if err := partitionErr(field, v, a, part, partOK); err != nil {
		p.Add(err)
		return false
	}
	if err := checkRegion(field, a.Region, part, partOK); err != nil {
		p.Addf(policy.ErrARN, field, v, "has Region %q, which is not a Region of partition %s", a.Region, part)
		return false
	}
	owners := s.OwnerAccounts()
	owners = slices.DeleteFunc(owners, func(o string) bool { return policy.CheckAccountID("", o) != nil })
	if len(owners) == 0 {
		return false // no valid owner to compare with: reported elsewhere
	}
	if !slices.Contains(owners, a.AccountID) {
		p.Addf(policy.ErrConflict, field, v, "is in account %s, which owns no trail of the setup (trail owners: %s): CloudTrail sends to %s of the trail's own account", a.AccountID, strings.Join(owners, ", "), what)
		return false
	}
	return true
}

// checkOneTrailAccount refuses a topic and a log group in two different
// accounts that are neither the log archive nor the management account:
// the outputs group documents by the part their account plays
// ([AccountRole]), one Terraform provider or CloudFormation stack each, so
// they hold one trail account.
func (s *Site) checkOneTrailAccount(c SiteConfig, p *policy.Problems) {
	if s.topic == nil || s.logGroup == nil {
		return
	}
	topic, group := s.topic.AccountID, s.logGroup.AccountID
	if topic == group || s.AccountRoleOf(topic) != TrailAccount || s.AccountRoleOf(group) != TrailAccount {
		return
	}
	p.Addf(policy.ErrConflict, "cloudWatchLogsGroupArn", c.CloudWatchLogsGroupARN,
		"is in account %s, but snsTopicArn is in account %s: the outputs write one trail account besides the log archive and management accounts, so name a topic and a log group of the same trail owner", group, topic)
}

// checkDestinationTrails reports a topic or log group in a Region where the
// setup's exact trails of its account have no home: no trail of the setup
// could send to it. It runs once the trails are indexed.
// It returns a, or nil when it reported a problem with it.
func (s *Site) checkDestinationTrails(field, v string, a *policy.ARN, p *policy.Problems) *policy.ARN {
	if a == nil || !s.ExactTrails() || len(s.TrailsIn(a.AccountID, a.Region)) > 0 {
		return a
	}
	p.Addf(policy.ErrConflict, field, v, "is in Region %s, but none of the trails owned by account %s has its home Region there: CloudTrail sends to a destination in the trail's home Region", a.Region, a.AccountID)
	return nil
}

// SNSTopic returns the parsed ARN of the SNS topic the trails notify
// (snsTopicArn), and false when the setup names none.
func (s *Site) SNSTopic() (policy.ARN, bool) {
	if s == nil || s.topic == nil {
		return policy.ARN{}, false
	}
	return *s.topic, true
}

// LogGroup returns the parsed ARN of the CloudWatch Logs log group the
// trails send events to (cloudWatchLogsGroupArn), with the resource
// "log-group:<name>" (no ":*"), and false when the setup names none.
func (s *Site) LogGroup() (policy.ARN, bool) {
	if s == nil || s.logGroup == nil {
		return policy.ARN{}, false
	}
	return *s.logGroup, true
}

// TrailsIn returns what aws:SourceArn must match for the trails of account
// whose home Region is region, sorted: the site's exact trails of that
// account in that Region, or without exact trails the pattern
// arn:<partition>:cloudtrail:<region>:<account>:trail/* (a *Like operator;
// see [Site.TrailARNs]).
func (s *Site) TrailsIn(account, region string) []string {
	if !s.ExactTrails() {
		return []string{TrailARN(s.part, region, account, "*")}
	}
	var out []string
	for _, t := range s.ownerTrails[account] {
		if a, err := ParseTrailARN("", t); err == nil && a.Region == region {
			out = append(out, t)
		}
	}
	return out
}

// AccountRoleOf returns the part account plays in the site, for the target
// of a document it applies: the management account, the log archive
// account, or else a trail owner ([TrailAccount]).
func (s *Site) AccountRoleOf(account string) AccountRole {
	switch {
	case account != "" && account == s.ManagementAccount():
		return ManagementAccount
	case account != "" && account == s.logArchive:
		return LogArchiveAccount
	}
	return TrailAccount
}
