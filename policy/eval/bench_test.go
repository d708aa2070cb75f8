package eval_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// BenchmarkEvaluate measures one cross-account read through a bucket policy
// of the size the library emits, an identity policy and an SCP. Setup is
// outside the loop; run with -benchmem to see allocations per evaluation.
func BenchmarkEvaluate(b *testing.B) {
	bucketPol := doc(b, policy.KindBucketPolicy,
		`{"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::logs-bucket",
		  "Condition": {"StringEquals": {"aws:SourceArn": ["arn:aws:cloudtrail:us-east-1:111111111111:trail/org", "arn:aws:cloudtrail:us-east-1:222222222222:trail/org"]}}}`,
		`{"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
		  "Resource": ["arn:aws:s3:::logs-bucket/AWSLogs/111111111111/*", "arn:aws:s3:::logs-bucket/AWSLogs/222222222222/*"],
		  "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}, "ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:*:trail/org"}}}`,
		`{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::logs-bucket", "arn:aws:s3:::logs-bucket/*"],
		  "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`,
		`{"Sid": "DenyNonKMSUploads", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/AWSLogs/*",
		  "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}`,
		`{"Sid": "SecurityRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": ["s3:GetObject", "s3:ListBucket"],
		  "Resource": ["arn:aws:s3:::logs-bucket", "arn:aws:s3:::logs-bucket/AWSLogs/*"], "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::222222222222:role/Security*"}}}`)
	identity := doc(b, policy.KindIdentityPolicy,
		`{"Sid": "ReadLogs", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::logs-bucket", "arn:aws:s3:::logs-bucket/*"]}`)
	scp := doc(b, policy.KindSCP,
		`{"Sid": "ProtectLogs", "Effect": "Deny", "Action": ["s3:DeleteObject*", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration"], "Resource": "*",
		  "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}}}`)
	req := iamReq("arn:aws:sts::222222222222:assumed-role/SecurityAudit/alice", "s3:GetObject", object, acctA, map[string][]string{
		"aws:SecureTransport": {"true"},
		"aws:PrincipalArn":    {"arn:aws:iam::222222222222:role/SecurityAudit"},
	})
	pol := eval.Policies{Resource: bucketPol, Identity: []*policy.Document{identity}, SCPs: []*policy.Document{scp}}
	if res, err := eval.Evaluate(req, pol); err != nil || res.Decision != eval.Allow {
		b.Fatalf("setup: got %v, %v; want Allow", res, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eval.Evaluate(req, pol); err != nil {
			b.Fatal(err)
		}
	}
}
