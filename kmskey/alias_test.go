package kmskey_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
)

// TestAliasCreationDuringSetup asks the key policy who may create an alias
// for the key when the root statement is dropped (AllowKeyLockout), so
// that the console's statement is the only one that could allow it: a
// principal of the key's account calling through EC2 in the key's Region,
// and nobody else.
func TestAliasCreationDuringSetup(t *testing.T) {
	site := cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, KMSKeyARN: keyA}
	admins := []string{"arn:aws:iam::" + acctA + ":role/KeyAdministrator"}
	with := mustBuild(t, site, kmskey.Config{KeyAdministrators: admins, Options: kmskey.Options{AllowKeyLockout: true, AllowAliasCreationDuringSetup: true}})
	without := mustBuild(t, site, kmskey.Config{KeyAdministrators: admins, Options: kmskey.Options{AllowKeyLockout: true}})
	call := func(principal, via string) evalRequest {
		ctx := map[string][]string{"kms:CallerAccount": {accountOf(principal)}}
		if via != "" {
			ctx["kms:ViaService"] = []string{via}
		}
		return evalRequest{principal: principal, action: "kms:CreateAlias", key: keyA, context: ctx}
	}
	ownRole := "arn:aws:iam::" + acctA + ":role/Setup"
	otherRole := "arn:aws:iam::" + acctB + ":role/Setup"
	tests := []struct {
		name    string
		reason  string
		req     evalRequest
		with    string
		without string
	}{
		{"own-account-via-ec2", "a principal of the key's account, through EC2 in the key's Region", call(ownRole, "ec2.us-east-1.amazonaws.com"), "Allow", "ImplicitDeny"},
		{"own-account-direct", "a direct call carries no kms:ViaService and is not allowed by this statement", call(ownRole, ""), "ImplicitDeny", "ImplicitDeny"},
		{"own-account-other-region", "EC2 in another Region is not the key's", call(ownRole, "ec2.eu-west-1.amazonaws.com"), "ImplicitDeny", "ImplicitDeny"},
		{"own-account-other-service", "nor is another service", call(ownRole, "s3.us-east-1.amazonaws.com"), "ImplicitDeny", "ImplicitDeny"},
		{"other-account-via-ec2", "a principal of a delivering account is never allowed, through EC2 or not", call(otherRole, "ec2.us-east-1.amazonaws.com"), "ImplicitDeny", "ImplicitDeny"},
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
		})
	}
	// The condition's value is the key's Region and partition.
	cn := mustBuild(t, cloudtrail.SiteConfig{Partition: "aws-cn", Accounts: []string{acctA},
		KMSKeyARN: "arn:aws-cn:kms:cn-north-1:" + acctA + ":key/" + keyID}, kmskey.Config{Options: kmskey.Options{AllowAliasCreationDuringSetup: true}})
	s := cn.Statements[len(cn.Statements)-1]
	if got, _, _ := s.Condition["StringEquals"]["kms:ViaService"].Values(); len(got) != 1 || got[0] != "ec2.cn-north-1.amazonaws.com.cn" {
		t.Errorf("%s: kms:ViaService %v, want ec2.cn-north-1.amazonaws.com.cn", s.Sid, got)
	}
}
