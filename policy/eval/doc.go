// Package eval decides whether AWS would allow a request under a set of IAM
// policy documents, and names the statements that decided it, so that tests
// can ask a policy what it does instead of only comparing its JSON.
//
// [Evaluate] takes a [Request] (principal, action, resource, resource
// account, condition keys) and the [Policies] in force (a bucket policy, key
// policy or role trust policy; the principal's identity policies; SCPs;
// RCPs) and returns Allow, ExplicitDeny or ImplicitDeny with the deciding
// statements. [Prepare] compiles the policies once into a [Prepared], whose
// [Prepared.Evaluate] answers the same for many requests and whose
// [Prepared.Decide] returns the decision alone without allocating.
// Evaluate compiles and evaluates with the same code: there is one engine.
//
// Supported, following AWS's published evaluation logic (links on
// [Evaluate]): explicit deny in any policy; SCPs as deny-only guardrails on
// top of the default FullAWSAccess, never applied to service principals,
// service-linked roles or the management account's principals; RCPs as deny-only guardrails on
// top of RCPFullAWSAccess, applied to every caller of a covered service
// except service-linked roles, and not to resources of the management
// account or to kms:RetireGrant; same-account union and cross-account
// intersection of resource and identity policies; the stricter rule of KMS
// key policies and role trust policies, which must allow the principal
// themselves; naming an account in a resource policy as a delegation to that
// account's identity policies; the account root user's inability to assume
// a role; Action and NotAction (case-insensitive, with * and ?); Resource and
// NotResource (case-sensitive, with * and ? inside the ARN's segments, a *
// that ends a segment matching beyond it, and patterns of fewer than six
// fields that end in *); Principal and NotPrincipal with "*", {"AWS": "*"}
// (IAM principals of the resource's partition and anonymous callers),
// account IDs, account root ARNs, role, user and session ARNs (a role ARN
// names its sessions), and service principals; every condition operator
// family: String, Arn (field by field), Bool, Null, Numeric, Date (ISO 8601
// and epoch seconds), IpAddress and NotIpAddress (IPv4 and IPv6 CIDR) and
// BinaryEquals (base64), each with IfExists, and the ForAnyValue: and
// ForAllValues: qualifiers on all but Null; policy variables such as
// ${aws:PrincipalAccount} in the String, Arn and Bool families and in
// Resource, with defaults and the ${*}, ${?}, ${$} escapes.
//
// Judgement calls where AWS's documentation is silent or vague, each
// explained where it is made:
//   - a policy variable that cannot be resolved makes its value match
//     nothing;
//   - a key with several request values tested without ForAnyValue: or
//     ForAllValues: is an error, since AWS says only that "Multivalued
//     context keys require a condition set operator";
//   - an ARN condition pattern of fewer than six fields that ends in * lets
//     that * cover the missing fields, as the Resource element's rule does;
//   - a date without a time is its first instant in UTC; four digits are a
//     year, other digit strings epoch seconds;
//   - an IPv6 address without a prefix is a /128, as an IPv4 one is a /32;
//   - the qualifiers are accepted on Numeric, Date, IP and Binary operators,
//     which AWS documents them for no more than it forbids;
//   - RCPs apply to anonymous callers, whom AWS's RCP pages do not name;
//   - {"AWS": "*"} names no service principal, although the Amazon S3 User
//     Guide says "*" and {"AWS": "*"} "behave identically" (see
//     principalMatch);
//   - a role on the path /aws-service-role/ is a service-linked role.
//
// Not supported, and reported as an error rather than guessed: wildcards
// inside principal ARNs; principals given by unique ID. CanonicalUser and
// Federated principals are read but never match, since callers of those
// kinds cannot be expressed. Not modelled at all: permissions boundaries,
// session policies, VPC endpoint policies, S3 ACLs and Object Ownership, KMS
// grants, AWS managed KMS keys (which RCPs exempt, but whose ARNs do not say
// so), sessions of service-linked roles (their ARNs carry no path), and SCPs
// or RCPs attached at several levels of an organization (all given are
// treated as one level, which is exact for denies). Condition keys are
// exactly those the caller puts in [Request.Context]; none is derived from
// the principal or the resource unless the caller adds [DerivedContext],
// the keys AWS derives from the principal, to the context itself.
package eval
