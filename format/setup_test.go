package format_test

import (
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The documents below are written by hand for these tests; they resemble
// what the builders produce for Example Corp (Production 123456789012 and
// Dev 999988887777 delivering to example-ct-logs, vendor AnyCompany
// 998877665544 with external ID 8900-544), but the format package only
// carries them, so their exact content does not matter here. What matters
// is that they exercise every shape a policy has: bare strings and lists,
// the "*" principal, service and AWS principals, several condition
// operators, a JSON number and the string booleans.

// bucketPolicy is the bucket policy of a site whose key the output
// creates: its wrong-key deny names the key by the placeholder ARN.
func bucketPolicy() *policy.Document { return bucketPolicyFor(testPlannedKey) }

// bucketPolicyFor is built with policy.New and the base library's
// statements; its wrong-key deny names keyARN.
func bucketPolicyFor(keyARN string) *policy.Document {
	trails := []string{
		"arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events",
		"arn:aws:cloudtrail:us-east-1:999988887777:trail/management-events",
	}
	return policy.New(policy.KindBucketPolicy,
		iampolicy.Statement{
			Sid:       "AWSCloudTrailAclCheck",
			Effect:    "Allow",
			Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"),
			Action:    policy.Strings("s3:GetBucketAcl"),
			Resource:  policy.Strings("arn:aws:s3:::example-ct-logs"),
			Condition: policy.Conditions{}.With("StringEquals", "aws:SourceArn", trails...),
		},
		iampolicy.Statement{
			Sid:       "AWSCloudTrailWrite",
			Effect:    "Allow",
			Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"),
			Action:    policy.Strings("s3:PutObject"),
			Resource: policy.List(
				"arn:aws:s3:::example-ct-logs/AWSLogs/123456789012/*",
				"arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/*",
			),
			Condition: policy.Conditions{}.
				With("StringEquals", "s3:x-amz-acl", "bucket-owner-full-control").
				With("StringEquals", "aws:SourceArn", trails...),
		},
		iampolicy.Statement{
			Sid:       "DenyInsecureTransport",
			Effect:    "Deny",
			Principal: policy.Everyone(),
			Action:    policy.Strings("s3:*"),
			Resource:  policy.List("arn:aws:s3:::example-ct-logs", "arn:aws:s3:::example-ct-logs/*"),
			Condition: policy.Conditions{"Bool": {"aws:SecureTransport": iampolicy.NewConditionValueBool(true, false)}},
		},
		iampolicy.Statement{
			Sid:       "DenyWrongKMSKey",
			Effect:    "Deny",
			Principal: policy.Everyone(),
			Action:    policy.Strings("s3:PutObject"),
			Resource:  policy.Strings("arn:aws:s3:::example-ct-logs/AWSLogs/*"),
			Condition: policy.Conditions{}.With("StringNotEquals", "s3:x-amz-server-side-encryption-aws-kms-key-id", keyARN),
		},
	)
}

// decode reads a JSON literal, failing the test on error.
func decode(t testing.TB, k policy.Kind, js string) *policy.Document {
	t.Helper()
	d, err := policy.Decode(k, []byte(js))
	if err != nil {
		t.Fatalf("decode test document: %v", err)
	}
	return d
}

// keyPolicy names the vendor role, which must exist before KMS accepts
// the policy.
func keyPolicy(t testing.TB) *policy.Document {
	return decode(t, policy.KindKeyPolicy, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnableKeyAdministration",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "AllowCloudTrailToEncryptLogs",
      "Effect": "Allow",
      "Principal": {"Service": "cloudtrail.amazonaws.com"},
      "Action": "kms:GenerateDataKey*",
      "Resource": "*",
      "Condition": {
        "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": ["arn:aws:cloudtrail:*:123456789012:trail/*", "arn:aws:cloudtrail:*:999988887777:trail/*"]},
        "StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events"}
      }
    },
    {
      "Sid": "AllowReadersToDecryptLogFiles",
      "Effect": "Allow",
      "Principal": {"AWS": "`+testRoleARN+`"},
      "Action": "kms:Decrypt",
      "Resource": "*"
    }
  ]
}`)
}

func trustPolicy(t testing.TB) *policy.Document {
	return decode(t, policy.KindTrustPolicy, `{
  "Version": "2012-10-17",
  "Statement": {
    "Sid": "AllowAnyCompanyWithExternalId",
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::998877665544:root"},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": "8900-544"}}
  }
}`)
}

// readPolicy may decrypt with the key the output creates.
func readPolicy(t testing.TB) *policy.Document { return readPolicyFor(t, testPlannedKey) }

// readPolicyFor may decrypt with keyARN.
func readPolicyFor(t testing.TB, keyARN string) *policy.Document {
	return decode(t, policy.KindIdentityPolicy, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadLogObjects",
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": "arn:aws:s3:::example-ct-logs/AWSLogs/*"
    },
    {
      "Sid": "ListLogs",
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::example-ct-logs",
      "Condition": {"StringLike": {"s3:prefix": "AWSLogs/*"}, "NumericLessThanEquals": {"s3:max-keys": 1000}}
    },
    {
      "Sid": "DecryptLogFiles",
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "`+keyARN+`"
    }
  ]
}`)
}

// scps are two SCPs; the first protects the key the output creates.
func scps(t testing.TB) []*policy.Document {
	return []*policy.Document{
		decode(t, policy.KindSCP, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyCloudTrailChanges",
      "Effect": "Deny",
      "Action": ["cloudtrail:DeleteTrail", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail"],
      "Resource": "*",
      "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}}
    },
    {
      "Sid": "DenyLogKeyTampering",
      "Effect": "Deny",
      "Action": ["kms:DisableKey", "kms:ScheduleKeyDeletion"],
      "Resource": ["arn:aws:kms:us-east-1:111122223333:alias/cloudtrail-logs", "`+testPlannedKey+`"]
    }
  ]
}`),
		decode(t, policy.KindSCP, `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyLogBucketPolicyChanges",
      "Effect": "Deny",
      "Action": "s3:PutBucketPolicy",
      "Resource": "arn:aws:s3:::example-ct-logs"
    }
  ]
}`),
	}
}

// The targets of the test documents, with Account, AppliedIn, KeyARN and
// RoleARN as the site would set them.
const (
	testBucket   = "example-ct-logs"
	testRoleName = "AnyCompanyCloudTrailReader"
	testLogs     = "111122223333"
	testMgmt     = "123456789012"
	testKeyAcct  = "444455556666"
	testRoleARN  = "arn:aws:iam::" + testLogs + ":role/" + testRoleName
	// testPlannedKey is the placeholder of the key the output creates in
	// the log archive account.
	testPlannedKey = "arn:aws:kms:us-east-1:" + testLogs + ":key/" + cloudtrail.PlannedKeyID
	// testExistingKey is a key of the key account.
	testExistingKey = "arn:aws:kms:us-east-1:" + testKeyAcct + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

func bucketTarget(bucket string) cloudtrail.Target {
	return cloudtrail.Target{Kind: cloudtrail.BucketPolicyTarget, Account: testLogs, AppliedIn: cloudtrail.LogArchiveAccount, Bucket: bucket}
}

// keyTarget is the target of the key the output creates.
func keyTarget() cloudtrail.Target {
	return cloudtrail.Target{
		Kind: cloudtrail.KeyPolicyTarget, Account: testLogs, AppliedIn: cloudtrail.LogArchiveAccount,
		KeyARN: testPlannedKey, CreateKey: true,
	}
}

// existingKeyTarget is the target of the policy of an existing key in the
// key account.
func existingKeyTarget() cloudtrail.Target {
	return cloudtrail.Target{Kind: cloudtrail.KeyPolicyTarget, Account: testKeyAcct, AppliedIn: cloudtrail.KeyAccount, KeyARN: testExistingKey}
}

// roleTarget returns the target of the role's trust policy (policyName
// empty) or of its inline policy policyName.
func roleTarget(roleName, policyName string) cloudtrail.Target {
	kind := cloudtrail.RoleTrustTarget
	if policyName != "" {
		kind = cloudtrail.RolePolicyTarget
	}
	return cloudtrail.Target{
		Kind: kind, Account: testLogs, AppliedIn: cloudtrail.LogArchiveAccount,
		RoleName: roleName, RoleARN: "arn:aws:iam::111122223333:role/" + roleName,
		PolicyName: policyName,
	}
}

func scpTarget(name string) cloudtrail.Target {
	return cloudtrail.Target{
		Kind: cloudtrail.OrganizationPolicyTarget, Account: testMgmt, AppliedIn: cloudtrail.ManagementAccount,
		PolicyType: cloudtrail.ServiceControlPolicy, PolicyName: name,
	}
}

// bucketOnly is the list of one bucket policy for example-ct-logs.
func bucketOnly(doc *policy.Document) cloudtrail.Documents {
	return cloudtrail.Documents{{Name: "bucket-policy", Policy: doc, Target: bucketTarget(testBucket)}}
}

// fullSetup holds every document of a site that creates its key, with two
// SCPs named as the root package names them, in the order it lists them.
func fullSetup(t testing.TB) cloudtrail.Documents {
	s := scps(t)
	return cloudtrail.Documents{
		{Name: "bucket-policy", Policy: bucketPolicy(), Target: bucketTarget(testBucket)},
		{Name: "key-policy", Policy: keyPolicy(t), Target: keyTarget()},
		{Name: "vendor-trust-policy", Policy: trustPolicy(t), Target: roleTarget(testRoleName, "")},
		{Name: "vendor-read-policy", Policy: readPolicy(t), Target: roleTarget(testRoleName, "cloudtrail-log-read")},
		{Name: "scp-1", Policy: s[0], Target: scpTarget("protect-cloudtrail")},
		{Name: "scp-2", Policy: s[1], Target: scpTarget("protect-cloudtrail-2")},
	}
}

// existingKeySetup holds the documents of a site whose existing key lives
// in the key account: the bucket and read policies name it by its ARN.
func existingKeySetup(t testing.TB) cloudtrail.Documents {
	return cloudtrail.Documents{
		{Name: "bucket-policy", Policy: bucketPolicyFor(testExistingKey), Target: bucketTarget(testBucket)},
		{Name: "key-policy", Policy: keyPolicy(t), Target: existingKeyTarget()},
		{Name: "vendor-trust-policy", Policy: trustPolicy(t), Target: roleTarget(testRoleName, "")},
		{Name: "vendor-read-policy", Policy: readPolicyFor(t, testExistingKey), Target: roleTarget(testRoleName, "cloudtrail-log-read")},
	}
}

// keyAndSCP holds a key policy and a single SCP, which keeps the
// unnumbered name.
func keyAndSCP(t testing.TB) cloudtrail.Documents {
	return cloudtrail.Documents{
		{Name: "key-policy", Policy: keyPolicy(t), Target: keyTarget()},
		{Name: "scp", Policy: scps(t)[0], Target: scpTarget("protect-cloudtrail")},
	}
}

// trickyPolicy holds the strings that the formats must escape: IAM policy
// variables (a template in HCL and in Fn::Sub), an HCL directive
// introducer, characters HTML escaping would change, a quote, a backslash
// and text that already looks escaped; and the created key's ARN inside a
// longer string with a policy variable, which both formats write as a
// template (an HCL interpolation, an Fn::Sub).
func trickyPolicy(t testing.TB) *policy.Document {
	return decode(t, policy.KindBucketPolicy, `{
  "Version": "2012-10-17",
  "Id": "tricky-strings",
  "Statement": [
    {
      "Sid": "PolicyVariables",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::example-ct-logs/AWSLogs/${aws:PrincipalAccount}/*",
      "Condition": {
        "StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}", "aws:PrincipalOrgID": "o-a1b2c3d4e5"},
        "StringLike": {"s3:x-amz-meta-note": ["a<b&c>d", "%{if x}y%{endif}", "quote\"back\\slash", "$${already} %%{doubled}", "tail$", "100%", "${aws:PrincipalAccount}:`+testPlannedKey+`:${x}"]}
      }
    }
  ]
}`)
}

// readerStatement lets the vendor role read the logs: a bucket policy
// statement that names the role, which must exist before S3 accepts it.
func readerStatement() iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       "AllowLogReadersToRead",
		Effect:    "Allow",
		Principal: policy.AWSPrincipal(testRoleARN),
		Action:    policy.Strings("s3:GetObject"),
		Resource:  policy.Strings("arn:aws:s3:::example-ct-logs/AWSLogs/*"),
	}
}
