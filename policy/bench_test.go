package policy_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The benchmarks run only with -bench: the costs package policy adds to
// every builder, on a bucket policy of n write statements like the one the
// bucket package builds for n delivering accounts. Each reports x-marshal,
// its time over that of json.Marshal of the same document in the
// aws-iam-policy types.
//
// Reproduce: go test -run='^$' -bench=. -benchmem ./policy

func benchDocument(n int) *policy.Document {
	d := policy.New(policy.KindBucketPolicy, iampolicy.Statement{
		Sid: "AWSCloudTrailAclCheck", Effect: iampolicy.EffectAllow, Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"),
		Action: policy.Strings("s3:GetBucketAcl"), Resource: policy.Strings("arn:aws:s3:::example-cloudtrail-logs"),
	})
	for i := range n {
		account := fmt.Sprintf("%012d", 111111111111+i)
		d.Statements = append(d.Statements, iampolicy.Statement{
			Sid: "AWSCloudTrailWrite" + account, Effect: iampolicy.EffectAllow, Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"),
			Action:   policy.Strings("s3:PutObject"),
			Resource: policy.Strings("arn:aws:s3:::example-cloudtrail-logs/AWSLogs/" + account + "/*"),
			Condition: policy.Conditions{}.
				With("StringEquals", "s3:x-amz-acl", "bucket-owner-full-control").
				With("StringLike", "aws:SourceArn", "arn:aws:cloudtrail:*:"+account+":trail/*"),
		})
	}
	return d
}

var benchSizes = []int{1, 10, 48}

func BenchmarkValidate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("statements=%d", n+1), func(b *testing.B) {
			d := benchDocument(n)
			b.ReportAllocs()
			for b.Loop() {
				if err := d.Validate(); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, d.Validate, d)
		})
	}
}

// BenchmarkValidateJSON is the schema alone on the compact form: what
// every document paid before the typed checks, and what a document read
// from outside still pays.
func BenchmarkValidateJSON(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("statements=%d", n+1), func(b *testing.B) {
			d := benchDocument(n)
			compact, err := d.CompactJSON()
			if err != nil {
				b.Fatal(err)
			}
			op := func() error { return policy.ValidateJSON(d.Kind, compact) }
			b.ReportAllocs()
			for b.Loop() {
				if err := op(); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, op, d)
		})
	}
}

func BenchmarkJSON(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("statements=%d", n+1), func(b *testing.B) {
			d := benchDocument(n)
			op := func() error { _, err := d.JSON(); return err }
			b.ReportAllocs()
			for b.Loop() {
				if err := op(); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, op, d)
		})
	}
}

func BenchmarkCompactJSON(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("statements=%d", n+1), func(b *testing.B) {
			d := benchDocument(n)
			op := func() error { _, err := d.CompactJSON(); return err }
			b.ReportAllocs()
			for b.Loop() {
				if err := op(); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, op, d)
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
