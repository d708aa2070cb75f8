package cloudtrail_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The helpers below are copies of policy's test helpers (inputs_test.go,
// arn_test.go, validate_test.go), for the validators that moved here.

// checkFieldError fails t unless err is a *policy.FieldError for field and
// value that wraps sentinel, whose message starts with the field path and
// the quoted value, and whose reason contains reasonHas.
func checkFieldError(t *testing.T, err error, field, value string, sentinel error, reasonHas string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a %v error for %s = %q", sentinel, field, value)
	}
	var fe *policy.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *policy.FieldError", err, err)
	}
	if fe.Field != field || fe.Value != value {
		t.Errorf("FieldError names %s = %q, want %s = %q", fe.Field, fe.Value, field, value)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("error %q does not wrap %q", err, sentinel)
	}
	if want := golden.Head(field, value) + " "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q does not start with %q", err, want)
	}
	if !strings.Contains(fe.Reason, reasonHas) {
		t.Errorf("reason %q does not say %q", fe.Reason, reasonHas)
	}
	if msg := err.Error(); strings.HasSuffix(msg, ".") || msg != strings.TrimSpace(msg) {
		t.Errorf("error %q ends in a period or white space", msg)
	}
}

// validatorCase is one value for a validator. A nil wantErr means the value
// is valid.
type validatorCase struct {
	name      string
	value     string
	wantErr   error
	reasonHas string // part of the reason a bad value must give
	reason    string // why the case exists
}

func runValidatorCases(t *testing.T, field string, check func(field, value string) error, cases []validatorCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			err := check(field, tc.value)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("%q: got error %v, want none (%s)", tc.value, err, tc.reason)
				}
				return
			}
			if err == nil {
				t.Fatalf("%q: got no error, want %v (%s)", tc.value, tc.wantErr, tc.reason)
			}
			checkFieldError(t, err, field, tc.value, tc.wantErr, tc.reasonHas)
		})
	}
}

// arnCase is one input for an ARN parser: want is the parsed ARN of a good
// input; wantErr the sentinel of a bad one.
type arnCase struct {
	name      string
	in        string
	want      policy.ARN
	wantErr   error
	reasonHas string
	reason    string
}

func runARNCases(t *testing.T, parse func(field, s string) (policy.ARN, error), cases []arnCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			got, err := parse("trails[1]", tc.in)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("%q: got error %v, want none (%s)", tc.in, err, tc.reason)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%q parsed wrong (-want +got):\n%s", tc.in, diff)
				}
				if got.String() != tc.in {
					t.Errorf("String() = %q, want the input %q back", got.String(), tc.in)
				}
				return
			}
			if got != (policy.ARN{}) {
				t.Errorf("got %+v with an error, want the zero ARN", got)
			}
			checkFieldError(t, err, "trails[1]", tc.in, tc.wantErr, tc.reasonHas)
		})
	}
}

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
