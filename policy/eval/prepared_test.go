package eval_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// preparedFor prepares each distinct set of policies of the matrix once.
func preparedFor(t testing.TB, matrix []matrixCase) []*eval.Prepared {
	type key struct {
		resource *policy.Document
		iam      bool
	}
	cache := map[key]*eval.Prepared{}
	out := make([]*eval.Prepared, len(matrix))
	for i, m := range matrix {
		k := key{m.pol.Resource, len(m.pol.Identity) > 0}
		if cache[k] == nil {
			p, err := eval.Prepare(m.pol)
			if err != nil {
				t.Fatalf("case %d: Prepare: %v", i, err)
			}
			cache[k] = p
		}
		out[i] = cache[k]
	}
	return out
}

// TestPreparedMatrix checks, on every request of the benchmark matrix taken
// in a shuffled order, that one Prepared per set of policies, reused for
// every request, answers exactly as a fresh Evaluate, and that Decide agrees
// without allocating: nothing of one request may stay behind for the next.
func TestPreparedMatrix(t *testing.T) {
	matrix := requestMatrix(t)
	prepared := preparedFor(t, matrix)
	order := rand.New(rand.NewPCG(1, 2)).Perm(len(matrix))
	for _, i := range order {
		m := matrix[i]
		want, err := eval.Evaluate(m.req, m.pol)
		if err != nil {
			t.Fatalf("case %d: Evaluate: %v", i, err)
		}
		got, err := prepared[i].Evaluate(m.req)
		if err != nil {
			t.Fatalf("case %d: Prepared.Evaluate: %v", i, err)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("case %d %+v (-Evaluate +Prepared.Evaluate):\n%s", i, m.req, diff)
		}
		d, err := prepared[i].Decide(m.req)
		if err != nil || d != want.Decision {
			t.Fatalf("case %d %+v: Decide = %v, %v; want %v", i, m.req, d, err, want.Decision)
		}
		if i%5 == 0 {
			if n := testing.AllocsPerRun(10, func() { _, _ = prepared[i].Decide(m.req) }); n != 0 {
				t.Errorf("case %d %+v: Decide allocates %v times per call", i, m.req, n)
			}
		}
	}
}

// TestPreparedGenerated is a property test: for requests drawn at random
// from pools of principals, actions, resources and context values that the
// test policies mention (and some they do not), one shared Prepared, used
// from several goroutines at once, answers exactly as a fresh Evaluate, and
// Decide as Evaluate's decision.
func TestPreparedGenerated(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	bucketPol := doc(t, policy.KindBucketPolicy,
		`{"Sid": "TrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/AWSLogs/${aws:SourceAccount}/*",
		  "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}, "ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:*:trail/*"}}}`,
		`{"Sid": "Readers", "Effect": "Allow", "Principal": {"AWS": ["`+rootB+`", "`+roleA+`"]}, "Action": ["s3:Get*", "s3:List*"], "Resource": ["arn:aws:s3:::logs-bucket", "arn:aws:s3:*:logs-bucket/*"],
		  "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}, "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}`,
		`{"Sid": "NoTLS", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`,
		`{"Sid": "OnlyKMS", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:PutObject", "NotResource": "arn:aws:s3:::logs-bucket/tmp/*", "Condition": {"StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption": "aws:kms"}}}`,
		`{"Sid": "NotBreakGlass", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:role/BreakGlass"}, "Action": "s3:Delete*", "Resource": "*"}`)
	identity := doc(t, policy.KindIdentityPolicy,
		`{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "kms:Decrypt"], "Resource": "*"}`,
		`{"Sid": "Tags", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*", "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": ["team*", "env"]}, "NumericLessThan": {"s3:max-keys": 100}}}`)
	scp := doc(t, policy.KindSCP, `{"Sid": "Protect", "Effect": "Deny", "Action": ["s3:DeleteObject", "s3:PutBucketPolicy"], "Resource": "*", "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}}}`)
	rcp := doc(t, policy.KindRCP, `{"Sid": "Perimeter", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-exampleorg1"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}`)
	pol := eval.Policies{Resource: bucketPol, Identity: ids(identity), SCPs: ids(scp), RCPs: ids(rcp)}
	prep, err := eval.Prepare(pol)
	if err != nil {
		t.Fatal(err)
	}

	principals := []eval.Principal{
		{Type: eval.ServicePrincipal, Service: trail},
		{Type: eval.ServicePrincipal, Service: "config.amazonaws.com"},
		{Type: eval.AnonymousPrincipal},
		{ARN: roleA}, {ARN: roleB}, {ARN: rootA}, {ARN: rootB},
		{ARN: "arn:aws:iam::111111111111:role/BreakGlass"},
		{ARN: "arn:aws:sts::111111111111:assumed-role/Reader/alice"},
		{ARN: "arn:aws-cn:iam::222222222222:role/Reader"},
	}
	actions := []string{"s3:GetObject", "s3:PutObject", "S3:getobject", "s3:ListBucket", "s3:DeleteObject", "s3:PutBucketPolicy", "kms:Decrypt", "sqs:SendMessage"}
	resources := []string{bucket, object, "arn:aws:s3:::logs-bucket/tmp/x", "arn:aws:s3:::logs-bucket/AWSLogs/222222222222/x", "arn:aws:s3:::other/x", "arn:aws:sqs:us-east-1:111111111111:q"}
	values := map[string][]string{
		"aws:SecureTransport":             {"true", "false", "TRUE"},
		"aws:SourceAccount":               {acctA, acctB},
		"aws:SourceArn":                   {"arn:aws:cloudtrail:us-east-1:111111111111:trail/org", "arn:aws:sns:us-east-1:111111111111:t", "not-an-arn"},
		"s3:x-amz-acl":                    {"bucket-owner-full-control", "private"},
		"s3:x-amz-server-side-encryption": {"aws:kms", "AES256"},
		"aws:SourceIp":                    {"203.0.113.9", "198.51.100.1", "2001:db8::1", "2001:db9::1"},
		"aws:CurrentTime":                 {"2026-12-02T00:00:00Z", "2031-01-01T00:00:00Z"},
		"aws:PrincipalArn":                {roleA, "arn:aws:iam::111111111111:role/BreakGlass"},
		"aws:PrincipalOrgID":              {"o-exampleorg1", "o-otherorg22"},
		"aws:PrincipalIsAWSService":       {"true", "false"},
		"s3:max-keys":                     {"10", "1000"},
		"Unrelated:Key":                   {"x"},
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	reqs := make([]eval.Request, n)
	for i := range reqs {
		p := principals[rng.IntN(len(principals))]
		ctx := map[string][]string{}
		for _, k := range keys {
			if rng.IntN(3) > 0 {
				v := values[k]
				ctx[k] = []string{v[rng.IntN(len(v))]}
			}
		}
		if rng.IntN(4) == 0 {
			ctx["aws:TagKeys"] = []string{"team-a", []string{"env", "owner"}[rng.IntN(2)]}
		}
		r := eval.Request{Principal: p, Action: actions[rng.IntN(len(actions))], Resource: resources[rng.IntN(len(resources))], Context: ctx}
		if p.Type == eval.AWSPrincipal || rng.IntN(2) == 0 {
			r.ResourceAccount = []string{acctA, acctB}[rng.IntN(2)]
		}
		reqs[i] = r
	}
	want := make([]string, n)
	for i, r := range reqs {
		res, err := eval.Evaluate(r, pol)
		want[i] = fmt.Sprintf("%+v %v", res, err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < n; i += 4 {
				res, err := prep.Evaluate(reqs[i])
				if got := fmt.Sprintf("%+v %v", res, err); got != want[i] {
					errs <- fmt.Sprintf("request %d %+v:\nEvaluate:          %s\nPrepared.Evaluate: %s", i, reqs[i], want[i], got)
					return
				}
				d, derr := prep.Decide(reqs[i])
				if (derr == nil) != (err == nil) || err == nil && d != res.Decision {
					errs <- fmt.Sprintf("request %d %+v: Decide = %v, %v; Evaluate = %v, %v", i, reqs[i], d, derr, res.Decision, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	// A property that holds on one answer only would prove little.
	seen := map[eval.Decision]int{}
	for _, r := range reqs {
		if d, err := prep.Decide(r); err == nil {
			seen[d]++
		}
	}
	if seen[eval.Allow] == 0 || seen[eval.ExplicitDeny] == 0 || seen[eval.ImplicitDeny] == 0 {
		t.Errorf("the generated requests do not reach every decision: %v", seen)
	}
}
