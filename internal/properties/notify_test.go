package properties_test

import (
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/logsrole"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
	"github.com/trailpolicy/trailpolicy/snstopic"
)

// destinations is a world whose trails also notify an SNS topic and send
// their events to a CloudWatch Logs log group, both in dest, an account that
// owns trails, and in the home Region; with the topic policy and the
// delivery role's two policies built from the same site.
type destinations struct {
	*world
	dest, topic, group     string
	topicPolicy, logsTrust *policy.Document
	logsPolicy             *policy.Document
	roleARN                string
}

func buildDestinations(t *testing.T, s setup, dest string) *destinations {
	t.Helper()
	w := build(t, s) // the other documents, for the helpers
	d := &destinations{world: w, dest: dest,
		topic: fmt.Sprintf("arn:%s:sns:%s:%s:cloudtrail-notifications", part, homeRegion, dest),
		group: fmt.Sprintf("arn:%s:logs:%s:%s:log-group:CloudTrail/events", part, homeRegion, dest),
	}
	c := s.siteConfig()
	c.SNSTopicARN, c.CloudWatchLogsGroupARN = d.topic, d.group
	site, err := cloudtrail.New(c)
	if err != nil {
		t.Fatalf("%s: cloudtrail.New with destinations in %s: %v", s.name, dest, err)
	}
	must := func(doc *policy.Document, err error) *policy.Document {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		return doc
	}
	d.topicPolicy = must(snstopic.Build(snstopic.Config{Site: site}))
	cfg := logsrole.Config{Site: site}
	d.logsTrust = must(logsrole.BuildTrustPolicy(cfg))
	d.logsPolicy = must(logsrole.BuildRolePolicy(cfg))
	d.roleARN, _ = cfg.RoleARN()
	return d
}

// checks returns the properties of the three documents over the world's
// universe of accounts and trails:
//
//   - topic/publish-own-trails-only: CloudTrail may publish to the topic for
//     exactly the trails of the topic's account homed in its Region; no
//     other service may, for any trail;
//   - logs-role/assumed-by-cloudtrail-only: CloudTrail may assume the role;
//     no other service and no IAM principal, of any account, may;
//   - logs-role/own-streams-only: the role may create and write exactly the
//     streams CloudTrail names for the group's account and Region (and, in
//     the management account, the organization's), and none in another
//     group.
func (d *destinations) checks() []check {
	var out []check
	one := func(property, what string, want bool, req eval.Request, pol eval.Policies) {
		out = append(out, check{property: property, what: what, want: want, steps: []step{{req: req, pol: pol}}})
	}
	for _, trail := range d.allTrails() {
		a, err := cloudtrail.ParseTrailARN("", trail)
		if err != nil {
			panic(err)
		}
		own := a.AccountID == d.dest && a.Region == homeRegion
		for _, svc := range []string{cloudtrail.ServicePrincipal, "events.amazonaws.com", "s3.amazonaws.com"} {
			c := service(svc, trail)
			one("topic/publish-own-trails-only", c.name+" publishes", own && svc == cloudtrail.ServicePrincipal,
				request(c, "sns:Publish", d.topic, d.dest), eval.Policies{Resource: d.topicPolicy})
		}
	}

	for _, svc := range []string{cloudtrail.ServicePrincipal, "logs.amazonaws.com", "lambda.amazonaws.com"} {
		c := service(svc, cloudtrail.TrailARN(part, homeRegion, d.dest, "main"))
		one("logs-role/assumed-by-cloudtrail-only", c.name+" assumes the role", svc == cloudtrail.ServicePrincipal,
			request(c, "sts:AssumeRole", d.roleARN, d.dest), eval.Policies{Resource: d.logsTrust})
	}
	for _, account := range d.universe() {
		c := d.session(account, "Admin", administratorAccess)
		one("logs-role/assumed-by-cloudtrail-only", c.name+" assumes the role", false,
			request(c, "sts:AssumeRole", d.roleARN, d.dest), eval.Policies{Resource: d.logsTrust, Identity: c.identity})
	}

	role := d.session(d.dest, logsrole.DefaultRoleName, d.logsPolicy)
	streams := func(group string) map[string]bool {
		out := map[string]bool{}
		for _, account := range d.universe() {
			for _, region := range []string{homeRegion, "eu-west-1"} {
				name := fmt.Sprintf("%s_CloudTrail_%s", account, region)
				out[group+":log-stream:"+name] = group == d.group && account == d.dest && region == homeRegion
				if d.org != nil {
					for _, id := range []string{d.org.ID, otherOrgID} {
						out[group+":log-stream:"+id+"_"+name] = group == d.group && id == d.org.ID && d.dest == d.mgmt()
					}
				}
			}
		}
		return out
	}
	other := fmt.Sprintf("arn:%s:logs:%s:%s:log-group:application", part, homeRegion, d.dest)
	for _, group := range []string{d.group, other} {
		for stream, want := range streams(group) {
			for _, action := range []string{"logs:CreateLogStream", "logs:PutLogEvents"} {
				one("logs-role/own-streams-only", fmt.Sprintf("the role calls %s on %s", action, stream), want,
					request(role, action, stream, d.dest), eval.Policies{Identity: role.identity})
			}
		}
		// Nothing else in either group.
		one("logs-role/own-streams-only", "the role deletes a stream of "+group, false,
			request(role, "logs:DeleteLogStream", group+":log-stream:x", d.dest), eval.Policies{Identity: role.identity})
	}
	return out
}

// TestDestinations runs the properties of the topic policy and the delivery
// role for every scenario, with the destinations in each account that owns
// trails.
func TestDestinations(t *testing.T) {
	want := []string{"logs-role/assumed-by-cloudtrail-only", "logs-role/own-streams-only", "topic/publish-own-trails-only"}
	for _, s := range scenarios() {
		if s.kms() {
			continue // the key changes none of the three documents
		}
		w := build(t, s)
		for _, dest := range w.owners() {
			d := buildDestinations(t, s, dest)
			checks := d.checks()
			if got := properties(checks); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s: the checks test %v, want %v", s.name, got, want)
			}
			failed, n := run(t, checks)
			t.Run(s.name+"/"+dest, func(t *testing.T) {
				t.Logf("%d checks, %d requests evaluated", len(checks), n)
				for _, p := range want {
					if f := failed[p]; len(f) > 0 {
						t.Errorf("%s fails for %d requests, e.g.:\n%s", p, len(f), examples(f, 3))
					}
				}
			})
		}
	}
}
