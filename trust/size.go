package trust

import "github.com/trailpolicy/trailpolicy/policy"

// listSizeError returns err, a document's validation error, with its
// *policy.SizeError (if any) blaming the list input field: it holds count
// items (noun), of which fit fit, and hint says what to do instead. With
// fit < 0 (see [policy.MostThatFit]) the document is too large even without
// the list, and err is returned as it is.
func listSizeError(err error, field, noun string, count, fit int, hint string) error {
	if fit < 0 {
		return err
	}
	return policy.ReplaceSizeErrors(err, func(se *policy.SizeError) *policy.SizeError {
		return se.Blame(field, noun, count, fit, hint)
	})
}
