package trailpolicy_test

import (
	"encoding/json"
	"runtime"
	"slices"
	"testing"
	"time"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// benchSetup is an organization setup with every document: bucket and key
// policies, the vendor's trust and read policies, and the SCP.
func benchSetup() trailpolicy.Setup {
	return trailpolicy.Setup{
		SiteConfig: cloudtrail.SiteConfig{
			Bucket:            "example-cloudtrail-logs",
			BucketRegion:      "us-east-1",
			LogArchiveAccount: "222222222222",
			Organization:      &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"},
			KMSKeyARN:         "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			BreakGlassRoles:   []string{"arn:aws:iam::222222222222:role/BreakGlass"},
		},
		KeyAdministrators: []string{"arn:aws:iam::222222222222:role/KeyAdmin"},
		Vendor:            &trust.Vendor{Account: "444455556666", ExternalID: "ExampleVendorID-1234"},
	}
}

// BenchmarkSetupBuild measures Setup.Build (every builder, each validating
// its document) and the JSON of every document. Its x-marshal metric is the
// time of that over the time of json.Marshal of the same five documents
// (see [reportRatio]): issue 17's goal for the whole setup is 2 or less.
// Only with -bench: go test -run='^$' -bench=Setup .
func BenchmarkSetupBuild(b *testing.B) {
	s := benchSetup()
	bundle, err := s.Build()
	if err != nil {
		b.Fatal(err)
	}
	var docs []*policy.Document
	for _, d := range bundle.Documents {
		docs = append(docs, d.Policy)
	}
	op := func() error {
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
	b.ReportAllocs()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
	reportRatio(b, op, docs...)
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

// BenchmarkSetupBaselineMarshal is json.Marshal of the same documents held
// in the aws-iam-policy types: the floor Setup.Build is compared with.
func BenchmarkSetupBaselineMarshal(b *testing.B) {
	bundle, err := benchSetup().Build()
	if err != nil {
		b.Fatal(err)
	}
	var docs []*policy.Document
	for _, d := range bundle.Documents {
		docs = append(docs, d.Policy)
	}
	if len(docs) < 5 {
		b.Fatalf("the setup calls for %d documents, want all five kinds", len(docs))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			if _, err := json.Marshal(d.Policy()); err != nil {
				b.Fatal(err)
			}
		}
	}
}
