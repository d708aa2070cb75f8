package scp_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/scp"
)

// The benchmarks run only with -bench: Build (which validates every
// document: schema, size limit, Sids, and splits when needed) followed by
// JSON, beside json.Marshal of the same documents held in the
// aws-iam-policy types, so that the cost of building and validating reads
// as a ratio.
//
// Reproduce: go test -run='^$' -bench=. -benchmem ./scp

// benchConfig returns the SCP config of a site with the given number of
// break-glass roles. The site is made once, by cloudtrail.New, outside the
// measured loop: the setup validates it once for every document.
func benchConfig(tb testing.TB, roles int) scp.Config {
	tb.Helper()
	sc := cloudtrail.SiteConfig{
		Bucket:            "example-cloudtrail-logs",
		Organization:      &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"},
		LogArchiveAccount: "222222222222",
		KMSKeyARN:         "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	}
	for i := range roles {
		sc.BreakGlassRoles = append(sc.BreakGlassRoles, fmt.Sprintf("arn:aws:iam::%012d:role/BreakGlass", 500000000000+i))
	}
	site, err := cloudtrail.New(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return scp.Config{
		Site:    site,
		Options: scp.Options{ProtectTrails: []string{"arn:aws:cloudtrail:us-east-1:333333333333:trail/org"}},
	}
}

// benchRoles: 1 role gives one SCP; 60 roles split the statements over
// several SCPs (every statement repeats the exemption list).
var benchRoles = []int{1, 10, 60}

// BenchmarkBuild reports x-marshal as well: the time over that of
// json.Marshal of the same documents (issue 17's goal: 2 or less).
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchRoles {
		b.Run(fmt.Sprintf("breakGlassRoles=%d", n), func(b *testing.B) {
			cfg := benchConfig(b, n)
			docs, err := scp.Build(cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(docs)), "documents")
			op := func() error {
				docs, err := scp.Build(cfg)
				if err != nil {
					return err
				}
				for _, d := range docs {
					if _, err := d.JSON(); err != nil {
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
		})
	}
}

func BenchmarkBaselineMarshal(b *testing.B) {
	for _, n := range benchRoles {
		b.Run(fmt.Sprintf("breakGlassRoles=%d", n), func(b *testing.B) {
			docs, err := scp.Build(benchConfig(b, n))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					if _, err := json.Marshal(d.Policy()); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
