package kmskey

import (
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// Policy variables of the compact account shape ([Options.AccountPathVariable]):
// the account that owns the calling trail, which CloudTrail sends as
// aws:SourceAccount, and the account of the principal calling AWS KMS.
const (
	sourceAccountVar = "${aws:SourceAccount}"
	callerAccountVar = "${kms:CallerAccount}"
)

// checkPathVariable adds to p each option AccountPathVariable cannot go
// with.
func checkPathVariable(cfg Config, p *policy.Problems) {
	if !cfg.AccountPathVariable {
		return
	}
	const field = "keyPolicy.accountPathVariable"
	if cfg.OmitSourceArn {
		p.Addf(policy.ErrConflict, field, "true", "needs aws:SourceAccount in CloudTrail's statements, which keyPolicy.omitSourceArn drops with the source condition: set one of them")
	}
	if s := cfg.Site; s != nil && len(s.Accounts()) == 0 && !s.Refused("accounts") {
		p.Addf(policy.ErrConflict, field, "true", "has no effect without accounts: an organization trail's key policy names one trail owner, the management account, already")
	}
}

// contextTrails are the values of the encryption context condition on
// CloudTrail's statements: the delivering trails, or with
// AccountPathVariable and no exact trails one pattern for the trails of
// the calling account, which aws:SourceAccount limits to the owners.
func (pl *plan) contextTrails() []string {
	if pl.cfg.AccountPathVariable && !pl.exact {
		return []string{cloudtrail.TrailARN(pl.part, "*", sourceAccountVar, "*")}
	}
	return pl.trails
}

// variableSource is the source condition of the compact account shape:
// StringEquals aws:SourceAccount with the owner accounts and, unless
// AllowAnySourceInAccounts admits any CloudTrail resource of them, the
// trails: the exact ARNs (StringEquals aws:SourceArn), or one pattern for
// the calling account's trails (StringLike), which does not grow with the
// accounts.
func (pl *plan) variableSource(c policy.Conditions) policy.Conditions {
	c = c.With("StringEquals", "aws:SourceAccount", pl.owners...)
	switch {
	case pl.cfg.AllowAnySourceInAccounts:
	case pl.exact:
		c = c.With("StringEquals", "aws:SourceArn", pl.trails...)
	default:
		c = c.With("StringLike", "aws:SourceArn", cloudtrail.TrailARN(pl.part, "*", sourceAccountVar, "*"))
	}
	return c
}

// variableDecrypt is the one decrypt statement of the compact account
// shape: the principals of each owner account (kms:CallerAccount, one of
// the list) may decrypt the log files of their own account's trails only,
// because the encryption context must be a trail ARN of the caller's
// account (${kms:CallerAccount}), the form of the CloudTrail console's
// statement with the account written as a variable.
func (pl *plan) variableDecrypt() []iampolicy.Statement {
	var owners []string
	for _, a := range pl.owners {
		if len(pl.byOwner[a]) > 0 {
			owners = append(owners, a)
		}
	}
	if len(owners) == 0 {
		return nil
	}
	return []iampolicy.Statement{{
		Sid:       pl.sids.ownDecrypt,
		Effect:    iampolicy.EffectAllow,
		Principal: policy.AWSPrincipal("*"),
		Action:    policy.List("kms:Decrypt", "kms:ReEncryptFrom"),
		Resource:  allResources(),
		Condition: policy.Conditions{}.
			With("StringEquals", "kms:CallerAccount", owners...).
			With("StringLike", cloudtrail.EncryptionContextKey, cloudtrail.TrailARN(pl.part, "*", callerAccountVar, "*")),
	}}
}

// pathVariableHint says how many of the others (the owner accounts other
// than the key's) the compact account shape would fit, when pl does not
// use it and could; "" otherwise.
func (pl *plan) pathVariableHint(others int) string {
	if pl.cfg.AccountPathVariable || pl.cfg.OmitSourceArn {
		return ""
	}
	q := *pl
	q.cfg.AccountPathVariable = true
	fit := policy.MostThatFit(others, func(n int) bool { return q.cfg.Limits.Fits(q.withOthers(n).document()) })
	if fit <= 0 {
		return ""
	}
	fits := fmt.Sprintf("fits %d", fit)
	if fit >= others {
		fits = "fits all of them"
	}
	return "; keyPolicy.accountPathVariable " + fits + ", naming each account's trails and logs with ${aws:SourceAccount} and ${kms:CallerAccount}, but has no CloudTrail example in AWS's documentation: verify it in a sandbox account first"
}
