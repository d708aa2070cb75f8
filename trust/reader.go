package trust

import (
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
)

// DefaultReaderRoleName is the name of the organization's own read role when
// [ReaderConfig.RoleName] is empty.
const DefaultReaderRoleName = "CloudTrailSecurityReader"

// ReaderConfig describes a read role for principals of your own
// organization, such as the security team's roles in a security tooling
// account. They are not a third party, so no external ID is involved: the
// external ID exists to protect a vendor's customers from each other
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html).
// Give the role the same [BuildReadPolicy] permissions as a vendor's.
type ReaderConfig struct {
	// Partition of every ARN; empty means "aws".
	Partition policy.Partition `json:"partition,omitempty" yaml:"partition,omitempty"`
	// LogArchiveAccount is the 12-digit ID of the account that owns the
	// role. Required.
	LogArchiveAccount string `json:"logArchiveAccount" yaml:"logArchiveAccount"`
	// Principals are the IAM principals that may assume the role: role ARNs
	// (with or without a path, such as IAM Identity Center's
	// role/aws-reserved/sso.amazonaws.com/...), user ARNs, or an account root
	// (arn:partition:iam::account:root) to delegate the choice to that
	// account's IAM policies. At least one is required; all must be in
	// Partition. Order and duplicates do not matter.
	Principals []string `json:"principals" yaml:"principals"`
	// OrganizationID, when set, adds an aws:PrincipalOrgID condition, so
	// that only principals whose account belongs to this organization can
	// assume the role, even if an account named in Principals leaves it.
	OrganizationID string `json:"organizationId,omitempty" yaml:"organizationId,omitempty"`
	// RoleName is the name of the role in the log archive account; empty
	// means [DefaultReaderRoleName].
	RoleName string `json:"roleName,omitempty" yaml:"roleName,omitempty"`
	// Limits overrides the size limits; a zero field means the AWS default.
	Limits policy.Limits `json:"-" yaml:"-"`
}

// RoleARN returns the ARN of the read role, with the defaults applied; it is
// only meaningful for a config that [BuildReaderTrustPolicy] accepts.
func (c ReaderConfig) RoleARN() string {
	return policy.RoleARN(c.Partition.OrDefault(), c.LogArchiveAccount, roleNameOrDefault(c.RoleName, DefaultReaderRoleName))
}

// BuildReaderTrustPolicy returns the trust policy of the organization's own
// read role: one statement allowing sts:AssumeRole to the named principals,
// with an aws:PrincipalOrgID condition when OrganizationID is set
// ("AWS global condition context keys", aws:PrincipalOrgID,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
// For an outside company use [BuildTrustPolicy], which requires an
// external ID.
func BuildReaderTrustPolicy(cfg ReaderConfig) (*policy.Document, error) {
	var p policy.Problems
	part := cfg.Partition.OrDefault()
	partErr := policy.CheckPartition("Partition", part)
	p.Add(partErr)
	p.Add(policy.CheckAccountID("LogArchiveAccount", cfg.LogArchiveAccount))
	p.Add(policy.CheckRoleName("RoleName", roleNameOrDefault(cfg.RoleName, DefaultReaderRoleName)))
	if cfg.OrganizationID != "" {
		p.Add(policy.CheckOrgID("OrganizationID", cfg.OrganizationID))
	}
	if len(cfg.Principals) == 0 {
		p.Addf(policy.ErrRequired, "Principals", "",
			"is empty: name at least one IAM role, user or account root ARN that may assume the role")
	}
	for i, s := range cfg.Principals {
		field := fmt.Sprintf("Principals[%d]", i)
		a, err := policy.ParseIAMPrincipalARN(field, s)
		if err != nil {
			p.Add(err)
			continue
		}
		if partErr == nil && a.Partition != part {
			p.Addf(policy.ErrARN, field, s,
				"is in partition %s, but Partition is %s", a.Partition, part)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}

	st := iampolicy.Statement{
		Sid:       "AllowReadersAssumeRole",
		Effect:    iampolicy.EffectAllow,
		Principal: policy.AWSPrincipal(policy.SortedUnique(cfg.Principals)...),
		Action:    policy.Strings("sts:AssumeRole"),
	}
	if cfg.OrganizationID != "" {
		st.Condition = policy.Conditions{}.With("StringEquals", "aws:PrincipalOrgID", cfg.OrganizationID)
	}
	doc := policy.New(policy.KindTrustPolicy, st)
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		return nil, err
	}
	return doc, nil
}
