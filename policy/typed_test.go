package policy

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// The typed checks (check.go) stand in for the embedded schema and the
// character check on the hot path of Validate. These tests prove on
// generated documents (see gen) and on fuzzed ones that they agree: the
// same verdict, the same fields named, and Validate's errors word for word.

// fieldList describes problems as sorted "field: sentinel" lines.
func fieldList(err error) []string {
	var out []string
	for _, e := range Unjoin(err) {
		var fe *FieldError
		if !errors.As(e, &fe) {
			out = append(out, "(not a FieldError) "+e.Error())
			continue
		}
		out = append(out, fe.Field+": "+fe.Err.Error())
	}
	slices.Sort(out)
	return out
}

func typedFieldList(found []typedProblem) []string {
	var out []string
	for _, p := range found {
		out = append(out, p.field+": "+p.sentinel.Error())
	}
	slices.Sort(out)
	return out
}

// compareWithSchema reports how the typed checks (and the appending
// renderer, see compareRendering) disagree with the schema, the character
// check and encoding/json about d, if they do.
func compareWithSchema(d *Document) error {
	compact, err := d.compactReflect()
	if err != nil {
		return nil // rendered by neither (a number that is not finite)
	}
	if err := compareRendering(d); err != nil {
		return err
	}

	schemaErr := ValidateJSON(d.Kind, compact)
	if got, want := d.schemaValid(), schemaErr == nil; got != want {
		return fmt.Errorf("typed schema verdict %v, schema %v: %v\n%s", got, want, schemaErr, compact)
	}
	if diff := cmp.Diff(fieldList(schemaErr), typedFieldList(d.schemaProblems())); diff != "" {
		return fmt.Errorf("problems differ (-schema +typed):\n%s\n%s", diff, compact)
	}
	charErr := checkCharacters(compact)
	if got, want := charactersValid(compact), charErr == nil; got != want {
		return fmt.Errorf("typed character verdict %v, checkCharacters %v: %v\n%s", got, want, charErr, compact)
	}

	// The whole of Validate: the typed path and the schema path (taken for
	// a decoded document) give the same errors, word for word.
	viaSchema := *d
	viaSchema.decoded = true
	if got, want := errorLines(d.Validate()), errorLines(viaSchema.Validate()); !slices.Equal(got, want) {
		return fmt.Errorf("Validate differs (-schema path +typed path):\n%s\n%s", cmp.Diff(want, got), compact)
	}
	return nil
}

func errorLines(err error) []string {
	var out []string
	for _, e := range Unjoin(err) {
		out = append(out, e.Error())
	}
	return out
}

// TestTypedChecksMatchSchema runs compareWithSchema on generated documents.
// The seed is fixed, so a failure reproduces; the fuzz target below explores
// further.
func TestTypedChecksMatchSchema(t *testing.T) {
	g := gen{rand.New(rand.NewPCG(17, 2))}
	n := 4000
	if testing.Short() {
		n = 500
	}
	var valid, invalid int
	rules := map[string]bool{}
	for i := range n {
		d := g.document()
		if d.Validate() == nil {
			valid++
		} else {
			invalid++
		}
		for _, p := range d.schemaProblems() {
			rule, _, _ := strings.Cut(p.rule, " ")
			if strings.HasPrefix(p.rule, "must ") {
				rule = "conflict"
			}
			rules[rule] = true
		}
		if err := compareWithSchema(d); err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
	}
	// Near the boundary: both verdicts must be common, or the generator
	// has drifted to one side and proves little.
	t.Logf("%d valid and %d invalid documents", valid, invalid)
	if valid < n/10 || invalid < n/10 {
		t.Errorf("generated %d valid and %d invalid documents; want at least a tenth of each", valid, invalid)
	}
	// Every rule of the typed checks must have been broken somewhere.
	want := []string{"conflict", "const", "enum", "minItems", "minLength", "minProperties", "not", "pattern", "principal", "required", "type"}
	if diff := cmp.Diff(want, slices.Sorted(maps.Keys(rules))); diff != "" {
		t.Errorf("rules broken by the generated documents (-want +got):\n%s", diff)
	}
}

// FuzzTypedChecks compares the typed checks and the appending renderer with
// the schema and encoding/json on documents decoded from the fuzzed bytes
// and on documents generated from a seed the fuzzer picks.
func FuzzTypedChecks(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::b"}]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b",""],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["s3:DeleteObject"],"Action":[],"Resource":"*","Condition":{"Bad-Op":{"k.0":[]}}}]}`,
		`{"Version":"2008-10-17","Id":"k","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":"x","NotPrincipal":{"AWS":[]},"Action":"kms:*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"allow","Principal":{"AWS":["a",""]},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"":"x","k":[1,true],"n":null}}}]}`,
		`{"Version":"","Statement":[]}`,
	} {
		f.Add(uint8(0), uint64(0), []byte(s))
	}
	f.Add(uint8(3), uint64(42), []byte(nil))
	f.Fuzz(func(t *testing.T, kind uint8, seed uint64, data []byte) {
		k := Kinds()[int(kind)%len(Kinds())]
		if d, err := Decode(k, data); err == nil {
			d.decoded = false
			if err := compareWithSchema(d); err != nil {
				t.Fatalf("decoded: %v", err)
			}
		}
		g := gen{rand.New(rand.NewPCG(seed, uint64(len(data))))}
		if err := compareWithSchema(g.document()); err != nil {
			t.Fatalf("generated: %v", err)
		}
	})
}

// TestSidCharacters compares the Sid checks with the patterns they stand
// for, ^[A-Za-z0-9]*$ and, in key policies, ^[A-Za-z0-9 ]*$, on every byte
// and on a few strings.
func TestSidCharacters(t *testing.T) {
	iam, kms := regexp.MustCompile(`^[A-Za-z0-9]*$`), regexp.MustCompile(`^[A-Za-z0-9 ]*$`)
	inputs := []string{"", "Enable IAM User Permissions", "AWSCloudTrailWrite1", "a-b", "é", "\xff", "a\x00"}
	for b := range 256 {
		inputs = append(inputs, string([]byte{byte(b)}), "Sid"+string([]byte{byte(b)}))
	}
	for _, s := range inputs {
		if got, want := iamSid(s), iam.MatchString(s); got != want {
			t.Errorf("iamSid(%q) = %v, the pattern says %v", s, got, want)
		}
		if got, want := kmsSid(s), kms.MatchString(s); got != want {
			t.Errorf("kmsSid(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}

// TestConditionOperatorName compares conditionOperatorName with the
// schema's pattern.
func TestConditionOperatorName(t *testing.T) {
	pattern := regexp.MustCompile(`^((ForAnyValue|ForAllValues):)?[A-Za-z]+$`)
	for _, s := range []string{"", "StringEquals", "ForAnyValue:StringLike", "ForAllValues:X", "ForAnyValue:", "ForAllValues:",
		"ForAnyValue:ForAllValues:X", "forAnyValue:X", "String Equals", "Bad-Op", "a1", "StringEquals\n", "é", "ForAnyValue:StringLike:", "Null", "@", "[", "`", "{"} {
		if got, want := conditionOperatorName(s), pattern.MatchString(s); got != want {
			t.Errorf("conditionOperatorName(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}

// TestCharactersValidAtEveryOffset puts each kind of character AWS refuses,
// and each it allows, at every offset of a rendering, so that the
// eight-bytes-at-a-time scan of charactersValid is seen to miss none.
func TestCharactersValidAtEveryOffset(t *testing.T) {
	for _, tc := range []struct {
		value string
		ok    bool
	}{
		{"é", true}, {"ÿ", true}, {"\t", true}, {"\n", true}, {"\r", true}, {`"`, true}, {`\`, true}, {"\x7f", true},
		{"ā", false}, {"\u2028", false}, {"🪵", false}, {"\x01", false}, {"\b", false}, {"\f", false}, {"\xff", false}, {"\ufffd", false},
	} {
		for pad := range 17 {
			d := New(KindSCP, iampolicy.Statement{Effect: "Deny", Action: Strings("s3:*"), Resource: Strings("*"),
				Condition: Conditions{}.With("StringEquals", "k", strings.Repeat("a", pad)+tc.value+strings.Repeat("b", pad))})
			compact, err := d.CompactJSON()
			if err != nil {
				t.Fatal(err)
			}
			if got, want := charactersValid(compact), checkCharacters(compact) == nil; got != want || got != tc.ok {
				t.Errorf("%q after %d bytes: charactersValid %v, checkCharacters %v, want %v", tc.value, pad, got, want, tc.ok)
			}
		}
	}
}
