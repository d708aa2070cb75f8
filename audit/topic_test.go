package audit_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// topicSetup is a small site whose trails notify an SNS topic in the
// delivering account, without a key or an SCP so that the topic's
// properties are most of what is asked.
func topicSetup(trails ...string) trailpolicy.Setup {
	s := trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "example-ct-logs", BucketRegion: "us-east-1", LogArchiveAccount: acctB,
		Accounts: []string{acctA}, Trails: trails, SNSTopicARN: "arn:aws:sns:us-east-1:" + acctA + ":cloudtrail-notifications"}}
	s.SCP.Omit = true
	return s
}

// TestTopicPolicy: the topic policy the setup writes passes both topic
// properties; each mutation fails exactly the property it breaks, with a
// counterexample the deciding statement explains; without the document
// both are MISSING.
func TestTopicPolicy(t *testing.T) {
	exact := []string{"arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/management-events"}
	cases := []struct {
		name, reason string
		setup        trailpolicy.Setup
		put          func(t *testing.T, d *audit.Deployed)
		fails        []string
		principal    map[string]string // how each failing property's counterexample principal starts
	}{
		{name: "own-output", reason: "the setup's own topic policy", setup: topicSetup()},
		{name: "own-output-exact-trails", reason: "with exact trails (StringEquals)", setup: topicSetup(exact...)},
		{name: "drop aws:SourceArn", reason: "any trail of any account could have CloudTrail publish to the topic", setup: topicSetup(),
			put: func(t *testing.T, d *audit.Deployed) {
				d.TopicPolicy.Statements[0].Condition = nil
			},
			fails: []string{audit.PropOnlyTrailsPublish}, principal: map[string]string{audit.PropOnlyTrailsPublish: "cloudtrail.amazonaws.com"}},
		{name: "widen the principal", reason: `Principal {"AWS": "*"} without the condition lets every IAM principal of any account publish, and matches no service principal, so CloudTrail no longer may`,
			setup: topicSetup(exact...),
			put: func(t *testing.T, d *audit.Deployed) {
				d.TopicPolicy.Statements[0].Principal = policy.AWSPrincipal("*")
				d.TopicPolicy.Statements[0].Condition = nil
			},
			fails:     []string{audit.PropOnlyTrailsPublish, audit.PropTrailPublishes},
			principal: map[string]string{audit.PropOnlyTrailsPublish: "", audit.PropTrailPublishes: "cloudtrail.amazonaws.com for " + exact[0]}},
		{name: "another trail", reason: "a policy for another trail leaves the setup's trail unable to publish, and lets the other one", setup: topicSetup(exact...),
			put: func(t *testing.T, d *audit.Deployed) {
				d.TopicPolicy.Statements[0].Condition = policy.Conditions{}.With("StringEquals", "aws:SourceArn", "arn:aws:cloudtrail:us-east-1:"+acctA+":trail/other")
			},
			fails:     []string{audit.PropOnlyTrailsPublish, audit.PropTrailPublishes},
			principal: map[string]string{audit.PropOnlyTrailsPublish: "cloudtrail.amazonaws.com for arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/other", audit.PropTrailPublishes: "cloudtrail.amazonaws.com for " + exact[0]}},
		{name: "missing", reason: "a topic policy nobody showed is not assumed", setup: topicSetup(),
			put:   func(t *testing.T, d *audit.Deployed) { d.TopicPolicy = nil },
			fails: []string{audit.PropOnlyTrailsPublish, audit.PropTrailPublishes}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && !contains([]string{"own-output", "drop aws:SourceArn"}, tc.name) {
				t.Skip("the other mutations run without -short")
			}
			rep := auditCase(t, tc.setup, func(t *testing.T, d *audit.Deployed) {
				if d.TopicPolicy == nil {
					t.Fatal("FromBundle left out the topic policy")
				}
				d.TopicPolicy = clone(t, d.TopicPolicy)
				if tc.put != nil {
					tc.put(t, d)
				}
			})
			if diff := cmp.Diff(tc.fails, failing(rep)); diff != "" {
				t.Errorf("%s: failing properties (-want +got):\n%s", tc.reason, diff)
			}
			topicResults := 0
			for _, r := range rep.Results {
				if r.Property != audit.PropTrailPublishes && r.Property != audit.PropOnlyTrailsPublish {
					continue
				}
				topicResults++
				switch {
				case tc.name == "missing":
					if r.Status != audit.Missing || !cmp.Equal(rep.Missing, []string{trailpolicy.NameTopicPolicy}) {
						t.Errorf("%s: %s, report missing %v; want MISSING for topic-policy", r.Property, r.Status, rep.Missing)
					}
				case r.Status == audit.Fail:
					c := r.Counterexample
					if c == nil || !strings.HasPrefix(c.Principal, tc.principal[r.Property]) || !strings.EqualFold(c.Action, "sns:Publish") || c.Resource != tc.setup.SNSTopicARN {
						t.Errorf("%s: counterexample %+v; want %s... publishing to the topic", r.Property, c, tc.principal[r.Property])
					} else {
						t.Logf("%s: %s", r.Property, describe(r))
					}
					// A wrongful Allow is decided by the topic policy's grant.
					if r.Property == audit.PropOnlyTrailsPublish && (len(c.Deciding) == 0 || c.Deciding[0].Document != trailpolicy.NameTopicPolicy || c.Deciding[0].Sid != "AllowCloudTrailPublish") {
						t.Errorf("%s: decided by %+v; want the topic policy's AllowCloudTrailPublish", r.Property, c.Deciding)
					}
				}
			}
			if topicResults != 2 {
				t.Errorf("%d topic results; want 2", topicResults)
			}
		})
	}
}
