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
