package scp_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/scp"
)

// The benchmarks run only with -bench: Build (which validates every
// document: schema, size limit, Sids, and splits when needed) followed by
// JSON, beside json.Marshal of the same documents held in the
// aws-iam-policy types, so that the cost of building and validating reads
// as a ratio.
//
// Reproduce: go test -run='^$' -bench=. -benchmem ./scp

func benchConfig(roles int) scp.Config {
	cfg := scp.Config{
		Bucket:            "example-cloudtrail-logs",
		LogArchiveAccount: "222222222222",
		ManagementAccount: "111111111111",
		ProtectTrails:     []string{"arn:aws:cloudtrail:us-east-1:333333333333:trail/org"},
		ProtectKeyARN:     "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	}
	for i := range roles {
		cfg.BreakGlassRoles = append(cfg.BreakGlassRoles, fmt.Sprintf("arn:aws:iam::%012d:role/BreakGlass", 500000000000+i))
	}
	return cfg
}

// benchRoles: 1 role gives one SCP; 60 roles split the statements over
// several SCPs (every statement repeats the exemption list).
var benchRoles = []int{1, 10, 60}

func BenchmarkBuild(b *testing.B) {
	for _, n := range benchRoles {
		b.Run(fmt.Sprintf("breakGlassRoles=%d", n), func(b *testing.B) {
			cfg := benchConfig(n)
			docs, err := scp.Build(cfg)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(docs)), "documents")
			b.ReportAllocs()
			for b.Loop() {
				docs, err := scp.Build(cfg)
				if err != nil {
					b.Fatal(err)
				}
				for _, d := range docs {
					if _, err := d.JSON(); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

func BenchmarkBaselineMarshal(b *testing.B) {
	for _, n := range benchRoles {
		b.Run(fmt.Sprintf("breakGlassRoles=%d", n), func(b *testing.B) {
			docs, err := scp.Build(benchConfig(n))
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
