// Package audit proves the properties of centralised CloudTrail logging for
// a set of deployed policy documents (bucket policy, key policy, SCPs, the
// vendor's trust and read policies, readers' identity policies, the SNS
// topic policy, the CloudWatch Logs delivery role's policies), exactly
// rather than by sampling, and gives a counterexample request for each
// property that fails.
//
// [Check] takes an [Intent] (the validated [cloudtrail.Site] and the few
// choices a setup makes besides: see [IntentOf]) and the [Deployed]
// documents, and returns a [Report]: PASS, FAIL or MISSING for each
// property, and for a FAIL the request, the decision of policy/eval and
// the statements that decide it (eval.Result.Deciding and Matched). The
// properties: each delivering trail writes its log, Insights and digest
// files and reads the bucket ACL; nobody else writes, and a trail only
// under its own account's path; nothing without TLS; no log file without
// SSE-KMS or under another key; the trails may use the key; only the
// intended principals decrypt, list and read; the vendor assumes its role
// with its external ID, and nobody does without; nobody but break-glass
// deletes logs or weakens the bucket, the key or the protected trails; only
// CloudTrail, for the setup's trails, publishes to the SNS topic (topic.go);
// only CloudTrail assumes the CloudWatch Logs delivery role, which creates
// and writes only the trails' log streams (logsrole.go). A
// property that needs a document that was not given is MISSING: nothing is
// assumed of a document nobody showed.
//
// # Who is asked
//
// Principals of unknown policies are given the worst case: an IAM
// principal other than the vendor's role and the readers given with their
// policies has AdministratorAccess (an identity policy can only add
// allows, so a property of the kind "nobody else can" that holds then
// holds whatever their policies are). SCPs apply to principals of
// [Intent.SCPAccounts], never to service principals or anonymous callers;
// RCPs ([Deployed.RCPs]) to the bucket, the key and the vendor's role when
// their account is one of those.
// Keys AWS derives are not chosen freely: aws:PrincipalArn,
// aws:PrincipalAccount and kms:CallerAccount come with the principal (the
// anonymous caller's aws:PrincipalAccount is "anonymous", AWS's value);
// aws:SourceArn and aws:SourceAccount exist only for service principals, a
// source ARN being an ARN of the service's own namespace (CloudTrail's, one
// of a trail, without ':' in its fields; see sourceShapes);
// aws:SecureTransport is true or false. Every other key a document tests is
// free: absent, or any value, except that the CloudTrail encryption context
// kms:EncryptionContext:aws:cloudtrail:arn takes trail ARNs only: a log
// file's context is its trail's ARN, so a request with another decrypts no
// log file. Both shapes keep a pattern per account from making every subset
// of the accounts a case of its own ('*' in a StringLike pattern also
// matches ':').
//
// # Exact, not sampled
//
// The requests asked are derived from the documents: every account,
// principal, service, ARN pattern and condition value they mention (and
// those the properties test), plus one fresh value outside all of them.
// The claim: a property that holds on every derived request holds on
// every request. The argument has two steps.
//
// First, within the fragment below, policy/eval's decision (and the
// statements it reports) depends on a request only through finitely many
// atomic tests, each of one field of the request: does the action match
// each Action pattern; does the resource match each Resource pattern (field
// by field, as ARNs); is the principal each named principal, of each named
// account, its root, a session of each named role, each named service; is
// the resource's account the principal's; and for each condition key, is
// it present (a test only where Null or an ...IfExists operator asks it:
// elsewhere an absent key behaves as a value no other test matches, and
// stands for it) and does its value equal, equal ignoring case, or match
// (String or ARN wildcards) each value the documents give. The rules of
// the properties (who is intended, which paths are whose, which values are
// right) use only tests of the same kinds, registered like the documents'
// own. Two requests that agree on every atomic test get the same decision
// and the same verdict.
//
// Second, the derived set holds a request for every combination of
// outcomes of the tests that any request realizes. Fields are independent
// (each test reads one field; the derived keys are folded into the
// principal, whose representatives carry them), so it suffices per field.
// For a string field, the tests are finite automata, and the derived values
// are one shortest string per reachable state of their product, explored
// breadth first over every character the tests mention and one fresh
// character (see witnesses): a character no test mentions can only be
// consumed by a wildcard, exactly like the fresh one, so every string's
// state is reached by a string over that alphabet, and two strings in one
// state agree on every test. For principals: every mentioned account and
// one more, each with its root user, the roles and users derived the same
// way from the role and user ARNs the documents test (aws:PrincipalArn
// patterns, Principal ARNs, by role name as eval matches sessions); every
// mentioned service and one more; the anonymous caller. The enumeration
// takes the product of the fields' values, leaving out, for each principal,
// action and resource, the keys no statement that can apply to it tests
// and keeping one resource per class that every statement and property
// test treats alike: both only drop requests that another one represents.
//
// Third, policy variables of the account keys, ${aws:SourceAccount},
// ${aws:PrincipalAccount} and ${kms:CallerAccount} (the accountPathVariable
// shape writes the first and the last: arn:…:AWSLogs/${aws:SourceAccount}/*), tie a
// resource or a condition value to the principal, breaking the fields'
// independence; audit restores it by instantiation (template.go). The
// enumeration gives these keys only accounts it enumerates (every account
// mentioned and the fresh one): the caller's account for the principal's
// keys, and, when a document uses ${aws:SourceAccount}, source ARNs
// generated account by account, whose account field aws:SourceAccount is.
// So a value with variables is, in each request, one of finitely many
// variable-free values, one per account; all of them are registered as
// tests of their field, and the two steps above hold as before. A request
// without the key matches none (policy/eval: a variable without a value
// matches nothing). That an unmentioned account stands for every
// unmentioned one is the assumption the principals already rest on.
//
// TestExactAgainstBruteForce checks the claim on small universes: random
// policies over a tiny alphabet, every request of the universe, each of
// whose outcomes (matching statements and decision) a derived request must
// reproduce. TestPruningLosesNothing checks the two shortcuts: for every
// principal and action they reach every outcome the full product of the
// representatives reaches.
//
// # The fragment, and what is refused
//
// Exact for documents that policy/eval evaluates and that use, in
// conditions, only the String, Arn, Bool and Null operator families (with
// IfExists), each key with at most one value in a request. Refused with an
// error that names the document and the field (a
// [policy.FieldError] wrapping [policy.ErrUnsupported]), never a silent
// PASS: ForAnyValue: and ForAllValues: (multivalued keys); numeric, date,
// IP address and binary operators (their tests are orders and ranges, not
// string automata); policy variables other than the three account keys
// above, or with a default (${key, 'default'}), the escapes ${*}, ${?} and
// ${$}, and any variable in a key audit derives from the principal (but
// ${aws:SourceAccount} in aws:SourceArn); role session
// ARNs as principals (the session name would be a further field); patterns
// in the values of aws:PrincipalAccount, kms:CallerAccount and
// aws:SourceAccount (accounts are enumerated, not generated); ARN patterns
// of fewer than six fields (arn:aws:kms:*), whose final '*' matches only
// values that are ARNs of six, a conjunction the witnesses do not model.
// The ARN rules are policy/eval's: wildcards stay in their segment except
// a '*' that ends a segment of a Resource value, which may match beyond
// it, and a value that is not an ARN matches no ARN pattern (the witnesses
// of resources are ARNs, and every ARN pattern has its five colons).
// Principals are those of the site's partition. What policy/eval does not model (ACLs,
// Object Ownership, KMS grants, permissions boundaries, VPC endpoint
// policies) is not modelled here either.
package audit
