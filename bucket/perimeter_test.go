package bucket_test

import (
	"path/filepath"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

const memberReader = "arn:aws:iam::111111111111:role/SecurityTeam" // in the management account, a member

// perimeterSetup: an organization trail, an extra delivering account
// outside the organization (acct3), the bucket and key in the log archive
// account (acct2), a reader there (reader2, the vendor's place), one in the
// management account and one in acct3.
func perimeterSetup() setup {
	return setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org(),
		LogArchiveAccount: acct2, Accounts: []string{acct3}, Readers: []string{reader2, memberReader, reader3}},
		Config: bucket.Config{Options: bucket.Options{DenyOutsideOrganization: true}}}
}

func TestPerimeterGolden(t *testing.T) {
	doc := mustBuild(t, perimeterSetup())
	golden.Check(t, doc, filepath.Join("testdata", "deny-outside-organization.golden.json"))
}

// TestPerimeterIsSRAForm compares the statement with the Security
// Reference Architecture's DenyExternalPrincipals as published
// (sra-cloudtrail-org-bucket.yaml at 05cf2854a4c32a60a88eb0b4f73b1eb3f0f76bf4,
// its CloudFormation substitutions filled in for this bucket and
// organization), semantically.
func TestPerimeterIsSRAForm(t *testing.T) {
	sra, err := policy.Decode(policy.KindBucketPolicy, []byte(`{"Version":"2012-10-17","Statement":[{
		"Sid": "DenyExternalPrincipals",
		"Effect": "Deny",
		"Action": ["s3:GetObject*", "s3:ListBucket", "s3:PutObject"],
		"Principal": "*",
		"Resource": ["arn:aws:s3:::`+testBucket+`", "arn:aws:s3:::`+testBucket+`/*"],
		"Condition": {
			"StringNotEquals": {"aws:PrincipalOrgID": "`+orgID+`"},
			"Bool": {"aws:PrincipalIsAWSService": "false"}
		}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	doc := mustBuild(t, perimeterSetup())
	got := policy.New(policy.KindBucketPolicy, statement(t, doc, bucket.SidDenyOutsideOrganization))
	golden.Compare(t, sra, got)
}

// TestPerimeter asks the evaluator who may still deliver and read with the
// deny: CloudTrail delivers (a service principal), the role in the log
// archive account (where the vendor's role lives) and a reader of a member
// account read, and a principal outside the organization is denied even
// where the bucket policy grants it.
func TestPerimeter(t *testing.T) {
	doc := mustBuild(t, perimeterSetup())
	identity := readPolicy(t, policy.PartitionAWS, testBucket, "")
	bucketARN := "arn:aws:s3:::" + testBucket
	logObj := bucketARN + "/AWSLogs/" + orgID + "/" + acct3 + "/CloudTrail/us-east-1/2026/12/02/f.json.gz"
	role := func(arn string) eval.Principal {
		a, _ := policy.ParseRoleARN("", arn)
		return eval.Principal{ARN: "arn:aws:sts::" + a.AccountID + ":assumed-role/" + a.Resource[len("role/"):] + "/s"}
	}
	iam := func(orgOf string) map[string][]string {
		ctx := map[string][]string{"aws:SecureTransport": {"true"}, "aws:PrincipalIsAWSService": {"false"}, "s3:prefix": {"AWSLogs/"}}
		if orgOf != "" {
			ctx["aws:PrincipalOrgID"] = []string{orgOf}
		}
		return ctx
	}
	tests := []struct {
		name, reason     string
		principal        eval.Principal
		action, resource string
		ctx              map[string][]string
		want             eval.Decision
	}{
		{"vendor-place-reads", "a role of the log archive account, a member, reads by its identity policy", role(reader2), "s3:GetObject", logObj, iam(orgID), eval.Allow},
		{"vendor-place-lists", "and lists", role(reader2), "s3:ListBucket", bucketARN, iam(orgID), eval.Allow},
		{"member-reader-reads", "a reader of a member account, granted by the bucket policy", role(memberReader), "s3:GetObject", logObj, iam(orgID), eval.Allow},
		{"outside-reader", "a reader the bucket policy grants, in an account of another organization", role(reader3), "s3:GetObject", logObj, iam("o-otherorg999"), eval.ExplicitDeny},
		{"outside-reader-lists", "nor lists", role(reader3), "s3:ListBucket", bucketARN, iam("o-otherorg999"), eval.ExplicitDeny},
		{"no-organization", "an account in no organization sends no aws:PrincipalOrgID", role(reader3), "s3:GetObject", logObj, iam(""), eval.ExplicitDeny},
		{"outside-writes", "an outsider cannot write either", role(reader3), "s3:PutObject", logObj, iam(""), eval.ExplicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := eval.Request{Principal: tc.principal, Action: tc.action, Resource: tc.resource, ResourceAccount: acct2, Context: tc.ctx}
			res, err := eval.Evaluate(req, eval.Policies{Resource: doc, Identity: []*policy.Document{identity}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Decision != tc.want {
				t.Errorf("%s %s: %s, want %s (%s): %s", tc.action, tc.resource, res.Decision, tc.want, tc.reason, res.Reason)
			}
		})
	}
	// Without the option the outside reader's grant stands: the deny is
	// what refuses it.
	cfg := perimeterSetup()
	cfg.DenyOutsideOrganization = false
	req := eval.Request{Principal: role(reader3), Action: "s3:GetObject", Resource: logObj, ResourceAccount: acct2, Context: iam("o-otherorg999")}
	if res, _ := eval.Evaluate(req, eval.Policies{Resource: mustBuild(t, cfg), Identity: []*policy.Document{identity}}); res.Decision != eval.Allow {
		t.Errorf("without the option the granted outside reader: %s, want Allow", res.Decision)
	}
	// CloudTrail, a service principal, still delivers: the organization
	// trail and the outside account's own trail.
	service := func(r request) request { r.context["aws:PrincipalIsAWSService"] = "true"; return r }
	orgTrail := "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/org"
	ownTrail := "arn:aws:cloudtrail:us-east-1:" + acct3 + ":trail/own"
	for name, req := range map[string]request{
		"organization-trail": service(putLog(logObj, orgTrail, "aws:kms", keyARN)),
		"account-trail":      service(putLog(bucketARN+"/AWSLogs/"+acct3+"/CloudTrail/x.json.gz", ownTrail, "aws:kms", keyARN)),
		"acl-check": service(request{action: "s3:GetBucketAcl", arn: bucketARN, context: map[string]string{
			"aws:SourceArn": orgTrail, "aws:SourceAccount": mgmt, "aws:SecureTransport": "true"}}),
	} {
		if got := decide(t, doc, req); got != allowed {
			t.Errorf("CloudTrail %s: %v, want Allow", name, got)
		}
	}
}

func TestPerimeterBadInput(t *testing.T) {
	cfg := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt}},
		Config: bucket.Config{Options: bucket.Options{DenyOutsideOrganization: true}}}
	doc, err := build(cfg)
	golden.CheckProblems(t, doc, err, []golden.Problem{{Field: "bucketPolicy.denyOutsideOrganization", Value: "true", Err: policy.ErrConflict}})
	cfg.Organization = &cloudtrail.Organization{ID: "o-BAD", ManagementAccount: mgmt}
	doc, err = build(cfg)
	golden.CheckProblems(t, doc, err, []golden.Problem{{Field: "organization.id", Value: "o-BAD", Err: policy.ErrOrgID}})
}
