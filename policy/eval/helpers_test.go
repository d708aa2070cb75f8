package eval_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// Accounts, principals and resources shared by the tests.
const (
	acctA   = "111111111111" // owns the bucket, the key and the vendor role
	acctB   = "222222222222" // another account: a reader or the vendor
	bucket  = "arn:aws:s3:::logs-bucket"
	object  = "arn:aws:s3:::logs-bucket/AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/01/log.json.gz"
	keyARN  = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	keyARN2 = "arn:aws:kms:us-east-1:111111111111:key/0000abcd-12ab-34cd-56ef-1234567890ab"
	roleA   = "arn:aws:iam::111111111111:role/Reader"
	roleB   = "arn:aws:iam::222222222222:role/Reader"
	rootA   = "arn:aws:iam::111111111111:root"
	rootB   = "arn:aws:iam::222222222222:root"
	vendor  = "arn:aws:iam::111111111111:role/VendorReadOnly"
	trail   = "cloudtrail.amazonaws.com"
)

// doc decodes statements (JSON objects) into a document of the given kind,
// the way a policy on disk would be read: strictly, through the base
// library's types.
func doc(t testing.TB, kind policy.Kind, statements ...string) *policy.Document {
	t.Helper()
	src := `{"Version": "2012-10-17", "Statement": [` + strings.Join(statements, ",") + `]}`
	var p iampolicy.Policy
	dec := json.NewDecoder(bytes.NewReader([]byte(src)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("decoding test policy: %v\n%s", err, src)
	}
	return &policy.Document{Kind: kind, Version: p.Version, Statements: p.Statements.Values()}
}

// iamReq is a request by the IAM principal arn to resource in account resAcct.
func iamReq(arn, action, resource, resAcct string, ctx map[string][]string) eval.Request {
	return eval.Request{
		Principal:       eval.Principal{Type: eval.AWSPrincipal, ARN: arn},
		Action:          action,
		Resource:        resource,
		ResourceAccount: resAcct,
		Context:         ctx,
	}
}

// svcReq is a request by service principal svc.
func svcReq(svc, action, resource string, ctx map[string][]string) eval.Request {
	return eval.Request{
		Principal:       eval.Principal{Type: eval.ServicePrincipal, Service: svc},
		Action:          action,
		Resource:        resource,
		ResourceAccount: acctA,
		Context:         ctx,
	}
}

func ref(p string, i int, sid string) eval.StatementRef {
	return eval.StatementRef{Policy: p, Index: i, Sid: sid}
}

func refs(r ...eval.StatementRef) []eval.StatementRef { return r }
