package kmskey_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The benchmarks run only with -bench. BenchmarkBuild measures Build (which
// validates the document: schema, size limit, Sids) and JSON; past the size
// limit (70 accounts) it measures the time to the size error.
// BenchmarkBaselineMarshal is json.Marshal of the same document held in the
// aws-iam-policy types, so that the cost of building and validating reads
// as a ratio; BenchmarkValidate isolates validation.
//
// Reproduce: go test -run='^$' -bench=. -benchmem ./kmskey

func benchConfig(n int) kmskey.Config {
	cfg := kmskey.Config{KeyARN: keySec}
	if n == 0 {
		cfg.Organization = &policy.Organization{ID: orgID, ManagementAccount: acctA}
	} else {
		cfg.Accounts = scaleAccounts(n)
	}
	return cfg
}

func benchName(n int) string {
	if n == 0 {
		return "organization"
	}
	return fmt.Sprintf("accounts=%d", n)
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{0, 1, 10, scaleFit, 100, 1000, 10000} {
		b.Run(benchName(n), func(b *testing.B) {
			cfg := benchConfig(n)
			_, err := kmskey.Build(cfg)
			fits := err == nil
			if err != nil && !errors.Is(err, policy.ErrSize) {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				doc, err := kmskey.Build(cfg)
				if !fits {
					if err == nil {
						b.Fatal("want a size error")
					}
					continue
				}
				if err != nil {
					b.Fatal(err)
				}
				if _, err := doc.JSON(); err != nil {
					b.Fatal(err)
				}
			}
			if n > 0 {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i)/float64(n), "ns/account")
			}
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{0, 10, scaleFit} {
		b.Run(benchName(n), func(b *testing.B) {
			doc, err := kmskey.Build(benchConfig(n))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := doc.Validate(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkBaselineMarshal(b *testing.B) {
	for _, n := range []int{0, 10, scaleFit} {
		b.Run(benchName(n), func(b *testing.B) {
			doc, err := kmskey.Build(benchConfig(n))
			if err != nil {
				b.Fatal(err)
			}
			p := doc.Policy() // the same statements in the aws-iam-policy types
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
