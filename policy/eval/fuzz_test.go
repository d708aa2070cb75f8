package eval_test

import (
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// FuzzEvaluate feeds arbitrary condition operators, values, Resource
// patterns and request values to the evaluator: it must never panic, an
// error must come with a zero Result, and a Prepared must answer as
// Evaluate does. go test runs the seeds; go test -fuzz=FuzzEvaluate
// ./policy/eval explores.
func FuzzEvaluate(f *testing.F) {
	seeds := []struct{ op, value, resource, reqValue, reqResource string }{
		{"StringLike", "a*b?", "arn:aws:s3:::b/*", "axxbc", object},
		{"DateLessThan", "2030-01-01T00:00:00Z", "arn:aws:kms:*", "2029-01-01", keyARN},
		{"IpAddress", "2001:DB8::/32", "arn:aws:s3:*:b/*", "2001:db8::1", object},
		{"BinaryEqualsIfExists", "QmluYXJ5", "*", "QmluYXJ5", object},
		{"ForAllValues:ArnLike", "arn:aws:cloudtrail:*", "arn:aws:s3:::${aws:username}/*", "arn:aws:cloudtrail:x:y:z", "arn:aws:s3:::alice/x"},
		{"NumericLessThan", "1e3", "arn:${x}:s3:::*", "12", object},
		{"StringEquals", "${aws:username, 'a''b'}", "arn:aws:s3:::${", "a'b", "arn:aws:s3:::${"},
		{"Null", "true", "arn:aws:s3:?:::*", "", "arn:aws:s3::::x"},
	}
	for _, s := range seeds {
		f.Add(s.op, s.value, s.resource, s.reqValue, s.reqResource)
	}
	f.Fuzz(func(t *testing.T, op, value, resource, reqValue, reqResource string) {
		// Built directly, not decoded: the evaluator's input is the typed
		// document, whatever JSON decoder produced it.
		d := &policy.Document{Kind: policy.KindIdentityPolicy, Version: iampolicy.Version2012_10_17, Statements: []iampolicy.Statement{{
			Effect:    iampolicy.EffectAllow,
			Action:    iampolicy.NewStringOrSlice(true, "s3:GetObject"),
			Resource:  iampolicy.NewStringOrSlice(true, resource),
			Condition: map[string]map[string]*iampolicy.ConditionValue{op: {"aws:k": iampolicy.NewConditionValueString(true, value)}},
		}}}
		req := iamReq(roleA, "s3:GetObject", reqResource, acctA, map[string][]string{"aws:k": {reqValue}, "aws:username": {"alice"}})
		pol := eval.Policies{Identity: []*policy.Document{d}}
		got, err := eval.Evaluate(req, pol)
		if err != nil {
			if diff := cmp.Diff(eval.Result{}, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("an error must come with a zero Result (-want +got):\n%s", diff)
			}
		}
		prep, perr := eval.Prepare(pol)
		if perr != nil {
			if err == nil && req.Resource != "" {
				t.Fatalf("Prepare: %v, but Evaluate answered %v", perr, got.Decision)
			}
			return
		}
		again, err2 := prep.Evaluate(req)
		if (err == nil) != (err2 == nil) || cmp.Diff(got, again, cmpopts.EquateEmpty()) != "" {
			t.Fatalf("Prepared.Evaluate = %+v, %v; Evaluate = %+v, %v", again, err2, got, err)
		}
	})
}
