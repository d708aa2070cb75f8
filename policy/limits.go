package policy

import (
	"fmt"
	"unicode/utf8"
)

// Limits holds the maximum size of each kind of document. They are data, not
// constants, so a caller can follow a quota change or a raised quota before
// the library does. Sizes are measured by [Size] on the compact form.
// Sources and dates are in the repository's shared data (limits.json).
type Limits struct {
	// BucketPolicy in bytes: "Bucket policies are limited to 20 KB in size"
	// (Amazon S3 User Guide). Default 20,480.
	BucketPolicy int
	// KeyPolicy in bytes: "32 KB (32,768 bytes)", not adjustable
	// (AWS KMS Developer Guide, "Quotas: resource quotas"). Default 32,768.
	KeyPolicy int
	// TrustPolicy in characters: "Role trust policy length: 2048 characters",
	// adjustable up to 4,096 (IAM User Guide, "IAM and AWS STS quotas").
	// Default 2,048.
	TrustPolicy int
	// IdentityPolicy in characters: a managed policy "can't exceed 6,144
	// characters" (IAM User Guide, "IAM and AWS STS quotas"). Default 6,144.
	IdentityPolicy int
	// SCP in characters: 10,240 since 2026-05-15, 5,120 before
	// (AWS Organizations quotas; see [SCPLimitBefore20260515]). Default 10,240.
	SCP int
}

// Size limits as published; see [Limits] for the sources.
const (
	BucketPolicyLimit      = 20 * 1024
	KeyPolicyLimit         = 32 * 1024
	TrustPolicyLimit       = 2048
	TrustPolicyLimitRaised = 4096 // the most the quota can be raised to
	IdentityPolicyLimit    = 6144
	SCPLimit               = 10240
	// SCPLimitBefore20260515 is the SCP size quota before AWS doubled it on
	// 2026-05-15; conservative organisations may keep to it.
	SCPLimitBefore20260515 = 5120
)

// DefaultLimits returns today's AWS limits.
func DefaultLimits() Limits {
	return Limits{
		BucketPolicy:   BucketPolicyLimit,
		KeyPolicy:      KeyPolicyLimit,
		TrustPolicy:    TrustPolicyLimit,
		IdentityPolicy: IdentityPolicyLimit,
		SCP:            SCPLimit,
	}
}

// For returns the limit for kind k and its unit, "bytes" or "characters".
// A zero field in l falls back to the default for that kind.
func (l Limits) For(k Kind) (max int, unit string) {
	d := DefaultLimits()
	pick := func(v, def int) int {
		if v > 0 {
			return v
		}
		return def
	}
	switch k {
	case KindBucketPolicy:
		return pick(l.BucketPolicy, d.BucketPolicy), "bytes"
	case KindKeyPolicy:
		return pick(l.KeyPolicy, d.KeyPolicy), "bytes"
	case KindTrustPolicy:
		return pick(l.TrustPolicy, d.TrustPolicy), "characters"
	case KindIdentityPolicy:
		return pick(l.IdentityPolicy, d.IdentityPolicy), "characters"
	case KindSCP:
		return pick(l.SCP, d.SCP), "characters"
	}
	return 0, ""
}

// Size measures a compact rendering (see [Document.CompactJSON]) the way the
// limit for kind k counts: bytes for S3 bucket and KMS key policies,
// characters (Unicode code points) for IAM policies and SCPs. Measuring the
// compact form matches the console (which drops white space between JSON
// elements) and IAM (which does not count white space); a caller that saves
// a document with an SDK exactly as rendered by [Document.JSON] should
// measure that rendering instead.
func Size(k Kind, compact []byte) int {
	_, unit := DefaultLimits().For(k)
	if unit == "characters" {
		return utf8.RuneCount(compact)
	}
	return len(compact)
}

// Check returns a *[SizeError] when the compact rendering of a document of
// kind k exceeds its limit.
func (l Limits) Check(k Kind, compact []byte) error {
	max, unit := l.For(k)
	if size := Size(k, compact); size > max {
		return &SizeError{Kind: k, Size: size, Limit: max, Unit: unit}
	}
	return nil
}

// SizeError reports a document larger than its limit. It wraps [ErrSize].
type SizeError struct {
	Kind  Kind
	Size  int    // measured on the compact form
	Limit int    // the limit in force
	Unit  string // "bytes" or "characters"
}

// Error says how large the document is and by how much it is over.
func (e *SizeError) Error() string {
	return fmt.Sprintf("document: %s is %d %s in compact form, %d over the limit of %d", e.Kind, e.Size, e.Unit, e.Over(), e.Limit)
}

// Over reports by how much the document exceeds its limit.
func (e *SizeError) Over() int { return e.Size - e.Limit }

// Unwrap returns [ErrSize].
func (e *SizeError) Unwrap() error { return ErrSize }
