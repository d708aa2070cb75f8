package trust_test

import (
	"encoding/json"
	"runtime"
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
			b.ReportAllocs()
			for b.Loop() {
				doc, err := bb.build()
				if err != nil {
					b.Fatal(err)
				}
				if _, err := doc.JSON(); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, doc)
		})
	}
}

// reportRatio reports, as the metric x-marshal, the time per operation of
// b's loop (call it after the loop) over that of json.Marshal of docs held
// in the aws-iam-policy types, the baseline of golden.BenchMarshal,
// measured right after in the same process for as long as b's loop ran (at
// least 100 times), so that the ratio means the same on any machine.
// (testing.Benchmark cannot run inside a benchmark: they share a lock.)
func reportRatio(b *testing.B, docs ...*policy.Document) {
	b.Helper()
	if b.N == 0 {
		return
	}
	own := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	ps := make([]*iampolicy.Policy, len(docs))
	for i, d := range docs {
		ps[i] = d.Policy()
	}
	runtime.GC()
	n, start := 0, time.Now()
	for n < 100 || time.Since(start) < b.Elapsed() {
		for _, p := range ps {
			if _, err := json.Marshal(p); err != nil {
				b.Fatal(err)
			}
		}
		n++
	}
	base := float64(time.Since(start).Nanoseconds()) / float64(n)
	b.ReportMetric(own/base, "x-marshal")
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
