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

// TestRCPs runs requests through resource control policies, following the
// sentences quoted in rcp.go.
func TestRCPs(t *testing.T) {
	const org = "o-exampleorg1"
	// AWS's identity perimeter: only principals of the organization, or AWS
	// services, reach the organization's buckets.
	perimeter := doc(t, policy.KindRCP, `{"Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
		"Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "`+org+`"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}`)
	// AWS's confused-deputy RCP: a service acting for another organization
	// is denied.
	deputy := doc(t, policy.KindRCP, `{"Sid": "EnforceConfusedDeputyProtection", "Effect": "Deny", "Principal": "*", "Action": ["s3:*", "kms:*"], "Resource": "*",
		"Condition": {"StringNotEqualsIfExists": {"aws:SourceOrgID": "`+org+`"}, "Bool": {"aws:PrincipalIsAWSService": "true"}, "Null": {"aws:SourceAccount": "false"}}}`)
	fullAccess := doc(t, policy.KindRCP, `{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`)
	denyAll := doc(t, policy.KindRCP, `{"Sid": "NoS3NoKMSNoSTS", "Effect": "Deny", "Principal": "*", "Action": ["s3:*", "kms:*", "sts:*"], "Resource": "*"}`)
	denyEC2 := doc(t, policy.KindRCP, `{"Sid": "NoEC2", "Effect": "Deny", "Principal": "*", "Action": "ec2:*", "Resource": "*"}`)

	readAll := doc(t, policy.KindBucketPolicy, `{"Sid": "AccountB", "Effect": "Allow", "Principal": {"AWS": "`+acctB+`"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	public := doc(t, policy.KindBucketPolicy, `{"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"}`)
	trailWrite := doc(t, policy.KindBucketPolicy, `{"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs-bucket/AWSLogs/*"}`)
	keyPol := doc(t, policy.KindKeyPolicy, `{"Sid": "EnableIAM", "Effect": "Allow", "Principal": {"AWS": "`+rootA+`"}, "Action": "kms:*", "Resource": "*"}`)
	readLogs := doc(t, policy.KindIdentityPolicy, `{"Sid": "ReadLogs", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`)
	allowAll := doc(t, policy.KindIdentityPolicy, `{"Sid": "Admin", "Effect": "Allow", "Action": "*", "Resource": "*"}`)
	slrTrust := doc(t, policy.KindTrustPolicy, `{"Sid": "Service", "Effect": "Allow", "Principal": {"Service": "ram.amazonaws.com"}, "Action": "sts:AssumeRole"}`)

	inOrg := ctxMap{"aws:PrincipalOrgID": {org}, "aws:PrincipalIsAWSService": {"false"}}
	outside := ctxMap{"aws:PrincipalIsAWSService": {"false"}}
	service := ctxMap{"aws:PrincipalIsAWSService": {"true"}, "aws:SourceAccount": {acctA}, "aws:SourceOrgID": {org}}
	foreignService := ctxMap{"aws:PrincipalIsAWSService": {"true"}, "aws:SourceAccount": {"333333333333"}, "aws:SourceOrgID": {"o-otherorg22"}}
	slr := "arn:aws:iam::111111111111:role/aws-service-role/ram.amazonaws.com/AWSServiceRoleForResourceAccessManager"
	trailObject := "arn:aws:s3:::logs-bucket/AWSLogs/111111111111/CloudTrail/x.json.gz"

	tests := []struct {
		name   string
		reason string
		req    eval.Request
		pol    eval.Policies
		want   outcome
	}{
		{"outside principal denied although the bucket allows", "an RCP applies to the bucket even when accessed by users outside the organization",
			iamReq(roleB, "s3:GetObject", object, acctA, outside), eval.Policies{Resource: readAll, Identity: ids(readLogs), RCPs: ids(perimeter)},
			outcome{eval.ExplicitDeny, refs(ref("rcp[0]", 0, "EnforceOrgIdentities"))}},
		{"organization principal allowed", "the perimeter's condition does not hold inside the organization",
			iamReq(roleB, "s3:GetObject", object, acctA, inOrg), eval.Policies{Resource: readAll, Identity: ids(readLogs), RCPs: ids(perimeter)},
			outcome{eval.Allow, refs(ref("resource", 0, "AccountB"), ref("identity[0]", 0, "ReadLogs"))}},
		{"anonymous caller denied", "the perimeter denies a public read: no aws:PrincipalOrgID",
			eval.Request{Principal: eval.Principal{Type: eval.AnonymousPrincipal}, Action: "s3:GetObject", Resource: object, ResourceAccount: acctA},
			eval.Policies{Resource: public, RCPs: ids(perimeter)},
			outcome{eval.ExplicitDeny, refs(ref("rcp[0]", 0, "EnforceOrgIdentities"))}},
		{"service principal for the organization", "CloudTrail acting for the organization passes both RCPs",
			svcReq(trail, "s3:PutObject", trailObject, service), eval.Policies{Resource: trailWrite, RCPs: ids(perimeter, deputy)},
			outcome{eval.Allow, refs(ref("resource", 0, "AWSCloudTrailWrite"))}},
		{"service principal for another organization", "AWS KMS Developer Guide: RCPs apply to AWS service principals; the confused-deputy RCP denies a foreign source",
			svcReq(trail, "s3:PutObject", trailObject, foreignService), eval.Policies{Resource: trailWrite, RCPs: ids(perimeter, deputy)},
			outcome{eval.ExplicitDeny, refs(ref("rcp[1]", 0, "EnforceConfusedDeputyProtection"))}},
		{"root user denied", `RCPs "includes root users"`,
			iamReq(rootA, "s3:GetObject", object, acctA, nil), eval.Policies{RCPs: ids(denyAll)},
			outcome{eval.ExplicitDeny, refs(ref("rcp[0]", 0, "NoS3NoKMSNoSTS"))}},
		{"same-account principal denied", "RCPs restrict the account's own principals too",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Identity: ids(readLogs), RCPs: ids(denyAll)},
			outcome{eval.ExplicitDeny, refs(ref("rcp[0]", 0, "NoS3NoKMSNoSTS"))}},
		{"management account resource", `RCPs "have no effect on resources in the management account"`,
			iamReq(roleB, "s3:GetObject", object, acctA, outside), eval.Policies{Resource: readAll, Identity: ids(readLogs), RCPs: ids(perimeter), ManagementAccount: acctA},
			outcome{eval.Allow, refs(ref("resource", 0, "AccountB"), ref("identity[0]", 0, "ReadLogs"))}},
		{"management account principal, member resource", "the exemption is for the management account's resources, not its principals",
			iamReq(roleB, "s3:GetObject", object, acctA, outside), eval.Policies{Resource: readAll, Identity: ids(readLogs), RCPs: ids(perimeter), ManagementAccount: acctB},
			outcome{eval.ExplicitDeny, refs(ref("rcp[0]", 0, "EnforceOrgIdentities"))}},
		{"service-linked role calling", "RCPs do not apply to calls made by service-linked roles",
			iamReq(slr, "s3:GetObject", object, acctA, nil), eval.Policies{Identity: ids(readLogs), RCPs: ids(denyAll)},
			outcome{eval.Allow, refs(ref("identity[0]", 0, "ReadLogs"))}},
		{"service-linked role assumed", "the service-linked role's trust policy is not impacted by RCPs",
			svcReq("ram.amazonaws.com", "sts:AssumeRole", slr, nil), eval.Policies{Resource: slrTrust, RCPs: ids(denyAll)},
			outcome{eval.Allow, refs(ref("resource", 0, "Service"))}},
		{"ordinary role assumed", "the same RCP does deny assuming an ordinary role",
			svcReq("ram.amazonaws.com", "sts:AssumeRole", vendor, nil), eval.Policies{Resource: slrTrust, RCPs: ids(denyAll)},
			outcome{eval.ExplicitDeny, refs(ref("rcp[0]", 0, "NoS3NoKMSNoSTS"))}},
		{"kms:RetireGrant", "RCPs do not impact the kms:RetireGrant permission",
			iamReq(roleA, "kms:RetireGrant", keyARN, acctA, nil), eval.Policies{Resource: keyPol, Identity: ids(allowAll), RCPs: ids(denyAll)},
			outcome{eval.Allow, refs(ref("resource", 0, "EnableIAM"), ref("identity[0]", 0, "Admin"))}},
		{"kms:Decrypt", "other KMS actions are restricted",
			iamReq(roleA, "kms:Decrypt", keyARN, acctA, nil), eval.Policies{Resource: keyPol, Identity: ids(allowAll), RCPs: ids(denyAll)},
			outcome{eval.ExplicitDeny, refs(ref("rcp[0]", 0, "NoS3NoKMSNoSTS"))}},
		{"service RCPs do not cover", "RCPs apply to the listed services only; ec2 is not one",
			iamReq(roleA, "ec2:RunInstances", "arn:aws:ec2:us-east-1:111111111111:instance/i-1", acctA, nil), eval.Policies{Identity: ids(allowAll), RCPs: ids(denyEC2)},
			outcome{eval.Allow, refs(ref("identity[0]", 0, "Admin"))}},
		{"RCPFullAWSAccess grants nothing", "no permissions are granted by an RCP",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{RCPs: ids(fullAccess)},
			outcome{eval.ImplicitDeny, nil}},
		{"RCPFullAWSAccess beside a grant", "its Allow neither grants nor decides",
			iamReq(roleA, "s3:GetObject", object, acctA, nil), eval.Policies{Identity: ids(readLogs), RCPs: ids(fullAccess)},
			outcome{eval.Allow, refs(ref("identity[0]", 0, "ReadLogs"))}},
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
			if diff := cmp.Diff(tc.want, outcome{got.Decision, got.Deciding}, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s\n(reason: %s; result reason: %q)\n(-want +got):\n%s", tc.name, tc.reason, got.Reason, diff)
			}
		})
	}
}

// TestManagementAccountSCPs checks that SCPs do not restrict the management
// account's principals once Policies.ManagementAccount names it, nor a
// service-linked role.
func TestManagementAccountSCPs(t *testing.T) {
	protect := doc(t, policy.KindSCP, `{"Sid": "ProtectLogs", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}`)
	allowAll := doc(t, policy.KindIdentityPolicy, `{"Sid": "Admin", "Effect": "Allow", "Action": "*", "Resource": "*"}`)
	req := iamReq(roleA, "s3:DeleteObject", object, acctA, nil)
	for _, tc := range []struct {
		name, management string
		want             eval.Decision
	}{
		{"unknown", "", eval.ExplicitDeny},
		{"member", acctB, eval.ExplicitDeny},
		{"management", acctA, eval.Allow},
		{"service-linked role", "", eval.Allow},
	} {
		req := req
		if tc.name == "service-linked role" {
			// "SCPs do not affect any service-linked role."
			req.Principal.ARN = "arn:aws:iam::111111111111:role/aws-service-role/ram.amazonaws.com/AWSServiceRoleForResourceAccessManager"
		}
		got, err := eval.Evaluate(req, eval.Policies{Identity: ids(allowAll), SCPs: ids(protect), ManagementAccount: tc.management})
		if err != nil {
			t.Fatal(err)
		}
		if got.Decision != tc.want {
			t.Errorf("%s: got %v (%s), want %v", tc.name, got.Decision, got.Reason, tc.want)
		}
	}
}

// TestRCPErrors checks that what AWS does not accept in an RCP is an error
// naming the field.
func TestRCPErrors(t *testing.T) {
	okReq := iamReq(roleA, "s3:GetObject", object, acctA, nil)
	rcp := func(stmt string) eval.Policies {
		return eval.Policies{RCPs: ids(doc(t, policy.KindRCP, stmt))}
	}
	tests := []struct {
		name      string
		reason    string
		pol       eval.Policies
		sentinel  error
		wantField string
	}{
		{"named principal", `RCP syntax: only "*" in Principal`, rcp(`{"Effect": "Deny", "Principal": {"AWS": "` + rootB + `"}, "Action": "s3:*", "Resource": "*"}`),
			policy.ErrPrincipal, `rcp[0].Statement[0].Principal: "{\"AWS\":\"` + rootB + `\"}"`},
		{"no principal", "RCP syntax: each statement must contain Principal", rcp(`{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`),
			policy.ErrPrincipal, "rcp[0].Statement[0]"},
		{"NotPrincipal", "RCP syntax: NotPrincipal is not supported", rcp(`{"Effect": "Deny", "NotPrincipal": {"AWS": "` + rootB + `"}, "Action": "s3:*", "Resource": "*"}`),
			policy.ErrUnsupported, "rcp[0].Statement[0].NotPrincipal"},
		{"NotAction", "RCP syntax: NotAction is not supported", rcp(`{"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"}`),
			policy.ErrUnsupported, "rcp[0].Statement[0].NotAction"},
		{"wrong kind", "an SCP is not an RCP", eval.Policies{RCPs: ids(doc(t, policy.KindSCP, `{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}`))},
			policy.ErrUnsupported, `rcp[0]: "service control policy"`},
		{"nil", "a nil document is a mistake", eval.Policies{RCPs: []*policy.Document{nil}}, policy.ErrRequired, "rcp[0]"},
		{"management account", "an account ID has 12 digits", eval.Policies{ManagementAccount: "12345"}, policy.ErrAccountID, `Policies.ManagementAccount: "12345"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval.Evaluate(okReq, tc.pol)
			if err == nil {
				t.Fatalf("Evaluate = %v, want an error (%s)", got.Decision, tc.reason)
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
