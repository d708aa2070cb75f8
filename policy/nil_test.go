package policy_test

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
)

// TestNilDocument: the methods of a nil *Document return an error (or the
// zero value) instead of panicking, so that a caller's missing document is
// a message, not a crash.
func TestNilDocument(t *testing.T) {
	var d *policy.Document
	if err := d.Validate(); !errors.Is(err, policy.ErrRequired) {
		t.Errorf("Validate() = %v, want ErrRequired", err)
	}
	if err := d.ValidateWithLimits(policy.Limits{}); !errors.Is(err, policy.ErrRequired) {
		t.Errorf("ValidateWithLimits() = %v, want ErrRequired", err)
	}
	if b, err := d.JSON(); b != nil || !errors.Is(err, policy.ErrRequired) {
		t.Errorf("JSON() = %q, %v; want nothing and ErrRequired", b, err)
	}
	if b, err := d.CompactJSON(); b != nil || !errors.Is(err, policy.ErrRequired) {
		t.Errorf("CompactJSON() = %q, %v; want nothing and ErrRequired", b, err)
	}
	if c := d.Canonical(); c.Version != "" || c.Statements != nil {
		t.Errorf("Canonical() = %+v, want the zero value", c)
	}
	if p := d.Policy(); p != nil {
		t.Errorf("Policy() = %+v, want nil", p)
	}
}

// TestDecodeErrorIsBounded: an unknown element of a megabyte is not echoed
// whole; the error still unwraps to encoding/json's.
func TestDecodeErrorIsBounded(t *testing.T) {
	key := strings.Repeat("k", 1<<20)
	_, err := policy.Decode(policy.KindBucketPolicy, []byte(`{"Version":"2012-10-17","`+key+`":1,"Statement":[]}`))
	if err == nil {
		t.Fatal("an unknown element decoded")
	}
	if n := len(err.Error()); n > 300 {
		t.Errorf("the error is %d bytes long; want it cut", n)
	}
	var syn *json.SyntaxError
	if _, err := policy.Decode(policy.KindBucketPolicy, []byte(`{"Version": x}`)); !errors.As(err, &syn) {
		t.Errorf("a syntax error: %v does not unwrap to a *json.SyntaxError", err)
	}
	if _, err := policy.Decode(policy.KindBucketPolicy, []byte(`{"Version":`)); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("a truncated document: %v does not unwrap to io.ErrUnexpectedEOF", err)
	}
}
