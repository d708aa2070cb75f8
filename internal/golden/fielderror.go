package golden

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/policy"
)

// CheckFieldError fails t unless err is a *policy.FieldError for field and
// value that wraps sentinel, whose message starts with the field path and
// the quoted value ([Head]), whose reason contains reasonHas, and which ends
// in neither a period nor white space.
func CheckFieldError(t testing.TB, err error, field, value string, sentinel error, reasonHas string) {
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
	if want := Head(field, value) + " "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q does not start with %q", err, want)
	}
	if !strings.Contains(fe.Reason, reasonHas) {
		t.Errorf("reason %q does not say %q", fe.Reason, reasonHas)
	}
	if msg := err.Error(); strings.HasSuffix(msg, ".") || msg != strings.TrimSpace(msg) {
		t.Errorf("error %q ends in a period or white space", msg)
	}
}

// ValidatorCase is one value for a validator of one field. A nil WantErr
// means the value is valid.
type ValidatorCase struct {
	Name      string
	Value     string
	WantErr   error  // the sentinel a bad value's error wraps
	ReasonHas string // part of the reason a bad value must give
	Reason    string // why the case exists
}

// RunValidatorCases runs check(field, value) on each case as a subtest: a
// good value must pass, a bad one must fail as [CheckFieldError] demands.
// Case names must be unique.
func RunValidatorCases(t *testing.T, field string, check func(field, value string) error, cases []ValidatorCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.Name] {
			t.Fatalf("duplicate case name %q", tc.Name)
		}
		seen[tc.Name] = true
		t.Run(tc.Name, func(t *testing.T) {
			err := check(field, tc.Value)
			if tc.WantErr == nil {
				if err != nil {
					t.Fatalf("%q: got error %v, want none (%s)", tc.Value, err, tc.Reason)
				}
				return
			}
			if err == nil {
				t.Fatalf("%q: got no error, want %v (%s)", tc.Value, tc.WantErr, tc.Reason)
			}
			CheckFieldError(t, err, field, tc.Value, tc.WantErr, tc.ReasonHas)
		})
	}
}

// ARNCase is one input for an ARN parser: Want is the parsed ARN of a good
// input, WantErr the sentinel of a bad one.
type ARNCase struct {
	Name      string
	In        string
	Want      policy.ARN
	WantErr   error
	ReasonHas string
	Reason    string
}

// RunARNCases runs parse(field, in) on each case as a subtest: a good input
// must parse to Want and print back as itself; a bad one must give the zero
// ARN and fail as [CheckFieldError] demands. Case names must be unique.
func RunARNCases(t *testing.T, field string, parse func(field, s string) (policy.ARN, error), cases []ARNCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.Name] {
			t.Fatalf("duplicate case name %q", tc.Name)
		}
		seen[tc.Name] = true
		t.Run(tc.Name, func(t *testing.T) {
			got, err := parse(field, tc.In)
			if tc.WantErr == nil {
				if err != nil {
					t.Fatalf("%q: got error %v, want none (%s)", tc.In, err, tc.Reason)
				}
				if diff := cmp.Diff(tc.Want, got); diff != "" {
					t.Errorf("%q parsed wrong (-want +got):\n%s", tc.In, diff)
				}
				if got.String() != tc.In {
					t.Errorf("String() = %q, want the input %q back", got.String(), tc.In)
				}
				return
			}
			if got != (policy.ARN{}) {
				t.Errorf("got %+v with an error, want the zero ARN", got)
			}
			CheckFieldError(t, err, field, tc.In, tc.WantErr, tc.ReasonHas)
		})
	}
}
