package trailpolicy

import (
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/logsrole"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/snstopic"
)

// LogsRoleResourceName names the CloudWatch Logs delivery role's resources
// in the Terraform and CloudFormation outputs
// ([cloudtrail.Target.ResourceName]).
const LogsRoleResourceName = "cloudwatch_logs"

// topicPolicy: with an SNS topic (snsTopicArn), its access policy.
func (s Setup) topicPolicy(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.SNSTopicARN == "" {
		return nil, nil
	}
	doc, err := snstopic.Build(snstopic.Config{Site: site})
	return one(NameTopicPolicy, site.TopicPolicyTarget(), doc, err)
}

func (s Setup) logsRoleConfig(site *cloudtrail.Site) logsrole.Config {
	return logsrole.Config{Site: site, Options: s.LogsRole}
}

// logsRoleTarget returns the target of a policy of the delivery role, in the
// log group's account.
func (s Setup) logsRoleTarget(site *cloudtrail.Site, kind cloudtrail.TargetKind, policyName string) cloudtrail.Target {
	cfg := s.logsRoleConfig(site)
	return site.TrailRoleTarget(kind, cfg.Account(), cfg.RoleName(), policyName, LogsRoleResourceName)
}

// logsRoleTrust: with a log group (cloudWatchLogsGroupArn), the delivery
// role's trust policy.
func (s Setup) logsRoleTrust(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.CloudWatchLogsGroupARN == "" {
		return nil, s.logsRoleUnused()
	}
	doc, err := logsrole.BuildTrustPolicy(s.logsRoleConfig(site))
	target := s.logsRoleTarget(site, cloudtrail.RoleTrustTarget, "")
	return one(NameLogsRoleTrust, target, doc, err)
}

// logsRolePolicy: with a log group, the delivery role's permissions policy.
func (s Setup) logsRolePolicy(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.CloudWatchLogsGroupARN == "" {
		return nil, nil
	}
	// The trust policy's build reported the role's problems already.
	if _, err := logsrole.BuildTrustPolicy(s.logsRoleConfig(site)); err != nil {
		return nil, nil
	}
	doc, err := logsrole.BuildRolePolicy(s.logsRoleConfig(site))
	return one(NameLogsRolePolicy, s.logsRoleTarget(site, cloudtrail.RolePolicyTarget, logsrole.PolicyName), doc, err)
}

// logsRoleUnused refuses logsRole options without a log group, which would
// otherwise be dropped without a word.
func (s Setup) logsRoleUnused() error {
	if field, value, ok := firstSet("logsRole", s.LogsRole); ok {
		return policy.NewFieldError(policy.ErrConflict, field, value, "is set but cloudWatchLogsGroupArn is empty: the logsRole block holds options of the CloudWatch Logs delivery role, which only a log group calls for")
	}
	return nil
}
