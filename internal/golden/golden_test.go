package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
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

func TestUpdate(t *testing.T) {
	setUpdate(t, true)
	if !Update() {
		t.Errorf("Update() = false with -update set")
	}
	*update = false
	if Update() {
		t.Errorf("Update() = true without -update")
	}
}
