package bucket

import (
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// sourceAccountVar is the policy variable for the account that owns the
// calling trail, which CloudTrail sends as aws:SourceAccount.
const sourceAccountVar = "${" + keySourceAcct + "}"

// checkPathVariable resolves [Options.AccountPathVariable] into p and adds
// to pr each option it cannot go with.
func (p *plan) checkPathVariable(cfg Config, pr *policy.Problems) {
	if !cfg.AccountPathVariable {
		return
	}
	p.pathVariable = true
	const field = "bucketPolicy.accountPathVariable"
	switch {
	case cfg.AllowAnySourceTrail:
		pr.Addf(policy.ErrConflict, field, "true", "needs aws:SourceAccount, which bucketPolicy.allowAnySourceTrail drops with every source condition: set one of them")
	case cfg.AllowAnySourceInOrganization:
		pr.Addf(policy.ErrConflict, field, "true", "conflicts with bucketPolicy.allowAnySourceInOrganization, which already writes one statement for every account: set one of them")
	}
	if cfg.AllowWritesAcrossAccountPrefixes {
		pr.Addf(policy.ErrConflict, field, "true", "conflicts with bucketPolicy.allowWritesAcrossAccountPrefixes: both write one statement, but this one keeps each account's trails under their own AWSLogs/<account>/ path, the other does not; set one of them")
	}
	if s := cfg.Site; s != nil && len(s.Accounts()) == 0 && !s.Refused("accounts") {
		pr.Addf(policy.ErrConflict, field, "true", "has no effect without accounts: an organization trail writes every member account under one path, AWSLogs/<o-id>/, already")
	}
}

// ownersCondition is the source condition of the ACL check, which every
// owner account's trails call: per account by default
// ([plan.sourceCondition]), or with AccountPathVariable the account list
// and one trail pattern for all ([plan.variableCondition]).
func (p *plan) ownersCondition(c policy.Conditions, owners []string) policy.Conditions {
	if p.pathVariable {
		return p.variableCondition(c, owners)
	}
	return p.sourceCondition(c, owners)
}

// variableCondition adds to c the source condition of the compact account
// shape: StringEquals aws:SourceAccount with the owner accounts, and,
// unless AllowAnySourceInAccounts admits any CloudTrail resource of them,
// the trail restriction: the exact trails (StringEquals aws:SourceArn),
// or one pattern, arn:<partition>:cloudtrail:*:${aws:SourceAccount}:trail/*
// (StringLike), which admits the trails of the calling account and does
// not grow with the accounts.
func (p *plan) variableCondition(c policy.Conditions, owners []string) policy.Conditions {
	c = c.With(opStringEquals, keySourceAcct, owners...)
	switch p.sourceMode {
	case sourceArnExact:
		c = c.With(opStringEquals, keySourceArn, p.trailARNs(owners)...)
	case sourceArnPattern:
		c = c.With(opStringLike, keySourceArn, cloudtrail.TrailARN(p.site.Partition(), "*", sourceAccountVar, "*"))
	}
	return c
}

// variableWrite is the one write statement of the compact account shape:
// s3:PutObject on [prefix/]AWSLogs/${aws:SourceAccount}/*, so that each
// request may write only under the path of the account that owns the
// calling trail, for the owner accounts listed in aws:SourceAccount.
func (p *plan) variableWrite(owners []string) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       p.sid(SidWrite),
		Effect:    iampolicy.EffectAllow,
		Principal: p.principal(),
		Action:    policy.Strings("s3:PutObject"),
		Resource:  policy.Strings(p.site.ObjectARN(p.site.LogPath() + "/" + sourceAccountVar + "/*")),
		Condition: p.variableCondition(policy.Conditions{}.With(opStringEquals, keyACL, aclOwnerFull), owners),
	}
}

// pathVariableHint says how many of the n accounts the compact account
// shape would fit, when p could use it and does not; "" otherwise.
func (p *plan) pathVariableHint(n int) string {
	if p.pathVariable || p.sourceMode == sourceNone || p.sourceMode == sourceOrgID || p.compactWrites {
		return ""
	}
	q := *p
	q.pathVariable = true
	across := q.accountsThatFit(n)
	if across <= 0 {
		return ""
	}
	fits := fmt.Sprintf("fits %d", across)
	if across >= n {
		fits = "fits all of them"
	}
	return "; bucketPolicy.accountPathVariable " + fits + " in one write statement with ${aws:SourceAccount} in its path, which keeps each account under its own AWSLogs/<account>/ but has no CloudTrail example in AWS's documentation: verify it in a sandbox account first"
}
