package trust_test

import (
	"testing"

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
			golden.ReportRatio(b, op, doc)
		})
	}
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
