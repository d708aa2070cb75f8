package policy_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/policy"
)

func TestFieldError(t *testing.T) {
	err := policy.NewFieldError(policy.ErrAccountID, "Accounts[2]", "11111111111", "is not a 12-digit AWS account ID")
	if got, want := err.Error(), `Accounts[2]: "11111111111" is not a 12-digit AWS account ID`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, policy.ErrAccountID) || errors.Is(err, policy.ErrOrgID) {
		t.Errorf("errors.Is matches the wrong sentinel")
	}
	// The value is quoted with Go escapes, so invisible characters show.
	err = policy.NewFieldError(policy.ErrRegion, "Region", "us-east-1\u200b\n", "is bad")
	if got, want := err.Error(), `Region: "us-east-1\u200b\n" is bad`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestProblems(t *testing.T) {
	var p policy.Problems
	if p.Len() != 0 || p.Err() != nil {
		t.Fatalf("zero Problems: Len %d, Err %v; want 0, nil", p.Len(), p.Err())
	}
	var nilField *policy.FieldError
	p.Add(nil)
	p.Add(nilField) // a typed nil in an error interface
	p.Add(policy.CheckAccountID("Accounts[0]", "111122223333"))
	if p.Len() != 0 || p.Err() != nil {
		t.Fatalf("after adding only nils: Len %d, Err %v; want 0, nil", p.Len(), p.Err())
	}
	p.Add(policy.CheckAccountID("Accounts[1]", "1111"))
	p.Addf(policy.ErrConflict, "Trails[0]", "arn", "belongs to account %s", "444455556666")
	p.Add(io.ErrUnexpectedEOF)
	if p.Len() != 3 {
		t.Fatalf("Len = %d, want 3", p.Len())
	}
	err := p.Err()
	for _, s := range []error{policy.ErrAccountID, policy.ErrConflict, io.ErrUnexpectedEOF} {
		if !errors.Is(err, s) {
			t.Errorf("joined error does not wrap %v", s)
		}
	}
	want := "Accounts[1]: \"1111\" is not a 12-digit AWS account ID\n" +
		"Trails[0]: \"arn\" belongs to account 444455556666\n" +
		"unexpected EOF"
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
}

func TestUnjoin(t *testing.T) {
	a, b, c, d := errors.New("a"), errors.New("b"), errors.New("c"), errors.New("d")
	tests := []struct {
		name   string
		err    error
		want   []error
		reason string
	}{
		{name: "nil", err: nil, want: nil, reason: "no problems"},
		{name: "single", err: a, want: []error{a}, reason: "one error is one problem"},
		{name: "flat join", err: errors.Join(a, b), want: []error{a, b}, reason: "errors.Join"},
		{name: "nested joins", err: errors.Join(a, errors.Join(b, errors.Join(c)), d), want: []error{a, b, c, d}, reason: "joins at any depth, in order"},
		{name: "join with nils", err: errors.Join(nil, a, nil), want: []error{a}, reason: "errors.Join drops nils"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := policy.Unjoin(tc.err)
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(x, y error) bool { return x == y })); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// A wrapped single error stays whole: it is one problem with context.
	wrapped := fmt.Errorf("decode: %w", a)
	if got := policy.Unjoin(wrapped); len(got) != 1 || got[0] != wrapped {
		t.Errorf("Unjoin(wrapped) = %v, want the error itself", got)
	}
}

func TestPrefixFields(t *testing.T) {
	ext := policy.NewFieldError(policy.ErrExternalID, "ExternalID", "a", "is too short")
	idx := policy.NewFieldError(policy.ErrAccountID, "[0]", "1", "is not a 12-digit AWS account ID")
	whole := policy.NewFieldError(policy.ErrRequired, "", "", "is empty")
	plain := errors.New("not a field error")
	in := errors.Join(ext, errors.Join(idx, plain), whole)

	out := policy.PrefixFields("Vendor", in)
	var fields []string
	for _, e := range policy.Unjoin(out) {
		var fe *policy.FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		} else {
			fields = append(fields, "plain: "+e.Error())
			if e != plain {
				t.Errorf("the plain error was replaced")
			}
		}
	}
	want := []string{"Vendor.ExternalID", "Vendor[0]", "plain: not a field error", "Vendor"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("prefixed fields (-want +got):\n%s", diff)
	}
	for _, s := range []error{policy.ErrExternalID, policy.ErrAccountID, policy.ErrRequired} {
		if !errors.Is(out, s) {
			t.Errorf("prefixed error lost sentinel %v", s)
		}
	}
	if ext.Field != "ExternalID" || idx.Field != "[0]" || whole.Field != "" {
		t.Errorf("PrefixFields modified its input: %q %q %q", ext.Field, idx.Field, whole.Field)
	}
	if got := policy.PrefixFields("Vendor", nil); got != nil {
		t.Errorf("PrefixFields(nil) = %v, want nil", got)
	}
	if got := policy.PrefixFields("", in); got != in {
		t.Errorf("PrefixFields with no prefix changed the error")
	}
	// Twice, for a config nested two deep.
	twice := policy.PrefixFields("Setups[1]", policy.PrefixFields("Vendor", ext))
	if want := `Setups[1].Vendor.ExternalID: "a" is too short`; twice.Error() != want {
		t.Errorf("nested prefix: %q, want %q", twice, want)
	}
}

func TestSortedUnique(t *testing.T) {
	in := []string{"333333333333", "111111111111", "333333333333", "222222222222"}
	orig := append([]string(nil), in...)
	got := policy.SortedUnique(in)
	if diff := cmp.Diff([]string{"111111111111", "222222222222", "333333333333"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(orig, in); diff != "" {
		t.Errorf("SortedUnique modified its input (-before +after):\n%s", diff)
	}
	got[0] = "changed"
	if in[1] != "111111111111" {
		t.Errorf("the result shares memory with the input")
	}
	if got := policy.SortedUnique(nil); len(got) != 0 {
		t.Errorf("SortedUnique(nil) = %v, want empty", got)
	}
}
