package kmskey_test

import (
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The benchmarks run only with -bench. BenchmarkBuild measures Build (which
// validates the document: schema, size limit, Sids) and JSON, from a site
// that cloudtrail.New made before the loop (its validation of the shared
// values is not measured); past the size
// limit (70 accounts) it measures the time to the size error.
// BenchmarkBaselineMarshal is json.Marshal of the same document held in the
// aws-iam-policy types, so that the cost of building and validating reads
// as a ratio; BenchmarkValidate isolates validation.
//
// Reproduce: go test -run='^$' -bench=. -benchmem ./kmskey

func benchConfig(b *testing.B, n int) kmskey.Config {
	sc := cloudtrail.SiteConfig{KMSKeyARN: keySec}
	if n == 0 {
		sc.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA}
	} else {
		sc.Accounts = scaleAccounts(n)
	}
	return kmskey.Config{Site: mustSite(b, sc)}
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
	for _, n := range []int{0, 1, 10, scaleFit, 100, 1000, 10000} {
		b.Run(benchName(n), func(b *testing.B) {
			cfg := benchConfig(b, n)
			op := func() (*policy.Document, error) { return kmskey.Build(cfg) }
			golden.BenchBuild(b, n, op)
			if doc, err := op(); err == nil {
				golden.ReportRatio(b, golden.ThenJSON(op), doc)
			}
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{0, 10, scaleFit} {
		b.Run(benchName(n), func(b *testing.B) {
			doc, err := kmskey.Build(benchConfig(b, n))
			if err != nil {
				b.Fatal(err)
			}
			golden.BenchValidate(b, doc)
		})
	}
}

func BenchmarkBaselineMarshal(b *testing.B) {
	for _, n := range []int{0, 10, scaleFit} {
		b.Run(benchName(n), func(b *testing.B) {
			doc, err := kmskey.Build(benchConfig(b, n))
			if err != nil {
				b.Fatal(err)
			}
			golden.BenchMarshal(b, doc)
		})
	}
}

// BenchmarkBuildPathVariable is Build and JSON at the limit of the compact
// account shape (AccountPathVariable): 702 accounts besides the key's.
func BenchmarkBuildPathVariable(b *testing.B) {
	cfg := benchConfig(b, scaleFitPathVariable)
	cfg.AccountPathVariable = true
	op := func() (*policy.Document, error) { return kmskey.Build(cfg) }
	if _, err := op(); err != nil {
		b.Fatal(err)
	}
	golden.BenchBuild(b, scaleFitPathVariable, op)
	if doc, err := op(); err == nil {
		golden.ReportRatio(b, golden.ThenJSON(op), doc)
	}
}
