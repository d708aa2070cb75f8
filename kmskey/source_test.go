package kmskey_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
)

// cloudTrailCall is CloudTrail calling AWS KMS with action on keyA for the
// CloudTrail resource source (a trail, or an event data store), owned by
// account, with the trail ARN contextTrail as encryption context ("" for
// none, as for kms:DescribeKey).
func cloudTrailCall(action, source, contextTrail string) evalRequest {
	r := evalRequest{service: cloudtrail.ServicePrincipal, action: action, key: keyA, context: map[string][]string{
		"aws:SourceArn":     {source},
		"aws:SourceAccount": {accountOf(source)},
	}}
	if contextTrail != "" {
		r.context[cloudtrail.EncryptionContextKey] = []string{contextTrail}
	}
	return r
}

// TestSourceAccount asks the key policy built with AllowAnySourceInAccounts
// who may have CloudTrail use the key: the delivering accounts' trails, and
// no trail of another account; what it gives up against aws:SourceArn is
// that any CloudTrail resource of a delivering account passes the source
// check.
func TestSourceAccount(t *testing.T) {
	site := cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, KMSKeyARN: keyA}
	loose := mustBuild(t, site, kmskey.Config{Options: kmskey.Options{AllowAnySourceInAccounts: true}})
	strict := mustBuild(t, site, kmskey.Config{})
	eventDataStore := "arn:aws:cloudtrail:us-east-1:" + acctB + ":eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE"
	tests := []struct {
		name   string
		reason string
		req    evalRequest
		loose  string // with AllowAnySourceInAccounts
		strict string // the default, aws:SourceArn
	}{
		{"delivering-trail-encrypts", "a delivering account's trail encrypts its logs",
			cloudTrailCall("kms:GenerateDataKey", trailOf(acctB), trailOf(acctB)), "Allow", "Allow"},
		{"outside-trail-refused", "a trail of an account outside the setup is refused",
			cloudTrailCall("kms:GenerateDataKey", trailOf(acctC), trailOf(acctC)), "ImplicitDeny", "ImplicitDeny"},
		{"outside-trail-with-delivering-context", "an outside trail cannot borrow a delivering trail's encryption context",
			cloudTrailCall("kms:GenerateDataKey", trailOf(acctC), trailOf(acctB)), "ImplicitDeny", "ImplicitDeny"},
		{"delivering-trail-describes", "a delivering account's trail describes the key",
			cloudTrailCall("kms:DescribeKey", trailOf(acctA), ""), "Allow", "Allow"},
		{"outside-trail-describe-refused", "a trail of another account may not describe the key",
			cloudTrailCall("kms:DescribeKey", trailOf(acctC), ""), "ImplicitDeny", "ImplicitDeny"},
		// The weakening the option is named for.
		{"other-resource-describes", "any CloudTrail resource of a delivering account, an event data store too, passes aws:SourceAccount",
			cloudTrailCall("kms:DescribeKey", eventDataStore, ""), "Allow", "ImplicitDeny"},
		{"other-resource-needs-trail-context", "but data keys still need a delivering trail's encryption context",
			cloudTrailCall("kms:GenerateDataKey", eventDataStore, ""), "ImplicitDeny", "ImplicitDeny"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := decide(t, tc.req, loose, nil); got != tc.loose {
				t.Errorf("allowAnySourceInAccounts: %s, want %s (%s)", got, tc.loose, tc.reason)
			}
			if got := decide(t, tc.req, strict, nil); got != tc.strict {
				t.Errorf("default: %s, want %s (%s)", got, tc.strict, tc.reason)
			}
		})
	}
}
