package format_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/format"
	"github.com/trailpolicy/trailpolicy/policy"
)

const testTopic = "arn:aws:sns:us-east-1:" + testLogs + ":cloudtrail-notifications"

func topicTarget(arn string) cloudtrail.Target {
	return cloudtrail.Target{Kind: cloudtrail.TopicPolicyTarget, Account: testLogs, AppliedIn: cloudtrail.LogArchiveAccount, TopicARN: arn}
}

func topicPolicy(t testing.TB) *policy.Document {
	return decode(t, policy.KindTopicPolicy, `{"Version":"2012-10-17","Id":"CloudTrailTopicPolicy","Statement":[{"Sid":"AllowCloudTrailPublish","Effect":"Allow",
"Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"SNS:Publish","Resource":"`+testTopic+`",
"Condition":{"StringLike":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:`+testLogs+`:trail/*"}}}]}`)
}

// logsRoleTarget is a target of the CloudWatch Logs delivery role, with
// its own resource name, in the log archive account beside the vendor's.
func logsRoleTarget(policyName, resourceName string) cloudtrail.Target {
	t := roleTarget("CloudTrail-CloudWatchLogs", policyName)
	t.ResourceName = resourceName
	return t
}

func logsPolicy(t testing.TB) *policy.Document {
	return decode(t, policy.KindIdentityPolicy, `{"Version":"2012-10-17","Statement":[{"Sid":"AWSCloudTrailPutLogEvents","Effect":"Allow",
"Action":"logs:PutLogEvents","Resource":["arn:aws:logs:us-east-1:`+testLogs+`:log-group:g:log-stream:`+testLogs+`_CloudTrail_us-east-1*"]}]}`)
}

// notifyList is the vendor's role, the delivery role and the topic policy
// in one account.
func notifyList(t testing.TB) cloudtrail.Documents {
	return cloudtrail.Documents{
		{Name: "vendor-trust-policy", Policy: trustPolicy(t), Target: roleTarget(testRoleName, "")},
		{Name: "vendor-read-policy", Policy: readPolicyFor(t, testExistingKey), Target: roleTarget(testRoleName, "cloudtrail-log-read")},
		{Name: "topic-policy", Policy: topicPolicy(t), Target: topicTarget(testTopic)},
		{Name: "logs-role-trust-policy", Policy: trustPolicy(t), Target: logsRoleTarget("", "cloudwatch_logs")},
		{Name: "logs-role-policy", Policy: logsPolicy(t), Target: logsRoleTarget("cloudtrail-cloudwatch-logs", "cloudwatch_logs")},
	}
}

// TestTwoRolesAndTopic: two roles of one account get addresses of their
// own, the vendor's unchanged, and the topic policy names its topic.
func TestTwoRolesAndTopic(t *testing.T) {
	tf, err := format.Terraform(notifyList(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`resource "aws_iam_role" "vendor"`, `resource "aws_iam_role_policy" "vendor_read"`, "role = aws_iam_role.vendor.id",
		`resource "aws_iam_role" "cloudwatch_logs"`, `resource "aws_iam_role_policy" "cloudwatch_logs"`, "role = aws_iam_role.cloudwatch_logs.id",
		`output "cloudwatch_logs_role_arn"`, "value       = aws_iam_role.cloudwatch_logs.arn",
		`resource "aws_sns_topic_policy" "cloudtrail_notifications"`, `arn = "` + testTopic + `"`,
	} {
		if !strings.Contains(string(tf), want) {
			t.Errorf("Terraform lacks %s:\n%s", want, tf)
		}
	}
	if strings.Contains(string(tf), `output "vendor`) {
		t.Errorf("the vendor's role has an output; only roles a service is given have one")
	}
	for _, f := range []format.TemplateFormat{format.YAML, format.JSON} {
		out, err := format.CloudFormation(notifyList(t), f)
		if err != nil {
			t.Fatal(err)
		}
		checkGoformation(t, out, f, notifyList(t))
		if !strings.Contains(string(out), "CAPABILITY_NAMED_IAM") || !strings.Contains(string(out), "AnyCompanyCloudTrailReader and CloudTrail-CloudWatchLogs") {
			t.Errorf("%v: the Description does not name both roles", f)
		}
	}
}

func TestNotifyTargetProblems(t *testing.T) {
	for _, tc := range []struct {
		name, reason string
		docs         cloudtrail.Documents
		want         []string
	}{
		{"topic-without-arn", "the policy of an existing topic needs its ARN",
			cloudtrail.Documents{{Name: "t", Policy: topicPolicy(t), Target: topicTarget("")}}, []string{"docs[0].target.topicARN"}},
		{"topic-arn-of-queue", "only an SNS topic takes a topic policy",
			cloudtrail.Documents{{Name: "t", Policy: topicPolicy(t), Target: topicTarget("arn:aws:sqs:us-east-1:" + testLogs + ":q")}}, []string{"docs[0].target.topicARN"}},
		{"second-topic", "one topic policy per list, at a fixed address",
			cloudtrail.Documents{{Name: "t", Policy: topicPolicy(t), Target: topicTarget(testTopic)}, {Name: "u", Policy: topicPolicy(t), Target: topicTarget(testTopic)}}, []string{"docs[1]"}},
		{"topic-with-bucket-policy", "a topic takes a topic policy",
			cloudtrail.Documents{{Name: "t", Policy: bucketPolicyFor(testExistingKey), Target: topicTarget(testTopic)}}, []string{"docs[0].policy.kind"}},
		{"resource-name-invalid", "the resource name becomes a Terraform name and a logical ID",
			cloudtrail.Documents{{Name: "r", Policy: trustPolicy(t), Target: logsRoleTarget("", "Logs-Role")}}, []string{"docs[0].target.resourceName"}},
		{"resource-name-of-vendor", "the vendor's address is taken",
			cloudtrail.Documents{{Name: "v", Policy: trustPolicy(t), Target: roleTarget(testRoleName, "")}, {Name: "r", Policy: trustPolicy(t), Target: logsRoleTarget("", "vendor")}},
			[]string{"docs[1].target.resourceName"}},
		{"policy-of-another-role-resource", "an inline policy is attached to the role of its resource name",
			cloudtrail.Documents{{Name: "r", Policy: trustPolicy(t), Target: logsRoleTarget("", "cloudwatch_logs")}, {Name: "p", Policy: logsPolicy(t), Target: logsRoleTarget("p", "other_role")}},
			[]string{"docs[1].target.roleName"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for name, render := range map[string]func() ([]byte, error){
				"Terraform":      func() ([]byte, error) { return format.Terraform(tc.docs) },
				"CloudFormation": func() ([]byte, error) { return format.CloudFormation(tc.docs, format.YAML) },
			} {
				out, err := render()
				if out != nil || err == nil {
					t.Fatalf("%s: %s: got output %v, error %v", name, tc.reason, out != nil, err)
				}
				if diff := cmp.Diff(tc.want, errorFields(t, err)); diff != "" {
					t.Errorf("%s: %s: error fields (-want +got):\n%s\nerror: %v", name, tc.reason, diff, err)
				}
			}
		})
	}
}
