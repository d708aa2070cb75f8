package audit

import (
	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// The properties of the SNS topic the trails notify (snsTopicArn), proved
// on its access policy. CloudTrail publishes as the service principal
// cloudtrail.amazonaws.com (the page's default statement allows it
// SNS:Publish on the topic), and the page "strongly recommend[s]" adding
// condition keys to restrict access to the topic ("Amazon SNS topic policy
// for CloudTrail",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html,
// read 2026-12-02): the property asks that only the setup's trails get
// through. The trails that must publish are those of the topic's account
// and Region ([cloudtrail.Site.TrailsIn]; cloudtrail.New's rule for
// snsTopicArn, with its sources). Whether {"AWS": "*"} matches a service
// principal is policy/eval's judgement call (its package doc).
const (
	PropTrailPublishes     = "topic/trail-publishes"
	PropOnlyTrailsPublish  = "topic/only-setup-trails-publish"
	snsPublish             = "sns:Publish"
	cloudTrailService      = "cloudtrail.amazonaws.com"
	propertyOrderTopicBase = 100 // after every property of the bucket, key, vendor and SCP
)

func init() {
	propertyOrder[PropTrailPublishes] = propertyOrderTopicBase
	propertyOrder[PropOnlyTrailsPublish] = propertyOrderTopicBase + 1
}

// registerTopic records the tests of the topic properties: the topic, its
// account, and the trails whose CloudTrail may publish to it.
func (c *checker) registerTopic() {
	topic, ok := c.in.Site.SNSTopic()
	if !ok {
		return
	}
	c.a.account(topic.AccountID)
	c.a.resources = append(c.a.resources, literalMatcher(topic.String(), false))
	for _, t := range c.in.Site.TrailsIn(topic.AccountID, topic.Region) {
		m := literalMatcher(t, false)
		if !c.in.Site.ExactTrails() {
			m = globMatcher(t, false) // the topic policy's StringLike
		}
		c.a.value("aws:SourceArn", m)
		c.sc.topicTrails = append(c.sc.topicTrails, m)
	}
}

// topicTrail reports whether r is CloudTrail acting for a trail that may
// publish to the topic.
func (c *checker) topicTrail(r *rep) bool {
	if r.p.Type != eval.ServicePrincipal || r.p.Service != cloudTrailService {
		return false
	}
	src, ok := get(r.ctx, "aws:SourceArn")
	return ok && c.anyMatch(c.sc.topicTrails, src)
}

// topicProperties returns the topic's properties, none without a topic.
func (c *checker) topicProperties() []query {
	topic, ok := c.in.Site.SNSTopic()
	if !ok {
		return nil
	}
	arn := topic.String()
	need := []string{trailpolicy.NameTopicPolicy}
	onTopic := func(*rep, string) []string { return []string{arn} }
	return []query{
		{name: PropTrailPublishes, fixed: true, description: "each trail of the topic's account and Region can have CloudTrail publish to the topic",
			needs: need, actions: []string{snsPublish}, principal: c.topicTrail, resources: onTopic,
			want: func(_ *rep, _, _ string, _ map[string][]string, res eval.Result) string { return allow(res) }},
		{name: PropOnlyTrailsPublish, description: "nobody publishes to the topic but CloudTrail for those trails (principals of the topic's account excepted: their own IAM decides)",
			needs: need, actions: []string{snsPublish}, principal: func(*rep) bool { return true }, resources: onTopic,
			want: func(r *rep, _, _ string, _ map[string][]string, out eval.Result) string {
				if out.Decision != eval.Allow || c.topicTrail(r) || c.iamOf(r, topic.AccountID) {
					return ""
				}
				return deny
			}},
	}
}

// topicARN is the topic's ARN, "" without one.
func (c *checker) topicARN() string {
	if t, ok := c.in.Site.SNSTopic(); ok {
		return t.String()
	}
	return ""
}
