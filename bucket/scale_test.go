package bucket_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/policy"
)

// scaleFit is how many explicit delivering accounts fit in one bucket
// policy for testBucket without a prefix (per-account aws:SourceArn
// patterns), without and with the two encryption denies of a KMS key. The
// README's table of break points quotes these numbers.
const (
	scaleFit    = 131
	scaleFitKMS = 127
)

// TestScale builds the bucket policy for 1 to 10,000 delivering accounts:
// up to the break point the document is valid and within 20,480 bytes;
// past it there is no document, and the error says how many accounts fit
// and that an organization trail is the way out.
func TestScale(t *testing.T) {
	all := manyAccounts(10000)
	for _, withKey := range []bool{false, true} {
		fit, key := scaleFit, ""
		if withKey {
			fit, key = scaleFitKMS, keyARN
		}
		for _, n := range []int{1, 10, 100, fit, fit + 1, 1000, 10000} {
			t.Run(fmt.Sprintf("kms=%t/accounts=%d", withKey, n), func(t *testing.T) {
				doc, err := bucket.Build(bucket.Config{Bucket: testBucket, KMSKeyARN: key, Sources: policy.Sources{Accounts: all[:n]}})
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
				var se *bucket.SizeError
				if !errors.As(err, &se) || !errors.Is(err, policy.ErrSize) {
					t.Fatalf("want a *bucket.SizeError wrapping policy.ErrSize, got %v", err)
				}
				if se.Fit != fit || se.Accounts != n {
					t.Errorf("SizeError says %d of %d fit, want %d of %d", se.Fit, se.Accounts, fit, n)
				}
				for _, want := range []string{fmt.Sprintf(`Accounts: "%d accounts"`, n), fmt.Sprintf("%d of them fit", fit), "organization trail (Organization)"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error lacks %q: %v", want, err)
					}
				}
			})
		}
	}
}

// TestScaleOrganization checks that an organization trail's policy does not
// grow with the organization: it names one path, AWSLogs/<o-id>/*, which
// admits the logs of the 10,000th member account as well as the first.
func TestScaleOrganization(t *testing.T) {
	doc := mustBuild(t, bucket.Config{Bucket: testBucket, KMSKeyARN: keyARN, Sources: policy.Sources{Organization: org()}})
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
