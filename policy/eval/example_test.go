package eval_test

import (
	"encoding/json"
	"fmt"
	"log"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// Ask a bucket policy whether CloudTrail may write a log file, once over
// TLS and once without.
func ExampleEvaluate() {
	const bucketPolicy = `{
	  "Version": "2012-10-17",
	  "Statement": [
	    {"Sid": "AWSCloudTrailWrite", "Effect": "Allow",
	     "Principal": {"Service": "cloudtrail.amazonaws.com"},
	     "Action": "s3:PutObject",
	     "Resource": "arn:aws:s3:::logs-bucket/AWSLogs/111111111111/*",
	     "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
	    {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
	     "Action": "s3:*",
	     "Resource": ["arn:aws:s3:::logs-bucket", "arn:aws:s3:::logs-bucket/*"],
	     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
	  ]
	}`
	var p iampolicy.Policy
	if err := json.Unmarshal([]byte(bucketPolicy), &p); err != nil {
		log.Fatal(err)
	}
	bucket := &policy.Document{Kind: policy.KindBucketPolicy, Version: p.Version, Statements: p.Statements.Values()}

	for _, tls := range []string{"true", "false"} {
		res, err := eval.Evaluate(eval.Request{
			Principal: eval.Principal{Type: eval.ServicePrincipal, Service: "cloudtrail.amazonaws.com"},
			Action:    "s3:PutObject",
			Resource:  "arn:aws:s3:::logs-bucket/AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/01/log.json.gz",
			Context: map[string][]string{
				"s3:x-amz-acl":        {"bucket-owner-full-control"},
				"aws:SecureTransport": {tls},
			},
		}, eval.Policies{Resource: bucket})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("TLS %s: %v by %v\n", tls, res.Decision, res.Deciding)
	}
	// Output:
	// TLS true: Allow by [resource.Statement[0] (AWSCloudTrailWrite)]
	// TLS false: ExplicitDeny by [resource.Statement[1] (DenyInsecureTransport)]
}
