package kmskey_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
)

// TestCloudTrailDecryptForBucketKey asks the key policy whether CloudTrail
// may decrypt, which it must to create or update a trail on a bucket with an
// S3 Bucket Key: with AllowCloudTrailToDecryptForBucketKey for the
// delivering trails, without it never, and for another trail never.
func TestCloudTrailDecryptForBucketKey(t *testing.T) {
	for _, style := range []kmskey.SidStyle{kmskey.SidsCompact, kmskey.SidsSpaced} {
		site := cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, KMSKeyARN: keyA}
		with := mustBuild(t, site, kmskey.Config{Options: kmskey.Options{AllowCloudTrailToDecryptForBucketKey: true, SidStyle: style}})
		without := mustBuild(t, site, kmskey.Config{Options: kmskey.Options{SidStyle: style}})
		tests := []struct {
			name    string
			reason  string
			req     evalRequest
			with    string
			without string
		}{
			{"delivering-trail", "CloudTrail decrypts for a delivering trail, named as source and context",
				cloudTrailCall("kms:Decrypt", trailOf(acctB), trailOf(acctB)), "Allow", "ImplicitDeny"},
			{"key-account-trail", "and for the key account's own trail",
				cloudTrailCall("kms:Decrypt", trailOf(acctA), trailOf(acctA)), "Allow", "ImplicitDeny"},
			{"other-trail", "a trail of another account never has CloudTrail decrypt",
				cloudTrailCall("kms:Decrypt", trailOf(acctC), trailOf(acctC)), "ImplicitDeny", "ImplicitDeny"},
			{"other-trail-borrowed-context", "not even with a delivering trail's encryption context",
				cloudTrailCall("kms:Decrypt", trailOf(acctC), trailOf(acctB)), "ImplicitDeny", "ImplicitDeny"},
			{"delivering-source-other-context", "nor for data of another trail's context",
				cloudTrailCall("kms:Decrypt", trailOf(acctB), trailOf(acctC)), "ImplicitDeny", "ImplicitDeny"},
			{"no-context", "nor for data that is no CloudTrail log file",
				cloudTrailCall("kms:Decrypt", trailOf(acctB), ""), "ImplicitDeny", "ImplicitDeny"},
			{"encrypt-unchanged", "the option adds decrypt only: encrypting is as before",
				cloudTrailCall("kms:GenerateDataKey", trailOf(acctB), trailOf(acctB)), "Allow", "Allow"},
		}
		label := string(style)
		if style == kmskey.SidsCompact {
			label = "compact"
		}
		for _, tc := range tests {
			t.Run(label+"/"+tc.name, func(t *testing.T) {
				if got := decide(t, tc.req, with, nil); got != tc.with {
					t.Errorf("with the option: %s, want %s (%s)", got, tc.with, tc.reason)
				}
				if got := decide(t, tc.req, without, nil); got != tc.without {
					t.Errorf("without it: %s, want %s (%s)", got, tc.without, tc.reason)
				}
			})
		}
	}
}
