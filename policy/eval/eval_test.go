package eval_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// outcome is the part of a Result the scenario tests compare.
type outcome struct {
	Decision eval.Decision
	Deciding []eval.StatementRef
}

func ids(docs ...*policy.Document) []*policy.Document { return docs }

// TestEvaluate runs whole requests through the evaluation logic.
func TestEvaluate(t *testing.T) {
	// Identity policies.
	readLogs := doc(t, policy.KindIdentityPolicy, `{"Sid": "ReadLogs", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::logs-bucket", "arn:aws:s3:::logs-bucket/*"]}`)
	decrypt := doc(t, policy.KindIdentityPolicy, `{"Sid": "Decrypt", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "`+keyARN+`"}`)
	assumeVendor := doc(t, policy.KindIdentityPolicy, `{"Sid": "AssumeVendor", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "`+vendor+`"}`)
	denyDelete := doc(t, policy.KindIdentityPolicy, `{"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}`)
	allowAll := doc(t, policy.KindIdentityPolicy, `{"Sid": "Admin", "Effect": "Allow", "Action": "*", "Resource": "*"}`)
	notIAM := doc(t, policy.KindIdentityPolicy, `{"Sid": "AllButIAM", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}`)
	mixedCase := doc(t, policy.KindIdentityPolicy, `{"Sid": "Mixed", "Effect": "Allow", "Action": "S3:GET*", "Resource": "arn:aws:s3:::logs-bucket/AWSLogs/*"}`)
	oneChar := doc(t, policy.KindIdentityPolicy, `{"Sid": "OneChar", "Effect": "Allow", "Action": "s3:?etObject", "Resource": "arn:aws:s3:::logs-bucket/AWSLogs/11111111111?/*"}`)
	lowerPath := doc(t, policy.KindIdentityPolicy, `{"Sid": "Lower", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/awslogs/*"}`)

	// Bucket policies.
	grantRoleA := doc(t, policy.KindBucketPolicy, `{"Sid": "ReaderA", "Effect": "Allow", "Principal": {"AWS": "`+roleA+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	grantRootA := doc(t, policy.KindBucketPolicy, `{"Sid": "AccountA", "Effect": "Allow", "Principal": {"AWS": "`+rootA+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	grantRoleB := doc(t, policy.KindBucketPolicy, `{"Sid": "ReaderB", "Effect": "Allow", "Principal": {"AWS": "`+roleB+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	grantAcctB := doc(t, policy.KindBucketPolicy, `{"Sid": "AccountB", "Effect": "Allow", "Principal": {"AWS": "`+acctB+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	grantPathRole := doc(t, policy.KindBucketPolicy, `{"Sid": "PathRole", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/team/Reader"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	public := doc(t, policy.KindBucketPolicy, `{"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	publicAWS := doc(t, policy.KindBucketPolicy, `{"Sid": "PublicAWS", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	denyReaderA := doc(t, policy.KindBucketPolicy,
		`{"Sid": "ReaderA", "Effect": "Allow", "Principal": {"AWS": "`+roleA+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`,
		`{"Sid": "NoReaderA", "Effect": "Deny", "Principal": {"AWS": "`+roleA+`"}, "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	cloudTrail := doc(t, policy.KindBucketPolicy,
		`{"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::logs-bucket"}`,
		`{"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/AWSLogs/111111111111/*", "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}`)
	onlyAWSLogs := doc(t, policy.KindBucketPolicy,
		`{"Sid": "ReaderA", "Effect": "Allow", "Principal": {"AWS": "`+roleA+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`,
		`{"Sid": "OnlyAWSLogs", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::logs-bucket/AWSLogs/*"}`)
	rootAndRole := doc(t, policy.KindBucketPolicy,
		`{"Sid": "AccountA", "Effect": "Allow", "Principal": {"AWS": "`+rootA+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`,
		`{"Sid": "ReaderA", "Effect": "Allow", "Principal": {"AWS": "`+roleA+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	breakGlass := doc(t, policy.KindBucketPolicy,
		`{"Sid": "ReaderA", "Effect": "Allow", "Principal": {"AWS": "`+roleA+`"}, "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/*"}`,
		`{"Sid": "OnlyBreakGlassDeletes", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111111111111:role/BreakGlass"}, "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)

	// Key policies.
	keyRootA := doc(t, policy.KindKeyPolicy, `{"Sid": "EnableIAM", "Effect": "Allow", "Principal": {"AWS": "`+rootA+`"}, "Action": "kms:*", "Resource": "*"}`)
	keyRoleA := doc(t, policy.KindKeyPolicy, `{"Sid": "ReaderDecrypt", "Effect": "Allow", "Principal": {"AWS": "`+roleA+`"}, "Action": "kms:Decrypt", "Resource": "*"}`)
	keyTrailOnly := doc(t, policy.KindKeyPolicy, `{"Sid": "TrailEncrypt", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*", "Resource": "*"}`)
	keyRootB := doc(t, policy.KindKeyPolicy, `{"Sid": "AccountBDecrypt", "Effect": "Allow", "Principal": {"AWS": "`+rootB+`"}, "Action": "kms:Decrypt", "Resource": "*"}`)
	keyRoleB := doc(t, policy.KindKeyPolicy, `{"Sid": "ReaderBDecrypt", "Effect": "Allow", "Principal": {"AWS": "`+roleB+`"}, "Action": "kms:Decrypt", "Resource": "*"}`)
	decryptB := doc(t, policy.KindIdentityPolicy, `{"Sid": "DecryptB", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "`+keyARN+`"}`)

	// Trust policies.
	vendorTrust := doc(t, policy.KindTrustPolicy, `{"Sid": "Vendor", "Effect": "Allow", "Principal": {"AWS": "`+rootB+`"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "ext-0123456789"}}}`)
	lambdaTrust := doc(t, policy.KindTrustPolicy, `{"Sid": "Lambda", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}`)

	// SCPs.
	protectLogs := doc(t, policy.KindSCP, `{"Sid": "ProtectLogs", "Effect": "Deny", "Action": ["s3:DeleteObject", "s3:PutObject"], "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	scpAllow := doc(t, policy.KindSCP, `{"Sid": "AllowS3", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}`)

	ext := ctxMap{"sts:ExternalId": {"ext-0123456789"}}
	acl := ctxMap{"s3:x-amz-acl": {"bucket-owner-full-control"}}
	trailObject := "arn:aws:s3:::logs-bucket/AWSLogs/111111111111/CloudTrail/x.json.gz"

	tests := []struct {
		name   string
		reason string
		req    eval.Request
		pol    eval.Policies
		want   outcome
	}{
		// Same account, S3.
		{"same account/identity only", "within one account an identity policy alone allows",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Identity: ids(readLogs)},
			outcome{eval.Allow, refs(ref("identity[0]", 0, "ReadLogs"))}},
		{"same account/bucket names role", "within one account a resource policy naming the role alone allows",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantRoleA},
			outcome{eval.Allow, refs(ref("resource", 0, "ReaderA"))}},
		{"same account/both allow", "both grants are listed, resource first",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantRoleA, Identity: ids(readLogs)},
			outcome{eval.Allow, refs(ref("resource", 0, "ReaderA"), ref("identity[0]", 0, "ReadLogs"))}},
		{"same account/bucket names account only", "naming the account delegates to IAM (IAM User Guide, Principal): without an identity policy nothing allows",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantRootA},
			outcome{eval.ImplicitDeny, nil}},
		{"same account/account grant and identity", "the delegated grant and the identity policy together",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantRootA, Identity: ids(readLogs)},
			outcome{eval.Allow, refs(ref("resource", 0, "AccountA"), ref("identity[0]", 0, "ReadLogs"))}},
		{"same account/direct grant beside a delegated one", "the decision rests on the direct grant only: the account grant needs an identity policy, and there is none",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: rootAndRole},
			outcome{eval.Allow, refs(ref("resource", 1, "ReaderA"))}},
		{"same account/AWS * names the role directly", `{"AWS": "*"} names every IAM principal directly, so no identity policy is needed in the same account`,
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: publicAWS},
			outcome{eval.Allow, refs(ref("resource", 0, "PublicAWS"))}},
		{"same account/nothing", "no policy, no access",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{},
			outcome{eval.ImplicitDeny, nil}},
		{"same account/other role", "the bucket names another role",
			iamReq("arn:aws:iam::111111111111:role/Other", "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantRoleA},
			outcome{eval.ImplicitDeny, nil}},
		{"explicit deny in bucket beats allows", "a Deny overrides the identity and resource Allows",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: denyReaderA, Identity: ids(readLogs)},
			outcome{eval.ExplicitDeny, refs(ref("resource", 1, "NoReaderA"))}},
		{"explicit deny in identity beats bucket allow", "a Deny in an identity policy overrides a resource Allow",
			iamReq(roleA, "s3:DeleteObject", object, acctA, nil), eval.Policies{Resource: breakGlass, Identity: ids(denyDelete)},
			outcome{eval.ExplicitDeny, refs(ref("resource", 1, "OnlyBreakGlassDeletes"), ref("identity[0]", 0, "NoDelete"))}},

		// Cross account, S3.
		{"cross account/bucket only", "cross-account, the principal's identity policy must also allow",
			iamReq(roleB, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantRoleB},
			outcome{eval.ImplicitDeny, nil}},
		{"cross account/identity only", "cross-account, the resource policy must also allow",
			iamReq(roleB, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantRoleA, Identity: ids(readLogs)},
			outcome{eval.ImplicitDeny, nil}},
		{"cross account/no bucket policy", "without a resource policy there is no cross-account grant",
			iamReq(roleB, "s3:GetObject", object, acctA, nil), eval.Policies{Identity: ids(readLogs)},
			outcome{eval.ImplicitDeny, nil}},
		{"cross account/both", "both sides allow",
			iamReq(roleB, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantRoleB, Identity: ids(readLogs)},
			outcome{eval.Allow, refs(ref("resource", 0, "ReaderB"), ref("identity[0]", 0, "ReadLogs"))}},
		{"cross account/bare account ID and identity", "a bare account ID names the account like its root ARN",
			iamReq(roleB, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantAcctB, Identity: ids(readLogs)},
			outcome{eval.Allow, refs(ref("resource", 0, "AccountB"), ref("identity[0]", 0, "ReadLogs"))}},

		// Principals.
		{"session of a role with a path", "a role ARN names its sessions; the session ARN has no path",
			iamReq("arn:aws:sts::111111111111:assumed-role/Reader/alice", "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantPathRole},
			outcome{eval.Allow, refs(ref("resource", 0, "PathRole"))}},
		{"session of another role", "a session of another role is not named",
			iamReq("arn:aws:sts::111111111111:assumed-role/Writer/alice", "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantPathRole},
			outcome{eval.ImplicitDeny, nil}},
		{"session of a same-named role elsewhere", "the account must match too",
			iamReq("arn:aws:sts::222222222222:assumed-role/Reader/alice", "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantPathRole, Identity: ids(readLogs)},
			outcome{eval.ImplicitDeny, nil}},
		{"root user/own account", "the root user has full access to its own account's resources without any policy",
			iamReq(rootA, "s3:GetObject", object, acctA, nil), eval.Policies{},
			outcome{eval.Allow, nil}},
		{"root user/identity policies ignored", "the root user cannot have identity policies, so one given neither allows nor denies",
			iamReq(rootA, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyRootA, Identity: ids(denyDelete, doc(t, policy.KindIdentityPolicy, `{"Effect": "Deny", "Action": "kms:*", "Resource": "*"}`))},
			outcome{eval.Allow, refs(ref("resource", 0, "EnableIAM"))}},
		{"root user/cross account", "a grant to the account serves its root user, which needs no identity policy",
			iamReq(rootB, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: grantAcctB},
			outcome{eval.Allow, refs(ref("resource", 0, "AccountB"))}},
		{"anonymous/Principal *", `"*" names everyone, anonymous callers included`,
			eval.Request{Principal: eval.Principal{Type: eval.AnonymousPrincipal}, Action: "s3:GetObject", Resource: object}, eval.Policies{Resource: public},
			outcome{eval.Allow, refs(ref("resource", 0, "Public"))}},
		{"anonymous/AWS *", `{"AWS": "*"} is equivalent to "*" for anonymous users (IAM User Guide, Principal)`,
			eval.Request{Principal: eval.Principal{Type: eval.AnonymousPrincipal}, Action: "s3:GetObject", Resource: object}, eval.Policies{Resource: publicAWS},
			outcome{eval.Allow, refs(ref("resource", 0, "PublicAWS"))}},
		{"anonymous/identity policies ignored", "an anonymous caller has no identity policies",
			eval.Request{Principal: eval.Principal{Type: eval.AnonymousPrincipal}, Action: "s3:GetObject", Resource: object}, eval.Policies{Resource: grantRoleA, Identity: ids(readLogs)},
			outcome{eval.ImplicitDeny, nil}},
		{"service/AWS * does not name services", `only "*" or the service's name match a service principal`,
			svcReq(trail, "s3:GetObject", object, nil), eval.Policies{Resource: publicAWS},
			outcome{eval.ImplicitDeny, nil}},
		{"service/Principal *", `"*" names services too`,
			svcReq(trail, "s3:GetObject", object, nil), eval.Policies{Resource: public},
			outcome{eval.Allow, refs(ref("resource", 0, "Public"))}},
		{"service/identity policies ignored", "a service principal has no identity policies, so one given does not deny it",
			svcReq(trail, "s3:PutObject", trailObject, acl), eval.Policies{Resource: cloudTrail, Identity: ids(doc(t, policy.KindIdentityPolicy, `{"Effect": "Deny", "Action": "*", "Resource": "*"}`))},
			outcome{eval.Allow, refs(ref("resource", 1, "AWSCloudTrailWrite"))}},
		{"anonymous/account grant", "an account grant does not name anonymous callers",
			eval.Request{Principal: eval.Principal{Type: eval.AnonymousPrincipal}, Action: "s3:GetObject", Resource: object}, eval.Policies{Resource: grantRootA},
			outcome{eval.ImplicitDeny, nil}},
		{"service/CloudTrail writes", "a service principal needs only the resource policy",
			svcReq(trail, "s3:PutObject", trailObject, acl), eval.Policies{Resource: cloudTrail},
			outcome{eval.Allow, refs(ref("resource", 1, "AWSCloudTrailWrite"))}},
		{"service/other service", "the bucket names CloudTrail only",
			svcReq("config.amazonaws.com", "s3:PutObject", trailObject, acl), eval.Policies{Resource: cloudTrail},
			outcome{eval.ImplicitDeny, nil}},
		{"service/condition fails", "the write needs the bucket-owner-full-control ACL",
			svcReq(trail, "s3:PutObject", trailObject, nil), eval.Policies{Resource: cloudTrail},
			outcome{eval.ImplicitDeny, nil}},

		// SCPs.
		{"SCP denies an IAM principal", "an SCP Deny applies to the account's IAM principals",
			iamReq(roleA, "s3:PutObject", object, acctA, nil), eval.Policies{Identity: ids(allowAll), SCPs: ids(protectLogs)},
			outcome{eval.ExplicitDeny, refs(ref("scp[0]", 0, "ProtectLogs"))}},
		{"SCP denies the root user", "SCPs restrict a member account's root user too",
			iamReq(rootA, "s3:PutObject", object, acctA, nil), eval.Policies{SCPs: ids(protectLogs)},
			outcome{eval.ExplicitDeny, refs(ref("scp[0]", 0, "ProtectLogs"))}},
		{"SCP does not apply to a service principal", "SCPs never restrict service principals",
			svcReq(trail, "s3:PutObject", trailObject, acl), eval.Policies{Resource: cloudTrail, SCPs: ids(protectLogs)},
			outcome{eval.Allow, refs(ref("resource", 1, "AWSCloudTrailWrite"))}},
		{"SCP Allow grants nothing", "an SCP only limits; an identity or resource policy must still allow",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{SCPs: ids(scpAllow)},
			outcome{eval.ImplicitDeny, nil}},

		// Action and resource matching.
		{"NotAction/other service", "NotAction iam:* allows s3",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Identity: ids(notIAM)},
			outcome{eval.Allow, refs(ref("identity[0]", 0, "AllButIAM"))}},
		{"NotAction/excluded", "NotAction iam:* does not allow iam:CreateUser",
			iamReq(roleA, "iam:CreateUser", "arn:aws:iam::111111111111:user/x", acctA, nil), eval.Policies{Identity: ids(notIAM)},
			outcome{eval.ImplicitDeny, nil}},
		{"action case-insensitive", "S3:GET* matches s3:getobject",
			iamReq(roleA, "s3:getobject", object, acctA, nil), eval.Policies{Identity: ids(mixedCase)},
			outcome{eval.Allow, refs(ref("identity[0]", 0, "Mixed"))}},
		{"question marks", "? matches one character in actions and resources",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Identity: ids(oneChar)},
			outcome{eval.Allow, refs(ref("identity[0]", 0, "OneChar"))}},
		{"resource case-sensitive", "awslogs/ does not match AWSLogs/",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Identity: ids(lowerPath)},
			outcome{eval.ImplicitDeny, nil}},
		{"NotResource/outside", "the Deny applies outside AWSLogs/",
			iamReq(roleA, "s3:GetObject", "arn:aws:s3:::logs-bucket/other/x", acctA, nil), eval.Policies{Resource: onlyAWSLogs},
			outcome{eval.ExplicitDeny, refs(ref("resource", 1, "OnlyAWSLogs"))}},
		{"NotResource/inside", "the Deny does not apply under AWSLogs/",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: onlyAWSLogs},
			outcome{eval.Allow, refs(ref("resource", 0, "ReaderA"))}},
		{"NotPrincipal/other role", "everyone but BreakGlass is denied deletes",
			iamReq(roleA, "s3:DeleteObject", object, acctA, nil), eval.Policies{Resource: breakGlass},
			outcome{eval.ExplicitDeny, refs(ref("resource", 1, "OnlyBreakGlassDeletes"))}},
		{"NotPrincipal/excluded role", "BreakGlass is not denied; its identity policy allows",
			iamReq("arn:aws:iam::111111111111:role/BreakGlass", "s3:DeleteObject", object, acctA, nil), eval.Policies{Resource: breakGlass, Identity: ids(allowAll)},
			outcome{eval.Allow, refs(ref("identity[0]", 0, "Admin"))}},

		// KMS key policies.
		{"KMS/root delegation without identity", "the key policy delegates to IAM; no identity policy allows",
			iamReq(roleA, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyRootA},
			outcome{eval.ImplicitDeny, nil}},
		{"KMS/root delegation with identity", "delegation plus an identity policy allows",
			iamReq(roleA, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyRootA, Identity: ids(decrypt)},
			outcome{eval.Allow, refs(ref("resource", 0, "EnableIAM"), ref("identity[0]", 0, "Decrypt"))}},
		{"KMS/direct grant", "a key policy naming the role allows without an identity policy",
			iamReq(roleA, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyRoleA},
			outcome{eval.Allow, refs(ref("resource", 0, "ReaderDecrypt"))}},
		{"KMS/identity only", "an identity policy alone never allows use of a KMS key",
			iamReq(roleA, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyTrailOnly, Identity: ids(decrypt)},
			outcome{eval.ImplicitDeny, nil}},
		{"KMS/root user not named", "not even the root user may use a key whose policy does not name it",
			iamReq(rootA, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyTrailOnly},
			outcome{eval.ImplicitDeny, nil}},
		{"KMS/cross account delegation with identity", "the key policy names account B and B's identity policy allows",
			iamReq(roleB, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyRootB, Identity: ids(decryptB)},
			outcome{eval.Allow, refs(ref("resource", 0, "AccountBDecrypt"), ref("identity[0]", 0, "DecryptB"))}},
		{"KMS/cross account delegation without identity", "cross-account, B must delegate through an identity policy",
			iamReq(roleB, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyRootB},
			outcome{eval.ImplicitDeny, nil}},
		{"KMS/cross account direct without identity", "cross-account, even a direct grant needs the identity policy",
			iamReq(roleB, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyRoleB},
			outcome{eval.ImplicitDeny, nil}},
		{"KMS/cross account root of other account", "account A's delegation does not cover account B",
			iamReq(roleB, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyRootA, Identity: ids(decryptB)},
			outcome{eval.ImplicitDeny, nil}},

		// Trust policies.
		{"trust/vendor with external ID", "the trust policy names account B with the external ID, and B's identity policy allows",
			iamReq(roleB, "sts:AssumeRole", vendor, acctA, ext), eval.Policies{Resource: vendorTrust, Identity: ids(assumeVendor)},
			outcome{eval.Allow, refs(ref("resource", 0, "Vendor"), ref("identity[0]", 0, "AssumeVendor"))}},
		{"trust/wrong external ID", "sts:ExternalId must match",
			iamReq(roleB, "sts:AssumeRole", vendor, acctA, ctxMap{"sts:ExternalId": {"guess"}}), eval.Policies{Resource: vendorTrust, Identity: ids(assumeVendor)},
			outcome{eval.ImplicitDeny, nil}},
		{"trust/no external ID", "a missing sts:ExternalId fails StringEquals",
			iamReq(roleB, "sts:AssumeRole", vendor, acctA, nil), eval.Policies{Resource: vendorTrust, Identity: ids(assumeVendor)},
			outcome{eval.ImplicitDeny, nil}},
		{"trust/no identity policy", "cross-account, the caller's own account must allow sts:AssumeRole",
			iamReq(roleB, "sts:AssumeRole", vendor, acctA, ext), eval.Policies{Resource: vendorTrust},
			outcome{eval.ImplicitDeny, nil}},
		{"trust/other account", "the trust policy names account B only",
			iamReq("arn:aws:iam::333333333333:role/Reader", "sts:AssumeRole", vendor, acctA, ext), eval.Policies{Resource: vendorTrust, Identity: ids(assumeVendor)},
			outcome{eval.ImplicitDeny, nil}},
		{"trust/same account identity only", "a role's trust policy must allow even within its account",
			iamReq(roleA, "sts:AssumeRole", vendor, acctA, nil), eval.Policies{Resource: lambdaTrust, Identity: ids(allowAll)},
			outcome{eval.ImplicitDeny, nil}},
		{"trust/root user same account", "IAM User Guide, Switch to an IAM role (AWS API): \"You cannot assume a role when you are signed in as the AWS account root user\", even where the trust policy names it",
			iamReq(rootA, "sts:AssumeRole", vendor, acctA, nil), eval.Policies{Resource: doc(t, policy.KindTrustPolicy, `{"Sid": "RootA", "Effect": "Allow", "Principal": {"AWS": "`+rootA+`"}, "Action": "sts:AssumeRole"}`)},
			outcome{eval.ImplicitDeny, nil}},
		{"trust/root user cross account", "the root user of the trusted account cannot assume the role either",
			iamReq(rootB, "sts:AssumeRole", vendor, acctA, ext), eval.Policies{Resource: vendorTrust},
			outcome{eval.ImplicitDeny, nil}},
		{"trust/root user deny still explicit", "an explicit deny is still reported as the decision",
			iamReq(rootB, "sts:AssumeRole", vendor, acctA, ext), eval.Policies{Resource: doc(t, policy.KindTrustPolicy, `{"Sid": "Vendor", "Effect": "Allow", "Principal": {"AWS": "`+rootB+`"}, "Action": "sts:AssumeRole"}`, `{"Sid": "NoRoot", "Effect": "Deny", "Principal": {"AWS": "`+rootB+`"}, "Action": "sts:AssumeRole"}`)},
			outcome{eval.ExplicitDeny, refs(ref("resource", 1, "NoRoot"))}},
		{"trust/service", "the trust policy lets Lambda assume the role",
			svcReq("lambda.amazonaws.com", "sts:AssumeRole", vendor, nil), eval.Policies{Resource: lambdaTrust},
			outcome{eval.Allow, refs(ref("resource", 0, "Lambda"))}},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate test name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval.Evaluate(tc.req, tc.pol)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if got.Reason == "" {
				t.Errorf("Reason is empty")
			}
			if diff := cmp.Diff(tc.want, outcome{got.Decision, got.Deciding}, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s\n(reason: %s; result reason: %q)\n(-want +got):\n%s", tc.name, tc.reason, got.Reason, diff)
			}
		})
	}
}

// TestKMSStyleDenyFromDocument000 evaluates the unencrypted-upload Deny
// published in source document 000 (an AWS blog post). Its single statement
// lists both keys under one StringNotEquals, and keys under one operator are
// ANDed ("Conditions with multiple context keys or values", IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html):
// it denies only when the encryption is not SSE-KMS AND the key is not the
// right one, so an upload with SSE-KMS under another key passes. Two
// statements, one per key, deny it. The source prints the Principal as "";
// it is "*" here, the only string AWS accepts (see TestErrors for "").
func TestKMSStyleDenyFromDocument000(t *testing.T) {
	const allowTrail = `{"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`
	published := doc(t, policy.KindBucketPolicy, allowTrail,
		`{"Sid": "DenyUnEncryptedObjectUploads", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/*",
		  "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": "`+keyARN+`"}}}`)
	corrected := doc(t, policy.KindBucketPolicy, allowTrail,
		`{"Sid": "DenyNonKMSUploads", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/*",
		  "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}}`,
		`{"Sid": "DenyOtherKeys", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/*",
		  "Condition": {"StringNotEquals": {"s3:x-amz-server-side-encryption-aws-kms-key-id": "`+keyARN+`"}}}`)

	wrongKey := ctxMap{"s3:x-amz-server-side-encryption": {"aws:kms"}, "s3:x-amz-server-side-encryption-aws-kms-key-id": {keyARN2}}
	rightKey := ctxMap{"s3:x-amz-server-side-encryption": {"aws:kms"}, "s3:x-amz-server-side-encryption-aws-kms-key-id": {keyARN}}
	sseS3 := ctxMap{"s3:x-amz-server-side-encryption": {"AES256"}}
	tests := []struct {
		name   string
		reason string
		bucket *policy.Document
		ctx    ctxMap
		want   outcome
	}{
		{"published/wrong key passes", "the flaw: encryption is aws:kms, so the ANDed condition is false and nothing denies",
			published, wrongKey, outcome{eval.Allow, refs(ref("resource", 0, "AWSCloudTrailWrite"))}},
		{"published/SSE-S3 denied", "both keys differ, so the published statement does deny this",
			published, sseS3, outcome{eval.ExplicitDeny, refs(ref("resource", 1, "DenyUnEncryptedObjectUploads"))}},
		{"published/right key", "the intended upload passes",
			published, rightKey, outcome{eval.Allow, refs(ref("resource", 0, "AWSCloudTrailWrite"))}},
		{"corrected/wrong key denied", "the key statement denies another key on its own",
			corrected, wrongKey, outcome{eval.ExplicitDeny, refs(ref("resource", 2, "DenyOtherKeys"))}},
		{"corrected/SSE-S3 denied", "both statements deny SSE-S3",
			corrected, sseS3, outcome{eval.ExplicitDeny, refs(ref("resource", 1, "DenyNonKMSUploads"), ref("resource", 2, "DenyOtherKeys"))}},
		{"corrected/right key", "the intended upload still passes",
			corrected, rightKey, outcome{eval.Allow, refs(ref("resource", 0, "AWSCloudTrailWrite"))}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval.Evaluate(svcReq(trail, "s3:PutObject", object, tc.ctx), eval.Policies{Resource: tc.bucket})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, outcome{got.Decision, got.Deciding}, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s (%s)\n(-want +got):\n%s", tc.name, tc.reason, diff)
			}
		})
	}
}

// TestMatched checks that Matched lists every matching statement, SCP Allows
// included, while Deciding lists only those the decision rests on.
func TestMatched(t *testing.T) {
	bucketPol := doc(t, policy.KindBucketPolicy,
		`{"Sid": "AccountB", "Effect": "Allow", "Principal": {"AWS": "`+rootB+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`,
		`{"Sid": "Unrelated", "Effect": "Allow", "Principal": {"AWS": "`+rootB+`"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	scp := doc(t, policy.KindSCP, `{"Sid": "AllowAll", "Effect": "Allow", "Action": "*", "Resource": "*"}`)
	got, err := eval.Evaluate(iamReq(roleB, "s3:GetObject", object, acctA, nil), eval.Policies{Resource: bucketPol, SCPs: ids(scp)})
	if err != nil {
		t.Fatal(err)
	}
	want := eval.Result{
		Decision: eval.ImplicitDeny,
		Matched:  refs(ref("resource", 0, "AccountB"), ref("scp[0]", 0, "AllowAll")),
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(eval.Result{}, "Reason")); diff != "" {
		t.Errorf("cross-account grant without identity policy (-want +got):\n%s", diff)
	}
	if !strings.Contains(got.Reason, "no identity policy") {
		t.Errorf("Reason %q does not say the identity policy is missing", got.Reason)
	}
}

// TestReasons checks that each implicit deny says which half is missing.
func TestReasons(t *testing.T) {
	keyRootA := doc(t, policy.KindKeyPolicy, `{"Effect": "Allow", "Principal": {"AWS": "`+rootA+`"}, "Action": "kms:*", "Resource": "*"}`)
	keyTrail := doc(t, policy.KindKeyPolicy, `{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:*", "Resource": "*"}`)
	decrypt := doc(t, policy.KindIdentityPolicy, `{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}`)
	deny := doc(t, policy.KindIdentityPolicy, `{"Sid": "NoKMS", "Effect": "Deny", "Action": "kms:*", "Resource": "*"}`)
	tests := []struct {
		name   string
		reason string
		pol    eval.Policies
		want   string // a phrase the Reason must contain
	}{
		{"delegated without identity", "the key policy delegates but IAM does not allow", eval.Policies{Resource: keyRootA}, "no identity policy allows"},
		{"identity alone", "an identity policy never suffices for a key", eval.Policies{Resource: keyTrail, Identity: ids(decrypt)}, "identity policy alone never suffices for a KMS key"},
		{"explicit deny", "names the denying statement", eval.Policies{Resource: keyRootA, Identity: ids(decrypt, deny)}, "identity[1].Statement[0] (NoKMS)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval.Evaluate(iamReq(roleA, "kms:Decrypt", keyARN, acctA, nil), tc.pol)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got.Reason, tc.want) {
				t.Errorf("Reason = %q, want it to contain %q (%s)", got.Reason, tc.want, tc.reason)
			}
		})
	}
}

// TestErrors checks that what the evaluator cannot read is an error, never a
// decision, and that the error names the field and wraps a sentinel.
func TestErrors(t *testing.T) {
	okReq := iamReq(roleA, "s3:GetObject", object, acctA, nil)
	identity := func(stmt string) eval.Policies {
		return eval.Policies{Identity: ids(doc(t, policy.KindIdentityPolicy, stmt))}
	}
	bucketPol := func(stmt string) eval.Policies {
		return eval.Policies{Resource: doc(t, policy.KindBucketPolicy, stmt)}
	}
	withCond := func(cond string) eval.Policies {
		return identity(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ` + cond + `}`)
	}
	tests := []struct {
		name      string
		reason    string
		req       eval.Request
		pol       eval.Policies
		sentinel  error
		wantField string // the error text must contain this
	}{
		{"DateLessThan value", "a date is ISO 8601 or epoch seconds", okReq, withCond(`{"DateLessThan": {"aws:CurrentTime": "next year"}}`), policy.ErrSchema, `identity[0].Statement[0].Condition.DateLessThan["aws:CurrentTime"]: "next year"`},
		{"IpAddress value", "an IP range is CIDR", okReq, withCond(`{"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}`), policy.ErrSchema, `Condition.IpAddress["aws:SourceIp"]: "10.0.0.0/33"`},
		{"BinaryEquals value", "a binary value is base64", okReq, withCond(`{"BinaryEquals": {"k": "not base64!"}}`), policy.ErrSchema, `Condition.BinaryEquals["k"]: "not base64!"`},
		{"Date request value", "a request value a date operator cannot read", iamReq(roleA, "s3:GetObject", object, acctA, ctxMap{"aws:CurrentTime": {"yesterday"}}),
			withCond(`{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`), policy.ErrSchema, `Request.Context[aws:currenttime]: "yesterday" is not an ISO 8601 date or epoch time, but identity[0].Statement[0].Condition.DateLessThan["aws:CurrentTime"]`},
		{"IP request value", "aws:SourceIp is an address", iamReq(roleA, "s3:GetObject", object, acctA, ctxMap{"aws:SourceIp": {"203.0.113.0/24"}}),
			withCond(`{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`), policy.ErrSchema, `Request.Context[aws:sourceip]: "203.0.113.0/24" is not an IP address`},
		{"Binary request value", "the request value is base64 too", iamReq(roleA, "s3:GetObject", object, acctA, ctxMap{"k": {"%%"}}),
			withCond(`{"BinaryEquals": {"k": "QmluYXJ5"}}`), policy.ErrSchema, `Request.Context[k]: "%%" is not base64`},
		{"Date policy variable", "date conditions take no policy variables", okReq, withCond(`{"DateLessThan": {"aws:CurrentTime": "${aws:TokenIssueTime}"}}`), policy.ErrSchema, `"${aws:TokenIssueTime}" is not a date`},
		{"Date wildcard", "date conditions take no wildcards", okReq, withCond(`{"DateEquals": {"aws:CurrentTime": "2030-*"}}`), policy.ErrSchema, `"2030-*" is not a date`},
		{"multivalued key without qualifier", "AWS: multivalued context keys require a condition set operator", iamReq(roleA, "s3:GetObject", object, acctA, ctxMap{"aws:TagKeys": {"a", "b"}}),
			withCond(`{"StringEquals": {"aws:TagKeys": "a"}}`), policy.ErrUnsupported, `Request.Context[aws:tagkeys]: "a,b" has 2 values, but identity[0].Statement[0].Condition.StringEquals["aws:TagKeys"] tests it without ForAnyValue: or ForAllValues:`},
		{"short ARN pattern without star", "fewer than six fields only with a trailing *", okReq, withCond(`{"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1"}}`), policy.ErrSchema, `"arn:aws:cloudtrail:us-east-1" is not an ARN pattern`},
		{"short Resource without star", "fewer than six fields only with a trailing *", okReq, identity(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3"}`), policy.ErrSchema, `Resource[0]: "arn:aws:s3"`},
		{"unknown operator", "a misspelt operator", okReq, withCond(`{"StringEqual": {"k": "v"}}`), policy.ErrUnsupported, `"StringEqual"`},
		{"ForAnyValue:DateEquals value", "a qualifier does not hide a malformed value", okReq, withCond(`{"ForAnyValue:DateEquals": {"k": "v"}}`), policy.ErrSchema, `Condition.ForAnyValue:DateEquals["k"]: "v"`},
		{"NullIfExists", "Null takes no IfExists", okReq, withCond(`{"NullIfExists": {"k": "true"}}`), policy.ErrUnsupported, `"NullIfExists"`},
		{"unsupported operator in a statement that does not apply", "policies are checked whole, whatever the request", okReq,
			identity(`{"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*", "Condition": {"DateLessThanOrEqual": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}`), policy.ErrUnsupported, `"DateLessThanOrEqual"`},
		{"Bool value", "Bool takes true or false", okReq, withCond(`{"Bool": {"aws:SecureTransport": "yes"}}`), policy.ErrSchema, `Condition.Bool["aws:SecureTransport"]: "yes"`},
		{"Numeric value", "numeric values must parse", okReq, withCond(`{"NumericLessThan": {"s3:max-keys": "ten"}}`), policy.ErrSchema, `"ten"`},
		{"Numeric request value", "a request value that is not a number cannot be compared", iamReq(roleA, "s3:GetObject", object, acctA, ctxMap{"s3:max-keys": {"many"}}),
			withCond(`{"NumericLessThan": {"s3:max-keys": 10}}`), policy.ErrSchema, `Request.Context[s3:max-keys]: "many"`},
		{"ARN pattern", "an ArnLike value must have six fields", okReq, withCond(`{"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail"}}`), policy.ErrSchema, `"arn:aws:cloudtrail"`},
		{"empty Principal", `document 000 prints "Principal": ""`, okReq,
			bucketPol(`{"Effect": "Deny", "Principal": "", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`), policy.ErrPrincipal, `resource.Statement[0].Principal`},
		{"string Principal", `only "*" is a string principal`, okReq,
			bucketPol(`{"Effect": "Allow", "Principal": "111111111111", "Action": "s3:GetObject", "Resource": "*"}`), policy.ErrPrincipal, `"111111111111"`},
		{"wildcard in principal ARN", "principal ARNs take no wildcards", okReq,
			bucketPol(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::*:root"}, "Action": "s3:GetObject", "Resource": "*"}`), policy.ErrPrincipal, `Principal.AWS[0]`},
		{"bad account principal", "an 11-digit account is not an account", okReq,
			bucketPol(`{"Effect": "Allow", "Principal": {"AWS": "11111111111"}, "Action": "s3:GetObject", "Resource": "*"}`), policy.ErrPrincipal, `"11111111111"`},
		{"no principal in bucket policy", "resource policy statements need one", okReq,
			bucketPol(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`), policy.ErrPrincipal, `resource.Statement[0]`},
		{"principal in identity policy", "identity policies cannot name principals", okReq,
			identity(`{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}`), policy.ErrPrincipal, `identity[0].Statement[0]`},
		{"missing Action", "every statement needs Action or NotAction", okReq, identity(`{"Effect": "Allow", "Resource": "*"}`), policy.ErrSchema, "has no Action"},
		{"bad action", "an action has a service prefix", okReq, identity(`{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}`), policy.ErrSchema, `Action[0]: "GetObject"`},
		{"missing Resource", "a bucket or identity statement needs Resource", okReq, identity(`{"Effect": "Allow", "Action": "s3:GetObject"}`), policy.ErrSchema, "has no Resource"},
		{"bad Resource", "a resource is * or an ARN", okReq, identity(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "logs-bucket/*"}`), policy.ErrSchema, `Resource[0]: "logs-bucket/*"`},
		{"Effect", "Effect is Allow or Deny", okReq, identity(`{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}`), policy.ErrSchema, `Effect: "allow"`},
		{"wrong kind", "an SCP is not an identity policy", okReq,
			eval.Policies{Identity: ids(doc(t, policy.KindSCP, `{"Effect": "Allow", "Action": "*", "Resource": "*"}`))}, policy.ErrUnsupported, `identity[0]: "service control policy"`},
		{"nil identity document", "a nil document is a mistake", okReq, eval.Policies{Identity: []*policy.Document{nil}}, policy.ErrRequired, "identity[0]"},
		{"KMS key without key policy", "every KMS key has a key policy", iamReq(roleA, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{}, policy.ErrRequired, "key policy"},
		{"AssumeRole without trust policy", "every role has a trust policy", iamReq(roleA, "sts:AssumeRole", vendor, acctA, nil), eval.Policies{}, policy.ErrRequired, "trust policy"},
		{"no principal ARN", "an AWS principal needs its ARN", iamReq("", "s3:GetObject", object, acctA, nil), eval.Policies{}, policy.ErrRequired, "Request.Principal.ARN"},
		{"bad principal ARN", "not an IAM ARN", iamReq("arn:aws:s3:::logs-bucket", "s3:GetObject", object, acctA, nil), eval.Policies{}, policy.ErrARN, "Request.Principal.ARN"},
		{"account disagrees", "Account must agree with the ARN",
			eval.Request{Principal: eval.Principal{ARN: roleA, Account: acctB}, Action: "s3:GetObject", Resource: object, ResourceAccount: acctA}, eval.Policies{}, policy.ErrConflict, "Request.Principal.Account"},
		{"no resource account", "needed to tell same- from cross-account", iamReq(roleA, "s3:GetObject", object, "", nil), eval.Policies{}, policy.ErrAccountID, "Request.ResourceAccount"},
		{"wildcard action", "a request has one action", iamReq(roleA, "s3:Get*", object, acctA, nil), eval.Policies{}, policy.ErrSchema, "Request.Action"},
		{"case-duplicate context keys", "condition key names are case-insensitive",
			iamReq(roleA, "s3:GetObject", object, acctA, ctxMap{"aws:SecureTransport": {"true"}, "AWS:SecureTransport": {"false"}}), eval.Policies{}, policy.ErrConflict, "Request.Context"},
		{"service principal name", "a service principal name has a dot",
			svcReq("cloudtrail", "s3:PutObject", object, nil), eval.Policies{}, policy.ErrPrincipal, "Request.Principal.Service"},
		{"policy version", "only the two policy language versions exist", okReq,
			eval.Policies{Identity: ids(&policy.Document{Kind: policy.KindIdentityPolicy, Version: "2020-01-01"})}, policy.ErrSchema, "identity[0].Version"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate test name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval.Evaluate(tc.req, tc.pol)
			if err == nil {
				t.Fatalf("Evaluate = %v, want an error (%s)", got.Decision, tc.reason)
			}
			if diff := cmp.Diff(eval.Result{}, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("an error must come with a zero Result (-want +got):\n%s", diff)
			}
			if !errors.Is(err, tc.sentinel) {
				t.Errorf("error %q does not wrap %v (%s)", err, tc.sentinel, tc.reason)
			}
			if !strings.Contains(err.Error(), tc.wantField) {
				t.Errorf("error %q does not mention %q (%s)", err, tc.wantField, tc.reason)
			}
		})
	}
}

// TestErrorsJoined checks that every problem is reported at once.
func TestErrorsJoined(t *testing.T) {
	bad := doc(t, policy.KindIdentityPolicy,
		`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"DateLessThanOrEqual": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}}`,
		`{"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}`)
	_, err := eval.Evaluate(iamReq(roleA, "s3:GetObject", object, "", nil), eval.Policies{Identity: ids(bad)})
	var fields []string
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("error %q is not a *policy.FieldError", e)
		}
		fields = append(fields, fe.Field)
	}
	// The request is checked first and stops evaluation; fix it and the
	// policy's two problems come back together.
	if diff := cmp.Diff([]string{"Request.ResourceAccount"}, fields); diff != "" {
		t.Errorf("request problems (-want +got):\n%s", diff)
	}
	_, err = eval.Evaluate(iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Identity: ids(bad)})
	fields = nil
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	if diff := cmp.Diff([]string{"identity[0].Statement[0].Condition", "identity[0].Statement[1].Effect"}, fields); diff != "" {
		t.Errorf("policy problems (-want +got):\n%s", diff)
	}
}

// TestDecisionStrings pins the names the CLI prints.
func TestDecisionStrings(t *testing.T) {
	got := []string{eval.ImplicitDeny.String(), eval.Allow.String(), eval.ExplicitDeny.String(), eval.Decision(7).String()}
	want := []string{"ImplicitDeny", "Allow", "ExplicitDeny", "Decision(7)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Decision.String (-want +got):\n%s", diff)
	}
	var zero eval.Decision
	if zero != eval.ImplicitDeny {
		t.Errorf("the zero Decision is %v, want ImplicitDeny so that an unset result never allows", zero)
	}
}
