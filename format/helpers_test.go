package format_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
)

// jsonKeys lists the object keys of a JSON text depth first, in the order
// they are written. Comparing it across formats shows that a format kept
// the policy renderer's key order, which a semantic comparison ignores.
func jsonKeys(t testing.TB, data []byte) []string {
	t.Helper()
	var keys []string
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func() error
	walk = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				keys = append(keys, k.(string))
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for dec.More() {
				if err := walk(); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		}
		return err
	}
	if err := walk(); err != nil {
		t.Fatalf("read JSON keys: %v", err)
	}
	return keys
}

// renderJSON returns doc.JSON(), failing the test on error.
func renderJSON(t testing.TB, doc *policy.Document) []byte {
	t.Helper()
	b, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// generic decodes JSON into the generic Go form (maps, slices, float64,
// string, bool), failing the test on error. Two documents whose generic
// forms are equal have the same values of the same JSON types: a condition
// value "true" that came back as a boolean would differ.
func generic(t testing.TB, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decode JSON: %v\n%s", err, data)
	}
	return v
}

// errorFields lists the field paths of every policy.FieldError in err, and
// fails the test if err holds anything else.
func errorFields(t testing.TB, err error) []string {
	t.Helper()
	var fields []string
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if !errors.As(e, &fe) {
			t.Errorf("error %q is not a *policy.FieldError", e)
			continue
		}
		fields = append(fields, fe.Field)
	}
	return fields
}
