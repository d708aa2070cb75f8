package scp_test

import (
	"slices"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// The published anti-deletion SCP (seed 002, "How to configure AWS
// CloudTrail?", lines 168-208), decoded as published. Each patch below
// corrects one of its mistakes, or records one deliberate difference, so that
// the comparison shows every change in the open. See
// testdata/documents/PROVENANCE.md.
const fixture = "testdata/documents/002-anti-deletion-scp.json"

// patch changes the decoded fixture in place.
type patch struct {
	name   string
	reason string
	apply  func(t *testing.T, d *policy.Document)
}

// onlyStatement returns the fixture's single statement for patching.
func onlyStatement(t *testing.T, d *policy.Document) *iampolicy.Statement {
	t.Helper()
	if len(d.Statements) < 1 {
		t.Fatal("fixture has no statement")
	}
	return &d.Statements[0]
}

func setActions(s *iampolicy.Statement, f func([]string) []string) {
	s.Action = policy.List(f(slices.Clone(s.Action.Values()))...)
}

func remove(action string) func([]string) []string {
	return func(as []string) []string {
		return slices.DeleteFunc(as, func(a string) bool { return a == action })
	}
}

var (
	// The placeholder YOUR-BUCKET is not a valid bucket name (upper case);
	// the post's prose names the bucket gov-my-cloudtrail (lines 104, 148).
	patchBucketName = patch{"bucket-name", "placeholder replaced by the bucket named in the prose", func(t *testing.T, d *policy.Document) {
		onlyStatement(t, d).Resource = policy.List("arn:aws:s3:::gov-my-cloudtrail")
	}}
	// Statement1 is the console's default Sid; ours says what it does.
	patchSid = patch{"sid", "descriptive Sid", func(t *testing.T, d *policy.Document) {
		onlyStatement(t, d).Sid = scp.SidLogBucket
	}}
	// THE correction: object-level actions match only object ARNs, so the
	// published Resource (the bucket alone) never denied s3:DeleteObject,
	// s3:DeleteObjectVersion, s3:PutObjectAcl and the other object actions.
	// (Service Authorization Reference, Amazon S3: resource types bucket
	// and object.)
	patchObjects = patch{"objects", "Resource names the objects too, so object-level actions are denied", func(t *testing.T, d *policy.Document) {
		s := onlyStatement(t, d)
		s.Resource = policy.List(append(s.Resource.Values(), "arn:aws:s3:::gov-my-cloudtrail/*")...)
	}}
	// s3:PutAccountPublicAccessBlock has no resource type: on a bucket
	// Resource it never matched. It moves to a statement with Resource "*".
	patchAccountLevel = patch{"account-level", "account-level action moved to its own statement with Resource \"*\"", func(t *testing.T, d *policy.Document) {
		setActions(onlyStatement(t, d), remove("s3:PutAccountPublicAccessBlock"))
		d.Statements = append(d.Statements, iampolicy.Statement{
			Sid:      scp.SidAccountPublicAccess,
			Effect:   iampolicy.EffectDeny,
			Action:   policy.List("s3:PutAccountPublicAccessBlock"),
			Resource: policy.List("*"),
		})
	}}
	// s3:DeleteJobTagging acts on S3 Batch Operations jobs (resource type
	// job): it never matched the bucket, and removing a job's tags does
	// nothing to the logs. Dropped rather than denied on every job.
	patchJobTagging = patch{"job-tagging", "s3:DeleteJobTagging dropped: it acts on Batch Operations jobs, not on logs", func(t *testing.T, d *policy.Document) {
		setActions(onlyStatement(t, d), remove("s3:DeleteJobTagging"))
	}}
	// s3:DeleteBucketOwnershipControls is not an IAM action: the API of that
	// name is authorized by s3:PutBucketOwnershipControls, already denied
	// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketOwnershipControls.html).
	patchNoSuchAction = patch{"no-such-action", "s3:DeleteBucketOwnershipControls dropped: not an action (TestPublishedDocumentActions)", func(t *testing.T, d *policy.Document) {
		setActions(onlyStatement(t, d), remove("s3:DeleteBucketOwnershipControls"))
	}}
	// Actions the document forgot that destroy, hide or unprotect logs (see
	// the constants' doc comments for each reason).
	patchForgotten = patch{"forgotten-actions", "actions added that also destroy, hide or unprotect logs", func(t *testing.T, d *policy.Document) {
		setActions(onlyStatement(t, d), func(as []string) []string {
			return append(as,
				"s3:PutObject",
				"s3:PutObjectRetention",
				"s3:BypassGovernanceRetention",
				"s3:PutObjectVersionTagging",
				"s3:DeleteObjectVersionTagging",
				"s3:UpdateObjectEncryption",
				"s3:PutIntelligentTieringConfiguration",
			)
		})
	}}
)

func TestPublishedSCP(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		cfg     scp.Config // of the site site("gov-my-cloudtrail")
		patches []patch
	}{{
		name:   "corrected",
		reason: "the default output is the published SCP with every correction, above all the object ARN",
		cfg:    scp.Config{},
		patches: []patch{
			patchBucketName, patchSid, patchObjects, patchAccountLevel,
			patchJobTagging, patchNoSuchAction, patchForgotten,
		},
	}, {
		name:   "as-published-resource",
		reason: "AllowObjectDeletion keeps the published bucket-only Resource: every patch but the object ARN",
		cfg:    scp.Config{AllowObjectDeletion: true},
		patches: []patch{
			patchBucketName, patchSid, patchAccountLevel,
			patchJobTagging, patchNoSuchAction, patchForgotten,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := golden.Fixture(t, policy.KindSCP, fixture)
			for _, p := range tt.patches {
				p.apply(t, want)
			}
			docs := mustBuild(t, site("gov-my-cloudtrail"), tt.cfg)
			if len(docs) != 1 {
				t.Fatalf("got %d documents, want 1", len(docs))
			}
			golden.Compare(t, want, docs[0])
		})
	}
}
