package policy

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors wrapped by every [FieldError], so callers can test the
// category of a problem with [errors.Is].
var (
	ErrRequired    = errors.New("required value missing")
	ErrAccountID   = errors.New("invalid AWS account ID")
	ErrOrgID       = errors.New("invalid AWS Organizations ID")
	ErrPartition   = errors.New("invalid AWS partition")
	ErrRegion      = errors.New("invalid AWS region")
	ErrBucketName  = errors.New("invalid S3 bucket name")
	ErrARN         = errors.New("invalid ARN")
	ErrExternalID  = errors.New("invalid external ID")
	ErrRoleName    = errors.New("invalid IAM role name")
	ErrConflict    = errors.New("conflicting settings")
	ErrSize        = errors.New("policy too large")
	ErrSchema      = errors.New("policy does not match the schema")
	ErrSid         = errors.New("invalid statement ID")
	ErrPrincipal   = errors.New("invalid principal")
	ErrCharacter   = errors.New("character not allowed in a policy")
	ErrUnsupported = errors.New("unsupported value")
	// ErrTooManyPolicies: a kind's documents are more than AWS
	// Organizations attaches to one root, OU or account ([PerTarget]).
	// Unlike [ErrSize], each document is within its size limit.
	ErrTooManyPolicies = errors.New("more policies than one target holds")
)

// FieldError reports one problem with one input value. Field is a path such
// as "Accounts[2]" or "Vendor.ExternalID"; Value is the offending value as
// given; Reason says what is wrong and what is allowed.
type FieldError struct {
	Field  string
	Value  string
	Reason string
	Err    error // sentinel such as [ErrAccountID]
}

// Error reads like `Accounts[2]: "11111111111" is not a 12-digit AWS account ID`.
// A value longer than 120 characters is shortened in the message (Value
// keeps it whole), so that one bad input cannot flood a terminal.
func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: %q %s", e.Field, abbreviate(e.Value), e.Reason)
}

// Unwrap returns the sentinel, for [errors.Is].
func (e *FieldError) Unwrap() error { return e.Err }

// fieldErr builds a *FieldError; the reason is a format string.
func fieldErr(sentinel error, field, value, reason string, args ...any) *FieldError {
	return &FieldError{Field: field, Value: value, Reason: fmt.Sprintf(reason, args...), Err: sentinel}
}

// NewFieldError returns a [FieldError] for packages that build on policy.
func NewFieldError(sentinel error, field, value, reason string) *FieldError {
	return &FieldError{Field: field, Value: value, Reason: reason, Err: sentinel}
}

// Problems collects field errors; its zero value is ready to use. It exists so
// that builders report every problem at once instead of stopping at the first.
type Problems struct {
	errs []error
}

// Add records err unless it is nil. A nil *FieldError stored in an error
// interface is treated as nil too, so Add(CheckX(...)) is always safe.
func (p *Problems) Add(err error) {
	if err == nil {
		return
	}
	if fe, ok := err.(*FieldError); ok && fe == nil {
		return
	}
	p.errs = append(p.errs, err)
}

// Addf records a new [FieldError].
func (p *Problems) Addf(sentinel error, field, value, reason string, args ...any) {
	p.errs = append(p.errs, fieldErr(sentinel, field, value, reason, args...))
}

// Len reports how many problems were recorded.
func (p *Problems) Len() int { return len(p.errs) }

// Err returns nil when nothing was recorded, else every problem joined with
// [errors.Join].
func (p *Problems) Err() error { return errors.Join(p.errs...) }

// Unjoin flattens err into its individual problems: errors joined by
// [errors.Join] (at any depth) come back one by one, in order.
func Unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, Unjoin(e)...)
		}
		return out
	}
	return []error{err}
}

// PrefixFields returns err with prefix put before the field path of every
// [FieldError] in it, so that a caller embedding a config can report paths
// from its own root ("vendor" + "ExternalID" = "vendor.ExternalID"). Other
// errors are kept as they are. The input is not modified.
func PrefixFields(prefix string, err error) error {
	if err == nil || prefix == "" {
		return err
	}
	var out []error
	for _, e := range Unjoin(err) {
		var fe *FieldError
		if errors.As(e, &fe) {
			cp := *fe
			switch {
			case cp.Field == "":
				cp.Field = prefix
			case strings.HasPrefix(cp.Field, "["):
				cp.Field = prefix + cp.Field
			default:
				cp.Field = prefix + "." + cp.Field
			}
			e = &cp
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}
