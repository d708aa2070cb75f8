package policy_test

import (
	"encoding/json"
	"fmt"
	"runtime"
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
			reportRatio(b, d)
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
			b.ReportAllocs()
			for b.Loop() {
				if err := policy.ValidateJSON(d.Kind, compact); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, d)
		})
	}
}

func BenchmarkJSON(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("statements=%d", n+1), func(b *testing.B) {
			d := benchDocument(n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.JSON(); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, d)
		})
	}
}

func BenchmarkCompactJSON(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("statements=%d", n+1), func(b *testing.B) {
			d := benchDocument(n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := d.CompactJSON(); err != nil {
					b.Fatal(err)
				}
			}
			reportRatio(b, d)
		})
	}
}

// reportRatio reports, as the metric x-marshal, the time per operation of
// b's loop (call it after the loop) over that of json.Marshal of docs held
// in the aws-iam-policy types, measured right after in the same process for
// as long as b's loop ran (at least 100 times), so that the ratio means the
// same on any machine. (testing.Benchmark cannot run inside a benchmark:
// they share a lock.)
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
