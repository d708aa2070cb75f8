package trailpolicy_test

import (
	"encoding/json"
	"testing"

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
// its document) and the JSON of every document. Only with -bench:
// go test -run='^$' -bench=Setup .
func BenchmarkSetupBuild(b *testing.B) {
	s := benchSetup()
	b.ReportAllocs()
	for b.Loop() {
		bundle, err := s.Build()
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range bundle.Documents {
			if _, err := d.Policy.JSON(); err != nil {
				b.Fatal(err)
			}
		}
	}
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
