package eval_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// TestResourcePatterns checks the Resource element's wildcard rule, from
// "IAM JSON policy elements: Resource": wildcards stay inside the
// colon-separated segments of an ARN, except that "If the * wildcard is the
// last character of a resource ARN segment, it can expand to match beyond
// the colon boundaries".
func TestResourcePatterns(t *testing.T) {
	const queue = "arn:aws:sqs:us-east-1:111111111111:key/1234"
	tests := []struct {
		name     string
		reason   string
		pattern  string
		resource string
		want     bool
	}{
		{"short pattern", "arn:aws:sqs:* ends in *, which covers the fields it leaves out",
			"arn:aws:sqs:*", queue, true},
		{"short pattern other service", "the fields it names still compare",
			"arn:aws:sqs:*", object, false},
		{"trailing star of a segment spans", "the * that ends the region segment takes the region and the account",
			"arn:aws:sqs:*:key/*", queue, true},
		{"trailing star spans here, unlike ArnLike", "the same text as the ArnLike row that does not match: Resource and ArnLike differ",
			"arn:aws:s3:*:111111111111:b", "arn:aws:s3:a:b:111111111111:b", true},
		{"inner star stays in its segment", "a * that does not end its segment cannot take a colon",
			"arn:aws:sqs:u*1:111111111111:key/*", "arn:aws:sqs:us:x1:111111111111:key/k", false},
		{"inner star inside its segment", "it still matches within the segment",
			"arn:aws:sqs:u*1:111111111111:key/*", "arn:aws:sqs:us-east-1:111111111111:key/k", true},
		{"question mark stays in its segment", "? never takes the colon between two of the first five segments",
			"arn:aws:sqs:us-east-1?111111111111:key/*", queue, false},
		{"sixth segment takes colons", "the resource part keeps its colons and * matches them",
			"arn:aws:logs:us-east-1:111111111111:log-group:*", "arn:aws:logs:us-east-1:111111111111:log-group:a:b", true},
		// The three objects AWS lists for arn:aws:s3:::amzn-s3-demo-bucket/*/test/*.
		{"AWS's example 1", "amzn-s3-demo-bucket/1/test/object.jpg", "arn:aws:s3:::amzn-s3-demo-bucket/*/test/*", "arn:aws:s3:::amzn-s3-demo-bucket/1/test/object.jpg", true},
		{"AWS's example 2", "amzn-s3-demo-bucket/1/2/test/object.jpg", "arn:aws:s3:::amzn-s3-demo-bucket/*/test/*", "arn:aws:s3:::amzn-s3-demo-bucket/1/2/test/object.jpg", true},
		{"AWS's example 3", "amzn-s3-demo-bucket/1/2/test/3/object.jpg", "arn:aws:s3:::amzn-s3-demo-bucket/*/test/*", "arn:aws:s3:::amzn-s3-demo-bucket/1/2/test/3/object.jpg", true},
		{"no test segment", "the literal /test/ must appear", "arn:aws:s3:::amzn-s3-demo-bucket/*/test/*", "arn:aws:s3:::amzn-s3-demo-bucket/1-test/object.jpg", false},
		{"variable in a short pattern", "a variable's value is literal, the trailing * still spans",
			"arn:aws:sqs:${aws:RequestedRegion}:*", queue, true},
		{"variable in a short pattern, other Region", "the substituted Region must match",
			"arn:aws:sqs:eu-west-1:*", queue, false},
		{"not an ARN", "a resource that is not an ARN matches no ARN pattern", "arn:aws:sqs:*", "key/1234", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := doc(t, policy.KindIdentityPolicy, `{"Effect": "Allow", "Action": "*", "Resource": "`+tc.pattern+`"}`)
			got, err := eval.Evaluate(iamReq(roleA, "s3:GetObject", tc.resource, acctA, ctxMap{"aws:RequestedRegion": {"us-east-1"}}), eval.Policies{Identity: ids(id)})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if (got.Decision == eval.Allow) != tc.want {
				t.Errorf("Resource %q, request %q: got %v, want match %v (%s)", tc.pattern, tc.resource, got.Decision, tc.want, tc.reason)
			}
		})
	}
}

// TestAWSStarPartition checks that {"AWS": "*"} names IAM principals of the
// resource's partition only: "any root user, IAM user, assumed-role session,
// or federated user in any account in the same partition" (IAM User Guide,
// Principal).
func TestAWSStarPartition(t *testing.T) {
	publicAWS := doc(t, policy.KindBucketPolicy, `{"Sid": "PublicAWS", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "*"}`)
	readAll := doc(t, policy.KindIdentityPolicy, `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`)
	for _, tc := range []struct {
		name, principal, resource string
		want                      eval.Decision
	}{
		{"same partition", roleB, object, eval.Allow},
		{"other partition", "arn:aws-cn:iam::222222222222:role/Reader", object, eval.ImplicitDeny},
		{"both in aws-cn", "arn:aws-cn:iam::222222222222:role/Reader", "arn:aws-cn:s3:::logs-bucket/x", eval.Allow},
	} {
		got, err := eval.Evaluate(iamReq(tc.principal, "s3:GetObject", tc.resource, acctA, nil), eval.Policies{Resource: publicAWS, Identity: ids(readAll)})
		if err != nil {
			t.Fatal(err)
		}
		if got.Decision != tc.want {
			t.Errorf("%s: got %v (%s), want %v", tc.name, got.Decision, got.Reason, tc.want)
		}
	}
}
