package policy

import (
	"errors"
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
	// RCP in characters: "Resource control policies: 5120 characters",
	// every character counted, white space too unless the console removed it
	// (AWS Organizations User Guide, "Quotas and service limits for AWS
	// Organizations",
	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html,
	// and "RCP syntax": "All characters in your RCP count against its maximum
	// size",
	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html;
	// both read 2026-12-02). The 2026-05-15 increase was announced for SCPs
	// only. Default 5,120.
	RCP int
	// TopicPolicy in bytes: an Amazon SNS policy's "Bytes" quota is "30 kb"
	// (Amazon SNS Developer Guide, "Amazon SNS API permissions: Actions and
	// resources reference", Policy quotas,
	// https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html,
	// read 2026-12-02), taken as 30 x 1,024. Default 30,720.
	TopicPolicy int
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
	RCPLimit               = 5120
	TopicPolicyLimit       = 30 * 1024
)

// DefaultLimits returns today's AWS limits.
func DefaultLimits() Limits {
	return Limits{
		BucketPolicy:   BucketPolicyLimit,
		KeyPolicy:      KeyPolicyLimit,
		TrustPolicy:    TrustPolicyLimit,
		IdentityPolicy: IdentityPolicyLimit,
		SCP:            SCPLimit,
		RCP:            RCPLimit,
		TopicPolicy:    TopicPolicyLimit,
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
	case KindRCP:
		return pick(l.RCP, d.RCP), "characters"
	case KindTopicPolicy:
		return pick(l.TopicPolicy, d.TopicPolicy), "bytes"
	}
	return 0, ""
}

// Size measures a compact rendering (see [Document.CompactJSON]) the way the
// limit for kind k counts: bytes for S3 bucket, KMS key and SNS topic
// policies, characters (Unicode code points) for IAM policies, SCPs and
// RCPs. Measuring the
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
	return l.checkMeasured(k, Size(k, compact))
}

// checkMeasured is [Limits.Check] for a rendering of the given size.
func (l Limits) checkMeasured(k Kind, size int) error {
	if max, unit := l.For(k); size > max {
		return &SizeError{Kind: k, Size: size, Limit: max, Unit: unit}
	}
	return nil
}

// SizeError reports a document larger than its limit. It wraps [ErrSize].
// It is the one shape every builder's size error takes: when a list input
// makes the document grow, Field names it as the caller wrote it
// ("accounts"), Count is how many items it holds and Fit how many of them
// fit (see [MostThatFit]); Hint says what to do instead.
type SizeError struct {
	Kind  Kind   // the kind of document, whose limit applies
	Size  int    // measured on the compact form
	Limit int    // the limit in force
	Unit  string // "bytes" or "characters"

	// Field is the path of the input the document grows with; empty when
	// the document is too large whatever its lists hold.
	Field string
	// Count is the number of items in Field.
	Count int
	// Noun names the items in the message ("accounts").
	Noun string
	// Fit is how many of the Count items fit within the limit.
	Fit int
	// Hint says what to do instead, such as "use an organization trail".
	Hint string
}

// Error says how large the document is, by how much it is over and, when
// a list makes it grow, how many of its items fit:
//
//	accounts: "120 accounts" make the bucket policy 25012 bytes in compact form, 4532 over the limit of 20480: 50 of them fit; <hint>
func (e *SizeError) Error() string {
	var msg string
	if e.Field == "" {
		msg = fmt.Sprintf("document: %s is %d %s in compact form, %d over the limit of %d", e.Kind, e.Size, e.Unit, e.Over(), e.Limit)
	} else {
		msg = fmt.Sprintf("%s: %q make the %s %d %s in compact form, %d over the limit of %d: %d of them fit",
			e.Field, fmt.Sprintf("%d %s", e.Count, e.Noun), e.Kind, e.Size, e.Unit, e.Over(), e.Limit, e.Fit)
	}
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Over reports by how much the document exceeds its limit.
func (e *SizeError) Over() int { return e.Size - e.Limit }

// Unwrap returns [ErrSize].
func (e *SizeError) Unwrap() error { return ErrSize }

// Blame returns a copy of e that names the list input the document grows
// with: field as the caller wrote it, count items called noun, of which fit
// fit (see [MostThatFit]), and hint, what to do instead.
func (e *SizeError) Blame(field, noun string, count, fit int, hint string) *SizeError {
	cp := *e
	cp.Field, cp.Noun, cp.Count, cp.Fit, cp.Hint = field, noun, count, fit, hint
	return &cp
}

// ReplaceSizeErrors returns err with every *SizeError in it (at any depth of
// errors.Join) replaced by replace's result; the other problems are kept, in
// order. Builders use it to turn a document's size error into one that says
// how many of a list's items fit ([SizeError.Blame]).
func ReplaceSizeErrors(err error, replace func(*SizeError) *SizeError) error {
	if err == nil {
		return nil
	}
	errs := Unjoin(err)
	for i, e := range errs {
		if se, ok := e.(*SizeError); ok {
			errs[i] = replace(se)
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// MostThatFit returns the largest k in [0, n] for which fits(k) holds, for
// a document that grows with every item of a list: fits(k) builds the
// document from the first k items and reports whether it is within its
// limit (so fits holds up to the answer and fails after it). It returns -1
// when even fits(0) fails: then the list is not what makes the document too
// large.
//
// The search gallops up from 1 (1, 2, 4, …) until fits fails, then bisects
// between the last two probes, so no probe is larger than twice the answer
// and fits is called O(log fit) times: the work grows with how many items
// fit, not with n. A list of 10,000 accounts of which 48 fit costs a dozen
// documents of at most 64 accounts, where bisecting [0, n] built documents
// of 5,000, 2,500, … accounts first.
func MostThatFit(n int, fits func(k int) bool) int {
	if !fits(0) {
		return -1
	}
	lo, hi := 0, n // fits(lo) holds and the answer lies in [lo, hi]
	for step := 1; lo < hi; step *= 2 {
		k := min(step, hi)
		if !fits(k) {
			hi = k - 1
			break
		}
		lo = k
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// Fits reports whether the compact rendering of d is within the limit l sets
// for its kind. A document that cannot be rendered does not fit.
func (l Limits) Fits(d *Document) bool {
	buf := getBuffer()
	defer putBuffer(buf)
	m, scratch := d.measureCompact((*buf)[:0], nil)
	*buf = scratch[:0]
	if !m.rendered {
		// What encoding/json renders the appending renderer does not:
		// measure its rendering (or fail with it).
		compact, err := d.appendCompact((*buf)[:0])
		*buf = compact[:0]
		return err == nil && l.Check(d.Kind, compact) == nil
	}
	return l.checkMeasured(d.Kind, m.size) == nil
}

// How many organization policies of one kind AWS Organizations attaches
// directly to one target (the root, an OU or an account), and how many of
// those the AWS managed policy of the kind takes; see [PerTarget]. Policies
// inherited from a parent do not count ("These numbers apply to only those
// policies that are directly attached to an OU or an account. Policies that
// affect an OU or account by inheritance do not count against these
// limits. All policy limits are hard limits").
//
// Sources, all read 2026-12-02:
//   - AWS Organizations User Guide, "Quotas and service limits for AWS
//     Organizations", section "Number of policies that you can attach to an
//     entity",
//     https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
//     (on a stored .md copy that already gives SCPs 10,240 characters):
//     service control policy, maximum attached to root, per OU and per
//     account "10 | 10 | 10"; resource control policy "5 | 5 | 5", with
//     "The RCPFullAWSAccess policy is automatically attached to the root,
//     every OU, and every account in your organization when you enable
//     RCPs. You cannot detach this policy and it counts towards the 5
//     policies quota".
//   - The repository's shared data, limits.json, item "SCP maximum size",
//     "attached_per_target": 10, previous 5, raised on 2026-05-15 together
//     with the size quota; its sources: sjramblings.io, "AWS Organizations
//     SCP quotas doubled: what now"
//     (https://sjramblings.io/aws-organizations-scp-quotas-doubled-what-now/:
//     "Five attached policies per node became ten"), cevo.com.au
//     (https://cevo.com.au/post/aws-scp-limits-landing-zone-review/), and
//     the earlier AWS quota pages with 5.
//   - FullAWSAccess: AWS Organizations User Guide, "SCP evaluation", "How
//     SCPs work with Allow",
//     https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html:
//     "there must be an explicit Allow statement at every level from the
//     root through each OU in the direct path to the account ... This is why
//     when you enable SCPs, AWS Organizations attaches an AWS managed SCP
//     policy named FullAWSAccess ... If this policy is removed and not
//     replaced at any level of the organization, all OUs and accounts under
//     that level would be blocked from taking any actions"; and the AWS
//     Organizations API Reference, DetachPolicy,
//     https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html:
//     "If you instead attach a second SCP and leave the FullAWSAccess SCP
//     still attached, and specify "Effect": "Deny" in the second SCP ...
//     you're using the authorization strategy of a "deny list"". Our SCPs
//     only deny, so FullAWSAccess (or an allow SCP that replaces it) keeps
//     one of the target's places. AWS does not say in so many words that it
//     counts towards the SCP quota, as it does for RCPFullAWSAccess; every
//     attached SCP does.
const (
	SCPsPerTarget = 10
	// SCPsPerTargetBefore20260515 is the quota before AWS doubled it on
	// 2026-05-15, with the size quota ([SCPLimitBefore20260515]).
	SCPsPerTargetBefore20260515 = 5
	// ManagedSCPsPerTarget is the one place FullAWSAccess, or the allow
	// SCP that replaces it, takes on every target of a deny-list SCP.
	ManagedSCPsPerTarget = 1
	RCPsPerTarget        = 5
	// ManagedRCPsPerTarget is the place RCPFullAWSAccess takes on every
	// target: it cannot be detached.
	ManagedRCPsPerTarget = 1
)
