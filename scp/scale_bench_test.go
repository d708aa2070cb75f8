package scp_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// BenchmarkScale reports, for each list the SCPs grow with, t(10,000) ÷
// t(1,000) as a same-run ratio (golden.BenchScale): cloudtrail.New, Build
// and the JSON of every SCP, or the size error (a statement that lists
// thousands of roles or trails is too large for one SCP; Build says so).
// Issue 17's goal is 11 or less (linear).
//
// Reproduce: go test -run='^$' -bench=Scale ./scp
func BenchmarkScale(b *testing.B) {
	base := func() cloudtrail.SiteConfig {
		return cloudtrail.SiteConfig{
			Bucket:            "example-cloudtrail-logs",
			Organization:      &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"},
			LogArchiveAccount: "222222222222",
			KMSKeyARN:         "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		}
	}
	paths := []struct {
		name string
		cfg  func(n int) (cloudtrail.SiteConfig, scp.Options)
	}{
		{"breakGlassRoles", func(n int) (cloudtrail.SiteConfig, scp.Options) {
			sc := base()
			for i := range n {
				sc.BreakGlassRoles = append(sc.BreakGlassRoles, fmt.Sprintf("arn:aws:iam::%012d:role/BreakGlass", 500000000000+i))
			}
			return sc, scp.Options{}
		}},
		{"protectTrails", func(n int) (cloudtrail.SiteConfig, scp.Options) {
			var opts scp.Options
			for i := range n {
				opts.ProtectTrails = append(opts.ProtectTrails, fmt.Sprintf("arn:aws:cloudtrail:us-east-1:%012d:trail/org", 500000000000+i))
			}
			return base(), opts
		}},
	}
	for _, p := range paths {
		b.Run(p.name, func(b *testing.B) {
			golden.BenchScale(b, golden.ScaleSmall, golden.ScaleLarge, func(n int) func() error {
				sc, opts := p.cfg(n)
				return func() error {
					site, err := cloudtrail.New(sc)
					if err != nil {
						return err
					}
					docs, err := scp.Build(scp.Config{Site: site, Options: opts})
					for _, d := range docs {
						if _, err := d.JSON(); err != nil {
							return err
						}
					}
					return err
				}
			}, func(err error) bool { return err == nil || errors.Is(err, policy.ErrSize) })
		})
	}
}
