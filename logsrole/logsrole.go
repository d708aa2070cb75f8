package logsrole

import (
	"slices"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// DefaultRoleName is the delivery role's name when [Options.RoleName] is
// empty.
const DefaultRoleName = "CloudTrail-CloudWatchLogs"

// PolicyName is the name of the role's inline permissions policy. Inline
// policy names are unique only within their role, so a fixed name cannot
// collide.
const PolicyName = "cloudtrail-cloudwatch-logs"

// Options is the setup file's "logsRole" block.
type Options struct {
	// RoleName is the role's name, 1 to 64 characters of ASCII letters,
	// digits and _+=,.@-; empty means "CloudTrail-CloudWatchLogs"
	// ([DefaultRoleName]). Errors: "logsRole.roleName".
	RoleName string `json:"roleName,omitempty" yaml:"roleName,omitempty"`
}

// Config describes the delivery role. The zero value is not usable: Site is
// required and must name a log group (cloudWatchLogsGroupArn).
type Config struct {
	// Site is the logging site, made by [cloudtrail.New]. Required; its
	// log group ([cloudtrail.Site.LogGroup]) decides the role's account and
	// the log streams it may write.
	Site *cloudtrail.Site
	// Options are the setup's logsRole block.
	Options Options
	// Limits overrides the size limits; a zero field means the AWS default.
	Limits policy.Limits
}

// RoleName returns [Options.RoleName], or [DefaultRoleName] when it is
// empty.
func (c Config) RoleName() string {
	if c.Options.RoleName == "" {
		return DefaultRoleName
	}
	return c.Options.RoleName
}

// Account returns the account that owns the role, the log group's, and ""
// without a log group.
func (c Config) Account() string {
	g, _ := c.Site.LogGroup()
	return g.AccountID
}

// RoleARN returns the role's ARN, the trail's CloudWatchLogsRoleArn, and
// false without a log group or with an invalid role name.
func (c Config) RoleARN() (string, bool) {
	g, ok := c.Site.LogGroup()
	if !ok || policy.CheckRoleName("", c.RoleName()) != nil {
		return "", false
	}
	return policy.RoleARN(c.Site.Partition(), g.AccountID, c.RoleName()), true
}

// check returns the log group, or every problem of cfg.
func check(cfg Config) (policy.ARN, error) {
	s := cfg.Site
	var p policy.Problems
	p.Add(s.Check())
	g, ok := s.LogGroup()
	if s != nil && !ok && !s.Refused("cloudWatchLogsGroupArn") {
		p.Addf(policy.ErrRequired, "cloudWatchLogsGroupArn", "", "is empty: the CloudWatch Logs delivery role needs the ARN of the log group the trails send events to")
	}
	p.Add(policy.CheckRoleName("logsRole.roleName", cfg.RoleName()))
	return g, p.Err()
}

// BuildTrustPolicy returns the role's trust policy described in the
// package documentation, or every problem at once with no document.
func BuildTrustPolicy(cfg Config) (*policy.Document, error) {
	if _, err := check(cfg); err != nil {
		return nil, err
	}
	doc := policy.New(policy.KindTrustPolicy, iampolicy.Statement{
		Sid:       "AllowCloudTrailAssumeRole",
		Effect:    iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal(cloudtrail.ServicePrincipal),
		Action:    policy.Strings("sts:AssumeRole"),
	})
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		return nil, err
	}
	return doc, nil
}

// BuildRolePolicy returns the role's permissions policy described in the
// package documentation, or every problem at once with no document.
func BuildRolePolicy(cfg Config) (*policy.Document, error) {
	g, err := check(cfg)
	if err != nil {
		return nil, err
	}
	streams := StreamARNs(cfg.Site, g)
	doc := policy.New(policy.KindIdentityPolicy,
		iampolicy.Statement{
			Sid:      "AWSCloudTrailCreateLogStream",
			Effect:   iampolicy.EffectAllow,
			Action:   policy.Strings("logs:CreateLogStream"),
			Resource: policy.List(streams...),
		},
		iampolicy.Statement{
			Sid:      "AWSCloudTrailPutLogEvents",
			Effect:   iampolicy.EffectAllow,
			Action:   policy.Strings("logs:PutLogEvents"),
			Resource: policy.List(streams...),
		},
	)
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		return nil, err
	}
	return doc, nil
}

// StreamARNs returns the ARNs of the log streams CloudTrail writes in the
// log group g for the site's trails, sorted: <account>_CloudTrail_<Region>*
// for the trails of g's account, a trail owner ([cloudtrail.New] admits no
// other), and o-<id>_* besides when it is the organization's management
// account, as AWS's example for a policy that serves both. The other
// documents treat the management account's own trails as delivering too
// (the bucket policy's AWSLogs/<management account>/), so the role does.
func StreamARNs(s *cloudtrail.Site, g policy.ARN) []string {
	stream := func(name string) string {
		a := g
		a.Resource = g.Resource + ":log-stream:" + name
		return a.String()
	}
	out := []string{stream(g.AccountID + "_CloudTrail_" + g.Region + "*")}
	if o, ok := s.Organization(); ok && o.ManagementAccount == g.AccountID {
		out = append(out, stream(o.ID+"_*"))
	}
	slices.Sort(out)
	return out
}
