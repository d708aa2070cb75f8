package eval_test

import (
	"testing"

	bucketpkg "github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
	"github.com/trailpolicy/trailpolicy/scp"
)

// matrixCase is one request of the benchmark matrix with the policies in
// force for it.
type matrixCase struct {
	req eval.Request
	pol eval.Policies
}

// requestMatrix builds the documents the library emits for a three-account
// setup (bucket policy, key policy, SCP) and every combination of principal
// (CloudTrail, a role of the bucket's account, a role of a delivering
// account, an anonymous caller), action, resource and request context (TLS
// or not, right, foreign or no source trail, SSE-KMS with the right key or
// none): 4 x 5 x 4 x 12 bucket requests and 4 x 3 x 4 key requests.
func requestMatrix(tb testing.TB) []matrixCase {
	const (
		logAcct = "999999999999"
		key     = "arn:aws:kms:us-east-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		bkt     = "example-cloudtrail-logs"
	)
	accounts := []string{"111111111111", "222222222222", "333333333333"}
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket: bkt, LogArchiveAccount: logAcct, Accounts: accounts, KMSKeyARN: key,
		Readers:         []string{"arn:aws:iam::" + logAcct + ":role/Security"},
		BreakGlassRoles: []string{"arn:aws:iam::" + logAcct + ":role/BreakGlass"},
	})
	if err != nil {
		tb.Fatal(err)
	}
	bp, err := bucketpkg.Build(bucketpkg.Config{Site: site})
	if err != nil {
		tb.Fatal(err)
	}
	kp, err := kmskey.Build(kmskey.Config{Site: site})
	if err != nil {
		tb.Fatal(err)
	}
	scps, err := scp.Build(scp.Config{Site: site})
	if err != nil {
		tb.Fatal(err)
	}
	allowAll := doc(tb, policy.KindIdentityPolicy, `{"Effect": "Allow", "Action": ["s3:*", "kms:Decrypt"], "Resource": "*"}`)

	principals := []eval.Principal{
		{Type: eval.ServicePrincipal, Service: "cloudtrail.amazonaws.com"},
		{Type: eval.AWSPrincipal, ARN: "arn:aws:iam::" + logAcct + ":role/Security"},
		{Type: eval.AWSPrincipal, ARN: "arn:aws:iam::" + accounts[0] + ":role/Admin"},
		{Type: eval.AnonymousPrincipal},
	}
	bucketARN := "arn:aws:s3:::" + bkt
	resources := []string{
		bucketARN,
		bucketARN + "/AWSLogs/" + accounts[0] + "/CloudTrail/us-east-1/2025/01/01/f.json.gz",
		bucketARN + "/AWSLogs/444444444444/CloudTrail/us-east-1/2025/01/01/f.json.gz",
		bucketARN + "/other/key",
	}
	actions := []string{"s3:GetBucketAcl", "s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutBucketPolicy"}
	var contexts []map[string][]string
	for _, tls := range []string{"true", "false"} {
		for _, src := range []string{"arn:aws:cloudtrail:us-east-1:" + accounts[0] + ":trail/org", "arn:aws:cloudtrail:us-east-1:444444444444:trail/x", ""} {
			for _, sse := range []bool{true, false} {
				c := map[string][]string{"aws:SecureTransport": {tls}, "s3:x-amz-acl": {"bucket-owner-full-control"}}
				if src != "" {
					c["aws:SourceArn"] = []string{src}
				}
				if sse {
					c["s3:x-amz-server-side-encryption"] = []string{"aws:kms"}
					c["s3:x-amz-server-side-encryption-aws-kms-key-id"] = []string{key}
				}
				contexts = append(contexts, c)
			}
		}
	}
	var out []matrixCase
	withPolicies := func(p eval.Principal, resource *policy.Document) eval.Policies {
		pol := eval.Policies{Resource: resource}
		if p.Type == eval.AWSPrincipal {
			pol.Identity = []*policy.Document{allowAll}
			pol.SCPs = scps
		}
		return pol
	}
	for _, p := range principals {
		for _, a := range actions {
			for _, r := range resources {
				for _, c := range contexts {
					out = append(out, matrixCase{
						req: eval.Request{Principal: p, Action: a, Resource: r, ResourceAccount: logAcct, Context: c},
						pol: withPolicies(p, bp),
					})
				}
			}
		}
		for _, a := range []string{"kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"} {
			for _, trail := range []string{"arn:aws:cloudtrail:us-east-1:" + accounts[0] + ":trail/org", "arn:aws:cloudtrail:us-east-1:444444444444:trail/x"} {
				for _, caller := range []string{accounts[0], logAcct} {
					out = append(out, matrixCase{
						req: eval.Request{Principal: p, Action: a, Resource: key, ResourceAccount: logAcct, Context: map[string][]string{
							"kms:EncryptionContext:aws:cloudtrail:arn": {trail}, "aws:SourceArn": {trail}, "kms:CallerAccount": {caller}}},
						pol: withPolicies(p, kp),
					})
				}
			}
		}
	}
	return out
}

// BenchmarkDecisionMatrix evaluates the whole request matrix per iteration
// and reports decisions per second. Only with -bench:
// go test -run='^$' -bench=DecisionMatrix ./policy/eval
func BenchmarkDecisionMatrix(b *testing.B) {
	matrix := requestMatrix(b)
	count := map[eval.Decision]int{}
	for _, m := range matrix {
		res, err := eval.Evaluate(m.req, m.pol)
		if err != nil {
			b.Fatalf("%+v: %v", m.req, err)
		}
		count[res.Decision]++
	}
	// A matrix whose answers are all the same would measure one path only.
	if count[eval.Allow] == 0 || count[eval.ExplicitDeny] == 0 || count[eval.ImplicitDeny] == 0 {
		b.Fatalf("the matrix does not reach every decision: %v", count)
	}
	b.ReportAllocs()
	decisions := 0
	for b.Loop() {
		for _, m := range matrix {
			if _, err := eval.Evaluate(m.req, m.pol); err != nil {
				b.Fatal(err)
			}
		}
		decisions += len(matrix)
	}
	b.ReportMetric(float64(decisions)/b.Elapsed().Seconds(), "decisions/sec")
	b.ReportMetric(float64(len(matrix)), "requests/op")
}
