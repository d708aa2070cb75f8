package trust

import (
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
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
// Problems with an option are reported on its lowerCamel name
// ("principals[0]", "roleName", "limitToOrganization").
type ReaderConfig struct {
	// Site is the logging site, made by [cloudtrail.New]. Required; its
	// partition is that of every ARN, and its log archive account
	// (cloudtrail.SiteConfig.LogArchiveAccount), the account that owns the
	// role, is required: without it [BuildReaderTrustPolicy] reports a
	// [policy.ErrRequired] problem on "logArchiveAccount".
	Site *cloudtrail.Site
	// Principals are the IAM principals that may assume the role: role ARNs
	// (with or without a path, such as IAM Identity Center's
	// role/aws-reserved/sso.amazonaws.com/...), user ARNs, or an account root
	// (arn:partition:iam::account:root) to delegate the choice to that
	// account's IAM policies. At least one is required (else a problem on
	// "principals"); all must be in the Site's partition (else a problem on
	// "principals[i]"). Order and duplicates do not matter: the library
	// sorts a copy.
	Principals []string
	// LimitToOrganization adds an aws:PrincipalOrgID condition on the ID of
	// the Site's organization, so that only principals whose account belongs
	// to that organization can assume the role, even if an account named in
	// Principals leaves it. Off by default. Setting it for a Site without an
	// organization is a [policy.ErrConflict] problem on
	// "limitToOrganization".
	LimitToOrganization bool
	// RoleName is the name of the role in the log archive account, 1 to 64
	// characters of ASCII letters, digits and _+=,.@-; empty means
	// [DefaultReaderRoleName]. Errors: "roleName".
	RoleName string
	// Limits overrides the size limits; a zero field means the AWS default
	// (2,048 characters for a trust policy).
	Limits policy.Limits
}

// RoleARN returns the ARN of the read role in the log archive account,
// arn:partition:iam::logArchiveAccount:role/name, with the defaults
// applied. It returns false, and no ARN, unless the role name is valid and
// the Site (not nil) has a log archive account.
func (c ReaderConfig) RoleARN() (string, bool) {
	return roleARN(c.Site, roleNameOrDefault(c.RoleName, DefaultReaderRoleName))
}

// BuildReaderTrustPolicy returns the trust policy of the organization's own
// read role: one statement allowing sts:AssumeRole to the named principals,
// with an aws:PrincipalOrgID condition with LimitToOrganization
// ("AWS global condition context keys", aws:PrincipalOrgID,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
// For an outside company use [BuildTrustPolicy], which requires an
// external ID.
//
// It first adds cfg.Site.Check() to its problems (an error wrapping
// [cloudtrail.ErrIncompleteSite] for a nil Site or one that
// [cloudtrail.New] returned with an error), then checks its own options
// against whatever the Site holds, and returns every problem at once, each
// a *[policy.FieldError], with no document. It never modifies cfg's slices.
// When the principals make the policy too large, the *[policy.SizeError]
// names "principals" and says how many of them fit.
func BuildReaderTrustPolicy(cfg ReaderConfig) (*policy.Document, error) {
	var p policy.Problems
	s := cfg.Site
	p.Add(s.Check())
	// A log archive account New refused was reported once, by New.
	if s != nil && !s.Refused("logArchiveAccount") && s.LogArchiveAccount() == "" {
		p.Add(policy.CheckAccountID("logArchiveAccount", ""))
	}
	p.Add(policy.CheckRoleName("roleName", roleNameOrDefault(cfg.RoleName, DefaultReaderRoleName)))
	orgID := ""
	if s != nil && cfg.LimitToOrganization {
		if o, ok := s.Organization(); ok {
			orgID = o.ID
		} else {
			p.Addf(policy.ErrConflict, "limitToOrganization", "true",
				"is set but the setup has no organization: set organization, or leave limitToOrganization unset")
		}
	}
	if len(cfg.Principals) == 0 {
		p.Addf(policy.ErrRequired, "principals", "",
			"is empty: name at least one IAM role, user or account root ARN that may assume the role")
	}
	for i, arn := range cfg.Principals {
		field := fmt.Sprintf("principals[%d]", i)
		a, err := policy.ParseIAMPrincipalARN(field, arn)
		if err != nil {
			p.Add(err)
			continue
		}
		p.Add(s.CheckPartitionOf(field, arn, a))
	}
	if err := p.Err(); err != nil {
		return nil, err
	}

	principals := policy.SortedUnique(cfg.Principals)
	doc := readerTrustPolicy(principals, orgID)
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		// At least one principal is required, so the count starts at 1.
		fit := policy.MostThatFit(len(principals)-1, func(n int) bool {
			return cfg.Limits.Fits(readerTrustPolicy(principals[:n+1], orgID))
		})
		if fit >= 0 {
			fit++
		}
		return nil, listSizeError(err, "principals", "principals", len(principals), fit,
			fmt.Sprintf("name an account root to let that account's IAM policies choose its principals, or ask AWS to raise the role trust policy length quota (up to %d characters)", policy.TrustPolicyLimitRaised))
	}
	return doc, nil
}

// readerTrustPolicy builds the reader trust policy for checked principals,
// sorted and without duplicates, with the organization condition when orgID
// is set.
func readerTrustPolicy(principals []string, orgID string) *policy.Document {
	st := iampolicy.Statement{
		Sid:       "AllowReadersAssumeRole",
		Effect:    iampolicy.EffectAllow,
		Principal: policy.AWSPrincipal(principals...),
		Action:    policy.Strings("sts:AssumeRole"),
	}
	if orgID != "" {
		st.Condition = policy.Conditions{}.With("StringEquals", "aws:PrincipalOrgID", orgID)
	}
	return policy.New(policy.KindTrustPolicy, st)
}
