package trust_test

import (
	"encoding/json"
	"runtime"
	"slices"
	"testing"
	"time"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// The benchmarks run only with -bench: each builder (which validates its
// document: schema, size limit, Sids) followed by JSON, beside
// json.Marshal of the same document held in the aws-iam-policy types, so
// that the cost of building and validating reads as a ratio.
//
// Reproduce: go test -run='^$' -bench=. -benchmem ./trust

// benchSite is the site the benchmarks build for, made once: validating
// it is cloudtrail.New's cost, not the builders'.
var benchSite = newSite(cloudtrail.SiteConfig{
	Bucket:            "example-cloudtrail-logs",
	Prefix:            "org",
	LogArchiveAccount: "111122223333",
	Organization:      &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "555566667777"},
	KMSKeyARN:         "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
})

var benchBuilders = []struct {
	name  string
	build func() (*policy.Document, error)
}{
	{"vendor-trust", func() (*policy.Document, error) {
		return trust.BuildTrustPolicy(trust.VendorConfig{Site: benchSite, Vendor: trust.Vendor{Account: "444455556666", ExternalID: "ExampleVendorID-1234"}})
	}},
	{"reader-trust", func() (*policy.Document, error) {
		return trust.BuildReaderTrustPolicy(trust.ReaderConfig{Site: benchSite, LimitToOrganization: true,
			Principals: []string{"arn:aws:iam::111122223333:role/SecurityAudit", "arn:aws:iam::555566667777:role/IncidentResponse"}})
	}},
	{"read", func() (*policy.Document, error) {
		return trust.BuildReadPolicy(trust.ReadConfig{Site: benchSite})
	}},
}

// BenchmarkBuild reports x-marshal as well: the time over that of
// json.Marshal of the same document (issue 17's goal: 2 or less).
func BenchmarkBuild(b *testing.B) {
	for _, bb := range benchBuilders {
		b.Run(bb.name, func(b *testing.B) {
			doc, err := bb.build()
			if err != nil {
				b.Fatal(err)
			}
			op := func() error {
				doc, err := bb.build()
				if err == nil {
					_, err = doc.JSON()
				}
				return err
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := op(); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, op, doc)
		})
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

func BenchmarkBaselineMarshal(b *testing.B) {
	for _, bb := range benchBuilders {
		b.Run(bb.name, func(b *testing.B) {
			doc, err := bb.build()
			if err != nil {
				b.Fatal(err)
			}
			golden.BenchMarshal(b, doc)
		})
	}
}
