package eval

import "strings"

// Resource control policies, as AWS Organizations describes them (all pages
// read 2026-12-02):
//
// "Resource control policies (RCPs)"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html):
//   - "No permissions are granted by an RCP."
//   - "RCPs affect only resources in member accounts in the organization.
//     They have no effect on resources in the management account."
//   - "RCPs impact the effective permissions of principals trying to access
//     resources in a member account with an applicable RCP, regardless of
//     whether the principals belong to the same organizations or not. This
//     includes root users. The exception is when principals are
//     service-linked roles because RCPs do not apply to calls made by
//     service-linked roles."
//   - "RCPs also do not impact AWS services' ability to assume a
//     service-linked role; that is, the service-linked role's trust policy
//     is also not impacted by RCPs."
//   - "RCPs do not apply to AWS managed keys for AWS Key Management Service."
//   - "RCPs do not impact the kms:RetireGrant permission."
//   - "RCPs apply to actions for the following AWS services" ([rcpServices]).
//
// "RCP evaluation"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html):
// RCPFullAWSAccess "is automatically attached to the organization root,
// every OU, and every account in your organization" and "You cannot detach
// this policy"; "For a permission to be denied for a resource in a specific
// account, any RCP from the root through each OU in the direct path to the
// account (including the target account itself) can deny that permission."
//
// "RCP syntax"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html):
// "The effect of Allow is only supported for the RCPFullAWSAccess policy";
// "You can only specify "*" in the Principal element of an RCP"; NotPrincipal
// and NotAction "are not supported in RCPs".
//
// "How AWS enforcement code logic evaluates requests to allow or deny access"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
// explicit denies in "AWS Organizations SCPs and RCPs, resource-based
// policies, identity-based policies, ..." come first; then "RCPs apply to
// resources of the account where the RCPs are attached. If the enforcement
// code does not find any applicable Allow statements in the RCPs, the
// enforcement code returns a final decision of Deny", which, with
// RCPFullAWSAccess always attached, never happens.
//
// Whether RCPs apply to AWS service principals: the AWS KMS Developer Guide's
// "Resource control policies in AWS KMS"
// (https://docs.aws.amazon.com/kms/latest/developerguide/resource-control-policies.html)
// publishes an RCP that "requires that AWS service principals can only
// access your customer managed KMS keys when the request originates from
// your organization", so they do. Anonymous callers are named on none of
// these pages, nor on "Resource control policies (RCPs)"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html,
// read 2026-12-02 on a stored .md copy), which says only that RCPs impact
// principals "regardless of whether the principals belong to the same
// organizations or not"; this package applies RCPs to anonymous callers
// too, like to every other principal (searched 2026-12-02: verify in a
// sandbox).

// rcpServices are the service prefixes of "List of AWS services that support
// RCPs" in "Resource control policies (RCPs)"
// (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services,
// read 2026-12-02). An RCP has no effect on the actions of other services.
var rcpServices = map[string]bool{
	"appstream": true, "dsql": true, "clouddirectory": true, "cloudfront": true, "cloudsearch": true,
	"logs": true, "networkmonitor": true, "cognito-identity": true, "cognito-idp": true, "comprehend": true,
	"comprehendmedical": true, "firehose": true, "dynamodb": true, "dax": true, "autoscaling": true,
	"ecr": true, "ecr-public": true, "gamelift": true, "inspector-scan": true, "kendra": true,
	"kinesisvideo": true, "memorydb": true, "aoss": true, "personalize": true, "polly": true,
	"s3": true, "swf": true, "sqs": true, "textract": true, "timestream-influxdb": true,
	"transcribe": true, "translate": true, "workspaces": true, "appconfig": true, "autoscaling-plans": true,
	"budgets": true, "servicediscovery": true, "cloudtrail-data": true, "codeartifact": true, "codebuild": true,
	"codecommit": true, "codepipeline": true, "compute-optimizer": true, "cost-optimization-hub": true, "events": true,
	"fms": true, "fis": true, "health": true, "rolesanywhere": true, "kms": true,
	"opensearch": true, "pricing": true, "pca-connector-ad": true, "resource-groups": true, "secretsmanager": true,
	"sts": true, "signin": true, "support": true, "transfer": true, "notifications": true,
	"wafv2": true, "xray": true,
}

// rcpsApply reports whether the RCPs of the resource's account take part in
// a request. The rules are those quoted above that a [Request] can express;
// AWS managed KMS keys cannot be told from customer managed ones by their
// ARN, so for them the caller leaves Policies.RCPs empty.
func rcpsApply(pr *principalInfo, action, resource, resourceAccount, management string) bool {
	svc, _, _ := strings.Cut(action, ":")
	var buf [32]byte
	if len(svc) > len(buf) {
		return false // longer than any prefix on AWS's list
	}
	for i := 0; i < len(svc); i++ {
		c := svc[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch {
	case !rcpServices[string(buf[:len(svc)])]:
		return false
	case strings.EqualFold(action, "kms:RetireGrant"):
		return false
	case management != "" && resourceAccount == management:
		return false
	case pr.typ == AWSPrincipal && isServiceLinkedRoleARN(pr.arn):
		return false
	case strings.EqualFold(action, "sts:AssumeRole") && isServiceLinkedRoleARN(resource):
		// The service-linked role's trust policy is not impacted either.
		return false
	}
	return true
}

// isServiceLinkedRoleARN reports whether arn names an IAM role on the path
// AWS gives service-linked roles, arn:partition:iam::account:role/aws-service-role/...
// AWS's managed policies for service-linked roles name them so (for example
// AWSResourceAccessManagerServiceRolePolicy's
// "arn:aws:iam::*:role/aws-service-role/ram.amazonaws.com/*",
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSResourceAccessManagerServiceRolePolicy.html,
// read 2026-12-02). The IAM User Guide's "Using service-linked roles"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html,
// read 2026-12-02 on a stored copy) writes the policy for an entity "that
// needs to delete a service-linked role, but not service role" on
// "arn:aws:iam::*:role/aws-service-role/*", and its "IAM identifiers"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html,
// read 2026-12-02 in awsdocs/iam-user-guide at e2b8637, archived 2023)
// gives a service-linked role's ARN as
// arn:aws:iam::123456789012:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer.
// No page we found says that no
// other role can have that path (searched 2026-12-02): verify in a sandbox.
// A session ARN (arn:partition:sts::account:assumed-role/name/session)
// carries no path and is never recognised: pass the role's ARN instead.
func isServiceLinkedRoleARN(arn string) bool {
	f, ok := splitARN(arn)
	return ok && f[2] == "iam" && strings.HasPrefix(f[5], "role/aws-service-role/")
}
