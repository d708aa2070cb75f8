package trust

import (
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
)

// DefaultRoleName is the name of the vendor's role in the log archive
// account when [VendorConfig.RoleName] is empty. The trust policy itself does
// not contain the name; it matters for [VendorConfig.RoleARN], which the key
// policy and the setup use to name the role.
const DefaultRoleName = "CloudTrailLogReader"

// VendorConfig describes an outside company (the vendor) that reads the logs
// by assuming a role in the log archive account, as in the AWS CloudTrail
// User Guide's "Sharing scenario 2"
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-sharing-logs-third-party.html).
// The zero value is not usable: LogArchiveAccount, VendorAccount and
// ExternalID are required.
type VendorConfig struct {
	// Partition of every ARN; empty means "aws".
	Partition policy.Partition `json:"partition,omitempty" yaml:"partition,omitempty"`
	// LogArchiveAccount is the 12-digit ID of the account that owns the role
	// (and, usually, the log bucket). Required. The vendor account must differ
	// from it: a principal of the same account is not a third party.
	LogArchiveAccount string `json:"logArchiveAccount" yaml:"logArchiveAccount"`
	// VendorAccount is the vendor's 12-digit AWS account ID. Required. The
	// trust policy names its root (arn:partition:iam::account:root), which
	// lets the vendor's own administrators decide which of their principals
	// may assume the role, unless VendorRoles narrows it.
	VendorAccount string `json:"account" yaml:"account"`
	// VendorRoles, when set, are the ARNs of the vendor's IAM roles that may
	// assume the role, trusted instead of the vendor's whole account. Each
	// must be a role in VendorAccount and in Partition. IAM stores a role
	// principal as the role's unique ID, so a vendor role deleted and created
	// again under the same name is no longer trusted until the trust policy is
	// saved again ("AWS JSON policy elements: Principal",
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
	// Order and duplicates do not matter: the library sorts a copy.
	VendorRoles []string `json:"roles,omitempty" yaml:"roles,omitempty"`
	// ExternalID is the value the vendor assigned to this customer and must
	// pass to sts:AssumeRole. Required: 2 to 1,224 characters of ASCII
	// letters, digits and _+=,.@:/- ("IAM and AWS STS quotas",
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
	// AWS recommends that the vendor generate it, one per customer account;
	// it is not a secret
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html).
	ExternalID string `json:"externalId" yaml:"externalId"`
	// RoleName is the name of the role in the log archive account, 1 to 64
	// characters of ASCII letters, digits and _+=,.@-. Empty means
	// [DefaultRoleName].
	RoleName string `json:"roleName,omitempty" yaml:"roleName,omitempty"`
	// Limits overrides the size limits; a zero field means the AWS default
	// (2,048 characters for a trust policy, adjustable up to 4,096 by a quota
	// request: [policy.TrustPolicyLimitRaised]).
	Limits policy.Limits `json:"-" yaml:"-"`
}

// RoleARN returns the ARN of the vendor's role in the log archive account,
// arn:partition:iam::LogArchiveAccount:role/RoleName, with the defaults
// applied. The key policy must allow this role kms:Decrypt when the logs are
// encrypted with SSE-KMS. The ARN is only meaningful for a config that
// [BuildTrustPolicy] accepts.
func (c VendorConfig) RoleARN() string {
	return policy.RoleARN(c.Partition.OrDefault(), c.LogArchiveAccount, roleNameOrDefault(c.RoleName, DefaultRoleName))
}

func roleNameOrDefault(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// BuildTrustPolicy returns the trust policy of the vendor's role: one
// statement that allows sts:AssumeRole to the vendor's account root (or to
// VendorRoles) only when the request carries the vendor's external ID
// (StringEquals on sts:ExternalId). The external ID is what stops another
// customer of the same vendor from having the vendor read this account's
// logs: the confused deputy problem
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
//
// It checks every field first and returns all problems at once, with no
// document; it never modifies cfg's slices.
func BuildTrustPolicy(cfg VendorConfig) (*policy.Document, error) {
	principals, err := checkVendor(cfg)
	if err != nil {
		return nil, err
	}
	doc := policy.New(policy.KindTrustPolicy, iampolicy.Statement{
		Sid:       "AllowVendorAssumeRoleWithExternalID",
		Effect:    iampolicy.EffectAllow,
		Principal: policy.AWSPrincipal(principals...),
		Action:    policy.Strings("sts:AssumeRole"),
		// StringEquals, not StringLike: the vendor must present exactly
		// this value; a wildcard would let any customer ID through.
		Condition: policy.Conditions{}.With("StringEquals", "sts:ExternalId", cfg.ExternalID),
	})
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		return nil, err
	}
	return doc, nil
}

// checkVendor validates cfg and returns the principals to trust: the
// vendor's account root, or its roles sorted and without duplicates.
func checkVendor(cfg VendorConfig) ([]string, error) {
	var p policy.Problems
	part := cfg.Partition.OrDefault()
	partErr := policy.CheckPartition("Partition", part)
	p.Add(partErr)
	logErr := policy.CheckAccountID("LogArchiveAccount", cfg.LogArchiveAccount)
	p.Add(logErr)
	vendorErr := policy.CheckAccountID("VendorAccount", cfg.VendorAccount)
	p.Add(vendorErr)
	if vendorErr == nil && logErr == nil && cfg.VendorAccount == cfg.LogArchiveAccount {
		// The advice names no Go function: the setup layer passes this
		// reason on to people who write a setup file, not Go.
		p.Addf(policy.ErrConflict, "VendorAccount", cfg.VendorAccount,
			"is the log archive account (LogArchiveAccount): a vendor is a third party with its own AWS account; "+
				"principals of your own organization are not a third party and need no external ID: "+
				"give them a reader role of their own instead of the vendor's role")
	}
	if cfg.ExternalID == "" {
		// Say why, not only that it is missing: without the condition any
		// principal the vendor lets assume roles could be tricked into
		// using this role on behalf of another of its customers.
		p.Addf(policy.ErrRequired, "ExternalID", "",
			"is empty: a third party must present an external ID (2 to 1,224 characters of letters, digits and _+=,.@:/-) "+
				"so that it cannot be made to use this role for another customer (the confused deputy problem)")
	} else {
		p.Add(policy.CheckExternalID("ExternalID", cfg.ExternalID))
	}
	p.Add(policy.CheckRoleName("RoleName", roleNameOrDefault(cfg.RoleName, DefaultRoleName)))

	for i, r := range cfg.VendorRoles {
		field := fmt.Sprintf("VendorRoles[%d]", i)
		a, err := policy.ParseRoleARN(field, r)
		if err != nil {
			p.Add(err)
			continue
		}
		if partErr == nil && a.Partition != part {
			p.Addf(policy.ErrARN, field, r,
				"is in partition %s, but Partition is %s", a.Partition, part)
		}
		if vendorErr == nil && a.AccountID != cfg.VendorAccount {
			p.Addf(policy.ErrConflict, field, r,
				"is a role in account %s, not in the vendor's account %s (VendorAccount): name only the vendor's own roles", a.AccountID, cfg.VendorAccount)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(cfg.VendorRoles) > 0 {
		return policy.SortedUnique(cfg.VendorRoles), nil
	}
	return []string{policy.AccountRootARN(part, cfg.VendorAccount)}, nil
}
