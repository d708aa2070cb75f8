package kmskey_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// BenchmarkScale reports, for each path of the key policy that takes a
// list, t(10,000) ÷ t(1,000) as a same-run ratio (golden.BenchScale): the
// time from the setup's values to the document's JSON (cloudtrail.New,
// Build, JSON) or to the size error, which includes the search for how
// many accounts fit. Issue 17's goal is 11 or less (linear).
//
// Reproduce: go test -run='^$' -bench=Scale ./kmskey
func BenchmarkScale(b *testing.B) {
	paths := []struct {
		name string
		cfg  func(n int) (cloudtrail.SiteConfig, kmskey.Config)
	}{
		{"accounts", func(n int) (cloudtrail.SiteConfig, kmskey.Config) {
			return cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: scaleAccounts(n)}, kmskey.Config{}
		}},
		{"accounts/exactTrails", func(n int) (cloudtrail.SiteConfig, kmskey.Config) {
			a := scaleAccounts(n)
			trails := make([]string, n)
			for i := range a {
				trails[i] = "arn:aws:cloudtrail:us-east-1:" + a[i] + ":trail/management-events"
			}
			return cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: a, Trails: trails}, kmskey.Config{}
		}},
		{"accounts/accountPathVariable", func(n int) (cloudtrail.SiteConfig, kmskey.Config) {
			return cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: scaleAccounts(n)}, pathVariableOpts()
		}},
		{"accounts+readers", func(n int) (cloudtrail.SiteConfig, kmskey.Config) {
			a := scaleAccounts(n)
			readers := make([]string, n)
			for i := range a {
				readers[i] = "arn:aws:iam::" + a[i] + ":role/Reader"
			}
			return cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: a, Readers: readers}, kmskey.Config{}
		}},
		{"accounts+decryptAccounts", func(n int) (cloudtrail.SiteConfig, kmskey.Config) {
			a := scaleAccounts(n)
			return cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: a}, kmskey.Config{Options: kmskey.Options{DecryptAccounts: a}}
		}},
		{"readers", func(n int) (cloudtrail.SiteConfig, kmskey.Config) {
			readers := make([]string, n)
			for i := range readers {
				readers[i] = fmt.Sprintf("arn:aws:iam::%s:role/Reader%05d", acctSec, i) // one length: only the count grows
			}
			return cloudtrail.SiteConfig{KMSKeyARN: keySec, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA}, Readers: readers}, kmskey.Config{}
		}},
	}
	for _, p := range paths {
		b.Run(p.name, func(b *testing.B) {
			golden.BenchScale(b, golden.ScaleSmall, golden.ScaleLarge, func(n int) func() error {
				sc, opts := p.cfg(n)
				return golden.ThenJSON(func() (*policy.Document, error) { return build(sc, opts) })
			}, func(err error) bool { return err == nil || errors.Is(err, policy.ErrSize) })
		})
	}
}
