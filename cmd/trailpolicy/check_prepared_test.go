package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// TestCheckPreparesEachSetOnce: a batch asks eval.Prepare once per set of
// policies, not once per request, and each answer is the one eval.Evaluate
// gives for the same request and policies.
func TestCheckPreparesEachSetOnce(t *testing.T) {
	s, err := trailpolicy.LoadSetup([]byte(exampleCorp), "setup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	q := checkQuery{site: b.Site, docs: b.Documents}
	scps, _ := b.Select(trailpolicy.NameSCP)
	for _, d := range scps {
		q.scps = append(q.scps, namedPolicy{d.Name, d.Policy})
	}
	const (
		log    = "arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/CloudTrail/us-east-1/2014/07/31/x.json.gz"
		vendor = "arn:aws:sts::123456789012:assumed-role/CloudTrailAccessForAnyCompany/s"
		admin  = "arn:aws:iam::123456789012:role/Admin"
	)
	tls := map[string][]string{"aws:SecureTransport": {"true"}}
	var reqs []checkRequest
	// Three sets: the vendor's role on the bucket (its read policy), an
	// admin on the bucket (no identity policy), CloudTrail on the bucket.
	for _, action := range []string{"s3:GetObject", "s3:ListBucket", "s3:DeleteObject", "s3:PutObject"} {
		reqs = append(reqs,
			checkRequest{Principal: vendor, Action: action, Resource: log, Context: tls},
			checkRequest{Principal: admin, Action: action, Resource: log, Context: tls},
			checkRequest{Principal: "cloudtrail.amazonaws.com", Action: action, Resource: log, Context: map[string][]string{
				"aws:SecureTransport": {"true"}, "aws:SourceAccount": {"999988887777"},
				"aws:SourceArn": {"arn:aws:cloudtrail:us-east-1:999988887777:trail/org"}, "s3:x-amz-acl": {"bucket-owner-full-control"}}})
	}
	allowed := 0
	for _, in := range reqs {
		a, msg, err := q.ask(in)
		if msg != "" || err != nil {
			t.Fatalf("%s %s: %s %v", in.Principal, in.Action, msg, err)
		}
		want, err := eval.Evaluate(eval.Request{Principal: principalOf(in.Principal), Action: in.Action, Resource: in.Resource,
			ResourceAccount: a.req.ResourceAccount, Context: a.req.Context}, a.pols)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, a.res); diff != "" {
			t.Errorf("%s %s: prepared and unprepared differ (-Evaluate +check):\n%s", in.Principal, in.Action, diff)
		}
		if a.res.Decision == eval.Allow {
			allowed++
		}
	}
	if allowed == 0 || allowed == len(reqs) {
		t.Errorf("%d of %d requests allowed: the batch should hold both outcomes", allowed, len(reqs))
	}
	if len(q.prepared) != 3 {
		t.Errorf("%d requests prepared %d sets of policies; want 3, one per set", len(reqs), len(q.prepared))
	}
}

// principalOf is the eval.Principal of a check request's principal, as
// checkQuery.ask reads it.
func principalOf(p string) eval.Principal {
	if p == "cloudtrail.amazonaws.com" {
		return eval.Principal{Type: eval.ServicePrincipal, Service: p}
	}
	return eval.Principal{Type: eval.AWSPrincipal, ARN: p}
}
