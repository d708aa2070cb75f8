package bucket_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The benchmarks run only with -bench. BenchmarkBuild measures what a
// caller pays for one policy: Build (which validates the document against
// the schema, the size limit and the Sid rules) and JSON. Past the size
// limit it measures the time to the size error, which includes finding how
// many accounts fit. BenchmarkBaselineMarshal is json.Marshal of the same
// document held in the aws-iam-policy types, so that the cost of building
// and validating reads as a ratio; BenchmarkValidate isolates validation.
//
// Reproduce: go test -run='^$' -bench=. -benchmem ./bucket

// benchSizes are the account counts measured; with a KMS key 48 is the
// most that fit (one write statement per account).
var benchSizes = []int{1, 10, scaleFitKMS, 100, 1000, 10000}

func benchConfig(n int) bucket.Config {
	cfg := bucket.Config{Bucket: testBucket, KMSKeyARN: keyARN}
	if n == 0 {
		cfg.Organization = org()
	} else {
		cfg.Accounts = manyAccounts(n)
	}
	return cfg
}

func benchName(n int) string {
	if n == 0 {
		return "organization"
	}
	return fmt.Sprintf("accounts=%d", n)
}

// reportPerAccount adds the cost per delivering account, to read whether the
// cost grows linearly.
func reportPerAccount(b *testing.B, n, iterations int) {
	if n > 0 && iterations > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(iterations)/float64(n), "ns/account")
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range append([]int{0}, benchSizes...) {
		b.Run(benchName(n), func(b *testing.B) {
			cfg := benchConfig(n)
			_, err := bucket.Build(cfg)
			fits := err == nil
			if err != nil && !errors.Is(err, policy.ErrSize) {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				doc, err := bucket.Build(cfg)
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
			reportPerAccount(b, n, i)
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{0, 10, scaleFitKMS} {
		b.Run(benchName(n), func(b *testing.B) {
			doc, err := bucket.Build(benchConfig(n))
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
	for _, n := range []int{0, 10, scaleFitKMS} {
		b.Run(benchName(n), func(b *testing.B) {
			doc, err := bucket.Build(benchConfig(n))
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

// BenchmarkBuildAcrossPrefixes is Build + JSON at the limit of the compact
// form (AllowWritesAcrossAccountPrefixes, one write statement for all
// accounts), to compare with the default's statement per account.
func BenchmarkBuildAcrossPrefixes(b *testing.B) {
	cfg := benchConfig(scaleFitAcrossKMS)
	cfg.AllowWritesAcrossAccountPrefixes = true
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		doc, err := bucket.Build(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := doc.JSON(); err != nil {
			b.Fatal(err)
		}
	}
	reportPerAccount(b, scaleFitAcrossKMS, i)
}
