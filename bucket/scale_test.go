package bucket_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// scaleFit is how many explicit delivering accounts fit in one bucket
// policy for testBucket without a prefix (one write statement per account,
// with its aws:SourceArn pattern), without and with the two encryption
// denies of a KMS key; scaleFitAcross* are the same with
// AllowWritesAcrossAccountPrefixes (one write statement for all). The
// README's table of break points quotes these numbers.
const (
	scaleFit          = 50
	scaleFitKMS       = 48
	scaleFitAcross    = 131
	scaleFitAcrossKMS = 126
)

// TestScale builds the bucket policy for 1 to 10,000 delivering accounts:
// up to the break point the document is valid and within 20,480 bytes;
// past it there is no document, and the error says how many accounts fit
// and that an organization trail is the way out (and, by default, how many
// the compact form would fit, at what cost).
func TestScale(t *testing.T) {
	all := manyAccounts(10000)
	for _, across := range []bool{false, true} {
		for _, withKey := range []bool{false, true} {
			fit, key := scaleFit, ""
			switch {
			case across && withKey:
				fit, key = scaleFitAcrossKMS, keyARN
			case across:
				fit = scaleFitAcross
			case withKey:
				fit, key = scaleFitKMS, keyARN
			}
			acrossFit := scaleFitAcross
			if withKey {
				acrossFit = scaleFitAcrossKMS
			}
			for _, n := range []int{1, 10, fit, fit + 1, 1000, 10000} {
				t.Run(fmt.Sprintf("across=%t/kms=%t/accounts=%d", across, withKey, n), func(t *testing.T) {
					scaleCase(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: key, Accounts: all[:n]},
						Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: across}}}, n, fit, acrossFit)
				})
			}
		}
	}
}

// scaleCase builds cfg with n accounts, of which fit fit (acrossFit with
// AllowWritesAcrossAccountPrefixes), and checks the document or the error.
func scaleCase(t *testing.T, cfg setup, n, fit, acrossFit int) {
	t.Helper()
	doc, err := bucket.Build(config(t, cfg))
	if n <= fit {
		if err != nil {
			t.Fatalf("%d accounts should fit: %v", n, err)
		}
		if err := doc.Validate(); err != nil {
			t.Fatalf("invalid document: %v", err)
		}
		compact, _ := doc.CompactJSON()
		if size := policy.Size(policy.KindBucketPolicy, compact); size > policy.BucketPolicyLimit {
			t.Errorf("%d bytes, over the limit of %d", size, policy.BucketPolicyLimit)
		}
		return
	}
	if doc != nil {
		t.Errorf("a document came back for %d accounts", n)
	}
	var se *policy.SizeError
	if !errors.As(err, &se) || !errors.Is(err, policy.ErrSize) {
		t.Fatalf("want a *policy.SizeError wrapping policy.ErrSize, got %v", err)
	}
	if se.Field != "accounts" || se.Noun != "accounts" || se.Fit != fit || se.Count != n {
		t.Errorf("SizeError says %d of %d %s (%q) fit, want %d of %d accounts (\"accounts\")", se.Fit, se.Count, se.Noun, se.Field, fit, n)
	}
	want := []string{fmt.Sprintf(`accounts: "%d accounts"`, n), fmt.Sprintf("%d of them fit", fit), "organization trail (organization)"}
	if cfg.AllowWritesAcrossAccountPrefixes {
		if strings.Contains(err.Error(), "allowWritesAcrossAccountPrefixes") {
			t.Errorf("with the option already set the error should not suggest it: %v", err)
		}
	} else {
		fits := fmt.Sprintf("allowWritesAcrossAccountPrefixes fits %d", acrossFit)
		if n <= acrossFit {
			fits = "allowWritesAcrossAccountPrefixes fits all of them"
		}
		if !strings.Contains(se.Hint, fits+" in one write statement") {
			t.Errorf("SizeError hint lacks %q: %s", fits, se.Hint)
		}
		want = append(want, fits,
			"lets any delivering account's trail write under every other delivering account's AWSLogs/<account>/ path")
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
}

// TestScaleOrganization checks that an organization trail's policy does not
// grow with the organization: it names one path, AWSLogs/<o-id>/*, which
// admits the logs of the 10,000th member account as well as the first.
func TestScaleOrganization(t *testing.T) {
	doc := mustBuild(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org()}})
	compact, _ := doc.CompactJSON()
	if size := policy.Size(policy.KindBucketPolicy, compact); size > 2048 {
		t.Errorf("organization bucket policy is %d bytes, want a small constant (under 2 KB)", size)
	}
	trail := "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/org"
	for _, member := range []string{"100000000000", "100000009999"} {
		obj := "arn:aws:s3:::" + testBucket + "/AWSLogs/" + orgID + "/" + member + "/CloudTrail/us-east-1/2025/01/01/f.json.gz"
		if got := decide(t, doc, putLog(obj, trail, "aws:kms", keyARN)); got != allowed {
			t.Errorf("organization trail writing for member %s: %v, want Allow", member, got)
		}
	}
}
