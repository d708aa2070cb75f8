package policy_test

import (
	"fmt"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/internal/golden"
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
			golden.ReportRatio(b, d.Validate, d)
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
			golden.ReportRatio(b, op, d)
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
			golden.ReportRatio(b, op, d)
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
			golden.ReportRatio(b, op, d)
		})
	}
}
