package eval_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

func TestDerivedContext(t *testing.T) {
	iam := func(arn string) eval.Principal { return eval.Principal{Type: eval.AWSPrincipal, ARN: arn} }
	svc := eval.Principal{Type: eval.ServicePrincipal, Service: trail}
	const src = "arn:aws:cloudtrail:us-east-1:222222222222:trail/org"
	tests := []struct {
		name   string
		req    eval.Request
		want   map[string][]string
		reason string
	}{{
		name:   "session",
		req:    eval.Request{Principal: iam("arn:aws-cn:sts::222222222222:assumed-role/Reader/alice"), Action: "s3:GetObject"},
		want:   map[string][]string{"aws:PrincipalArn": {"arn:aws-cn:iam::222222222222:role/Reader"}, "aws:PrincipalAccount": {acctB}, "aws:PrincipalIsAWSService": {"false"}},
		reason: "a session's aws:PrincipalArn is its role's ARN, in the session's partition; no kms:CallerAccount outside KMS",
	}, {
		name: "role-on-path-kms",
		req:  eval.Request{Principal: iam("arn:aws:iam::111111111111:role/ops/Reader"), Action: "KMS:Decrypt"},
		want: map[string][]string{"aws:PrincipalArn": {"arn:aws:iam::111111111111:role/ops/Reader"}, "aws:PrincipalAccount": {acctA},
			"aws:PrincipalIsAWSService": {"false"}, "kms:CallerAccount": {acctA}},
		reason: "a role is its own aws:PrincipalArn, path and all; a KMS action in any case gets kms:CallerAccount",
	}, {
		name: "user",
		req:  eval.Request{Principal: iam("arn:aws:iam::111111111111:user/bob"), Action: "kms:GenerateDataKey"},
		want: map[string][]string{"aws:PrincipalArn": {"arn:aws:iam::111111111111:user/bob"}, "aws:PrincipalAccount": {acctA},
			"aws:PrincipalIsAWSService": {"false"}, "kms:CallerAccount": {acctA}},
		reason: "a user is its own aws:PrincipalArn",
	}, {
		name: "root-given-keys-win",
		req: eval.Request{Principal: iam(rootB), Action: "kms:Decrypt",
			Context: map[string][]string{"KMS:CALLERACCOUNT": {acctA}, "aws:principalarn": {"x"}}},
		want:   map[string][]string{"aws:PrincipalAccount": {acctB}, "aws:PrincipalIsAWSService": {"false"}},
		reason: "keys the caller gives, in any letter case, are not derived again",
	}, {
		name:   "service-with-source",
		req:    eval.Request{Principal: svc, Action: "s3:PutObject", Context: map[string][]string{"aws:sourcearn": {src}}},
		want:   map[string][]string{"aws:PrincipalIsAWSService": {"true"}, "aws:SourceAccount": {acctB}},
		reason: "aws:SourceAccount is the source ARN's account",
	}, {
		name:   "service-without-source",
		req:    eval.Request{Principal: svc, Action: "kms:GenerateDataKey"},
		want:   map[string][]string{"aws:PrincipalIsAWSService": {"true"}},
		reason: "no aws:SourceAccount without aws:SourceArn, and no kms:CallerAccount for a service",
	}, {
		name: "service-source-without-account",
		req: eval.Request{Principal: svc, Action: "s3:PutObject",
			Context: map[string][]string{"aws:SourceArn": {"arn:aws:s3:::bucket"}}},
		want:   map[string][]string{"aws:PrincipalIsAWSService": {"true"}},
		reason: "a source ARN without a 12-digit account names no aws:SourceAccount",
	}, {
		name:   "anonymous",
		req:    eval.Request{Principal: eval.Principal{Type: eval.AnonymousPrincipal}, Action: "kms:Decrypt"},
		want:   map[string][]string{"aws:PrincipalAccount": {"anonymous"}},
		reason: "anonymous requests carry aws:PrincipalAccount anonymous and nothing else",
	}, {
		name:   "federated-user",
		req:    eval.Request{Principal: iam("arn:aws:sts::111111111111:federated-user/bob"), Action: "kms:Decrypt"},
		want:   map[string][]string{},
		reason: "STS ARNs other than sessions are not modelled",
	}, {
		name:   "bad-arn",
		req:    eval.Request{Principal: iam("arn:aws:iam::1111:role/x"), Action: "kms:Decrypt"},
		want:   map[string][]string{},
		reason: "a malformed principal derives nothing (Evaluate reports it)",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := cmp.Diff(map[string][]string(nil), tc.req.Context)
			got := eval.DerivedContext(tc.req)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("DerivedContext (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if after := cmp.Diff(map[string][]string(nil), tc.req.Context); after != before {
				t.Errorf("DerivedContext changed the request's context")
			}
		})
	}
}

// TestDerivedContextDecides: a key policy's kms:CallerAccount condition
// allows an IAM principal's request only once the derived keys are added.
func TestDerivedContextDecides(t *testing.T) {
	key := doc(t, policy.KindKeyPolicy, `{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
		"Condition": {"StringEquals": {"kms:CallerAccount": "222222222222"}}}`)
	id := doc(t, policy.KindIdentityPolicy, `{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}`)
	req := eval.Request{Principal: eval.Principal{Type: eval.AWSPrincipal, ARN: roleB}, Action: "kms:Decrypt", Resource: keyARN, ResourceAccount: acctA,
		Context: map[string][]string{}}
	pols := eval.Policies{Resource: key, Identity: []*policy.Document{id}}
	res, err := eval.Evaluate(req, pols)
	if err != nil || res.Decision != eval.ImplicitDeny {
		t.Fatalf("without derived keys: %v, %v; want ImplicitDeny", res.Decision, err)
	}
	for k, v := range eval.DerivedContext(req) {
		req.Context[k] = v
	}
	res, err = eval.Evaluate(req, pols)
	if err != nil || res.Decision != eval.Allow {
		t.Errorf("with derived keys %v: %v, %v (%s); want Allow", req.Context, res.Decision, err, res.Reason)
	}
}
