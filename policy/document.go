package policy

import (
	"fmt"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// Version is the only policy language version the library emits.
const Version = iampolicy.Version2012_10_17

// Kind says where a policy document is attached. The kind decides which
// rules [Document.Validate] applies: whether a Principal is required, which
// characters a Sid may hold, and which size limit counts.
type Kind int

const (
	// KindBucketPolicy is an Amazon S3 bucket policy (a resource policy).
	KindBucketPolicy Kind = iota + 1
	// KindKeyPolicy is an AWS KMS key policy (a resource policy).
	KindKeyPolicy
	// KindTrustPolicy is the trust policy of an IAM role.
	KindTrustPolicy
	// KindIdentityPolicy is an IAM identity-based policy attached to a role,
	// user or group.
	KindIdentityPolicy
	// KindSCP is an AWS Organizations service control policy.
	KindSCP
	// KindRCP is an AWS Organizations resource control policy: a resource
	// policy attached to the organization, an OU or an account that caps
	// what any principal may do to the resources there. A customer RCP
	// denies only, to Principal "*", and never names Action "*" (see
	// [Document.Validate]).
	KindRCP
	// KindTopicPolicy is an Amazon SNS topic policy (a resource policy).
	KindTopicPolicy
)

var kindNames = map[Kind]string{
	KindBucketPolicy:   "bucket policy",
	KindKeyPolicy:      "key policy",
	KindTrustPolicy:    "trust policy",
	KindIdentityPolicy: "identity policy",
	KindSCP:            "service control policy",
	KindRCP:            "resource control policy",
	KindTopicPolicy:    "topic policy",
}

// String returns the kind's name in words, such as "bucket policy".
func (k Kind) String() string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// withArticle returns the kind's name after "a" or "an", for messages.
func (k Kind) withArticle() string {
	if s := k.String(); strings.IndexByte("aeiou", s[0]) >= 0 {
		return "an " + s
	}
	return "a " + k.String()
}

// Kinds lists every kind of document the library knows, in a fixed order.
func Kinds() []Kind {
	return []Kind{KindBucketPolicy, KindKeyPolicy, KindTrustPolicy, KindIdentityPolicy, KindSCP, KindRCP, KindTopicPolicy}
}

// requiresPrincipal reports whether statements of this kind must name a
// Principal: resource and trust policies, RCPs and topic policies do,
// identity policies and SCPs must not.
func (k Kind) requiresPrincipal() bool {
	return k == KindBucketPolicy || k == KindKeyPolicy || k == KindTrustPolicy || k == KindRCP || k == KindTopicPolicy
}

// Document is one IAM policy document together with the kind of place it is
// attached to. Statements hold the aws-iam-policy types, so callers can read
// and build them with that library; [Document.JSON] renders them in AWS's
// conventional key order.
type Document struct {
	// Kind says where the document is attached; it decides the validation rules.
	Kind Kind
	// Version is the policy language version; empty renders as [Version].
	Version string
	// ID is the optional policy Id element.
	ID string
	// Statements are rendered in this order.
	Statements []iampolicy.Statement

	// decoded is set by Decode (and kept by Merge): the statements were
	// read from outside, so Validate checks them against the schema itself.
	decoded bool
}

// New returns an empty document of kind k with the current policy version.
func New(k Kind, statements ...iampolicy.Statement) *Document {
	return &Document{Kind: k, Version: Version, Statements: statements}
}
