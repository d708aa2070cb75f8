package eval_test

import (
	"encoding/json"
	"fmt"
	"log"
	"sort"

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

// Prepare a key policy once and ask it about several callers; Decide
// returns the decision alone, without allocating.
func ExamplePrepare() {
	const keyPolicy = `{
	  "Version": "2012-10-17",
	  "Statement": [
	    {"Sid": "EnableIAM", "Effect": "Allow",
	     "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
	     "Action": "kms:*", "Resource": "*"},
	    {"Sid": "DenyOutsideOffice", "Effect": "Deny", "Principal": "*",
	     "Action": "kms:Decrypt", "Resource": "*",
	     "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]},
	                   "DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}}
	  ]
	}`
	var p iampolicy.Policy
	if err := json.Unmarshal([]byte(keyPolicy), &p); err != nil {
		log.Fatal(err)
	}
	key := &policy.Document{Kind: policy.KindKeyPolicy, Version: p.Version, Statements: p.Statements.Values()}
	decrypt := &policy.Document{Kind: policy.KindIdentityPolicy, Version: p.Version, Statements: []iampolicy.Statement{{
		Effect: iampolicy.EffectAllow, Action: iampolicy.NewStringOrSlice(true, "kms:Decrypt"), Resource: iampolicy.NewStringOrSlice(true, "*"),
	}}}
	prepared, err := eval.Prepare(eval.Policies{Resource: key, Identity: []*policy.Document{decrypt}})
	if err != nil {
		log.Fatal(err)
	}
	for _, ip := range []string{"203.0.113.7", "2001:db8::1", "198.51.100.1"} {
		d, err := prepared.Decide(eval.Request{
			Principal:       eval.Principal{ARN: "arn:aws:iam::111111111111:role/Reader"},
			Action:          "kms:Decrypt",
			Resource:        "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			ResourceAccount: "111111111111",
			Context:         map[string][]string{"aws:SourceIp": {ip}, "aws:CurrentTime": {"2026-12-02T00:10:00Z"}},
		})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %v\n", ip, d)
	}
	// Output:
	// 203.0.113.7: Allow
	// 2001:db8::1: Allow
	// 198.51.100.1: ExplicitDeny
}

// Add the keys AWS derives from a role session before asking a key policy
// that tests kms:CallerAccount; a key the request gives is kept.
func ExampleDerivedContext() {
	req := eval.Request{
		Principal: eval.Principal{Type: eval.AWSPrincipal, ARN: "arn:aws:sts::222222222222:assumed-role/Reader/alice"},
		Action:    "kms:Decrypt",
		Context:   map[string][]string{"aws:PrincipalIsAWSService": {"false"}},
	}
	derived := eval.DerivedContext(req)
	keys := make([]string, 0, len(derived))
	for k := range derived {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, derived[k])
	}
	// Output:
	// aws:PrincipalAccount [222222222222]
	// aws:PrincipalArn [arn:aws:iam::222222222222:role/Reader]
	// kms:CallerAccount [222222222222]
}
