package badinput_test

import (
	"errors"
	"testing"

	"github.com/trailpolicy/trailpolicy"
)

// TestNilReceivers: the root package's methods on a nil or zero value
// return nothing or an error, never panic.
func TestNilReceivers(t *testing.T) {
	var b *trailpolicy.Bundle
	if n := b.Names(); n != nil {
		t.Errorf("nil Bundle: Names() = %q, want none", n)
	}
	if d, ok := b.Select(trailpolicy.NameBucketPolicy); ok || d != nil {
		t.Errorf("nil Bundle: Select = %v, %v; want nothing, false", d, ok)
	}
	if d, ok := b.Deployable(trailpolicy.NameVendorReadPolicy); ok || d != nil {
		t.Errorf("nil Bundle: Deployable = %v, %v; want nothing, false", d, ok)
	}
	var zero trailpolicy.Bundle
	if n := zero.Names(); len(n) != 0 {
		t.Errorf("zero Bundle: Names() = %q, want none", n)
	}
	if _, ok := zero.Select(trailpolicy.NameSCP); ok {
		t.Error("zero Bundle: Select(scp) reports a document")
	}

	var de *trailpolicy.DocumentError
	if got := de.Error(); got != "<nil>" {
		t.Errorf("nil DocumentError: Error() = %q", got)
	}
	if de.Unwrap() != nil {
		t.Error("nil DocumentError: Unwrap() is not nil")
	}
	empty := &trailpolicy.DocumentError{Document: "bucket-policy"}
	if got := empty.Error(); got != "bucket-policy: <nil>" {
		t.Errorf("DocumentError without Err: Error() = %q", got)
	}
	if errors.Is(empty, trailpolicy.ErrSetupFile) {
		t.Error("DocumentError without Err is ErrSetupFile")
	}
}
