package bucket_test

import (
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// The behaviour tests ask the policy what it does, with the repository's
// evaluator (package policy/eval, AWS's published evaluation logic), rather
// than only comparing JSON.

// request is one S3 request by the CloudTrail service principal.
type request struct {
	action  string            // e.g. s3:PutObject
	arn     string            // bucket or object ARN
	context map[string]string // condition keys present in the request
}

// decision is the outcome of evaluating a bucket policy alone.
type decision = eval.Decision

const (
	allowed      = eval.Allow
	denied       = eval.ExplicitDeny
	implicitDeny = eval.ImplicitDeny
)

// decide evaluates req, made by cloudtrail.amazonaws.com, under doc.
func decide(t *testing.T, doc *policy.Document, req request) decision {
	t.Helper()
	ctx := map[string][]string{}
	for k, v := range req.context {
		ctx[k] = []string{v}
	}
	res, err := eval.Evaluate(eval.Request{
		Principal: eval.Principal{Type: eval.ServicePrincipal, Service: "cloudtrail.amazonaws.com"},
		Action:    req.action,
		Resource:  req.arn,
		Context:   ctx,
	}, eval.Policies{Resource: doc})
	if err != nil {
		t.Fatalf("evaluate %s %s: %v", req.action, req.arn, err)
	}
	return res.Decision
}

// putLog is CloudTrail putting one object for trail trailARN ("" for none)
// with the given encryption headers ("" leaves a header out).
func putLog(arn, trailARN, sse, keyID string) request {
	ctx := map[string]string{
		"s3:x-amz-acl":        "bucket-owner-full-control",
		"aws:SecureTransport": "true",
	}
	if trailARN != "" {
		ctx["aws:SourceArn"] = trailARN
		ctx["aws:SourceAccount"] = strings.Split(trailARN, ":")[4]
	}
	if sse != "" {
		ctx["s3:x-amz-server-side-encryption"] = sse
	}
	if keyID != "" {
		ctx["s3:x-amz-server-side-encryption-aws-kms-key-id"] = keyID
	}
	return request{action: "s3:PutObject", arn: arn, context: ctx}
}

// TestSourceOrganization asks the policy built with
// AllowAnySourceInOrganization who may deliver. CloudTrail sends
// aws:SourceOrgID, the organization of the account that owns the trail,
// beside aws:SourceArn and aws:SourceAccount; for an account outside every
// organization it sends none (IAM User Guide, "AWS global condition context
// keys", aws:SourceOrgID).
func TestSourceOrganization(t *testing.T) {
	const (
		member    = "666666666666" // a member of the organization that delivers no trail of its own
		otherOrg  = "o-otherorg999"
		foreigner = "777777777777" // an account of another organization
		loner     = "888888888888" // an account in no organization
	)
	doc := mustBuild(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org(), Accounts: []string{acct2}},
		Config: bucket.Config{Options: bucket.Options{AllowAnySourceInOrganization: true}}})
	trail := func(account string) string { return "arn:aws:cloudtrail:us-east-1:" + account + ":trail/main" }
	logUnder := func(path string) string {
		return "arn:aws:s3:::" + testBucket + "/AWSLogs/" + path + "/CloudTrail/us-east-1/2026/12/01/f.json.gz"
	}
	tests := []struct {
		name    string
		reason  string
		account string // owner of the delivering trail
		org     string // its aws:SourceOrgID; "" for none
		object  string
		want    decision
	}{
		{"member-own-path", "a trail of an account of the organization delivers under its own path", acct2, orgID, logUnder(acct2), allowed},
		{"organization-trail", "the organization trail, the management account's, delivers under AWSLogs/<o-id>/", mgmt, orgID, logUnder(orgID + "/" + acct2), allowed},
		{"other-organization", "a trail of an account of another organization is refused", foreigner, otherOrg, logUnder(acct2), implicitDeny},
		{"no-organization", "a trail of an account in no organization carries no aws:SourceOrgID and is refused", loner, "", logUnder(acct2), implicitDeny},
		{"other-organization-own-path", "nor may it write under a path named after itself", foreigner, otherOrg, logUnder(foreigner), implicitDeny},
		// The weakening the option is named for: any member's trail passes.
		{"member-other-path", "a member's trail may write under another delivering account's path", member, orgID, logUnder(acct2), allowed},
		{"member-organization-path", "and under the organization trail's path", member, orgID, logUnder(orgID + "/" + acct2), allowed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			put := putLog(tc.object, trail(tc.account), "aws:kms", keyARN)
			acl := request{action: "s3:GetBucketAcl", arn: "arn:aws:s3:::" + testBucket, context: map[string]string{
				"aws:SourceArn": trail(tc.account), "aws:SourceAccount": tc.account, "aws:SecureTransport": "true"}}
			if tc.org != "" {
				put.context["aws:SourceOrgID"] = tc.org
				acl.context["aws:SourceOrgID"] = tc.org
			}
			if got := decide(t, doc, put); got != tc.want {
				t.Errorf("PutObject %s by %s: %s, want %s (%s)", tc.object, trail(tc.account), got, tc.want, tc.reason)
			}
			if got := decide(t, doc, acl); got != tc.want {
				t.Errorf("GetBucketAcl by %s: %s, want %s (%s)", trail(tc.account), got, tc.want, tc.reason)
			}
		})
	}
}

// TestCloudTrailListBucket asks the policy built with
// AllowCloudTrailToListBucket whether CloudTrail may list the bucket: for a
// delivering trail yes, for another account's trail never, and without the
// option never; the ACL check itself is unchanged.
func TestCloudTrailListBucket(t *testing.T) {
	site := cloudtrail.SiteConfig{Bucket: testBucket, Organization: org(), Accounts: []string{acct2}}
	with := mustBuild(t, setup{SiteConfig: site, Config: bucket.Config{Options: bucket.Options{AllowCloudTrailToListBucket: true}}})
	without := mustBuild(t, setup{SiteConfig: site})
	call := func(action, account string) request {
		return request{action: action, arn: "arn:aws:s3:::" + testBucket, context: map[string]string{
			"aws:SourceArn":       "arn:aws:cloudtrail:us-east-1:" + account + ":trail/main",
			"aws:SourceAccount":   account,
			"aws:SecureTransport": "true",
		}}
	}
	tests := []struct {
		name    string
		reason  string
		req     request
		with    decision
		without decision
	}{
		{"delivering-account-lists", "a delivering account's trail has CloudTrail list the bucket", call("s3:ListBucket", acct2), allowed, implicitDeny},
		{"organization-trail-lists", "so does the organization trail, the management account's", call("s3:ListBucket", mgmt), allowed, implicitDeny},
		{"other-account-never", "a trail of another account never does", call("s3:ListBucket", acct3), implicitDeny, implicitDeny},
		{"acl-check-unchanged", "the ACL check is allowed with and without the option", call("s3:GetBucketAcl", acct2), allowed, allowed},
		{"no-list-versions", "only s3:ListBucket is added, not the listing of versions", call("s3:ListBucketVersions", acct2), implicitDeny, implicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := decide(t, with, tc.req); got != tc.with {
				t.Errorf("with the option: %s, want %s (%s)", got, tc.with, tc.reason)
			}
			if got := decide(t, without, tc.req); got != tc.without {
				t.Errorf("without it: %s, want %s (%s)", got, tc.without, tc.reason)
			}
		})
	}
}
