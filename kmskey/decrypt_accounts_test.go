package kmskey_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// TestDecryptAccounts asks the key policy who may decrypt when a whole
// account is named: any principal of it that its IAM policy allows, for
// every delivering trail's log files, and nothing else.
func TestDecryptAccounts(t *testing.T) {
	site := cloudtrail.SiteConfig{Accounts: []string{acctA, acctB, acctC}, KMSKeyARN: keyA}
	with := mustBuild(t, site, kmskey.Config{Options: kmskey.Options{DecryptAccounts: []string{acctC}}})
	without := mustBuild(t, site, kmskey.Config{})
	decrypt := func(principal, trailAccount string) evalRequest {
		return evalRequest{principal: principal, action: "kms:Decrypt", key: keyA, context: map[string][]string{
			"kms:CallerAccount":             {accountOf(principal)},
			cloudtrail.EncryptionContextKey: {trailOf(trailAccount)},
		}}
	}
	roleC := "arn:aws:iam::" + acctC + ":role/Analyst"
	roleB := "arn:aws:iam::" + acctB + ":role/Analyst"
	tests := []struct {
		name    string
		reason  string
		req     evalRequest
		with    string
		without string
	}{
		{"any-role-other-trail", "any role of the named account decrypts another account's logs", decrypt(roleC, acctB), "Allow", "ImplicitDeny"},
		{"any-role-own-trail", "and its own, as without the option", decrypt(roleC, acctC), "Allow", "Allow"},
		{"other-account", "an account not named still decrypts only its own", decrypt(roleB, acctA), "ImplicitDeny", "ImplicitDeny"},
		{"not-a-delivering-trail", "no account decrypts data of a trail that does not deliver", decrypt(roleC, "444444444444"), "ImplicitDeny", "ImplicitDeny"},
		{"no-context", "nor data without a CloudTrail encryption context",
			evalRequest{principal: roleC, action: "kms:Decrypt", key: keyA, context: map[string][]string{"kms:CallerAccount": {acctC}}}, "ImplicitDeny", "ImplicitDeny"},
		{"no-encrypt", "decrypt only: the account may not encrypt", evalRequest{principal: roleC, action: "kms:Encrypt", key: keyA}, "ImplicitDeny", "ImplicitDeny"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			identity := allowKeyUse(keyA)
			if got := decide(t, tc.req, with, identity); got != tc.with {
				t.Errorf("with the option: %s, want %s (%s)", got, tc.with, tc.reason)
			}
			if got := decide(t, tc.req, without, identity); got != tc.without {
				t.Errorf("without it: %s, want %s (%s)", got, tc.without, tc.reason)
			}
			if got := decide(t, tc.req, with, nil); tc.with == "Allow" && got != "ImplicitDeny" {
				t.Errorf("without an identity policy: %s, want ImplicitDeny: the account root delegates to IAM (%s)", got, tc.reason)
			}
		})
	}
}

// TestDecryptAccountsErrors: each account must be an account ID of the
// site, named on its path.
func TestDecryptAccountsErrors(t *testing.T) {
	site := cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, KMSKeyARN: keyA}
	_, err := build(site, kmskey.Config{Options: kmskey.Options{DecryptAccounts: []string{acctB, "12345", acctC}}})
	golden.CheckProblems(t, nil, err, []golden.Problem{
		{Field: "keyPolicy.decryptAccounts[1]", Value: "12345", Err: policy.ErrAccountID},
		{Field: "keyPolicy.decryptAccounts[2]", Value: acctC, Err: policy.ErrConflict},
	})
}
