package trailpolicy_test

import (
	"encoding/json"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
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
// (see [golden.ReportRatio]): issue 17's goal for the whole setup is 2 or less.
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
	golden.ReportRatio(b, op, docs...)
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
