package golden

import (
	"cmp"
	"encoding/json"
	"errors"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/policy"
)

// Problem is one field error that bad input must produce: the field path,
// the value as given, and the sentinel the error wraps.
type Problem struct {
	Field string
	Value string
	Err   error // sentinel such as policy.ErrAccountID
}

// Head returns the start of the message a *policy.FieldError prints for
// field and value: `Field: "value"`, with a value longer than 120 runes cut
// there and ended with "…", as FieldError.Error shortens it so that one bad
// value cannot flood a terminal.
func Head(field, value string) string {
	if r := []rune(value); len(r) > 120 {
		value = string(r[:120]) + "…"
	}
	return field + ": " + strconv.Quote(value)
}

// isNil reports whether v is nil or a nil pointer, slice or map, so that
// a builder's typed nil result (a nil *policy.Document, a nil
// []*policy.Document) counts as no document.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// CheckProblems fails t unless a builder refused bad input as it must: doc
// (the builder's result, a *policy.Document or a slice of them) is nil, and
// err holds exactly the wanted problems, in any order. Each problem must be
// a *policy.FieldError whose message starts with [Head] of its field and
// value, and whose sentinel is the wanted one (so errors.Is(err, sentinel)
// holds).
func CheckProblems(t testing.TB, doc any, err error, want []Problem) {
	t.Helper()
	if !isNil(doc) {
		t.Errorf("got a document along with the error: %+v", doc)
	}
	if err == nil {
		t.Fatalf("got no error, want %d problems", len(want))
	}
	var got []Problem
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if !errors.As(e, &fe) {
			t.Errorf("problem is not a *policy.FieldError: %v", e)
			continue
		}
		got = append(got, Problem{fe.Field, fe.Value, fe.Err})
		if head := Head(fe.Field, fe.Value) + " "; !strings.HasPrefix(e.Error(), head) {
			t.Errorf("message %q does not start with %q", e.Error(), head)
		}
	}
	for _, w := range want {
		if !errors.Is(err, w.Err) {
			t.Errorf("errors.Is(err, %v) = false; err: %v", w.Err, err)
		}
	}
	sorted := func(ps []Problem) []Problem {
		ps = slices.Clone(ps)
		slices.SortStableFunc(ps, func(a, b Problem) int {
			return cmp.Or(strings.Compare(a.Field, b.Field), strings.Compare(a.Value, b.Value))
		})
		return ps
	}
	same := gocmp.Comparer(func(a, b error) bool { return a == b })
	if diff := gocmp.Diff(sorted(want), sorted(got), same); diff != "" {
		t.Errorf("problems differ (-want +got):\n%s\nerror: %v", diff, err)
	}
}

// CheckNamed fails t for every problem in err that names no field: each
// must be a *policy.FieldError with a field path, or an error that also
// accepts (a package's own size error, say; also may be nil). what names
// the builder in failures.
func CheckNamed(t testing.TB, what string, err error, also func(error) bool) {
	t.Helper()
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if !errors.As(e, &fe) && (also == nil || !also(e)) {
			t.Errorf("%s: problem %T %q names no field", what, e, e)
		}
		if fe != nil && fe.Field == "" {
			t.Errorf("%s: problem %q has an empty field path", what, e)
		}
	}
}

// CheckEmitted fails t unless d, a document a builder returned, passes
// ValidateWithLimits(limits) (schema, size, Sids, principals, characters;
// zero limits are the defaults) and the strict [RoundTrip].
func CheckEmitted(t testing.TB, d *policy.Document, limits policy.Limits) {
	t.Helper()
	if err := d.ValidateWithLimits(limits); err != nil {
		t.Fatalf("emitted %s is invalid: %v", d.Kind, err)
	}
	RoundTrip(t, d)
}

// CheckBuilt checks the invariant every builder keeps, whatever its input
// (the fuzz targets' invariant): either an error and no document, every
// problem naming a field (see [CheckNamed]), or a document that validates
// and round-trips (see [CheckEmitted], with the default limits). what names
// the builder in failures.
func CheckBuilt(t testing.TB, what string, doc *policy.Document, err error, also func(error) bool) {
	t.Helper()
	if err != nil {
		if doc != nil {
			t.Fatalf("%s returned a document with error %v", what, err)
		}
		CheckNamed(t, what, err, also)
		return
	}
	if doc == nil {
		t.Fatalf("%s returned neither a document nor an error", what)
	}
	CheckEmitted(t, doc, policy.Limits{})
}

// BenchBuild measures build followed by the JSON rendering of its document,
// with allocations. When build fails with policy.ErrSize before the loop,
// it measures the time to that error instead (past the size limit that is
// what a caller pays); any other error fails b. When accounts > 0 it also
// reports ns/account, to read whether the cost grows linearly with the
// delivering accounts.
func BenchBuild(b *testing.B, accounts int, build func() (*policy.Document, error)) {
	b.Helper()
	_, err := build()
	fits := err == nil
	if err != nil && !errors.Is(err, policy.ErrSize) {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		doc, err := build()
		if !fits {
			if err == nil {
				b.Fatal("want a size error")
			}
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		if _, err := doc.JSON(); err != nil {
			b.Fatal(err)
		}
	}
	if accounts > 0 && i > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i)/float64(accounts), "ns/account")
	}
}

// BenchValidate measures doc.Validate alone, with allocations.
func BenchValidate(b *testing.B, doc *policy.Document) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		if err := doc.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchMarshal measures json.Marshal of docs held in the aws-iam-policy
// types (doc.Policy(), taken outside the loop), with allocations: the floor
// that building and validating are compared with.
func BenchMarshal(b *testing.B, docs ...*policy.Document) {
	b.Helper()
	ps := make([]any, len(docs))
	for i, d := range docs {
		ps[i] = d.Policy()
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			if _, err := json.Marshal(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// ThenJSON returns build followed by the JSON of its document: the
// operation golden.BenchBuild measures, for [ReportRatio].
func ThenJSON(build func() (*policy.Document, error)) func() error {
	return func() error {
		doc, err := build()
		if err == nil {
			_, err = doc.JSON()
		}
		return err
	}
}

// ReportRatio reports, as the metric x-marshal, how many times longer op
// (the operation b's loop measured) takes than json.Marshal of docs held
// in the aws-iam-policy types, the baseline issue 17 compares with. Call
// it after the loop. It runs op and the baseline in turn, in the same
// process, in rounds of about a fortieth of the time b's loop took each
// (at least one operation), and reports the median of the rounds' ratios:
// on a shared machine a burst of load then spoils one round, not the
// ratio. (testing.Benchmark cannot run inside a benchmark: they share a
// lock.)
func ReportRatio(b *testing.B, op func() error, docs ...*policy.Document) {
	b.Helper()
	if b.N == 0 {
		return
	}
	ps := make([]*iampolicy.Policy, len(docs))
	for i, d := range docs {
		ps[i] = d.Policy()
	}
	marshal := func() error {
		for _, p := range ps {
			if _, err := json.Marshal(p); err != nil {
				return err
			}
		}
		return nil
	}
	// timeOf runs f n times after a collection, so that neither side pays
	// for the other's garbage, and returns the time per run.
	timeOf := func(f func() error, n int) float64 {
		runtime.GC()
		start := time.Now()
		for range n {
			if err := f(); err != nil {
				b.Fatal(err)
			}
		}
		return float64(time.Since(start).Nanoseconds()) / float64(n)
	}
	round := float64(b.Elapsed().Nanoseconds()) / 40
	opN := max(1, int(round*float64(b.N)/float64(b.Elapsed().Nanoseconds())))
	baseN := max(1, int(round/timeOf(marshal, max(1, opN))))
	ratios := make([]float64, 15)
	for i := range ratios {
		ratios[i] = timeOf(op, opN) / timeOf(marshal, baseN)
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "x-marshal")
}
