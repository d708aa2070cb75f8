package cloudtrail_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/logsrole"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/snstopic"
)

func TestDestinations(t *testing.T) {
	topic := "arn:aws:sns:us-east-1:" + acctA + ":notify"
	group := "arn:aws:logs:us-east-1:" + acctA + ":log-group:CloudTrail/events"
	s := mustNew(t, minimal(func(c *cloudtrail.SiteConfig) { c.SNSTopicARN, c.CloudWatchLogsGroupARN = topic, group+":*" }))
	if a, ok := s.SNSTopic(); !ok || a.String() != topic {
		t.Errorf("SNSTopic() = %v, %v; want %s", a, ok, topic)
	}
	if a, ok := s.LogGroup(); !ok || a.String() != group {
		t.Errorf("LogGroup() = %v, %v; want %s without the console's :*", a, ok, group)
	}
	none := mustNew(t, minimal())
	if _, ok := none.SNSTopic(); ok {
		t.Error("a site without snsTopicArn has a topic")
	}
	if _, ok := none.LogGroup(); ok {
		t.Error("a site without cloudWatchLogsGroupArn has a log group")
	}
	var nilSite *cloudtrail.Site
	if _, ok := nilSite.SNSTopic(); ok {
		t.Error("a nil site has a topic")
	}
}

func TestTrailsIn(t *testing.T) {
	patterns := mustNew(t, minimal())
	if diff := cmp.Diff([]string{"arn:aws:cloudtrail:eu-west-1:" + acctA + ":trail/*"}, patterns.TrailsIn(acctA, "eu-west-1")); diff != "" {
		t.Errorf("without exact trails, one pattern of the account and Region (-want +got):\n%s", diff)
	}
	eu := "arn:aws:cloudtrail:eu-west-1:" + acctA + ":trail/eu-trail"
	exact := mustNew(t, minimal(func(c *cloudtrail.SiteConfig) {
		c.Accounts = []string{acctA, acctB}
		c.Trails = []string{trailOf(acctA, "us-trail"), eu, trailOf(acctB, "b-trail")}
	}))
	if diff := cmp.Diff([]string{trailOf(acctA, "us-trail")}, exact.TrailsIn(acctA, "us-east-1")); diff != "" {
		t.Errorf("exact trails of the account homed in the Region (-want +got):\n%s", diff)
	}
	if got := exact.TrailsIn(acctA, "ap-south-1"); len(got) != 0 {
		t.Errorf("TrailsIn a Region without trails = %v, want none", got)
	}
}

func TestTrailTargets(t *testing.T) {
	topicIn := func(account string) string { return "arn:aws:sns:us-east-1:" + account + ":notify" }
	site := mustNew(t, cloudtrail.SiteConfig{
		Bucket: bucket, LogArchiveAccount: logAcct, Accounts: []string{acctA, logAcct},
		Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
		SNSTopicARN:  topicIn(acctA),
	})
	for account, want := range map[string]cloudtrail.AccountRole{
		mgmt: cloudtrail.ManagementAccount, logAcct: cloudtrail.LogArchiveAccount, acctA: cloudtrail.TrailAccount,
	} {
		if got := site.AccountRoleOf(account); got != want {
			t.Errorf("AccountRoleOf(%s) = %s, want %s", account, got, want)
		}
	}
	want := cloudtrail.Target{Kind: cloudtrail.TopicPolicyTarget, Account: acctA, AppliedIn: cloudtrail.TrailAccount, TopicARN: topicIn(acctA)}
	if diff := cmp.Diff(want, site.TopicPolicyTarget()); diff != "" {
		t.Errorf("TopicPolicyTarget (-want +got):\n%s", diff)
	}
	got := site.TrailRoleTarget(cloudtrail.RolePolicyTarget, mgmt, "Logs", "p", "cloudwatch_logs")
	want = cloudtrail.Target{Kind: cloudtrail.RolePolicyTarget, Account: mgmt, AppliedIn: cloudtrail.ManagementAccount, RoleName: "Logs",
		RoleARN: policy.RoleARN(policy.PartitionAWS, mgmt, "Logs"), PolicyName: "p", ResourceName: "cloudwatch_logs"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("TrailRoleTarget in the management account (-want +got):\n%s", diff)
	}
}

func TestDestinationProblems(t *testing.T) {
	cases := []struct {
		name, reason string
		edit         func(*cloudtrail.SiteConfig)
		want         []string
	}{
		{"topic-of-management-account-without-organization", "without an organization the management account owns no trail",
			func(c *cloudtrail.SiteConfig) { c.SNSTopicARN = "arn:aws:sns:us-east-1:" + mgmt + ":t" },
			[]string{p("snsTopicArn", policy.ErrConflict)}},
		{"bad-partition-once", "a wrong partition is one problem, not one per ARN",
			func(c *cloudtrail.SiteConfig) {
				c.Partition = "aws-xx"
				c.SNSTopicARN = "arn:aws:sns:us-east-1:" + acctA + ":t"
			}, []string{p("partition", policy.ErrPartition)}},
		{"both", "every problem at once",
			func(c *cloudtrail.SiteConfig) {
				c.SNSTopicARN, c.CloudWatchLogsGroupARN = "arn:aws:sns:us-east-1:"+acctA, "arn:aws:logs:us-east-1:"+acctA+":log-group:"
			}, []string{p("cloudWatchLogsGroupArn", policy.ErrARN), p("snsTopicArn", policy.ErrARN)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := minimal()
			tc.edit(&c)
			s, err := cloudtrail.New(c)
			if diff := cmp.Diff(tc.want, problems(err)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
			// The topic is kept only when the problem is another value's.
			if _, ok := s.SNSTopic(); ok != (tc.name == "bad-partition-once") {
				t.Errorf("SNSTopic() of the incomplete site: %v", ok)
			}
		})
	}
}

// FuzzDestinations builds a site with an arbitrary topic and log group ARN,
// and the documents that name them. Invariants: no panic; a refused value
// is one *policy.FieldError on its setup field; an accepted one is kept as
// given (the log group without a trailing :*), and the topic policy and the
// delivery role's policies built from it validate.
func FuzzDestinations(f *testing.F) {
	f.Add("arn:aws:sns:us-east-1:111122223333:notify", "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/events:*", false)
	f.Add("arn:aws:sns:eu-west-1:111122223333:notify", "arn:aws:logs:eu-west-1:111122223333:log-group:a", true)
	f.Add("arn:aws:sns:us-east-1:111122223333:n.fifo", "arn:aws:logs:us-east-1:111122223333:log-group:", false)
	f.Add("arn:aws:sns:us-east-1:444455556666:n", "arn:aws:logs:us-east-1:111122223333:log-stream:x", true)
	f.Add("arn:aws:sns::111122223333:n", "arn:aws:logs:cn-north-1:111122223333:log-group:g", false)
	f.Fuzz(func(t *testing.T, topic, group string, exact bool) {
		c := minimal(func(c *cloudtrail.SiteConfig) { c.SNSTopicARN, c.CloudWatchLogsGroupARN = topic, group })
		if exact {
			c.Trails = []string{trailOf(acctA, "main")}
		}
		s, err := cloudtrail.New(c)
		for _, e := range policy.Unjoin(err) {
			var fe *policy.FieldError
			if !errors.As(e, &fe) || fe.Field != "snsTopicArn" && fe.Field != "cloudWatchLogsGroupArn" {
				t.Fatalf("problem %v is not a field error on snsTopicArn or cloudWatchLogsGroupArn", e)
			}
		}
		if a, ok := s.SNSTopic(); ok {
			doc, berr := snstopic.Build(snstopic.Config{Site: s})
			golden.CheckBuilt(t, "snstopic.Build", doc, berr, nil)
			if err == nil && a.String() != topic {
				t.Errorf("SNSTopic() = %s, want %s as given", a, topic)
			}
		}
		if a, ok := s.LogGroup(); ok && err == nil {
			if a.String() != strings.TrimSuffix(group, ":*") {
				t.Errorf("LogGroup() = %s, want %s without :*", a, group)
			}
			cfg := logsrole.Config{Site: s}
			doc, berr := logsrole.BuildTrustPolicy(cfg)
			golden.CheckBuilt(t, "logsrole.BuildTrustPolicy", doc, berr, nil)
			doc, berr = logsrole.BuildRolePolicy(cfg)
			golden.CheckBuilt(t, "logsrole.BuildRolePolicy", doc, berr, nil)
		}
	})
}
