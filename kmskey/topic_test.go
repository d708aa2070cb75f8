package kmskey_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// topicA is an SNS topic of the key's account and Region.
const topicA = "arn:aws:sns:us-east-1:" + acctA + ":cloudtrail-notifications"

// TestCloudTrailToEncryptTopic asks the key policy what CloudTrail may do
// with the key with and without AllowCloudTrailToEncryptTopic: under the
// topic's encryption context, the data keys and decryption an encrypted
// topic needs; otherwise, no more than before.
func TestCloudTrailToEncryptTopic(t *testing.T) {
	site := cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, KMSKeyARN: keyA, SNSTopicARN: topicA}
	with := mustBuild(t, site, kmskey.Config{Options: kmskey.Options{AllowCloudTrailToEncryptTopic: true}})
	without := mustBuild(t, site, kmskey.Config{})
	golden.Check(t, with, "testdata/cloudtrail-encrypt-topic.golden.json")
	call := func(action, topic string) evalRequest {
		ctx := map[string][]string{}
		if topic != "" {
			ctx["kms:EncryptionContext:aws:sns:topicArn"] = []string{topic}
		}
		return evalRequest{service: cloudtrail.ServicePrincipal, action: action, key: keyA, context: ctx}
	}
	tests := []struct {
		name, reason  string
		req           evalRequest
		with, without string
	}{
		{"data-key-for-topic", "SNS generating the topic's data key for CloudTrail's publish", call("kms:GenerateDataKey", topicA), "Allow", "ImplicitDeny"},
		{"decrypt-for-topic", "and decrypting it", call("kms:Decrypt", topicA), "Allow", "ImplicitDeny"},
		{"data-key-no-context", "not without the topic's context: a log file's data key still needs the trail's encryption context", call("kms:GenerateDataKey", ""), "ImplicitDeny", "ImplicitDeny"},
		{"data-key-other-topic", "nor for another topic", call("kms:GenerateDataKey", "arn:aws:sns:us-east-1:"+acctA+":other"), "ImplicitDeny", "ImplicitDeny"},
		{"topic-in-other-region", "a topic of the same name in another Region is another topic", call("kms:Decrypt", "arn:aws:sns:eu-west-1:"+acctA+":cloudtrail-notifications"), "ImplicitDeny", "ImplicitDeny"},
		{"re-encrypt", "only the two actions", call("kms:ReEncryptFrom", topicA), "ImplicitDeny", "ImplicitDeny"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := decide(t, tc.req, with, nil); got != tc.with {
				t.Errorf("with the option: %s, want %s (%s)", got, tc.with, tc.reason)
			}
			if got := decide(t, tc.req, without, nil); got != tc.without {
				t.Errorf("without it: %s, want %s (%s)", got, tc.without, tc.reason)
			}
		})
	}
}

func TestCloudTrailToEncryptTopicBadInput(t *testing.T) {
	on := kmskey.Config{Options: kmskey.Options{AllowCloudTrailToEncryptTopic: true}}
	for _, tc := range []struct {
		name, reason string
		site         cloudtrail.SiteConfig
	}{
		{"no-topic", "the statement is for the setup's topic", cloudtrail.SiteConfig{Accounts: []string{acctA}, KMSKeyARN: keyA}},
		{"other-region", "a topic is encrypted with a key of its own Region", cloudtrail.SiteConfig{Accounts: []string{acctA}, KMSKeyARN: keyA,
			SNSTopicARN: "arn:aws:sns:eu-west-1:" + acctA + ":t"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := kmskey.Build(kmskey.Config{Site: mustSite(t, tc.site), Options: on.Options})
			golden.CheckProblems(t, doc, err, []golden.Problem{{Field: "keyPolicy.allowCloudTrailToEncryptTopic", Value: "true", Err: policy.ErrConflict}})
		})
	}
}
