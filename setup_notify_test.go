package trailpolicy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/logsrole"
	"github.com/trailpolicy/trailpolicy/policy"
)

const (
	devTopic = "arn:aws:sns:us-east-1:999988887777:cloudtrail-notifications"
	devGroup = "arn:aws:logs:us-east-1:999988887777:log-group:CloudTrail/events"
)

// notifySetup is the example setup whose Dev account's trails notify a
// topic and send events to a log group of that account.
func notifySetup() trailpolicy.Setup {
	s := exampleSetup()
	s.SNSTopicARN, s.CloudWatchLogsGroupARN = devTopic, devGroup+":*"
	return s
}

func TestBuildNotifications(t *testing.T) {
	b, err := notifySetup().Build()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"bucket-policy", "key-policy", "vendor-trust-policy", "vendor-read-policy", "scp", "topic-policy", "logs-role-trust-policy", "logs-role-policy"}
	if diff := cmp.Diff(want, b.Names()); diff != "" {
		t.Errorf("Names() (-want +got):\n%s", diff)
	}
	topic, _ := b.Documents.Get(trailpolicy.NameTopicPolicy)
	trust, _ := b.Documents.Get(trailpolicy.NameLogsRoleTrust)
	rolePolicy, _ := b.Documents.Get(trailpolicy.NameLogsRolePolicy)
	wantTargets := []cloudtrail.Target{
		{Kind: cloudtrail.TopicPolicyTarget, Account: "999988887777", AppliedIn: cloudtrail.TrailAccount, TopicARN: devTopic},
		{Kind: cloudtrail.RoleTrustTarget, Account: "999988887777", AppliedIn: cloudtrail.TrailAccount, RoleName: logsrole.DefaultRoleName,
			RoleARN: "arn:aws:iam::999988887777:role/CloudTrail-CloudWatchLogs", ResourceName: trailpolicy.LogsRoleResourceName},
		{Kind: cloudtrail.RolePolicyTarget, Account: "999988887777", AppliedIn: cloudtrail.TrailAccount, RoleName: logsrole.DefaultRoleName,
			RoleARN: "arn:aws:iam::999988887777:role/CloudTrail-CloudWatchLogs", PolicyName: logsrole.PolicyName, ResourceName: trailpolicy.LogsRoleResourceName},
	}
	if diff := cmp.Diff(wantTargets, []cloudtrail.Target{topic.Target, trust.Target, rolePolicy.Target}); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
	// The role is deployed with both its policies, and without the vendor's.
	deploy, _ := b.Deployable(trailpolicy.NameLogsRolePolicy)
	if diff := cmp.Diff([]string{"logs-role-trust-policy", "logs-role-policy"}, deploy.Names()); diff != "" {
		t.Errorf("Deployable(logs-role-policy) (-want +got):\n%s", diff)
	}
	// The same trails as the other documents: the Dev account's.
	for _, c := range []struct{ doc, value string }{
		{"topic-policy", "arn:aws:cloudtrail:us-east-1:999988887777:trail/*"},
		{"logs-role-policy", devGroup + ":log-stream:999988887777_CloudTrail_us-east-1*"},
		{"bucket-policy", "arn:aws:cloudtrail:*:999988887777:trail/*"},
	} {
		d, _ := b.Documents.Get(c.doc)
		js, err := d.Policy.CompactJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(js), c.value) {
			t.Errorf("%s does not name %s", c.doc, c.value)
		}
	}

	// Each alone, in a trail account.
	for _, c := range []struct{ topic, group string }{{devTopic, ""}, {"", devGroup}} {
		s := exampleSetup()
		s.SNSTopicARN, s.CloudWatchLogsGroupARN = c.topic, c.group
		b, err := s.Build()
		if err != nil {
			t.Fatalf("topic %q, log group %q: %v", c.topic, c.group, err)
		}
		for _, d := range b.Documents[5:] {
			if d.Target.AppliedIn != cloudtrail.TrailAccount || d.Target.Account != "999988887777" {
				t.Errorf("%s: target %+v, want the Dev account as a trail account", d.Name, d.Target)
			}
		}
	}

	// In the log archive account, which also delivers, the role is applied
	// with the vendor's, by the log archive account.
	s := notifySetup()
	s.SNSTopicARN, s.CloudWatchLogsGroupARN = "", "arn:aws:logs:us-east-1:123456789012:log-group:g"
	s.LogsRole.RoleName = "ct-logs"
	b, err = s.Build()
	if err != nil {
		t.Fatal(err)
	}
	trust, _ = b.Documents.Get(trailpolicy.NameLogsRoleTrust)
	if trust.Target.AppliedIn != cloudtrail.LogArchiveAccount || trust.Target.RoleARN != "arn:aws:iam::123456789012:role/ct-logs" {
		t.Errorf("logs role in the log archive account: target %+v", trust.Target)
	}
}

func TestBuildNotificationProblems(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		change func(*trailpolicy.Setup)
		want   []golden.Problem
	}{
		{"both-bad", "every problem at once, each on its field", func(s *trailpolicy.Setup) {
			s.SNSTopicARN, s.CloudWatchLogsGroupARN = "arn:aws:sns:us-east-1:444455556666:t", "arn:aws:logs:us-east-1:999988887777:g"
		}, []golden.Problem{
			{Field: "snsTopicArn", Value: "arn:aws:sns:us-east-1:444455556666:t", Err: policy.ErrConflict},
			{Field: "cloudWatchLogsGroupArn", Value: "arn:aws:logs:us-east-1:999988887777:g", Err: policy.ErrARN},
		}},
		{"role-name", "the logsRole block is checked on its path", func(s *trailpolicy.Setup) { s.LogsRole.RoleName = "bad name" },
			[]golden.Problem{{Field: "logsRole.roleName", Value: "bad name", Err: policy.ErrRoleName}}},
		{"role-without-group", "a role name without a log group would be dropped without a word", func(s *trailpolicy.Setup) {
			s.CloudWatchLogsGroupARN, s.LogsRole.RoleName = "", "ct-logs"
		}, []golden.Problem{{Field: "logsRole.roleName", Value: "ct-logs", Err: policy.ErrConflict}}},
		{"two-trail-accounts", "the outputs write one trail account besides the log archive and management accounts", func(s *trailpolicy.Setup) {
			s.Accounts = append(s.Accounts, "444455556666")
			s.CloudWatchLogsGroupARN = "arn:aws:logs:us-east-1:444455556666:log-group:g"
		}, []golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: "arn:aws:logs:us-east-1:444455556666:log-group:g", Err: policy.ErrConflict}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := notifySetup()
			tc.change(&s)
			b, err := s.Build()
			golden.CheckProblems(t, b, err, tc.want)
		})
	}
}

func TestMissingNotificationDocuments(t *testing.T) {
	for name, field := range map[string]string{
		trailpolicy.NameTopicPolicy:    "snsTopicArn",
		trailpolicy.NameLogsRoleTrust:  "cloudWatchLogsGroupArn",
		trailpolicy.NameLogsRolePolicy: "cloudWatchLogsGroupArn",
	} {
		var fe *policy.FieldError
		if err := trailpolicy.MissingDocument(name); !errors.As(err, &fe) || fe.Field != field || !errors.Is(err, policy.ErrRequired) {
			t.Errorf("MissingDocument(%q) = %v; want a required %s", name, err, field)
		}
		b, err := exampleSetup().Build()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := b.Select(name); ok {
			t.Errorf("a setup without %s has %s", field, name)
		}
	}
}
