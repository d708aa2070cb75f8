package eval_test

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	bucketpkg "github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// The multi-account setup of the benchmarks: 40 delivering accounts, a KMS
// key and a reader, as BENCHMARKS.md's "Evaluator" section describes (its
// setup file gives the same bucket policy to trailpolicy bucket-policy).
const (
	benchAccounts = 40
	benchLogAcct  = "999999999999"
	benchBucket   = "example-cloudtrail-logs"
	benchKey      = "arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	benchReader   = "arn:aws:iam::999999999999:role/Security"
)

func benchAccount(i int) string { return fmt.Sprintf("%012d", 100000000000+i) }

// multiAccountBucketPolicy builds the setup's bucket policy.
func multiAccountBucketPolicy(tb testing.TB) *policy.Document {
	accounts := make([]string, benchAccounts)
	for i := range accounts {
		accounts[i] = benchAccount(i)
	}
	site, err := cloudtrail.New(cloudtrail.SiteConfig{Bucket: benchBucket, LogArchiveAccount: benchLogAcct, Accounts: accounts, KMSKeyARN: benchKey, Readers: []string{benchReader}})
	if err != nil {
		tb.Fatal(err)
	}
	bp, err := bucketpkg.Build(bucketpkg.Config{Site: site})
	if err != nil {
		tb.Fatal(err)
	}
	return bp
}

// trailWrite is CloudTrail delivering a log file of account i.
func trailWrite(i int, tls string) eval.Request {
	a := benchAccount(i)
	return eval.Request{
		Principal:       eval.Principal{Type: eval.ServicePrincipal, Service: "cloudtrail.amazonaws.com"},
		Action:          "s3:PutObject",
		Resource:        "arn:aws:s3:::" + benchBucket + "/AWSLogs/" + a + "/CloudTrail/us-east-1/2026/12/02/" + a + "_CloudTrail_us-east-1_20261202T0000Z_abc.json.gz",
		ResourceAccount: benchLogAcct,
		Context: map[string][]string{
			"aws:SecureTransport":                            {tls},
			"aws:SourceArn":                                  {"arn:aws:cloudtrail:us-east-1:" + a + ":trail/main"},
			"aws:SourceAccount":                              {a},
			"s3:x-amz-acl":                                   {"bucket-owner-full-control"},
			"s3:x-amz-server-side-encryption":                {"aws:kms"},
			"s3:x-amz-server-side-encryption-aws-kms-key-id": {benchKey},
		},
	}
}

// BenchmarkMultiAccountDecision measures one decision, CloudTrail writing
// a log file of the 21st of 40 accounts, against the setup's bucket
// policy: Evaluate (which prepares the policies every time), and
// Prepared.Evaluate and Prepared.Decide on policies prepared once. The
// Decide case reports x-unprepared, how many times longer Evaluate takes
// than Decide, measured in turn in the same run.
func BenchmarkMultiAccountDecision(b *testing.B) {
	bp := multiAccountBucketPolicy(b)
	pol := eval.Policies{Resource: bp}
	req := trailWrite(20, "true")
	prep, err := eval.Prepare(pol)
	if err != nil {
		b.Fatal(err)
	}
	if res, err := eval.Evaluate(req, pol); err != nil || res.Decision != eval.Allow {
		b.Fatalf("setup: got %v, %v; want Allow", res, err)
	}
	evaluate := func() error { _, err := eval.Evaluate(req, pol); return err }
	decide := func() error { _, err := prep.Decide(req); return err }
	b.Run("Evaluate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := evaluate(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Prepared.Evaluate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := prep.Evaluate(req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Prepared.Decide", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := decide(); err != nil {
				b.Fatal(err)
			}
		}
		reportSpeedup(b, "x-unprepared", evaluate, decide)
	})
}

// BenchmarkDecisionMatrix100k decides 100,800 distinct requests per
// iteration with Prepared.Decide against the setup's bucket policy:
// principals (CloudTrail, the reader, each account's Admin role, an
// anonymous caller) x 5 actions x 4 resources x 12 contexts x 105 accounts
// whose logs are asked about (40 of them deliver). It reports
// decisions/sec. Only with -bench.
func BenchmarkDecisionMatrix100k(b *testing.B) {
	bp := multiAccountBucketPolicy(b)
	prep, err := eval.Prepare(eval.Policies{Resource: bp})
	if err != nil {
		b.Fatal(err)
	}
	allowAll := doc(b, policy.KindIdentityPolicy, `{"Effect": "Allow", "Action": ["s3:*", "kms:Decrypt"], "Resource": "*"}`)
	prepIAM, err := eval.Prepare(eval.Policies{Resource: bp, Identity: []*policy.Document{allowAll}})
	if err != nil {
		b.Fatal(err)
	}
	type job struct {
		p   *eval.Prepared
		req eval.Request
	}
	var contexts []map[string][]string
	for _, tls := range []string{"true", "false"} {
		for _, src := range []int{20, 300, -1} {
			for _, sse := range []bool{true, false} {
				c := map[string][]string{"aws:SecureTransport": {tls}, "s3:x-amz-acl": {"bucket-owner-full-control"}}
				if src >= 0 {
					c["aws:SourceArn"] = []string{"arn:aws:cloudtrail:us-east-1:" + benchAccount(src) + ":trail/main"}
					c["aws:SourceAccount"] = []string{benchAccount(src)}
				}
				if sse {
					c["s3:x-amz-server-side-encryption"] = []string{"aws:kms"}
					c["s3:x-amz-server-side-encryption-aws-kms-key-id"] = []string{benchKey}
				}
				contexts = append(contexts, c)
			}
		}
	}
	actions := []string{"s3:GetBucketAcl", "s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutBucketPolicy"}
	var jobs []job
	bucketARN := "arn:aws:s3:::" + benchBucket
	for n := 0; n < 105; n++ {
		a := benchAccount(n)
		principals := []job{
			{prep, eval.Request{Principal: eval.Principal{Type: eval.ServicePrincipal, Service: "cloudtrail.amazonaws.com"}}},
			{prepIAM, eval.Request{Principal: eval.Principal{ARN: benchReader}}},
			{prepIAM, eval.Request{Principal: eval.Principal{ARN: "arn:aws:iam::" + a + ":role/Admin"}}},
			{prep, eval.Request{Principal: eval.Principal{Type: eval.AnonymousPrincipal}}},
		}
		resources := []string{bucketARN, bucketARN + "/AWSLogs/" + a + "/CloudTrail/us-east-1/2026/12/02/f.json.gz", bucketARN + "/AWSLogs/" + a + "/CloudTrail-Digest/us-east-1/f.json.gz", bucketARN + "/other/" + a}
		for _, p := range principals {
			for _, act := range actions {
				for _, r := range resources {
					for _, c := range contexts {
						j := p
						j.req.Action, j.req.Resource, j.req.ResourceAccount, j.req.Context = act, r, benchLogAcct, c
						jobs = append(jobs, j)
					}
				}
			}
		}
	}
	count := map[eval.Decision]int{}
	for _, j := range jobs {
		d, err := j.p.Decide(j.req)
		if err != nil {
			b.Fatalf("%+v: %v", j.req, err)
		}
		count[d]++
	}
	if count[eval.Allow] == 0 || count[eval.ExplicitDeny] == 0 || count[eval.ImplicitDeny] == 0 {
		b.Fatalf("the matrix does not reach every decision: %v", count)
	}
	b.ReportAllocs()
	decisions := 0
	for b.Loop() {
		for _, j := range jobs {
			if _, err := j.p.Decide(j.req); err != nil {
				b.Fatal(err)
			}
		}
		decisions += len(jobs)
	}
	b.ReportMetric(float64(decisions)/b.Elapsed().Seconds(), "decisions/sec")
	b.ReportMetric(float64(len(jobs)), "requests/op")
}

// reportSpeedup reports, as metric, how many times longer slow takes than
// fast (the operation b's loop measured), run in turn in the same process:
// the median of fifteen rounds of about a fortieth of the loop's time each,
// so that a burst of load on a shared machine spoils one round, not the
// ratio. It is internal/golden.ReportRatio's method with another baseline:
// that one always divides by json.Marshal.
func reportSpeedup(b *testing.B, metric string, slow, fast func() error) {
	b.Helper()
	if b.N == 0 {
		return
	}
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
	fastN := max(1, int(round*float64(b.N)/float64(b.Elapsed().Nanoseconds())))
	slowN := max(1, int(round/timeOf(slow, 1)))
	ratios := make([]float64, 15)
	for i := range ratios {
		ratios[i] = timeOf(slow, slowN) / timeOf(fast, fastN)
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], metric)
}
