package cloudtrail_test

import (
	"errors"
	"slices"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// sentinels are every sentinel a problem of New may wrap: policy's and
// cloudtrail's own.
var sentinels = []error{
	policy.ErrRequired, policy.ErrAccountID, policy.ErrOrgID, policy.ErrPartition, policy.ErrRegion,
	policy.ErrBucketName, cloudtrail.ErrPrefix, cloudtrail.ErrTrailName, policy.ErrARN, policy.ErrExternalID,
	policy.ErrRoleName, policy.ErrConflict, policy.ErrSize, policy.ErrSchema, policy.ErrSid,
	policy.ErrPrincipal, policy.ErrCharacter, policy.ErrUnsupported, cloudtrail.ErrIncompleteSite,
}

// problems describes each error in err as "field: sentinel", so a test can
// compare the whole list, duplicates included.
func problems(err error) []string {
	var out []string
	for _, e := range policy.Unjoin(err) {
		field := "(not a FieldError)"
		var fe *policy.FieldError
		var se *policy.SizeError
		switch {
		case errors.As(e, &fe):
			field = fe.Field
		case errors.As(e, &se):
			field = "(size)"
		}
		sentinel := "(no sentinel)"
		for _, s := range sentinels {
			if errors.Is(e, s) {
				sentinel = s.Error()
				break
			}
		}
		out = append(out, field+": "+sentinel)
	}
	slices.Sort(out)
	return out
}

func p(field string, sentinel error) string { return field + ": " + sentinel.Error() }
