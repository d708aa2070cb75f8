package trailpolicy_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// BenchmarkSetupScale reports t(10,000) ÷ t(1,000) as a same-run ratio
// (golden.BenchScale) for the whole setup (Setup.Build and the JSON of every
// document) with that many delivering accounts beside the organization, or
// the size errors they cause, each with how many accounts fit. Issue 17's
// goal is 11 or less (linear).
//
// Reproduce: go test -run='^$' -bench=SetupScale .
func BenchmarkSetupScale(b *testing.B) {
	golden.BenchScale(b, golden.ScaleSmall, golden.ScaleLarge, func(n int) func() error {
		s := benchSetup()
		for i := range n {
			s.Accounts = append(s.Accounts, fmt.Sprintf("%012d", 600000000000+i))
		}
		return func() error {
			bundle, err := s.Build()
			if err != nil {
				return err
			}
			for _, d := range bundle.Documents {
				if _, err := d.Policy.JSON(); err != nil {
					return err
				}
			}
			return nil
		}
	}, func(err error) bool { return err == nil || errors.Is(err, policy.ErrSize) })
}
