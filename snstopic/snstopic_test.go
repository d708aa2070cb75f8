package snstopic_test

import (
	"errors"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
	"github.com/trailpolicy/trailpolicy/snstopic"
)

const (
	production = "123456789012"
	dev        = "999988887777"
	management = "111111111111"
	orgID      = "o-exampleorgid"
	topic      = "arn:aws:sns:us-east-1:123456789012:cloudtrail-notifications"
	mgmtTopic  = "arn:aws:sns:us-east-1:111111111111:cloudtrail-notifications"
	prodTrail  = "arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events"
)

// site returns a valid site with the topic, changed by modify.
func site(t *testing.T, modify func(*cloudtrail.SiteConfig)) *cloudtrail.Site {
	t.Helper()
	c := cloudtrail.SiteConfig{Bucket: "example-ct-logs", Accounts: []string{production, dev}, SNSTopicARN: topic}
	if modify != nil {
		modify(&c)
	}
	s, err := cloudtrail.New(c)
	if err != nil {
		t.Fatalf("cloudtrail.New: %v", err)
	}
	return s
}

func TestBuildGolden(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		modify func(*cloudtrail.SiteConfig)
	}{
		{"accounts", "any trail of the topic's account homed in its Region: a StringLike pattern", nil},
		{"exact-trails", "the named trails of the topic's account in its Region only, StringEquals", func(c *cloudtrail.SiteConfig) {
			c.Trails = []string{prodTrail, "arn:aws:cloudtrail:eu-west-1:123456789012:trail/eu-events", "arn:aws:cloudtrail:us-east-1:999988887777:trail/dev-events"}
		}},
		{"organization", "a topic in the management account admits the organization trail, which the management account owns", func(c *cloudtrail.SiteConfig) {
			c.Accounts = nil
			c.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: management}
			c.SNSTopicARN = mgmtTopic
		}},
		{"aws-cn", "the partition of every ARN", func(c *cloudtrail.SiteConfig) {
			c.Partition = policy.PartitionChina
			c.SNSTopicARN = "arn:aws-cn:sns:cn-north-1:123456789012:cloudtrail-notifications"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := snstopic.Build(snstopic.Config{Site: site(t, tc.modify)})
			if err != nil {
				t.Fatalf("%s: %v", tc.reason, err)
			}
			golden.Check(t, doc, "testdata/"+tc.name+".golden.json")
		})
	}
}

func TestBuildBadInput(t *testing.T) {
	cases := []struct {
		name   string
		reason string
		modify func(*cloudtrail.SiteConfig)
		want   []golden.Problem
	}{
		{"not-sns", "a queue is not a topic", func(c *cloudtrail.SiteConfig) { c.SNSTopicARN = "arn:aws:sqs:us-east-1:123456789012:q" },
			[]golden.Problem{{Field: "snsTopicArn", Value: "arn:aws:sqs:us-east-1:123456789012:q", Err: policy.ErrARN}}},
		{"not-arn", "a topic name alone resolves in the caller's account", func(c *cloudtrail.SiteConfig) { c.SNSTopicARN = "cloudtrail-notifications" },
			[]golden.Problem{{Field: "snsTopicArn", Value: "cloudtrail-notifications", Err: policy.ErrARN}}},
		{"fifo", "CloudTrail's topic names hold no period, so no FIFO topic", func(c *cloudtrail.SiteConfig) { c.SNSTopicARN = topic + ".fifo" },
			[]golden.Problem{{Field: "snsTopicArn", Value: topic + ".fifo", Err: policy.ErrARN}}},
		{"subscription", "a subscription ARN has a further field", func(c *cloudtrail.SiteConfig) { c.SNSTopicARN = topic + ":0b7a1c2d" },
			[]golden.Problem{{Field: "snsTopicArn", Value: topic + ":0b7a1c2d", Err: policy.ErrARN}}},
		{"no-region", "a topic is regional", func(c *cloudtrail.SiteConfig) { c.SNSTopicARN = "arn:aws:sns::123456789012:t" },
			[]golden.Problem{{Field: "snsTopicArn", Value: "arn:aws:sns::123456789012:t", Err: policy.ErrARN}}},
		{"region-of-other-partition", "aws has no cn-north-1", func(c *cloudtrail.SiteConfig) { c.SNSTopicARN = "arn:aws:sns:cn-north-1:123456789012:t" },
			[]golden.Problem{{Field: "snsTopicArn", Value: "arn:aws:sns:cn-north-1:123456789012:t", Err: policy.ErrARN}}},
		{"other-partition", "every ARN is in the setup's partition", func(c *cloudtrail.SiteConfig) {
			c.SNSTopicARN = "arn:aws-us-gov:sns:us-gov-west-1:123456789012:t"
		}, []golden.Problem{{Field: "snsTopicArn", Value: "arn:aws-us-gov:sns:us-gov-west-1:123456789012:t", Err: policy.ErrARN}}},
		{"foreign-account", "CloudTrail notifies a topic of the trail's own account", func(c *cloudtrail.SiteConfig) {
			c.SNSTopicARN = "arn:aws:sns:us-east-1:444455556666:t"
		}, []golden.Problem{{Field: "snsTopicArn", Value: "arn:aws:sns:us-east-1:444455556666:t", Err: policy.ErrConflict}}},
		{"no-trail-in-region", "with exact trails, a topic where none of its account's trails lives gets no notification", func(c *cloudtrail.SiteConfig) {
			c.Trails = []string{prodTrail, "arn:aws:cloudtrail:us-east-1:999988887777:trail/dev-events"}
			c.SNSTopicARN = "arn:aws:sns:eu-west-1:123456789012:t"
		}, []golden.Problem{{Field: "snsTopicArn", Value: "arn:aws:sns:eu-west-1:123456789012:t", Err: policy.ErrConflict}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := cloudtrail.SiteConfig{Bucket: "example-ct-logs", Accounts: []string{production, dev}, SNSTopicARN: topic}
			tc.modify(&c)
			s, err := cloudtrail.New(c)
			golden.CheckProblems(t, nil, err, tc.want)
			// The builder reports nothing more: New has, once.
			doc, err := snstopic.Build(snstopic.Config{Site: s})
			if doc != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite) {
				t.Errorf("%s: Build = %v, %v; want no document and ErrIncompleteSite", tc.reason, doc, err)
			}
			var fe *policy.FieldError
			for _, e := range policy.Unjoin(err) {
				if errors.As(e, &fe) && fe.Field == "snsTopicArn" {
					t.Errorf("Build reports snsTopicArn again: %v", e)
				}
			}
		})
	}

	t.Run("no-topic", func(t *testing.T) {
		doc, err := snstopic.Build(snstopic.Config{Site: site(t, func(c *cloudtrail.SiteConfig) { c.SNSTopicARN = "" })})
		golden.CheckProblems(t, doc, err, []golden.Problem{{Field: "snsTopicArn", Value: "", Err: policy.ErrRequired}})
	})
	t.Run("nil-site", func(t *testing.T) {
		doc, err := snstopic.Build(snstopic.Config{})
		if doc != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite) {
			t.Errorf("Build(nil site) = %v, %v; want ErrIncompleteSite", doc, err)
		}
	})
}

// TestBuildBehaviour asks the evaluator what the policy allows: CloudTrail
// publishing for the setup's trails, and nothing for another trail, another
// service or another action.
func TestBuildBehaviour(t *testing.T) {
	exact := site(t, func(c *cloudtrail.SiteConfig) {
		c.Trails = []string{prodTrail, "arn:aws:cloudtrail:us-east-1:999988887777:trail/dev-events"}
	})
	org := site(t, func(c *cloudtrail.SiteConfig) {
		c.Accounts = nil
		c.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: management}
		c.SNSTopicARN = mgmtTopic
	})
	build := func(s *cloudtrail.Site) *policy.Document {
		doc, err := snstopic.Build(snstopic.Config{Site: s})
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	patterns, exactDoc, orgDoc := build(site(t, nil)), build(exact), build(org)
	cloudTrail := eval.Principal{Type: eval.ServicePrincipal, Service: cloudtrail.ServicePrincipal}
	cases := []struct {
		name      string
		reason    string
		doc       *policy.Document
		principal eval.Principal
		action    string
		resource  string
		source    string
		want      eval.Decision
	}{
		{"own-trail", "a trail of the topic's account in its Region", patterns, cloudTrail, "sns:Publish", topic, prodTrail, eval.Allow},
		{"action-case", "actions are case-insensitive: SNS:Publish is sns:Publish", patterns, cloudTrail, "SNS:Publish", topic, prodTrail, eval.Allow},
		{"other-account-trail", "the confused deputy: another account's trail", patterns, cloudTrail, "sns:Publish", topic,
			"arn:aws:cloudtrail:us-east-1:444455556666:trail/evil", eval.ImplicitDeny},
		{"delivering-account-elsewhere", "another delivering account's trail notifies its own topic, not this one", patterns, cloudTrail, "sns:Publish", topic,
			"arn:aws:cloudtrail:us-east-1:999988887777:trail/dev-events", eval.ImplicitDeny},
		{"other-region-trail", "a trail homed in another Region has a topic there", patterns, cloudTrail, "sns:Publish", topic,
			"arn:aws:cloudtrail:eu-west-1:123456789012:trail/eu-events", eval.ImplicitDeny},
		{"no-source", "a request without aws:SourceArn", patterns, cloudTrail, "sns:Publish", topic, "", eval.ImplicitDeny},
		{"other-service", "only CloudTrail", patterns, eval.Principal{Type: eval.ServicePrincipal, Service: "s3.amazonaws.com"}, "sns:Publish", topic, prodTrail, eval.ImplicitDeny},
		{"subscribe", "CloudTrail only publishes", patterns, cloudTrail, "sns:Subscribe", topic, prodTrail, eval.ImplicitDeny},
		{"other-topic", "only this topic", patterns, cloudTrail, "sns:Publish", "arn:aws:sns:us-east-1:123456789012:other", prodTrail, eval.ImplicitDeny},
		{"exact-named", "a named trail", exactDoc, cloudTrail, "sns:Publish", topic, prodTrail, eval.Allow},
		{"exact-unnamed", "another trail of the same account is not named", exactDoc, cloudTrail, "sns:Publish", topic,
			"arn:aws:cloudtrail:us-east-1:123456789012:trail/other", eval.ImplicitDeny},
		{"organization-trail", "the organization trail, owned by the management account", orgDoc, cloudTrail, "sns:Publish", mgmtTopic,
			"arn:aws:cloudtrail:us-east-1:111111111111:trail/org-events", eval.Allow},
		{"organization-member-trail", "a member account's own trail", orgDoc, cloudTrail, "sns:Publish", mgmtTopic,
			"arn:aws:cloudtrail:us-east-1:123456789012:trail/own-events", eval.ImplicitDeny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ctx map[string][]string
			if tc.source != "" {
				ctx = map[string][]string{"aws:SourceArn": {tc.source}}
			}
			res, err := eval.Evaluate(eval.Request{Principal: tc.principal, Action: tc.action, Resource: tc.resource, Context: ctx},
				eval.Policies{Resource: tc.doc})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if res.Decision != tc.want {
				t.Errorf("%s: %s on %s from %q = %v (%s), want %v", tc.reason, tc.action, tc.resource, tc.source, res.Decision, res.Reason, tc.want)
			}
		})
	}
}

func TestBuildSizeLimit(t *testing.T) {
	// A lowered limit shows the size check is the topic policy's own.
	doc, err := snstopic.Build(snstopic.Config{Site: site(t, nil), Limits: policy.Limits{TopicPolicy: 100}})
	var se *policy.SizeError
	if doc != nil || !errors.As(err, &se) || se.Kind != policy.KindTopicPolicy || se.Limit != 100 || se.Unit != "bytes" {
		t.Errorf("Build under a 100-byte limit = %v, %v; want a topic policy SizeError", doc, err)
	}
}
