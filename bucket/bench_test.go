package bucket_test

import (
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The benchmarks run only with -bench. BenchmarkBuild measures what a
// caller pays for one policy: cloudtrail.New (which validates the site),
// Build (which validates the document against the schema, the size limit
// and the Sid rules) and JSON. Past the size limit it measures the time to
// the size error, which includes finding how many accounts fit. BenchmarkBaselineMarshal is json.Marshal of the same
// document held in the aws-iam-policy types, so that the cost of building
// and validating reads as a ratio; BenchmarkValidate isolates validation.
//
// Reproduce: go test -run='^$' -bench=. -benchmem ./bucket

// benchSizes are the account counts measured; with a KMS key 48 is the
// most that fit (one write statement per account).
var benchSizes = []int{1, 10, scaleFitKMS, 100, 1000, 10000}

func benchConfig(n int) setup {
	cfg := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN}}
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

// BenchmarkBuild reports ns/account as well, to read whether the cost grows
// linearly, and, for the documents that fit, x-marshal: the time over that
// of json.Marshal of the same document (issue 17's goal: 2 or less).
func BenchmarkBuild(b *testing.B) {
	for _, n := range append([]int{0}, benchSizes...) {
		b.Run(benchName(n), func(b *testing.B) {
			cfg := benchConfig(n)
			op := func() (*policy.Document, error) { return build(cfg) }
			golden.BenchBuild(b, n, op)
			if doc, err := op(); err == nil {
				golden.ReportRatio(b, golden.ThenJSON(op), doc)
			}
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{0, 10, scaleFitKMS} {
		b.Run(benchName(n), func(b *testing.B) {
			doc, err := build(benchConfig(n))
			if err != nil {
				b.Fatal(err)
			}
			golden.BenchValidate(b, doc)
		})
	}
}

func BenchmarkBaselineMarshal(b *testing.B) {
	for _, n := range []int{0, 10, scaleFitKMS} {
		b.Run(benchName(n), func(b *testing.B) {
			doc, err := build(benchConfig(n))
			if err != nil {
				b.Fatal(err)
			}
			golden.BenchMarshal(b, doc)
		})
	}
}

// BenchmarkBuildAcrossPrefixes is New, Build and JSON at the limit of the compact
// form (AllowWritesAcrossAccountPrefixes, one write statement for all
// accounts), to compare with the default's statement per account.
func BenchmarkBuildAcrossPrefixes(b *testing.B) {
	cfg := benchConfig(scaleFitAcrossKMS)
	cfg.AllowWritesAcrossAccountPrefixes = true
	// Must fit: golden.BenchBuild would measure a size error instead.
	if _, err := build(cfg); err != nil {
		b.Fatal(err)
	}
	op := func() (*policy.Document, error) { return build(cfg) }
	golden.BenchBuild(b, scaleFitAcrossKMS, op)
	if doc, err := op(); err == nil {
		golden.ReportRatio(b, golden.ThenJSON(op), doc)
	}
}

// BenchmarkBuildPathVariable is New, Build and JSON at the limit of the
// compact account shape (AccountPathVariable, one write statement whose
// path names ${aws:SourceAccount}): 627 accounts with a key.
func BenchmarkBuildPathVariable(b *testing.B) {
	cfg := benchConfig(scaleFitPathVariableKMS)
	cfg.AccountPathVariable = true
	if _, err := build(cfg); err != nil {
		b.Fatal(err)
	}
	op := func() (*policy.Document, error) { return build(cfg) }
	golden.BenchBuild(b, scaleFitPathVariableKMS, op)
	if doc, err := op(); err == nil {
		golden.ReportRatio(b, golden.ThenJSON(op), doc)
	}
}
