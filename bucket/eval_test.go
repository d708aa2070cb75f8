package bucket_test

import (
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// The behaviour tests ask the policy what it does, with the repository's
// evaluator (package policy/eval, AWS's published evaluation logic), rather
// than only comparing JSON.

// request is one S3 request by the CloudTrail service principal.
type request struct {
	action  string            // e.g. s3:PutObject
	arn     string            // bucket or object ARN
	context map[string]string // condition keys present in the request
}

// decision is the outcome of evaluating a bucket policy alone.
type decision = eval.Decision

const (
	allowed      = eval.Allow
	denied       = eval.ExplicitDeny
	implicitDeny = eval.ImplicitDeny
)

// decide evaluates req, made by cloudtrail.amazonaws.com, under doc.
func decide(t *testing.T, doc *policy.Document, req request) decision {
	t.Helper()
	ctx := map[string][]string{}
	for k, v := range req.context {
		ctx[k] = []string{v}
	}
	res, err := eval.Evaluate(eval.Request{
		Principal: eval.Principal{Type: eval.ServicePrincipal, Service: "cloudtrail.amazonaws.com"},
		Action:    req.action,
		Resource:  req.arn,
		Context:   ctx,
	}, eval.Policies{Resource: doc})
	if err != nil {
		t.Fatalf("evaluate %s %s: %v", req.action, req.arn, err)
	}
	return res.Decision
}

// putLog is CloudTrail putting one object for trail trailARN ("" for none)
// with the given encryption headers ("" leaves a header out).
func putLog(arn, trailARN, sse, keyID string) request {
	ctx := map[string]string{
		"s3:x-amz-acl":        "bucket-owner-full-control",
		"aws:SecureTransport": "true",
	}
	if trailARN != "" {
		ctx["aws:SourceArn"] = trailARN
		ctx["aws:SourceAccount"] = strings.Split(trailARN, ":")[4]
	}
	if sse != "" {
		ctx["s3:x-amz-server-side-encryption"] = sse
	}
	if keyID != "" {
		ctx["s3:x-amz-server-side-encryption-aws-kms-key-id"] = keyID
	}
	return request{action: "s3:PutObject", arn: arn, context: ctx}
}
