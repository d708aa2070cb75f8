// Package eval decides whether AWS would allow a request under a set of IAM
// policy documents, and names the statements that decided it, so that tests
// can ask a policy what it does instead of only comparing its JSON.
//
// [Evaluate] takes a [Request] (principal, action, resource, resource
// account, condition keys) and the [Policies] in force (a bucket policy, key
// policy or role trust policy; the principal's identity policies; SCPs;
// RCPs) and
// returns Allow, ExplicitDeny or ImplicitDeny with the deciding statements.
//
// Supported, following AWS's published evaluation logic (links on
// [Evaluate]): explicit deny in any policy; SCPs as deny-only guardrails on
// top of the default FullAWSAccess, never applied to service principals;
// RCPs as deny-only guardrails on top of RCPFullAWSAccess, applied to every
// caller of a covered service except service-linked roles, and not to
// resources of the management account or to kms:RetireGrant;
// same-account union and cross-account intersection of resource and
// identity policies; the stricter rule of KMS key policies and role trust
// policies, which must allow the principal themselves; naming an account in
// a resource policy as a delegation to that account's identity policies;
// Action and NotAction (case-insensitive, with * and ?); Resource and
// NotResource (case-sensitive, field by field for ARNs, with * and ?);
// Principal and NotPrincipal with "*", {"AWS": "*"}, account IDs, account
// root ARNs, role, user and session ARNs (a role ARN names its sessions), and
// service principals; the String, Arn, Bool, Null and Numeric condition
// operator families with IfExists and the ForAnyValue:/ForAllValues:
// qualifiers; policy variables such as ${aws:PrincipalAccount}, with
// defaults and the ${*}, ${?}, ${$} escapes.
//
// Judgement calls where AWS's documentation is silent: {"AWS": "*"} names
// AWS and anonymous callers but not service principals (only "*" and the
// service's own name do); a policy variable that cannot be resolved makes its
// value match nothing; without a ForAnyValue:/ForAllValues: qualifier a key
// with several request values matches when any of them does; RCPs apply to
// anonymous callers, whom AWS's RCP pages do not name.
//
// Not supported, and reported as an error rather than guessed: the Date,
// IpAddress/NotIpAddress and BinaryEquals operators; wildcards inside
// principal ARNs; principals given by unique ID. CanonicalUser and Federated
// principals are read but never match, since callers of those kinds cannot
// be expressed. Not modelled at all: permissions boundaries, session
// policies, VPC endpoint policies, S3 ACLs and Object Ownership, KMS
// grants, AWS managed KMS keys (which RCPs exempt, but whose ARNs do not
// say so), sessions of service-linked roles (their ARNs carry no path), and
// SCPs or RCPs attached at several levels of an organization (all given are
// treated as one level, which is exact for denies). Condition keys are exactly those the caller puts in
// [Request.Context]; none is derived from the principal or the resource.
package eval
