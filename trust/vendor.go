package trust

import (
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// DefaultRoleName is the name of the vendor's role in the log archive
// account when [Vendor.RoleName] is empty. The trust policy itself does not
// contain the name; it matters for [VendorConfig.RoleARN], which the key
// policy and the setup use to name the role.
const DefaultRoleName = "CloudTrailLogReader"

// Vendor is the setup file's "vendor" block: the outside company that reads
// the logs by assuming a role in the log archive account with an external
// ID, as in the AWS CloudTrail User Guide's "Sharing scenario 2"
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-sharing-logs-third-party.html).
// The JSON and YAML names in the tags are the names a setup file uses, and
// [BuildTrustPolicy] reports a problem with a field by its path in the
// setup file: "vendor.account", "vendor.externalId", "vendor.roleName",
// "vendor.roles[i]"; [BuildReadPolicy] those of its read policy's options,
// "vendor.readPolicy.limitToAccounts[i]". The zero value is not usable:
// Account and ExternalID are required.
type Vendor struct {
	// Account is the vendor's 12-digit AWS account ID. Required; it must
	// differ from the log archive account, because a principal of the same
	// account is not a third party. The trust policy names its root
	// (arn:partition:iam::account:root), which lets the vendor's own
	// administrators decide which of their principals may assume the role,
	// unless Roles narrows it. Errors: "vendor.account".
	Account string `json:"account" yaml:"account"`
	// ExternalID is the value the vendor assigned to you, which it must pass
	// to sts:AssumeRole. Required: 2 to 1,224 characters of ASCII letters,
	// digits and _+=,.@:/- ("IAM and AWS STS quotas",
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
	// AWS recommends that the vendor generate it, one per customer account;
	// it is not a secret
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html).
	// Errors: "vendor.externalId".
	ExternalID string `json:"externalId" yaml:"externalId"`
	// RoleName is the name of the role in the log archive account, 1 to 64
	// characters of ASCII letters, digits and _+=,.@-; empty means
	// "CloudTrailLogReader" ([DefaultRoleName]). Errors: "vendor.roleName".
	RoleName string `json:"roleName,omitempty" yaml:"roleName,omitempty"`
	// Roles, when set, are the ARNs of the vendor's own IAM roles that may
	// assume the role, trusted instead of the vendor's whole account. Each
	// must be a role in Account and in the setup's partition. IAM stores a
	// role principal as the role's unique ID, so a vendor role deleted and
	// created again under the same name is no longer trusted until the trust
	// policy is saved again ("AWS JSON policy elements: Principal",
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
	// Order and duplicates do not matter: the library sorts a copy. Errors:
	// "vendor.roles[i]", and "vendor.roles" on a trust policy they make too
	// large.
	Roles []string `json:"roles,omitempty" yaml:"roles,omitempty"`
	// ReadPolicy holds the options of the role's read policy, which the
	// setup builds with [BuildReadPolicy] (ReadConfig{Site: site,
	// ReadOptions: vendor.ReadPolicy}): the read policy belongs to the
	// vendor's role, so its options sit in the vendor's block, and a setup
	// without a vendor has no read policy to set them for.
	// [BuildTrustPolicy] does not read them. Default: every log file under
	// [prefix/]AWSLogs/, with the two exact actions. Errors:
	// "vendor.readPolicy.limitToAccounts[i]", ...
	ReadPolicy ReadOptions `json:"readPolicy,omitempty" yaml:"readPolicy,omitempty"`
}

// VendorConfig describes the vendor's role: the [Vendor] and the logging
// site whose log archive account holds the role. The zero value is not
// usable: Site, its log archive account, Vendor.Account and
// Vendor.ExternalID are required.
type VendorConfig struct {
	// Site is the logging site, made by [cloudtrail.New]. Required; its
	// partition is that of every ARN, and its log archive account
	// (cloudtrail.SiteConfig.LogArchiveAccount) is required, as the account
	// that owns the role: without it [BuildTrustPolicy] reports a
	// [policy.ErrRequired] problem on "logArchiveAccount".
	Site *cloudtrail.Site
	// Vendor is the outside company; its problems are reported on
	// "vendor.account", "vendor.externalId", "vendor.roleName" and
	// "vendor.roles[i]".
	Vendor Vendor
	// Limits overrides the size limits; a zero field means the AWS default
	// (2,048 characters for a trust policy, adjustable up to 4,096 by a quota
	// request: [policy.TrustPolicyLimitRaised]).
	Limits policy.Limits
}

// RoleName returns the name of the vendor's role: [Vendor.RoleName], or
// [DefaultRoleName] when it is empty.
func (c VendorConfig) RoleName() string {
	return roleNameOrDefault(c.Vendor.RoleName, DefaultRoleName)
}

// RoleARN returns the ARN of the vendor's role in the log archive account,
// arn:partition:iam::logArchiveAccount:role/RoleName, with the defaults
// applied. The key policy must allow this role kms:Decrypt when the logs are
// encrypted with SSE-KMS. It returns false, and no ARN, unless the role name
// is valid and the Site (not nil) has a log archive account: an ARN made
// of an invalid name or without an account would name no role.
func (c VendorConfig) RoleARN() (string, bool) {
	return roleARN(c.Site, c.RoleName())
}

// roleARN returns the ARN of the role name in the site's log archive
// account, and false when there is no such role to name.
func roleARN(s *cloudtrail.Site, name string) (string, bool) {
	if s == nil || s.LogArchiveAccount() == "" || policy.CheckRoleName("", name) != nil {
		return "", false
	}
	return policy.RoleARN(s.Partition(), s.LogArchiveAccount(), name), true
}

func roleNameOrDefault(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// BuildTrustPolicy returns the trust policy of the vendor's role: one
// statement that allows sts:AssumeRole to the vendor's account root (or to
// Vendor.Roles) only when the request carries the vendor's external ID
// (StringEquals on sts:ExternalId). The external ID is what stops another
// customer of the same vendor from having the vendor read this account's
// logs: the confused deputy problem
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
//
// It first adds cfg.Site.Check() to its problems (an error wrapping
// [cloudtrail.ErrIncompleteSite] for a nil Site or one that
// [cloudtrail.New] returned with an error), then checks the vendor against
// whatever the Site holds, and returns every problem at once, each a
// *[policy.FieldError] on the setup's path ("vendor.externalId",
// "logArchiveAccount"), with no document. It never modifies cfg's slices.
// When the named vendor roles make the policy too large, the
// *[policy.SizeError] names "vendor.roles" and says how many of them fit.
func BuildTrustPolicy(cfg VendorConfig) (*policy.Document, error) {
	principals, err := checkVendor(cfg)
	if err != nil {
		return nil, err
	}
	doc := vendorTrustPolicy(cfg, principals)
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		if len(cfg.Vendor.Roles) > 0 {
			fit := policy.MostThatFit(len(principals), func(n int) bool {
				if n == 0 {
					return cfg.Limits.Fits(vendorTrustPolicy(cfg, []string{accountRoot(cfg)}))
				}
				return cfg.Limits.Fits(vendorTrustPolicy(cfg, principals[:n]))
			})
			err = listSizeError(err, "vendor.roles", "roles", len(principals), fit,
				fmt.Sprintf("trust the vendor's account root instead (leave vendor.roles empty), or ask AWS to raise the role trust policy length quota (up to %d characters)", policy.TrustPolicyLimitRaised))
		}
		return nil, err
	}
	return doc, nil
}

// vendorTrustPolicy builds the trust policy for a checked cfg.
func vendorTrustPolicy(cfg VendorConfig, principals []string) *policy.Document {
	return policy.New(policy.KindTrustPolicy, iampolicy.Statement{
		Sid:       "AllowVendorAssumeRoleWithExternalID",
		Effect:    iampolicy.EffectAllow,
		Principal: policy.AWSPrincipal(principals...),
		Action:    policy.Strings("sts:AssumeRole"),
		// StringEquals, not StringLike: the vendor must present exactly
		// this value; a wildcard would let any customer ID through.
		Condition: policy.Conditions{}.With("StringEquals", "sts:ExternalId", cfg.Vendor.ExternalID),
	})
}

// accountRoot returns the ARN of the vendor's account root.
func accountRoot(cfg VendorConfig) string {
	return policy.AccountRootARN(cfg.Site.Partition(), cfg.Vendor.Account)
}

// checkVendor validates cfg and returns the principals to trust: the
// vendor's account root, or its roles sorted and without duplicates.
func checkVendor(cfg VendorConfig) ([]string, error) {
	var p policy.Problems
	s, v := cfg.Site, cfg.Vendor
	p.Add(s.Check())
	logArchive := ""
	if s != nil {
		logArchive = s.LogArchiveAccount()
		// A log archive account New refused is not in the Site: it was
		// reported once, by New, and is not missing as well.
		if logArchive == "" && !s.Refused("logArchiveAccount") {
			p.Add(policy.CheckAccountID("logArchiveAccount", ""))
		}
	}
	vendorErr := policy.CheckAccountID("vendor.account", v.Account)
	p.Add(vendorErr)
	if vendorErr == nil && logArchive != "" && v.Account == logArchive {
		// The advice names no Go function: the setup layer passes this
		// reason on to people who write a setup file, not Go.
		p.Addf(policy.ErrConflict, "vendor.account", v.Account,
			"is the log archive account (logArchiveAccount): a vendor is a third party with its own AWS account; "+
				"principals of your own organization are not a third party and need no external ID: "+
				"give them a reader role of their own instead of the vendor's role")
	}
	if v.ExternalID == "" {
		// Say why, not only that it is missing: without the condition any
		// principal the vendor lets assume roles could be tricked into
		// using this role on behalf of another of its customers.
		p.Addf(policy.ErrRequired, "vendor.externalId", "",
			"is empty: a third party must present an external ID (2 to 1,224 characters of letters, digits and _+=,.@:/-) "+
				"so that it cannot be made to use this role for another customer (the confused deputy problem)")
	} else {
		p.Add(policy.CheckExternalID("vendor.externalId", v.ExternalID))
	}
	p.Add(policy.CheckRoleName("vendor.roleName", cfg.RoleName()))

	for i, r := range v.Roles {
		field := fmt.Sprintf("vendor.roles[%d]", i)
		a, err := policy.ParseRoleARN(field, r)
		if err != nil {
			p.Add(err)
			continue
		}
		p.Add(s.CheckPartitionOf(field, r, a))
		if vendorErr == nil && a.AccountID != v.Account {
			p.Addf(policy.ErrConflict, field, r,
				"is a role in account %s, not in the vendor's account %s (vendor.account): name only the vendor's own roles", a.AccountID, v.Account)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if len(v.Roles) > 0 {
		return policy.SortedUnique(v.Roles), nil
	}
	return []string{accountRoot(cfg)}, nil
}
