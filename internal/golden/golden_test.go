package golden

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// recorder is a testing.TB that records failures instead of reporting them,
// so the tests can check that a helper fails when it should. Fatal stops the
// helper's goroutine, as it does for a real test.
type recorder struct {
	testing.TB
	errors []string
	fatals []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.fatals = append(r.fatals, fmt.Sprint(args...))
	runtime.Goexit()
}

// run calls f with a fresh recorder in its own goroutine, so that Fatal can
// end f without ending the test, and returns the recorder.
func run(t *testing.T, f func(tb testing.TB)) *recorder {
	t.Helper()
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

// setUpdate sets the -update flag for one test.
func setUpdate(t *testing.T, v bool) {
	t.Helper()
	old := *update
	*update = v
	t.Cleanup(func() { *update = old })
}

func validDoc() *policy.Document {
	return policy.New(policy.KindBucketPolicy, iampolicy.Statement{
		Sid: "AWSCloudTrailAclCheck", Effect: iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"),
		Action:    policy.Strings("s3:GetBucketAcl"),
		Resource:  policy.Strings("arn:aws:s3:::logs"),
	})
}

func TestBytesRefusesFixtures(t *testing.T) {
	for _, update := range []bool{false, true} {
		for _, rel := range []string{
			"testdata/documents/000-bucket-policy.json",
			"bucket/testdata/documents/new.golden.json",
			"testdata/x/../documents/y.json",
		} {
			t.Run(fmt.Sprintf("%s/update=%v", rel, update), func(t *testing.T) {
				setUpdate(t, update)
				path := filepath.Join(t.TempDir(), rel)
				r := run(t, func(tb testing.TB) { Bytes(tb, path, []byte("{}\n")) })
				if len(r.fatals) != 1 || !strings.Contains(r.fatals[0], "fixture") {
					t.Errorf("Bytes(%s): fatals %q, want one refusing a fixture", rel, r.fatals)
				}
				if _, err := os.Stat(path); !os.IsNotExist(err) {
					t.Errorf("Bytes wrote %s (stat: %v)", path, err)
				}
			})
		}
	}
}

func TestIsFixture(t *testing.T) {
	for path, want := range map[string]bool{
		"testdata/documents/a.json":       true,
		"./testdata/documents/a.json":     true,
		"/repo/scp/testdata/documents/a":  true,
		"testdata/a.golden.json":          false,
		"testdata/documents.golden.json":  false,
		"testdata/documentsX/a.json":      false,
		"other/documents/testdata/a.json": false,
	} {
		if got := isFixture(path); got != want {
			t.Errorf("isFixture(%q) = %v, want %v", path, got, want)
		}
	}
}

func TestBytesUpdateThenCompare(t *testing.T) {
	path := filepath.Join(t.TempDir(), "testdata", "case.golden.json")

	setUpdate(t, true)
	if r := run(t, func(tb testing.TB) { Bytes(tb, path, []byte("line 1\nline 2\n")) }); len(r.errors)+len(r.fatals) > 0 {
		t.Fatalf("-update: %q %q", r.errors, r.fatals)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != "line 1\nline 2\n" {
		t.Fatalf("golden file holds %q (%v)", b, err)
	}

	*update = false
	if r := run(t, func(tb testing.TB) { Bytes(tb, path, []byte("line 1\nline 2\n")) }); len(r.errors)+len(r.fatals) > 0 {
		t.Errorf("same bytes: %q %q", r.errors, r.fatals)
	}
	r := run(t, func(tb testing.TB) { Bytes(tb, path, []byte("line 1\nline two\n")) })
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "(-want +got)") ||
		!strings.Contains(r.errors[0], `"line 2"`) || !strings.Contains(r.errors[0], `"line two"`) {
		t.Errorf("different bytes: errors %q, want one (-want +got) diff naming both lines", r.errors)
	}
}

func TestBytesMissingGolden(t *testing.T) {
	setUpdate(t, false)
	r := run(t, func(tb testing.TB) { Bytes(tb, filepath.Join(t.TempDir(), "none.golden.json"), []byte("{}")) })
	if len(r.fatals) != 1 || !strings.Contains(r.fatals[0], "-update") {
		t.Errorf("fatals %q, want one that mentions -update", r.fatals)
	}
}

func TestRoundTrip(t *testing.T) {
	if r := run(t, func(tb testing.TB) { RoundTrip(tb, validDoc()) }); len(r.errors)+len(r.fatals) > 0 {
		t.Errorf("valid document: %q %q", r.errors, r.fatals)
	}
	// An AWS principal without ARNs renders as {"AWS":null}, which decodes
	// as an empty Principal and renders as "" the second time.
	d := validDoc()
	d.Statements[0].Principal = policy.AWSPrincipal()
	r := run(t, func(tb testing.TB) { RoundTrip(tb, d) })
	if len(r.errors) == 0 || !strings.Contains(r.errors[0], "round trip changed the document") {
		t.Errorf("unstable document: errors %q, want a round-trip diff", r.errors)
	}
}

func TestCompare(t *testing.T) {
	want := validDoc()
	same := validDoc()
	same.Statements[0].Action = policy.List("s3:GetBucketAcl") // ["x"] means "x"
	if r := run(t, func(tb testing.TB) { Compare(tb, want, same) }); len(r.errors) > 0 {
		t.Errorf("equivalent documents: %q", r.errors)
	}
	other := validDoc()
	other.Statements[0].Resource = policy.Strings("arn:aws:s3:::other")
	r := run(t, func(tb testing.TB) { Compare(tb, want, other) })
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "(-want +got)") ||
		!strings.Contains(r.errors[0], "arn:aws:s3:::logs") || !strings.Contains(r.errors[0], "arn:aws:s3:::other") {
		t.Errorf("different documents: errors %q, want one (-want +got) diff naming both resources", r.errors)
	}
}

func TestFixture(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, []byte(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"","Action":"s3:*","Resource":"*"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"Version":"2012-10-17","Statement":[],"Extra":true}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var d *policy.Document
	if r := run(t, func(tb testing.TB) { d = Fixture(tb, policy.KindBucketPolicy, good) }); len(r.fatals) > 0 {
		t.Fatalf("good fixture: %q", r.fatals)
	}
	if d.Kind != policy.KindBucketPolicy || len(d.Statements) != 1 {
		t.Errorf("fixture decoded as %+v", d)
	}
	for _, path := range []string{bad, filepath.Join(dir, "missing.json")} {
		if r := run(t, func(tb testing.TB) { Fixture(tb, policy.KindBucketPolicy, path) }); len(r.fatals) != 1 {
			t.Errorf("Fixture(%s): fatals %q, want one", filepath.Base(path), r.fatals)
		}
	}
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "check.golden.json")
	setUpdate(t, true)
	if r := run(t, func(tb testing.TB) { Check(tb, validDoc(), path) }); len(r.errors)+len(r.fatals) > 0 {
		t.Fatalf("-update: %q %q", r.errors, r.fatals)
	}
	*update = false
	if r := run(t, func(tb testing.TB) { Check(tb, validDoc(), path) }); len(r.errors)+len(r.fatals) > 0 {
		t.Errorf("valid document against its golden file: %q %q", r.errors, r.fatals)
	}
	invalid := validDoc()
	invalid.Statements[0].Principal = nil
	r := run(t, func(tb testing.TB) { Check(tb, invalid, path) })
	if len(r.errors) == 0 || !strings.Contains(r.errors[0], "emitted document is invalid") {
		t.Errorf("invalid document: errors %q, want a validation failure first", r.errors)
	}
}

func TestHead(t *testing.T) {
	long := strings.Repeat("é", 121)
	for _, tc := range []struct {
		name, field, value, want, reason string
	}{
		{name: "short", field: "Accounts[2]", value: "11111111111", want: `Accounts[2]: "11111111111"`, reason: "as FieldError prints it"},
		{name: "quoted", field: "Prefix", value: "a\"b\n", want: `Prefix: "a\"b\n"`, reason: "quotes and control characters are escaped"},
		{name: "120 runes", field: "Bucket", value: long[:240], want: `Bucket: "` + long[:240] + `"`, reason: "120 runes are kept whole"},
		{name: "121 runes", field: "Bucket", value: long, want: `Bucket: "` + long[:240] + `…"`, reason: "runes past 120 are cut, not bytes"},
	} {
		if got := Head(tc.field, tc.value); got != tc.want {
			t.Errorf("%s: Head = %q, want %q (%s)", tc.name, got, tc.want, tc.reason)
		}
	}
	// Head must agree with FieldError.Error, which it stands for.
	fe := policy.NewFieldError(cloudtrail.ErrPrefix, "Prefix", long+"x", "is bad")
	if want := Head(fe.Field, fe.Value) + " is bad"; fe.Error() != want {
		t.Errorf("FieldError.Error() = %q, want %q", fe.Error(), want)
	}
}

func TestCheckProblems(t *testing.T) {
	long := strings.Repeat("a", 130)
	acct := policy.NewFieldError(policy.ErrAccountID, "Accounts[1]", "123", "is not a 12-digit AWS account ID")
	bkt := policy.NewFieldError(policy.ErrBucketName, "Bucket", long, "is not a bucket name")
	want := []Problem{{"Bucket", long, policy.ErrBucketName}, {"Accounts[1]", "123", policy.ErrAccountID}}
	tests := []struct {
		name   string
		reason string
		doc    any
		err    error
		want   []Problem
		fatal  bool
		errors []string // each must appear in one recorded error, in order
	}{
		{name: "pass", reason: "exactly the wanted problems, in another order, long value shortened", doc: (*policy.Document)(nil),
			err: errors.Join(acct, bkt), want: want},
		{name: "pass-nil-slice", reason: "a nil slice of documents is no document", doc: []*policy.Document(nil),
			err: errors.Join(acct), want: want[1:]},
		{name: "document", reason: "a document along with the error", doc: validDoc(),
			err: errors.Join(acct), want: want[1:], errors: []string{"document along with the error"}},
		{name: "no-error", reason: "bad input accepted", err: nil, want: want, fatal: true},
		{name: "not-field-error", reason: "every problem is a FieldError", err: errors.Join(acct, errors.New("Bucket: bad")),
			want: want[1:], errors: []string{"not a *policy.FieldError"}},
		{name: "wrapped", reason: "the message starts with the field and value", err: fmt.Errorf("bucket policy: %w", acct),
			want: want[1:], errors: []string{"does not start with"}},
		{name: "wrong-sentinel", reason: "the sentinel is part of the problem",
			err: policy.NewFieldError(policy.ErrConflict, "Accounts[1]", "123", "conflicts"), want: want[1:],
			errors: []string{"errors.Is(err, invalid AWS account ID) = false", "problems differ (-want +got)"}},
		{name: "missing", reason: "every wanted problem must come", err: acct, want: want,
			errors: []string{"errors.Is(err, invalid S3 bucket name) = false", "problems differ"}},
		{name: "extra", reason: "no problem beyond the wanted ones", err: errors.Join(acct, bkt), want: want[1:],
			errors: []string{"problems differ"}},
		{name: "other-value", reason: "the value as given", err: policy.NewFieldError(policy.ErrAccountID, "Accounts[1]", "124", "x"),
			want: want[1:], errors: []string{"problems differ"}},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate test name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, func(tb testing.TB) { CheckProblems(tb, tc.doc, tc.err, tc.want) })
			if got := len(r.fatals) > 0; got != tc.fatal {
				t.Errorf("fatal = %v (%q), want %v (%s)", got, r.fatals, tc.fatal, tc.reason)
			}
			if len(r.errors) != len(tc.errors) {
				t.Fatalf("errors %q, want %d (%s)", r.errors, len(tc.errors), tc.reason)
			}
			for i, w := range tc.errors {
				if !strings.Contains(r.errors[i], w) {
					t.Errorf("error %d = %q, want it to hold %q (%s)", i, r.errors[i], w, tc.reason)
				}
			}
		})
	}
}

func TestCheckBuilt(t *testing.T) {
	type sizeErr struct{ error }
	isSize := func(e error) bool { var s sizeErr; return errors.As(e, &s) }
	fe := policy.NewFieldError(policy.ErrRequired, "Bucket", "", "is empty")
	tooLarge := validDoc()
	tooLarge.Statements[0].Sid = strings.Repeat("A", 21000)
	tests := []struct {
		name   string
		reason string
		doc    *policy.Document
		err    error
		fatal  string // part of the fatal failure, if one is wanted
		errors []string
	}{
		{name: "document", reason: "a valid document", doc: validDoc()},
		{name: "field-error", reason: "an error whose problems name fields", err: errors.Join(fe, sizeErr{errors.New("too large")})},
		{name: "both", reason: "never a document with an error", doc: validDoc(), err: fe, fatal: "returned a document with error"},
		{name: "neither", reason: "no document and no error", fatal: "neither a document nor an error"},
		{name: "unnamed", reason: "a problem that names no field", err: errors.Join(fe, errors.New("bad")),
			errors: []string{`problem *errors.errorString "bad" names no field`}},
		{name: "empty-field", reason: "a field error with no path", err: policy.NewFieldError(policy.ErrRequired, "", "", "is empty"),
			errors: []string{"empty field path"}},
		{name: "invalid", reason: "an emitted document must validate", doc: tooLarge, fatal: "emitted bucket policy is invalid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, func(tb testing.TB) { CheckBuilt(tb, "Build", tc.doc, tc.err, isSize) })
			switch {
			case tc.fatal == "" && len(r.fatals) > 0:
				t.Errorf("fatals %q, want none (%s)", r.fatals, tc.reason)
			case tc.fatal != "" && (len(r.fatals) != 1 || !strings.Contains(r.fatals[0], tc.fatal)):
				t.Errorf("fatals %q, want one holding %q (%s)", r.fatals, tc.fatal, tc.reason)
			}
			if len(r.errors) != len(tc.errors) {
				t.Fatalf("errors %q, want %d (%s)", r.errors, len(tc.errors), tc.reason)
			}
			for i, w := range tc.errors {
				if !strings.Contains(r.errors[i], w) {
					t.Errorf("error %d = %q, want it to hold %q (%s)", i, r.errors[i], w, tc.reason)
				}
			}
		})
	}
	// Without also, only field errors name a field.
	if r := run(t, func(tb testing.TB) { CheckNamed(tb, "Build", sizeErr{errors.New("x")}, nil) }); len(r.errors) != 1 {
		t.Errorf("CheckNamed without also: errors %q, want one", r.errors)
	}
	// CheckEmitted applies the limits it is given.
	r := run(t, func(tb testing.TB) { CheckEmitted(tb, validDoc(), policy.Limits{BucketPolicy: 10}) })
	if len(r.fatals) != 1 || !strings.Contains(r.fatals[0], "is invalid") {
		t.Errorf("CheckEmitted over a 10-byte limit: fatals %q, want one", r.fatals)
	}
}

// benchOnce runs f as a benchmark of three iterations, so that the
// benchmark helpers can be tested without slowing go test down. A failed
// benchmark returns a zero result.
func benchOnce(t *testing.T, f func(b *testing.B)) testing.BenchmarkResult {
	t.Helper()
	bt := flag.Lookup("test.benchtime")
	if bt == nil {
		t.Skip("no -test.benchtime flag")
	}
	old := bt.Value.String()
	if err := bt.Value.Set("3x"); err != nil {
		t.Fatal(err)
	}
	defer bt.Value.Set(old)
	return testing.Benchmark(f)
}

func TestBenchHelpers(t *testing.T) {
	sizeErr := fmt.Errorf("bucket policy: %w", policy.ErrSize)
	tests := []struct {
		name   string
		reason string
		bench  func(b *testing.B)
		ok     bool
		metric bool // ns/account reported
	}{
		{name: "build", reason: "a document is built and rendered", ok: true, metric: true,
			bench: func(b *testing.B) { BenchBuild(b, 10, func() (*policy.Document, error) { return validDoc(), nil }) }},
		{name: "build-organization", reason: "no accounts: no per-account metric", ok: true,
			bench: func(b *testing.B) { BenchBuild(b, 0, func() (*policy.Document, error) { return validDoc(), nil }) }},
		{name: "build-size-error", reason: "past the limit the time to the size error is measured", ok: true, metric: true,
			bench: func(b *testing.B) { BenchBuild(b, 1000, func() (*policy.Document, error) { return nil, sizeErr }) }},
		{name: "build-error", reason: "any other error fails the benchmark",
			bench: func(b *testing.B) {
				BenchBuild(b, 1, func() (*policy.Document, error) { return nil, errors.New("bad") })
			}},
		{name: "build-size-then-fits", reason: "a build past the limit must keep failing",
			bench: func(b *testing.B) {
				n := 0
				BenchBuild(b, 1, func() (*policy.Document, error) {
					if n++; n == 1 {
						return nil, sizeErr
					}
					return validDoc(), nil
				})
			}},
		{name: "validate", reason: "a valid document", ok: true, bench: func(b *testing.B) { BenchValidate(b, validDoc()) }},
		{name: "validate-invalid", reason: "an invalid document fails the benchmark",
			bench: func(b *testing.B) { d := validDoc(); d.Statements[0].Principal = nil; BenchValidate(b, d) }},
		{name: "marshal", reason: "documents in the base library's types", ok: true,
			bench: func(b *testing.B) { BenchMarshal(b, validDoc(), validDoc()) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := benchOnce(t, tc.bench)
			if got := res.N > 0; got != tc.ok {
				t.Errorf("benchmark ran %d times; want success %v (%s)", res.N, tc.ok, tc.reason)
			}
			if _, got := res.Extra["ns/account"]; got != tc.metric {
				t.Errorf("ns/account reported = %v, want %v (%s): %v", got, tc.metric, tc.reason, res.Extra)
			}
		})
	}
}
