package eval

import "strings"

// DerivedContext returns the condition keys AWS puts in the request context
// of req by itself, from its principal (and, for a service principal, from
// its aws:SourceArn), that req.Context does not already hold in any letter
// case: a key the caller gives wins. [Evaluate] derives nothing; a caller
// that wants a request as AWS would see it adds these keys to its context
// first. The map is new (never nil), and the caller may keep or change it.
//
// What is derived, by principal:
//
//   - an IAM principal: a role session (arn:<partition>:sts::<account>:assumed-role/<name>/<session>),
//     a role, a user or the account root user. aws:PrincipalArn is the
//     principal's ARN, for a session that of its role,
//     arn:<partition>:iam::<account>:role/<name> ("For IAM roles, the
//     request context returns the ARN of the role, not the ARN of the user
//     that assumed the role"); a session's ARN holds no path, so the role
//     ARN derived from it has none, and a role on a path must be given as
//     the role ARN or with aws:PrincipalArn in the context.
//     aws:PrincipalAccount is the principal's account and
//     aws:PrincipalIsAWSService "false". For an action of KMS (kms:...)
//     kms:CallerAccount is the principal's account too. Other STS ARNs
//     (federated users) derive nothing: give their keys with the request.
//   - a service principal: aws:PrincipalIsAWSService "true"; and when the
//     context gives aws:SourceArn with one value whose account field is
//     12 digits, aws:SourceAccount is that account.
//   - anonymous: aws:PrincipalAccount "anonymous".
//
// Never derived: aws:SecureTransport (a fact of the connection, not of the
// principal), aws:PrincipalOrgID (membership is not known here), and
// aws:SourceArn itself.
//
// Sources, read 2026-12-02:
//   - "AWS global condition context keys",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html:
//     aws:PrincipalArn "is included in the request context for all signed
//     requests. Anonymous requests do not include this key", and "For IAM
//     roles, the request context returns the ARN of the role, not the ARN of
//     the user that assumed the role"; aws:PrincipalAccount "is included in
//     the request context for all requests, including anonymous requests",
//     and "For anonymous requests, the request context returns anonymous";
//     aws:PrincipalIsAWSService is "true" when the caller is a service
//     principal and "false" for other signed requests (paraphrased as
//     package audit records it, not quoted); "the
//     aws:SourceAccount condition key is only available when the call to
//     your resource is made directly by an AWS service principal", the
//     account of the resource the service acts for. That aws:SourceAccount
//     is exactly the account field of aws:SourceArn the page implies but
//     does not say: verify in a sandbox.
//   - "AWS KMS condition keys", kms:CallerAccount,
//     https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account
//     (the awsdocs/aws-kms-developer-guide copy of June 2023): the account
//     of the caller, "to allow or deny access to all identities (IAM users
//     and roles) in an AWS account". Its value when a service principal
//     calls is not documented: not derived, verify in a sandbox.
func DerivedContext(req Request) map[string][]string {
	out := map[string][]string{}
	add := func(key, value string) {
		if _, given := lookupKey(req.Context, key); !given {
			out[key] = []string{value}
		}
	}
	switch req.Principal.Type {
	case AWSPrincipal:
		arn, account, ok := principalARN(req.Principal.ARN)
		if !ok {
			return out
		}
		add("aws:PrincipalArn", arn)
		add("aws:PrincipalAccount", account)
		add("aws:PrincipalIsAWSService", "false")
		if service, _, _ := strings.Cut(req.Action, ":"); strings.EqualFold(service, "kms") {
			add("kms:CallerAccount", account)
		}
	case ServicePrincipal:
		add("aws:PrincipalIsAWSService", "true")
		if src, ok := lookupKey(req.Context, "aws:SourceArn"); ok && len(src) == 1 {
			if f, ok := splitARN(src[0]); ok && isAccountID(f[4]) {
				add("aws:SourceAccount", f[4])
			}
		}
	case AnonymousPrincipal:
		add("aws:PrincipalAccount", "anonymous")
	}
	return out
}

// principalARN returns aws:PrincipalArn of an IAM principal ARN (a
// session's role ARN) and its account; false for any other ARN.
func principalARN(s string) (arn, account string, ok bool) {
	f, ok := splitARN(s)
	if !ok || f[1] == "" || f[3] != "" || !isAccountID(f[4]) {
		return "", "", false
	}
	switch {
	case f[2] == "iam" && f[5] == "root",
		f[2] == "iam" && hasName(f[5], "role/"),
		f[2] == "iam" && hasName(f[5], "user/"):
		return s, f[4], true
	case f[2] == "sts":
		rest, found := strings.CutPrefix(f[5], "assumed-role/")
		name, session, split := strings.Cut(rest, "/")
		if !found || !split || name == "" || session == "" {
			return "", "", false
		}
		return "arn:" + f[1] + ":iam::" + f[4] + ":role/" + name, f[4], true
	}
	return "", "", false
}

// hasName reports whether resource is prefix followed by a name (and
// perhaps a path before it) that does not end in "/".
func hasName(resource, prefix string) bool {
	rest, ok := strings.CutPrefix(resource, prefix)
	return ok && rest != "" && !strings.HasSuffix(rest, "/")
}

// lookupKey returns the values of key in ctx, whatever the letter case of
// its name there.
func lookupKey(ctx map[string][]string, key string) ([]string, bool) {
	if v, ok := ctx[key]; ok {
		return v, true
	}
	for k, v := range ctx {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}
