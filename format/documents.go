package format

import (
	"fmt"

	"github.com/trailpolicy/trailpolicy/policy"
)

// Documents is every document of one logging setup, together with the names
// of what they attach to. A nil document is left out of the output, with the
// resource that would carry it; at least one must be set.
//
// The documents are rendered as they are: [Terraform] and [CloudFormation]
// check that each has the right [policy.Kind] and that the names they need
// are valid, but they do not validate the documents themselves (the
// builders in the bucket, kmskey, trust and scp packages do that, with the
// caller's limits).
type Documents struct {
	// Bucket is the name of the existing log bucket that BucketPolicy is
	// attached to. Required when BucketPolicy is set.
	Bucket string
	// BucketPolicy is the log bucket's policy (kind [policy.KindBucketPolicy]),
	// emitted as aws_s3_bucket_policy or AWS::S3::BucketPolicy.
	BucketPolicy *policy.Document
	// KeyPolicy is the policy of a new KMS key that encrypts the logs (kind
	// [policy.KindKeyPolicy]), emitted as aws_kms_key or AWS::KMS::Key.
	KeyPolicy *policy.Document
	// RoleName is the name of the vendor's read-only role. Required when
	// TrustPolicy is set.
	RoleName string
	// TrustPolicy is the vendor role's trust (assume-role) policy (kind
	// [policy.KindTrustPolicy]), emitted as aws_iam_role or AWS::IAM::Role.
	TrustPolicy *policy.Document
	// ReadPolicy is the vendor role's inline permissions policy (kind
	// [policy.KindIdentityPolicy]), emitted as aws_iam_role_policy or in the
	// role's Policies. It needs TrustPolicy: a role cannot exist without one.
	ReadPolicy *policy.Document
	// SCPs are the service control policies that protect the setup (kind
	// [policy.KindSCP]), emitted unattached as aws_organizations_policy or
	// AWS::Organizations::Policy; attach them to the organization root or
	// OUs yourself. Several are numbered from 1 in this order.
	SCPs []*policy.Document
}

// ReadPolicyName is the name of the vendor role's inline policy in both
// formats. Inline policy names are unique only within their role, so a fixed
// name cannot collide.
const ReadPolicyName = "cloudtrail-log-read"

// scpName returns the name of SCP i (0-based) of n: "protect-cloudtrail",
// or "protect-cloudtrail-1", "-2", ... when there are several, so that the
// names stay stable when the order of the documents does.
func scpName(i, n int) string {
	if n == 1 {
		return "protect-cloudtrail"
	}
	return fmt.Sprintf("protect-cloudtrail-%d", i+1)
}

// check reports every problem with d at once, with field paths from
// [Documents] ("SCPs[1]", "RoleName").
func (d Documents) check() error {
	var p policy.Problems
	if d.BucketPolicy == nil && d.KeyPolicy == nil && d.TrustPolicy == nil && d.ReadPolicy == nil && len(d.SCPs) == 0 {
		p.Addf(policy.ErrRequired, "Documents", "", "holds no document: set at least one of BucketPolicy, KeyPolicy, TrustPolicy, ReadPolicy or SCPs")
	}
	if d.BucketPolicy != nil {
		if d.Bucket == "" {
			p.Addf(policy.ErrRequired, "Bucket", "", "is empty: the bucket policy needs the name of the bucket it is attached to")
		} else {
			p.Add(policy.CheckBucketName("Bucket", d.Bucket))
		}
	}
	if d.TrustPolicy != nil {
		if d.RoleName == "" {
			p.Addf(policy.ErrRequired, "RoleName", "", "is empty: the trust policy needs the name of the role it belongs to")
		} else {
			p.Add(policy.CheckRoleName("RoleName", d.RoleName))
		}
	}
	if d.ReadPolicy != nil && d.TrustPolicy == nil {
		p.Addf(policy.ErrRequired, "TrustPolicy", "", "is missing: ReadPolicy is attached to the vendor role, and a role cannot be created without a trust policy")
	}
	checkKind(&p, "BucketPolicy", d.BucketPolicy, policy.KindBucketPolicy)
	checkKind(&p, "KeyPolicy", d.KeyPolicy, policy.KindKeyPolicy)
	checkKind(&p, "TrustPolicy", d.TrustPolicy, policy.KindTrustPolicy)
	checkKind(&p, "ReadPolicy", d.ReadPolicy, policy.KindIdentityPolicy)
	for i, s := range d.SCPs {
		f := fmt.Sprintf("SCPs[%d]", i)
		if s == nil {
			p.Addf(policy.ErrRequired, f, "", "is nil: every element of SCPs must be a service control policy")
			continue
		}
		checkKind(&p, f, s, policy.KindSCP)
	}
	return p.Err()
}

// checkKind records a problem when doc is set but is not of kind want: a
// key policy in the bucket policy's place would be attached to the wrong
// resource and be rejected by AWS, or worse, accepted.
func checkKind(p *policy.Problems, field string, doc *policy.Document, want policy.Kind) {
	if doc == nil || doc.Kind == want {
		return
	}
	p.Addf(policy.ErrUnsupported, field+".Kind", doc.Kind.String(), "is not allowed here: %s must be a %s", field, want)
}

// tree renders doc in the policy renderer's key order and reads it back as
// an ordered value, so that every format embeds exactly what
// [policy.Document.JSON] prints.
func tree(field string, doc *policy.Document) (value, error) {
	b, err := doc.CompactJSON()
	if err != nil {
		return value{}, fmt.Errorf("%s: %w", field, err)
	}
	v, err := parseJSON(b)
	if err != nil {
		return value{}, fmt.Errorf("%s: read rendered %s: %w", field, doc.Kind, err)
	}
	return v, nil
}
