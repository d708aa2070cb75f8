package policy_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The fuzz targets feed the parsers, validators and the decoder with
// arbitrary strings. Plain `go test` replays the seeds below and the corpus
// in testdata/fuzz/; `go test -run='^$' -fuzz='^FuzzParseARN$' ./policy`
// explores further. Invariants: no panic; an error is a *FieldError naming
// the field and the value as given, wrapping a sentinel of package policy;
// a success re-serialises to the input and holds only what AWS allows.

const fuzzField = "Fuzz[0]"

// fuzzARNSeeds are good and bad ARNs of every shape the parsers know.
var fuzzARNSeeds = []string{
	"arn:aws:s3:::my-bucket",
	"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	"arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
	"arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	"arn:aws:kms:us-east-1:111122223333:alias/cloudtrail",
	"arn:aws-cn:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail",
	"arn:aws:cloudtrail:us-east-1:1111222233:trail/org-trail",
	"arn:aws:cloudtrail:us-iso-east-1:111122223333:trail/x..y",
	"arn:aws:iam::111122223333:role/path/to/Reader",
	"arn:aws:iam::111122223333:root",
	"arn:aws:iam::111122223333:user/alice",
	"arn:aws:iam::１１１１２２２２３３３３:root",
	"arn:aws:iam::111122223333:role/",
	"arn:aws:sts::111122223333:assumed-role/Reader/s",
	"arn:aws:iam::111122223333:role/a\x00b",
	" arn:aws:s3:::bucket",
	"arn:aws:s3:::bucket\n",
	"arn::::::",
	"arn",
	"",
}

// FuzzParseARN runs every ARN parser on the same input.
func FuzzParseARN(f *testing.F) {
	for _, s := range fuzzARNSeeds {
		f.Add(s)
	}
	parsers := []struct {
		name  string
		parse func(field, s string) (policy.ARN, error)
		typed bool // a typed parser: its ARNs go into policies as they are
	}{
		{"ParseARN", policy.ParseARN, false},
		{"ParseKeyARN", policy.ParseKeyARN, true},
		{"ParseRoleARN", policy.ParseRoleARN, true},
		{"ParseIAMPrincipalARN", policy.ParseIAMPrincipalARN, true},
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, baseErr := policy.ParseARN(fuzzField, s)
		for _, p := range parsers {
			a, err := p.parse(fuzzField, s)
			if err != nil {
				if a != (policy.ARN{}) {
					t.Errorf("%s(%q) returned %+v with an error", p.name, s, a)
				}
				checkFuzzFieldError(t, p.name, err, s, policy.ErrARN, policy.ErrRequired)
				continue
			}
			if baseErr != nil {
				t.Errorf("%s(%q) accepted what ParseARN refuses: %v", p.name, s, baseErr)
			}
			if got := a.String(); got != s {
				t.Errorf("%s(%q).String() = %q, want the input back", p.name, s, got)
			}
			if policy.CheckPartition("", a.Partition) != nil {
				t.Errorf("%s(%q) accepted partition %q", p.name, s, a.Partition)
			}
			if a.AccountID != "" && policy.CheckAccountID("", a.AccountID) != nil {
				t.Errorf("%s(%q) accepted account %q", p.name, s, a.AccountID)
			}
			if p.typed {
				if a.AccountID == "" {
					t.Errorf("%s(%q) accepted an ARN without an account", p.name, s)
				}
				// A typed ARN goes into a policy verbatim: it must hold only
				// printable ASCII, never control characters or look-alikes.
				if r, bad := firstNonPrintableASCII(s); bad {
					t.Errorf("%s(%q) accepted %U", p.name, s, r)
				}
			}
		}
	})
}

// FuzzCheckIDs runs every string validator on the same input.
func FuzzCheckIDs(f *testing.F) {
	for _, s := range []string{
		"111122223333", "11112222333", "1111222233334", "١١١١٢٢٢٢٣٣٣٣", "１１１１２２２２３３３３", " 111122223333", "111122223333\n",
		"o-exampleorg1", "o-EXAMPLEORG1", "o-short", "o-a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q",
		"my-log-bucket", "My-Bucket", "192.168.1.1", "xn--bucket", "bucket--ol-s3", "a..b", "ab",
		"logs/org", "/logs", "logs/", "a//b", "a/../b", "AWSLogs", "logs\x00", "log s",
		"Vendor-Ext_ID:1/2@x=y,z+w.", "x", strings.Repeat("e", 1225), "ext id", "ext\nid",
		"CloudTrailLogReader", strings.Repeat("r", 65), "us-east-1", "us-gov-west-1", "", "\x00",
	} {
		f.Add(s)
	}
	checks := []struct {
		name     string
		check    func(field, s string) error
		sentinel error
		ok       func(s string) bool // a property every accepted value has
	}{
		{"CheckAccountID", policy.CheckAccountID, policy.ErrAccountID, func(s string) bool { return len(s) == 12 && strings.Trim(s, "0123456789") == "" }},
		{"CheckOrgID", policy.CheckOrgID, policy.ErrOrgID, func(s string) bool { return strings.HasPrefix(s, "o-") && len(s) >= 12 && len(s) <= 34 }},
		{"CheckBucketName", policy.CheckBucketName, policy.ErrBucketName, func(s string) bool { return len(s) >= 3 && len(s) <= 63 && !strings.Contains(s, "..") }},
		{"CheckExternalID", policy.CheckExternalID, policy.ErrExternalID, func(s string) bool { return len(s) >= 2 && len(s) <= 1224 }},
		{"CheckRoleName", policy.CheckRoleName, policy.ErrRoleName, func(s string) bool { return len(s) >= 1 && len(s) <= 64 }},
		{"CheckRegion", policy.CheckRegion, policy.ErrRegion, func(s string) bool { return strings.Count(s, "-") >= 2 }},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range checks {
			err := c.check(fuzzField, s)
			if err != nil {
				checkFuzzFieldError(t, c.name, err, s, c.sentinel, policy.ErrRequired)
				continue
			}
			if !c.ok(s) {
				t.Errorf("%s accepted %q, which breaks its rule", c.name, s)
			}
			// Every accepted ID is printable ASCII without spaces: it goes
			// into ARNs and condition values verbatim.
			if r, bad := firstNonPrintableASCII(s); bad || strings.ContainsRune(s, ' ') {
				t.Errorf("%s accepted %q, which holds %U", c.name, s, r)
			}
		}
	})
}

// FuzzDecode decodes arbitrary bytes as each kind of document. A decoded
// document that validates must render, decode and render again to the same
// bytes.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::b"}]}`,
		`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["s3:DeleteObject"],"Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::*:role/BreakGlass"]}}}]}`,
		`{"Version":"2012-10-17","Id":"k","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x1"},"Bool":{"aws:MultiFactorAuthPresent":true}}}]}`,
		`{"Version":"2012-10-17","Statement":[{"effect":"Allow"}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Bogus":"x"}}]}`,
		`{"Version":"2012-10-17","Statement":[]} {}`,
		`{"Statement":"x"}`, `[]`, `null`, ``, `{`,
	} {
		for _, k := range policy.Kinds() {
			f.Add(uint8(k), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		k := policy.Kind(kind % 7) // includes the invalid kinds 0 and 6
		d, err := policy.Decode(k, data)
		if err != nil {
			if d != nil {
				t.Fatalf("Decode returned a document with error %v", err)
			}
			return
		}
		if d == nil {
			t.Fatal("Decode returned neither a document nor an error")
		}
		// Whatever decodes renders and validates without panicking.
		_, jerr := d.JSON()
		_, cerr := d.CompactJSON()
		if verr := d.Validate(); verr == nil {
			if jerr != nil || cerr != nil {
				t.Fatalf("a valid document does not render: %v, %v", jerr, cerr)
			}
			golden.RoundTrip(t, d)
		}
	})
}

// checkFuzzFieldError asserts that err is made of *policy.FieldError values
// that name field and value and wrap one of the sentinels.
func checkFuzzFieldError(t *testing.T, fn string, err error, value string, sentinels ...error) {
	t.Helper()
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if !errors.As(e, &fe) {
			t.Errorf("%s(%q): error %T %v is not a *policy.FieldError", fn, value, e, e)
			continue
		}
		if fe.Field != fuzzField || fe.Value != value {
			t.Errorf("%s(%q): error names %s=%q, want %s=%q", fn, value, fe.Field, fe.Value, fuzzField, value)
		}
		ok := false
		for _, s := range sentinels {
			ok = ok || errors.Is(e, s)
		}
		if !ok {
			t.Errorf("%s(%q): error %v wraps none of %v", fn, value, e, sentinels)
		}
		if !utf8.ValidString(fe.Reason) {
			t.Errorf("%s(%q): reason is not valid UTF-8: %q", fn, value, fe.Reason)
		}
	}
}

// firstNonPrintableASCII returns the first rune of s outside U+0021..U+007E
// (space excluded too) and whether there is one. Spaces are reported by the
// caller where they matter.
func firstNonPrintableASCII(s string) (rune, bool) {
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return r, true
		}
	}
	return 0, false
}
