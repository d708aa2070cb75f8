package kmskey_test

import (
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// evalRequest is a KMS request in the few words the tests need: an IAM
// principal (principal) or a service (service), an action on key, and the
// request's condition keys.
type evalRequest struct {
	principal string
	service   string
	action    string
	key       string
	context   map[string][]string
}

// accountOf returns the account field of an ARN.
func accountOf(arn string) string {
	a, err := policy.ParseARN("arn", arn)
	if err != nil {
		panic(err)
	}
	return a.AccountID
}

// allowKeyUse is an identity policy allowing every KMS action on key, for
// roles whose own account must allow the call as well.
func allowKeyUse(key string) *policy.Document {
	return policy.New(policy.KindIdentityPolicy, iampolicy.Statement{
		Effect:   "Allow",
		Action:   policy.Strings("kms:*"),
		Resource: policy.Strings(key),
	})
}

// decide evaluates r against the key policy (and identity, if not nil) and
// returns the decision's name.
func decide(t *testing.T, r evalRequest, keyPolicy, identity *policy.Document) string {
	t.Helper()
	req := eval.Request{
		Action:          r.action,
		Resource:        r.key,
		ResourceAccount: accountOf(r.key),
		Context:         r.context,
	}
	if r.service != "" {
		req.Principal = eval.Principal{Type: eval.ServicePrincipal, Service: r.service}
	} else {
		req.Principal = eval.Principal{Type: eval.AWSPrincipal, ARN: r.principal}
	}
	p := eval.Policies{Resource: keyPolicy}
	if identity != nil {
		p.Identity = []*policy.Document{identity}
	}
	res, err := eval.Evaluate(req, p)
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	return res.Decision.String()
}
