package bucket

import (
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
)

// SidDenyOutsideOrganization is the Sid of [Options.DenyOutsideOrganization]'s
// statement, the Security Reference Architecture's own.
const SidDenyOutsideOrganization = "DenyExternalPrincipals"

// keyPrincipalIsService is the data-perimeter deny's second key, beside
// keyPrincipalOrgID.
const keyPrincipalIsService = "aws:PrincipalIsAWSService"

// perimeterActions are the actions the SRA's DenyExternalPrincipals denies,
// in its order.
var perimeterActions = []string{"s3:GetObject*", "s3:ListBucket", "s3:PutObject"}

// checkPerimeter resolves [Options.DenyOutsideOrganization] into p: it
// needs the Site's organization, whose ID the deny compares.
func (p *plan) checkPerimeter(cfg Config, pr *policy.Problems) {
	if !cfg.DenyOutsideOrganization || cfg.Site == nil {
		return
	}
	o, ok := cfg.Site.Organization()
	switch {
	case ok:
		p.perimeterOrg = o.ID
	case !cfg.Site.Refused("organization"):
		// An organization New refused was reported once, by New.
		pr.Addf(policy.ErrConflict, "bucketPolicy.denyOutsideOrganization", "true", "needs organization: the deny lets through only principals whose aws:PrincipalOrgID is the organization's ID, and the setup names none")
	}
}

// perimeterDeny is the organization data-perimeter deny of the AWS
// Security Reference Architecture's organization trail bucket, statement
// DenyExternalPrincipals of
// aws-samples/aws-security-reference-architecture-examples,
// aws_sra_examples/solutions/cloudtrail/cloudtrail_org/templates/sra-cloudtrail-org-bucket.yaml
// at 05cf2854a4c32a60a88eb0b4f73b1eb3f0f76bf4 (read 2026-12-02), in its
// form: Deny, Principal "*", s3:GetObject*, s3:ListBucket and s3:PutObject
// on the bucket and bucket/*, when StringNotEquals aws:PrincipalOrgID the
// organization and Bool aws:PrincipalIsAWSService "false". The two keys
// are ANDed, so a service principal (aws:PrincipalIsAWSService true, as
// CloudTrail is when it delivers) is never denied, and an IAM principal
// is denied unless its account is a member of the organization. Both are
// global condition keys ("AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
// read 2026-12-02 on a stored .md copy of the page): aws:PrincipalOrgID
// the organization of the requesting principal's account,
// aws:PrincipalIsAWSService whether a service principal calls. For a
// principal of an account in no organization the first is absent: "This
// key is included in the request context only if the principal is a
// member of an organization"; a negated operator such as StringNotEquals
// counts an absent key as a match, so the deny applies. The second "is
// present in the request context for all signed API requests that use AWS
// credentials" (both entries, same page).
func (p *plan) perimeterDeny() iampolicy.Statement {
	bucketARN := p.site.BucketARN()
	return iampolicy.Statement{
		Sid:       p.sid(SidDenyOutsideOrganization),
		Effect:    iampolicy.EffectDeny,
		Principal: policy.Everyone(),
		Action:    policy.List(perimeterActions...),
		Resource:  policy.List(bucketARN, bucketARN+"/*"),
		Condition: policy.Conditions{}.
			With(opStringNotEq, keyPrincipalOrgID, p.perimeterOrg).
			With(opBool, keyPrincipalIsService, "false"),
	}
}
