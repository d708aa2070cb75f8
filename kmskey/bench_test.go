package kmskey_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
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
				reportRatio(b, thenJSON(op), doc)
			}
		})
	}
}

// thenJSON returns build followed by the JSON of its document: the
// operation golden.BenchBuild measures, for reportRatio.
func thenJSON(build func() (*policy.Document, error)) func() error {
	return func() error {
		doc, err := build()
		if err == nil {
			_, err = doc.JSON()
		}
		return err
	}
}

// reportRatio reports, as the metric x-marshal, how many times longer op
// (the operation b's loop measured) takes than json.Marshal of docs held
// in the aws-iam-policy types, the baseline issue 17 compares with. Call
// it after the loop. It runs op and the baseline in turn, in the same
// process, in rounds of about a fortieth of the time b's loop took each
// (at least one operation), and reports the median of the rounds' ratios:
// on a shared machine a burst of load then spoils one round, not the
// ratio. (testing.Benchmark cannot run inside a benchmark: they share a
// lock.)
func reportRatio(b *testing.B, op func() error, docs ...*policy.Document) {
	b.Helper()
	if b.N == 0 {
		return
	}
	ps := make([]*iampolicy.Policy, len(docs))
	for i, d := range docs {
		ps[i] = d.Policy()
	}
	marshal := func() error {
		for _, p := range ps {
			if _, err := json.Marshal(p); err != nil {
				return err
			}
		}
		return nil
	}
	// timeOf runs f n times after a collection, so that neither side pays
	// for the other's garbage, and returns the time per run.
	timeOf := func(f func() error, n int) float64 {
		runtime.GC()
		start := time.Now()
		for range n {
			if err := f(); err != nil {
				b.Fatal(err)
			}
		}
		return float64(time.Since(start).Nanoseconds()) / float64(n)
	}
	round := float64(b.Elapsed().Nanoseconds()) / 40
	opN := max(1, int(round*float64(b.N)/float64(b.Elapsed().Nanoseconds())))
	baseN := max(1, int(round/timeOf(marshal, max(1, opN))))
	ratios := make([]float64, 15)
	for i := range ratios {
		ratios[i] = timeOf(op, opN) / timeOf(marshal, baseN)
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "x-marshal")
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
