package policy

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// compareRendering reports how the appending renderer (encode.go) and
// encoding/json over the mirror types disagree about d, compact or
// indented, if they do.
func compareRendering(d *Document) error {
	compact, err := d.compactReflect()
	if err != nil {
		return nil // rendered by neither (a number that is not finite)
	}
	fast, ok := d.appendFast(nil)
	if !ok {
		return fmt.Errorf("appendFast gave up on a document encoding/json renders:\n%s", compact)
	}
	if !bytes.Equal(fast, compact) {
		return fmt.Errorf("compact renderings differ (-encoding/json +appendFast):\n%s", cmp.Diff(string(compact), string(fast)))
	}
	if got, err := d.CompactJSON(); err != nil || !bytes.Equal(got, compact) {
		return fmt.Errorf("CompactJSON() differs from encoding/json (err %v):\n%s", err, cmp.Diff(string(compact), string(got)))
	}
	indented, err := reflectJSON(d)
	if err != nil {
		return err
	}
	if got, err := d.JSON(); err != nil || !bytes.Equal(got, indented) {
		return fmt.Errorf("JSON() differs from encoding/json's indented rendering (err %v):\n%s", err, cmp.Diff(string(indented), string(got)))
	}
	return nil
}

// TestRenderMatchesEncodingJSON compares the appending renderer with
// encoding/json on generated documents, which hold every shape a value
// takes (bare, array, empty, null; "*", "" and object principals; string,
// boolean, number and mixed condition values) and strings JSON escapes.
func TestRenderMatchesEncodingJSON(t *testing.T) {
	g := gen{rand.New(rand.NewPCG(17, 1))}
	for i := range 3000 {
		if err := compareRendering(g.document()); err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
	}
}

// TestRenderFallsBack checks what the appending renderer leaves to
// encoding/json: a number that is not finite is an error of encoding/json,
// with its words.
func TestRenderFallsBack(t *testing.T) {
	d := New(KindSCP, iampolicy.Statement{Effect: "Deny", Action: Strings("s3:*"), Resource: Strings("*"),
		Condition: map[string]map[string]*iampolicy.ConditionValue{"NumericLessThan": {"s3:max-keys": iampolicy.NewConditionValueFloat(true, math.NaN())}}})
	_, err := d.CompactJSON()
	_, want := d.compactReflect()
	if err == nil || want == nil || err.Error() != want.Error() {
		t.Errorf("CompactJSON error %v, want encoding/json's %v", err, want)
	}
	if _, err := d.JSON(); err == nil || err.Error() != want.Error() {
		t.Errorf("JSON error %v, want %v", err, want)
	}
}

// TestEstimateSize checks that the buffer estimate is not short of the
// compact rendering for generated documents whose strings need no escaping
// and whose conditions hold no numbers (the documents the packages build),
// so that rendering grows the buffer once; and that it is no more than
// half again as large, so that the buffer is not oversized.
func TestEstimateSize(t *testing.T) {
	g := gen{rand.New(rand.NewPCG(17, 2))}
	checked := 0
	for i := range 3000 {
		d := g.document()
		compact, ok := d.appendFast(nil)
		if !ok || bytes.IndexByte(compact, '\\') >= 0 || hasNumbers(d) {
			continue
		}
		checked++
		if est := d.estimateSize(); est < len(compact) || est > len(compact)*3/2+64 {
			t.Fatalf("document %d: estimateSize() = %d for a rendering of %d bytes, want from %d to %d:\n%s",
				i, est, len(compact), len(compact), len(compact)*3/2+64, compact)
		}
	}
	if checked < 500 {
		t.Errorf("only %d of 3000 generated documents had no escapes and no numbers, want at least 500", checked)
	}
}

func hasNumbers(d *Document) bool {
	for _, s := range d.Statements {
		for _, keys := range s.Condition {
			for _, v := range keys {
				if v != nil {
					if _, _, nums := v.Values(); len(nums) > 0 {
						return true
					}
				}
			}
		}
	}
	return false
}

// TestMeasureCompact checks that measuring a statement at a time, as
// ValidateWithLimits and Limits.Fits do, gives the whole rendering's size
// in its kind's unit, its verdict on characters and the typed checks'
// verdict (schemaValid), on generated documents
// (every kind, strings JSON escapes, characters outside what AWS allows),
// and that it reports what only encoding/json renders (or refuses).
func TestMeasureCompact(t *testing.T) {
	g := gen{rand.New(rand.NewPCG(17, 3))}
	var badChars, schemaBad, unrendered int
	for i := range 3000 {
		d := g.document()
		check := typedCheck{kind: d.Kind}
		m, _ := d.measureCompact(nil, &check)
		compact, ok := d.appendFast(nil)
		if m.rendered != ok {
			t.Fatalf("document %d: measureCompact rendered %v, appendFast %v", i, m.rendered, ok)
		}
		if !ok {
			unrendered++
			continue
		}
		if want := d.schemaValid(); check.bad == want {
			t.Fatalf("document %d: typed checks while measuring found a problem: %v, schemaValid: %v", i, check.bad, want)
		}
		if check.bad {
			schemaBad++
		}
		if want := Size(d.Kind, compact); m.size != want {
			t.Fatalf("document %d (%s): measureCompact size %d, want Size %d of:\n%s", i, d.Kind, m.size, want, compact)
		}
		if want := charactersValid(compact); m.chars != want {
			t.Fatalf("document %d: measureCompact chars %v, want charactersValid %v of:\n%s", i, m.chars, want, compact)
		}
		if !m.chars {
			badChars++
		}
	}
	if badChars == 0 || schemaBad == 0 {
		t.Errorf("generated %d documents with characters AWS refuses and %d the schema refuses, want some of each (and %d that only encoding/json renders)", badChars, schemaBad, unrendered)
	}
	nan := New(KindSCP, iampolicy.Statement{Effect: "Deny", Action: Strings("s3:*"), Resource: Strings("*"),
		Condition: map[string]map[string]*iampolicy.ConditionValue{"NumericLessThan": {"s3:max-keys": iampolicy.NewConditionValueFloat(true, math.NaN())}}})
	if m, _ := nan.measureCompact(nil, nil); m.rendered {
		t.Errorf("measureCompact rendered a condition value NaN, which only encoding/json handles (refuses)")
	}
	if err := nan.Validate(); err == nil {
		t.Errorf("Validate accepted a condition value NaN")
	}
}
