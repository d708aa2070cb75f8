package bucket_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// BenchmarkScale reports, for each path of the bucket policy that takes a
// list, t(10,000) ÷ t(1,000) as a same-run ratio (golden.BenchScale): the
// time from the setup's values to the document's JSON (cloudtrail.New,
// Build, JSON) or to the size error, which includes the search for how
// many of the list fit. Issue 17's goal is 11 or less (linear).
//
// Reproduce: go test -run='^$' -bench=Scale ./bucket
func BenchmarkScale(b *testing.B) {
	paths := []struct {
		name string
		cfg  func(n int) setup
	}{
		{"accounts", func(n int) setup {
			return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: manyAccounts(n)}}
		}},
		{"accounts/exactTrails", func(n int) setup {
			a := manyAccounts(n)
			return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: a, Trails: trailsOf(a)}}
		}},
		{"accounts/acrossPrefixes", func(n int) setup {
			return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: manyAccounts(n)},
				Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true}}}
		}},
		{"accounts/anySourceInAccounts", func(n int) setup {
			return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: manyAccounts(n)},
				Config: bucket.Config{Options: bucket.Options{AllowAnySourceInAccounts: true}}}
		}},
		{"accounts/accountPathVariable", func(n int) setup {
			return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: manyAccounts(n)},
				Config: bucket.Config{Options: bucket.Options{AccountPathVariable: true}}}
		}},
		{"readers", func(n int) setup {
			readers := make([]string, n)
			for i := range readers {
				readers[i] = fmt.Sprintf("arn:aws:iam::%s:role/Reader%05d", mgmt, i) // one length, so that only the count grows
			}
			return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org(), Readers: readers}}
		}},
		{"accounts+readers", func(n int) setup {
			// A reader in each delivering account: the check of each
			// reader against the allowed accounts must not scan them.
			a := manyAccounts(n)
			readers := make([]string, n)
			for i := range readers {
				readers[i] = "arn:aws:iam::" + a[i] + ":role/Reader"
			}
			return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: a, Readers: readers}}
		}},
	}
	for _, p := range paths {
		b.Run(p.name, func(b *testing.B) {
			golden.BenchScale(b, golden.ScaleSmall, golden.ScaleLarge, func(n int) func() error {
				cfg := p.cfg(n)
				return golden.ThenJSON(func() (*policy.Document, error) { return build(cfg) })
			}, func(err error) bool { return err == nil || errors.Is(err, policy.ErrSize) })
		})
	}
}
