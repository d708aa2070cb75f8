package main

import (
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/policy"
)

// aclCheck lets CloudTrail read the bucket ACL, which it does before every delivery.
func aclCheck(p policy.Partition, bucket string) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       "AWSCloudTrailAclCheck",
		Effect:    iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"),
		Action:    policy.Strings("s3:GetBucketAcl"),
		Resource:  policy.Strings(policy.BucketARN(p, bucket)),
	}
}
