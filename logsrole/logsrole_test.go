package logsrole_test

import (
	"errors"
	"strings"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/logsrole"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

const (
	production = "123456789012"
	dev        = "999988887777"
	management = "111111111111"
	orgID      = "o-exampleorgid"
	group      = "arn:aws:logs:us-east-2:123456789012:log-group:CloudTrail/events"
	mgmtGroup  = "arn:aws:logs:us-east-2:111111111111:log-group:CloudTrail/events"
)

// site returns a valid site with the log group, changed by modify.
func site(t *testing.T, modify func(*cloudtrail.SiteConfig)) *cloudtrail.Site {
	t.Helper()
	c := cloudtrail.SiteConfig{Bucket: "example-ct-logs", Accounts: []string{production, dev}, CloudWatchLogsGroupARN: group}
	if modify != nil {
		modify(&c)
	}
	s, err := cloudtrail.New(c)
	if err != nil {
		t.Fatalf("cloudtrail.New: %v", err)
	}
	return s
}

func organization(c *cloudtrail.SiteConfig) {
	c.Accounts = nil
	c.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: management}
	c.CloudWatchLogsGroupARN = mgmtGroup
}

func TestBuildGolden(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		modify func(*cloudtrail.SiteConfig)
	}{
		{"account", "the streams of the group's account in its Region", nil},
		{"console-arn", "the :* the console writes after the group changes nothing", func(c *cloudtrail.SiteConfig) { c.CloudWatchLogsGroupARN = group + ":*" }},
		{"organization", "the organization trail's streams, o-<id>_*, and the management account's own, as AWS's example", organization},
		{"aws-us-gov", "the partition of every ARN", func(c *cloudtrail.SiteConfig) {
			c.Partition = policy.PartitionGovCloud
			c.CloudWatchLogsGroupARN = "arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:CloudTrail/events"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := logsrole.BuildRolePolicy(logsrole.Config{Site: site(t, tc.modify)})
			if err != nil {
				t.Fatalf("%s: %v", tc.reason, err)
			}
			golden.Check(t, doc, "testdata/"+tc.name+".golden.json")
		})
	}
	doc, err := logsrole.BuildTrustPolicy(logsrole.Config{Site: site(t, nil)})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, doc, "testdata/trust.golden.json")
}

func TestRoleARN(t *testing.T) {
	cases := []struct {
		name, reason string
		modify       func(*cloudtrail.SiteConfig)
		opts         logsrole.Options
		want         string
	}{
		{"default", "the default name in the group's account", nil, logsrole.Options{}, "arn:aws:iam::123456789012:role/CloudTrail-CloudWatchLogs"},
		{"named", "the option's name", nil, logsrole.Options{RoleName: "ct-logs"}, "arn:aws:iam::123456789012:role/ct-logs"},
		{"organization", "the management account owns the organization trail and its role", organization, logsrole.Options{}, "arn:aws:iam::111111111111:role/CloudTrail-CloudWatchLogs"},
	}
	for _, tc := range cases {
		got, ok := logsrole.Config{Site: site(t, tc.modify), Options: tc.opts}.RoleARN()
		if !ok || got != tc.want {
			t.Errorf("%s: %s: RoleARN = %q, %v; want %q", tc.name, tc.reason, got, ok, tc.want)
		}
	}
	if got, ok := (logsrole.Config{Site: site(t, nil), Options: logsrole.Options{RoleName: "bad name"}}).RoleARN(); ok {
		t.Errorf("RoleARN of an invalid name = %q, want none", got)
	}
}

func TestBuildBadInput(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		modify func(*cloudtrail.SiteConfig)
		want   []golden.Problem
	}{
		{"not-logs", "a topic is not a log group", func(c *cloudtrail.SiteConfig) { c.CloudWatchLogsGroupARN = "arn:aws:sns:us-east-2:123456789012:t" },
			[]golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: "arn:aws:sns:us-east-2:123456789012:t", Err: policy.ErrARN}}},
		{"stream", "a log stream is not a group", func(c *cloudtrail.SiteConfig) { c.CloudWatchLogsGroupARN = group + ":log-stream:x" },
			[]golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: group + ":log-stream:x", Err: policy.ErrARN}}},
		{"bad-name", "log group names have no spaces", func(c *cloudtrail.SiteConfig) {
			c.CloudWatchLogsGroupARN = "arn:aws:logs:us-east-2:123456789012:log-group:my group"
		}, []golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: "arn:aws:logs:us-east-2:123456789012:log-group:my group", Err: policy.ErrARN}}},
		{"long-name", "at most 512 characters", func(c *cloudtrail.SiteConfig) {
			c.CloudWatchLogsGroupARN = "arn:aws:logs:us-east-2:123456789012:log-group:" + strings.Repeat("a", 513)
		}, []golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: "arn:aws:logs:us-east-2:123456789012:log-group:" + strings.Repeat("a", 513), Err: policy.ErrARN}}},
		{"no-account", "the group's account decides the role's", func(c *cloudtrail.SiteConfig) { c.CloudWatchLogsGroupARN = "arn:aws:logs:us-east-2::log-group:g" },
			[]golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: "arn:aws:logs:us-east-2::log-group:g", Err: policy.ErrARN}}},
		{"other-partition", "every ARN is in the setup's partition", func(c *cloudtrail.SiteConfig) {
			c.CloudWatchLogsGroupARN = "arn:aws-cn:logs:cn-north-1:123456789012:log-group:g"
		}, []golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: "arn:aws-cn:logs:cn-north-1:123456789012:log-group:g", Err: policy.ErrARN}}},
		{"foreign-account", "the log group must be the trail owner's", func(c *cloudtrail.SiteConfig) {
			c.CloudWatchLogsGroupARN = "arn:aws:logs:us-east-2:444455556666:log-group:g"
		}, []golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: "arn:aws:logs:us-east-2:444455556666:log-group:g", Err: policy.ErrConflict}}},
		{"member-account-of-organization", "an organization trail belongs to the management account, not to a member", func(c *cloudtrail.SiteConfig) {
			organization(c)
			c.CloudWatchLogsGroupARN = group
		}, []golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: group, Err: policy.ErrConflict}}},
		{"not-home-region", "with exact trails, the log group must be in a trail's home Region", func(c *cloudtrail.SiteConfig) {
			c.Trails = []string{"arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events", "arn:aws:cloudtrail:us-east-1:999988887777:trail/dev-events"}
		}, []golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: group, Err: policy.ErrConflict}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := cloudtrail.SiteConfig{Bucket: "example-ct-logs", Accounts: []string{production, dev}, CloudWatchLogsGroupARN: group}
			tc.modify(&c)
			s, err := cloudtrail.New(c)
			golden.CheckProblems(t, nil, err, tc.want)
			for _, build := range []func(logsrole.Config) (*policy.Document, error){logsrole.BuildTrustPolicy, logsrole.BuildRolePolicy} {
				doc, err := build(logsrole.Config{Site: s})
				if doc != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite) || strings.Contains(err.Error(), "cloudWatchLogsGroupArn") {
					t.Errorf("%s: build = %v, %v; want ErrIncompleteSite alone (New reported the log group)", tc.reason, doc, err)
				}
			}
		})
	}

	for _, tc := range []struct {
		name   string
		modify func(*cloudtrail.SiteConfig)
		opts   logsrole.Options
		want   []golden.Problem
	}{
		{"no-log-group", func(c *cloudtrail.SiteConfig) { c.CloudWatchLogsGroupARN = "" }, logsrole.Options{},
			[]golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: "", Err: policy.ErrRequired}}},
		{"role-name", nil, logsrole.Options{RoleName: strings.Repeat("r", 65)},
			[]golden.Problem{{Field: "logsRole.roleName", Value: strings.Repeat("r", 65), Err: policy.ErrRoleName}}},
		{"both", func(c *cloudtrail.SiteConfig) { c.CloudWatchLogsGroupARN = "" }, logsrole.Options{RoleName: "a/b"},
			[]golden.Problem{{Field: "cloudWatchLogsGroupArn", Value: "", Err: policy.ErrRequired}, {Field: "logsRole.roleName", Value: "a/b", Err: policy.ErrRoleName}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := logsrole.Config{Site: site(t, tc.modify), Options: tc.opts}
			doc, err := logsrole.BuildTrustPolicy(cfg)
			golden.CheckProblems(t, doc, err, tc.want)
			doc, err = logsrole.BuildRolePolicy(cfg)
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}

// TestBehaviour asks the evaluator what the two policies allow: CloudTrail,
// and only CloudTrail, assumes the role; the role creates and writes the
// streams CloudTrail names for the group's account and organization, and
// no other stream or group.
func TestBehaviour(t *testing.T) {
	must := func(d *policy.Document, err error) *policy.Document {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	cfg := logsrole.Config{Site: site(t, nil)}
	roleARN, _ := cfg.RoleARN()
	trustDoc := must(logsrole.BuildTrustPolicy(cfg))
	for _, c := range []struct {
		name      string
		principal eval.Principal
		want      eval.Decision
	}{
		{"cloudtrail", eval.Principal{Type: eval.ServicePrincipal, Service: cloudtrail.ServicePrincipal}, eval.Allow},
		{"other-service", eval.Principal{Type: eval.ServicePrincipal, Service: "lambda.amazonaws.com"}, eval.ImplicitDeny},
		{"same-account-role", eval.Principal{ARN: "arn:aws:iam::123456789012:role/Admin"}, eval.ImplicitDeny},
	} {
		res, err := eval.Evaluate(eval.Request{Principal: c.principal, Action: "sts:AssumeRole", Resource: roleARN, ResourceAccount: production},
			eval.Policies{Resource: trustDoc, Identity: []*policy.Document{allowAssume(roleARN)}})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.Decision != c.want {
			t.Errorf("%s: sts:AssumeRole = %v (%s), want %v", c.name, res.Decision, res.Reason, c.want)
		}
	}

	account := must(logsrole.BuildRolePolicy(cfg))
	org := must(logsrole.BuildRolePolicy(logsrole.Config{Site: site(t, organization)}))
	stream := func(g, name string) string { return g + ":log-stream:" + name }
	cases := []struct {
		name     string
		reason   string
		doc      *policy.Document
		action   string
		resource string
		want     eval.Decision
	}{
		{"create-own", "the stream CloudTrail creates for the account's trail", account, "logs:CreateLogStream",
			stream(group, "123456789012_CloudTrail_us-east-2"), eval.Allow},
		{"put-own", "and its events", account, "logs:PutLogEvents", stream(group, "123456789012_CloudTrail_us-east-2"), eval.Allow},
		{"other-account-stream", "not a stream named for another account", account, "logs:PutLogEvents",
			stream(group, "999988887777_CloudTrail_us-east-2"), eval.ImplicitDeny},
		{"other-region-stream", "not a stream named for another Region", account, "logs:PutLogEvents",
			stream(group, "123456789012_CloudTrail_eu-west-1"), eval.ImplicitDeny},
		{"other-stream", "not an application's stream in the same group", account, "logs:PutLogEvents", stream(group, "app"), eval.ImplicitDeny},
		{"other-group", "not another group's streams", account, "logs:PutLogEvents",
			stream("arn:aws:logs:us-east-2:123456789012:log-group:app", "123456789012_CloudTrail_us-east-2"), eval.ImplicitDeny},
		{"delete", "no deleting", account, "logs:DeleteLogStream", stream(group, "123456789012_CloudTrail_us-east-2"), eval.ImplicitDeny},
		{"create-group", "no new groups", account, "logs:CreateLogGroup", "arn:aws:logs:us-east-2:123456789012:log-group:x", eval.ImplicitDeny},
		{"org-stream", "the organization trail's stream", org, "logs:PutLogEvents",
			stream(mgmtGroup, "o-exampleorgid_123456789012_CloudTrail_us-east-2"), eval.Allow},
		{"other-org-stream", "not another organization's", org, "logs:PutLogEvents",
			stream(mgmtGroup, "o-otherorgid00_123456789012_CloudTrail_us-east-2"), eval.ImplicitDeny},
		{"org-own-stream", "the management account's own trails, which the bucket policy lets deliver too", org, "logs:PutLogEvents",
			stream(mgmtGroup, "111111111111_CloudTrail_us-east-2"), eval.Allow},
		{"org-member-stream", "not a member account's own trail's stream", org, "logs:PutLogEvents",
			stream(mgmtGroup, "123456789012_CloudTrail_us-east-2"), eval.ImplicitDeny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			owner := production
			if tc.doc == org {
				owner = management
			}
			res, err := eval.Evaluate(eval.Request{
				Principal:       eval.Principal{ARN: policy.RoleARN(policy.PartitionAWS, owner, logsrole.DefaultRoleName)},
				Action:          tc.action,
				Resource:        tc.resource,
				ResourceAccount: owner,
			}, eval.Policies{Identity: []*policy.Document{tc.doc}})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if res.Decision != tc.want {
				t.Errorf("%s: %s on %s = %v (%s), want %v", tc.reason, tc.action, tc.resource, res.Decision, res.Reason, tc.want)
			}
		})
	}
}

// allowAssume is an identity policy that would let an IAM principal assume
// role, so that only the trust policy decides.
func allowAssume(role string) *policy.Document {
	return policy.New(policy.KindIdentityPolicy, iampolicy.Statement{
		Effect: iampolicy.EffectAllow, Action: policy.Strings("sts:AssumeRole"), Resource: policy.Strings(role),
	})
}
