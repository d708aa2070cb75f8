package audit

import (
	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/logsrole"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// The properties of the IAM role through which CloudTrail sends a trail's
// events to the CloudWatch Logs log group (cloudWatchLogsGroupArn), proved
// on its trust policy and its permissions policy. CloudTrail assumes the
// role as the service principal cloudtrail.amazonaws.com (the trust policy
// package logsrole writes, with its source), and the role needs
// logs:CreateLogStream and logs:PutLogEvents on the trail's streams of the
// group ("Role policy document for CloudTrail to use CloudWatch Logs for
// monitoring",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html,
// read 2026-12-02: its two statements, each on
// ...:log-group:<name>:log-stream:<prefix>*; the prefixes are
// [logsrole.StreamARNs]'s). The page also says the role policy "doesn't
// support the use of aws:SourceArn and aws:SourceAccount", so the stream
// names are its only scope.
//
// Which trail CloudTrail acts for is no condition of this trust policy
// (package logsrole's doc). What keeps another account's trail from using
// the role is iam:PassRole: "To pass a role (and its permissions) to an
// AWS service, a user must have permissions to pass the role to the
// service", and "You can only use the PassRole permission to pass an IAM
// role to a service that shares the same AWS account" ("Grant a user
// permissions to pass a role to an AWS service",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html,
// read 2026-12-02 on a stored copy). That is an identity permission of the
// role's account, which no document here decides, so "only CloudTrail
// assumes it" admits CloudTrail acting for any trail. CloudTrail's API
// reference adds, for CloudWatchLogsRoleArn, "You must use a role that
// exists in your account" (CreateTrail and UpdateTrail,
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_UpdateTrail.html,
// read 2026-12-02 in the AWS SDK for C++'s copy, aws/aws-sdk-cpp,
// generated/src/aws-cpp-sdk-cloudtrail/include/aws/cloudtrail/model/UpdateTrailRequest.h),
// and its troubleshooting page says a missing iam:PassRole permission must
// be granted "to pass a role to CloudTrail" ("Troubleshooting AWS
// CloudTrail identity and access",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/security_iam_troubleshoot.html,
// read 2026-12-02 in awsdocs/aws-cloudtrail-user-guide at 56f54d9,
// archived 2023). Neither says that CloudTrail checks iam:PassRole when a
// trail names the CloudWatch Logs role (searched 2026-12-02): verify in a
// sandbox.
const (
	PropLogsRoleAssumed        = "logs/cloudtrail-assumes-role"
	PropLogsRoleOnlyCloudTrail = "logs/only-cloudtrail-assumes-role"
	PropLogsRoleWrites         = "logs/role-writes-streams"
	PropLogsRoleOnlyStreams    = "logs/role-writes-only-trail-streams"
)

// logsWrites are the actions the role needs; logsOther some it must not be
// allowed on anything, asked on every representative resource: it needs
// nothing else, and these would let it destroy or read events, or touch
// the delivered logs. (Actions on keys and roles are left out: the
// evaluator needs their resource policies, which the role's property does
// not.)
var (
	logsWrites = []string{"logs:CreateLogStream", "logs:PutLogEvents"}
	logsOther  = []string{"logs:DeleteLogStream", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:GetLogEvents",
		"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}
)

func init() {
	for i, p := range []string{PropLogsRoleAssumed, PropLogsRoleOnlyCloudTrail, PropLogsRoleWrites, PropLogsRoleOnlyStreams} {
		propertyOrder[p] = propertyOrderTopicBase + 10 + i
	}
}

// registerLogsRole records the tests of the role's properties: the role,
// its account, and the streams it must be able to write.
func (c *checker) registerLogsRole() {
	g, ok := c.in.Site.LogGroup()
	if !ok || c.in.LogsRoleARN == "" {
		return
	}
	c.a.account(g.AccountID)
	c.a.rolePrincipal(c.in.LogsRoleARN)
	c.a.resources = append(c.a.resources, literalMatcher(c.in.LogsRoleARN, false))
	for _, s := range logsrole.StreamARNs(c.in.Site, g) {
		c.sc.logStreams = append(c.sc.logStreams, c.a.scope(s))
	}
	// The role's identity policy alone decides requests on resources of
	// its own account (no resource policy is needed there), so the
	// property asks resources of that account outside the streams: in the
	// log group and in another group. Registered as tests, they give
	// witnesses that carry the account.
	c.a.scope(g.String() + ":*")
	c.a.scope("arn:" + string(c.in.Site.Partition()) + ":logs:*:" + g.AccountID + ":*")
}

// logsRole reports whether r is a session of the delivery role.
func (c *checker) logsRole(r *rep) bool { return sameRole(r, c.in.LogsRoleARN) }

// logsRoleProperties returns the role's properties, none without a log
// group.
func (c *checker) logsRoleProperties() []query {
	g, ok := c.in.Site.LogGroup()
	if !ok || c.in.LogsRoleARN == "" {
		return nil
	}
	role := func(*rep, string) []string { return []string{c.in.LogsRoleARN} }
	trust := []string{trailpolicy.NameLogsRoleTrust}
	perms := []string{trailpolicy.NameLogsRolePolicy}
	cloudTrail := func(r *rep) bool { return r.p.Type == eval.ServicePrincipal && r.p.Service == cloudTrailService }
	streams := func(*rep, string) []string {
		var out []string
		for i := range c.sc.logStreams {
			out = append(out, c.pick(&c.sc.logStreams[i])...)
		}
		return out
	}
	inStreams := func(res string) bool { return c.anyMatch(c.sc.logStreams, res) }
	return []query{
		{name: PropLogsRoleAssumed, fixed: true, description: "CloudTrail can assume the CloudWatch Logs delivery role",
			needs: trust, actions: []string{"sts:AssumeRole"}, principal: func(r *rep) bool {
				x, ok := c.trailOwner(r)
				return ok && x == g.AccountID // the trails of the group's account
			}, resources: role,
			want: func(_ *rep, _, _ string, _ map[string][]string, res eval.Result) string { return allow(res) }},
		{name: PropLogsRoleOnlyCloudTrail, description: "nobody but CloudTrail assumes the CloudWatch Logs delivery role",
			needs: trust, actions: []string{"sts:AssumeRole"}, principal: func(*rep) bool { return true }, resources: role,
			want: func(r *rep, _, _ string, _ map[string][]string, out eval.Result) string {
				if out.Decision != eval.Allow || cloudTrail(r) {
					return ""
				}
				if r.root && r.p.Type == eval.AWSPrincipal {
					return "" // AWS refuses the root user AssumeRole (see PropExternalID)
				}
				return deny
			}},
		{name: PropLogsRoleWrites, fixed: true, description: "the delivery role can create and write the trails' log streams in the log group",
			needs: perms, actions: logsWrites, principal: c.logsRole, resources: streams,
			want: func(_ *rep, _, _ string, _ map[string][]string, res eval.Result) string { return allow(res) }},
		{name: PropLogsRoleOnlyStreams, description: "the delivery role creates and writes only the trails' log streams of its account (and organization), and may do nothing else asked (" + joinActions(logsOther) + ")",
			needs: perms, actions: append(append([]string{}, logsWrites...), logsOther...), principal: c.logsRole,
			resources: func(*rep, string) []string { return c.pick() },
			want: func(_ *rep, action, res string, _ map[string][]string, out eval.Result) string {
				if out.Decision != eval.Allow || contains(logsWrites, action) && inStreams(res) {
					return ""
				}
				return deny
			}},
	}
}

// joinActions lists actions separated by commas.
func joinActions(actions []string) string {
	out := ""
	for i, a := range actions {
		if i > 0 {
			out += ", "
		}
		out += a
	}
	return out
}
