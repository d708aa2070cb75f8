package golden

import (
	"errors"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
)

// TestCheckFieldError proves the checker passes the error it describes and
// fails each way an error can fall short.
func TestCheckFieldError(t *testing.T) {
	good := policy.NewFieldError(policy.ErrAccountID, "accounts[1]", "123", "is not a 12-digit AWS account ID")
	for _, tc := range []struct {
		name       string
		err        error
		wantFailed bool
		reason     string
	}{
		{name: "the error described", err: good, reason: "field, value, sentinel and reason agree"},
		{name: "wrapped", err: fmt.Errorf("site: %w", good), wantFailed: true, reason: "the message no longer starts with the field"},
		{name: "no error", err: nil, wantFailed: true, reason: "a bad value must be refused"},
		{name: "not a FieldError", err: errors.New("accounts[1]: bad"), wantFailed: true, reason: "the field must be machine-readable"},
		{name: "another field", err: policy.NewFieldError(policy.ErrAccountID, "accounts[2]", "123", "is not a 12-digit AWS account ID"), wantFailed: true, reason: "the path must be the one the user wrote"},
		{name: "another sentinel", err: policy.NewFieldError(policy.ErrRegion, "accounts[1]", "123", "is not a 12-digit AWS account ID"), wantFailed: true, reason: "errors.Is must find the category"},
		{name: "another reason", err: policy.NewFieldError(policy.ErrAccountID, "accounts[1]", "123", "is wrong"), wantFailed: true, reason: "the reason must say what is allowed"},
		{name: "trailing period", err: policy.NewFieldError(policy.ErrAccountID, "accounts[1]", "123", "is not a 12-digit AWS account ID."), wantFailed: true, reason: "one line, no period"},
	} {
		r := run(t, func(tb testing.TB) {
			CheckFieldError(tb, tc.err, "accounts[1]", "123", policy.ErrAccountID, "12-digit")
		})
		if failed := len(r.errors)+len(r.fatals) > 0; failed != tc.wantFailed {
			t.Errorf("%s: failed = %v (%v %v), want %v (%s)", tc.name, failed, r.errors, r.fatals, tc.wantFailed, tc.reason)
		}
	}
}

// TestRunValidatorCases runs the helper on a validator with one good and
// one bad value: both cases pass, as subtests of their names.
func TestRunValidatorCases(t *testing.T) {
	check := func(field, value string) error {
		if value == "ok" {
			return nil
		}
		return policy.NewFieldError(policy.ErrRequired, field, value, "is not ok: write ok")
	}
	RunValidatorCases(t, "name", check, []ValidatorCase{
		{Name: "good", Value: "ok", Reason: "the one value allowed"},
		{Name: "bad", Value: "no", WantErr: policy.ErrRequired, ReasonHas: "write ok", Reason: "anything else"},
	})
}

// TestRunARNCases runs the helper on policy.ParseARN with a good and a bad
// input.
func TestRunARNCases(t *testing.T) {
	RunARNCases(t, "kmsKeyArn", policy.ParseARN, []ARNCase{
		{Name: "key", In: "arn:aws:kms:us-east-1:111122223333:key/k", Want: policy.ARN{Partition: "aws", Service: "kms", Region: "us-east-1", AccountID: "111122223333", Resource: "key/k"}, Reason: "six fields"},
		{Name: "not an ARN", In: "k", WantErr: policy.ErrARN, ReasonHas: "", Reason: "no fields"},
	})
}
