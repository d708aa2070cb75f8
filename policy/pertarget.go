package policy

import (
	"fmt"
	"strings"
)

// PerTarget is how many policies of one organization policy kind AWS
// Organizations attaches directly to one target (the root, an OU or an
// account), for a kind whose statements [Pack] may split over several
// documents: documents that cannot all be attached to the same target do
// not protect it, so a builder refuses them with [PerTarget.Check] as it
// refuses a document over its size limit. See [SCPsPerTarget] and
// [RCPsPerTarget] for the quotas and their sources.
type PerTarget struct {
	// Kind is the kind of the documents.
	Kind Kind
	// Max is how many policies of Kind one target holds.
	Max int
	// Managed names the AWS managed policy that keeps one of those places
	// ("FullAWSAccess"), and ManagedCount how many places it takes.
	Managed      string
	ManagedCount int
}

// Room returns how many documents of ours fit on one target beside the
// managed policy. Other policies of the kind attached to the same target
// (the caller's own, or those of AWS Control Tower) take room too; a
// builder cannot know them.
func (q PerTarget) Room() int { return q.Max - q.ManagedCount }

// MostThatFit returns how many of a list's first items the documents can
// hold and still fit in [PerTarget.Room] ([MostThatFit] over the list):
// docsWith(k) packs the documents of the first k items and returns how many
// it made, or the packing's error (which does not fit). It is the fit that
// [PerTarget.Check] reports.
func (q PerTarget) MostThatFit(count int, docsWith func(k int) (int, error)) int {
	return MostThatFit(count, func(k int) bool {
		n, err := docsWith(k)
		return err == nil && n <= q.Room()
	})
}

// Check returns nil when docs documents fit in [PerTarget.Room], else a
// *[FieldError] wrapping [ErrTooManyPolicies] on field, the list input the
// documents grow with as the caller wrote it, whose value says how many
// items it holds (count items called noun). When fit is 0 or more it is how
// many of those items fit (see [MostThatFit]); hint says what to do
// instead. The message reads:
//
//	breakGlassRoles: "70 break-glass roles" make 5 resource control policies, 1 more than the 4 one root, OU or account holds beside RCPFullAWSAccess (5 per target, RCPFullAWSAccess among them): 64 of them fit; <hint>
func (q PerTarget) Check(docs int, field, noun string, count, fit int, hint string) error {
	room := q.Room()
	if docs <= room {
		return nil
	}
	reason := fmt.Sprintf("make %d %s, %d more than the %d one root, OU or account holds beside %s (%d per target, %s among them)",
		docs, q.Kind.plural(), docs-room, room, q.Managed, q.Max, q.Managed)
	if fit >= 0 {
		reason += fmt.Sprintf(": %d of them fit", fit)
	}
	if hint != "" {
		reason += "; " + hint
	}
	return NewFieldError(ErrTooManyPolicies, field, fmt.Sprintf("%d %s", count, noun), reason)
}

// plural returns the kind's name for several documents
// ("service control policies").
func (k Kind) plural() string {
	if s, ok := strings.CutSuffix(k.String(), "policy"); ok {
		return s + "policies"
	}
	return k.String() + "s"
}
