package trailpolicy_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
	"github.com/trailpolicy/trailpolicy/trust"
)

// TestLoadSetupValuesKeepTheirMeaning: a value of a setup file is read as
// what it says or refused, in YAML as in JSON. go.yaml.in/yaml/v3 alone
// reads a quoted "yes" as true, 04000 as 2048 and 5120.5 as 5120.
func TestLoadSetupValuesKeepTheirMeaning(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             string // the one problem, after the file name
		reason           string
	}{
		// Booleans.
		{"bool-bare-yes", "s.yaml", "scp: {omit: yes}\n", "line 1: scp.omit: yes is not true or false: YAML 1.1 reads it as true and YAML 1.2 as a string; write true", "YAML 1.1 and 1.2 disagree"},
		{"bool-bare-off", "s.yaml", "scp:\n  leaveKeyUnprotected: off\n", "line 2: scp.leaveKeyUnprotected: off is not true or false: YAML 1.1 reads it as false and YAML 1.2 as a string; write false", "off is a YAML 1.1 boolean"},
		{"bool-bare-y", "s.yaml", "omitEncryptionDeniesForFirstCreate: y\n", "line 1: omitEncryptionDeniesForFirstCreate: y is not true or false: YAML 1.1 reads it as true and YAML 1.2 as a string; write true", "y is one too"},
		{"bool-quoted-yes", "s.yaml", "scp: {omit: \"yes\"}\n", `line 1: scp.omit: "yes" is a quoted string, never a boolean; write true or false without quotes`, "the decoder alone reads a quoted yes as true"},
		{"bool-quoted-true", "s.yaml", "scp: {omit: 'true'}\n", `line 1: scp.omit: "true" is a quoted string, never a boolean; write true or false without quotes`, "a quoted string is never a boolean"},
		{"bool-number", "s.yaml", "scp: {omit: 1}\n", "line 1: scp.omit: 1 where true or false belongs", "1 is not true"},
		{"bool-json-string", "s.json", `{"scp": {"omit": "true"}}`, "scp.omit: a JSON string where true or false belongs", "JSON refuses a string too"},

		// Whole numbers.
		{"int-octal", "s.yaml", "scp: {sizeLimit: 04000}\n", "line 1: scp.sizeLimit: 04000 is not a plain decimal whole number (digits only, such as 5120): YAML reads it as 2048", "a leading zero is octal to the decoder"},
		{"int-octal-1.2", "s.yaml", "scp: {sizeLimit: 0o10}\n", "line 1: scp.sizeLimit: 0o10 is not a plain decimal whole number (digits only, such as 5120): YAML reads it as 8", "YAML 1.2 octal"},
		{"int-hex", "s.yaml", "scp: {sizeLimit: 0x10}\n", "line 1: scp.sizeLimit: 0x10 is not a plain decimal whole number (digits only, such as 5120): YAML reads it as 16", "hex"},
		{"int-fraction", "s.yaml", "scp: {sizeLimit: 5120.5}\n", "line 1: scp.sizeLimit: 5120.5 is not a plain decimal whole number (digits only, such as 5120): YAML reads it as 5120.5", "the decoder alone drops the .5"},
		{"int-exponent", "s.yaml", "scp: {sizeLimit: 1.2e11}\n", "line 1: scp.sizeLimit: 1.2e11 is not a plain decimal whole number (digits only, such as 5120): YAML reads it as 1.2e+11", "a float, even a whole one"},
		{"int-separators", "s.yaml", "scp: {sizeLimit: 5_120}\n", "line 1: scp.sizeLimit: 5_120 is not a plain decimal whole number (digits only, such as 5120): YAML reads it as 5120", "digit separators are not plain decimal"},
		{"int-plus", "s.yaml", "scp: {sizeLimit: +5120}\n", "line 1: scp.sizeLimit: +5120 is not a plain decimal whole number (digits only, such as 5120): YAML reads it as 5120", "only digits and a minus sign"},
		{"int-quoted", "s.yaml", "scp: {sizeLimit: \"5120\"}\n", `line 1: scp.sizeLimit: "5120" is a quoted string, not a number; write the digits without quotes`, "a string is not a number"},
		{"int-too-large", "s.yaml", "scp: {sizeLimit: 99999999999999999999}\n", "line 1: scp.sizeLimit: 99999999999999999999 is not a plain decimal whole number (digits only, such as 5120): YAML reads it as 1e+20", "past the range"},
		{"int-json-fraction", "s.json", `{"scp": {"sizeLimit": 5120.5}}`, "scp.sizeLimit: a JSON number 5120.5 where a whole number belongs", "JSON refuses it too"},
		{"int-json-exponent", "s.json", `{"scp": {"sizeLimit": 1.2e11}}`, "scp.sizeLimit: a JSON number 1.2e11 where a whole number belongs", "and an exponent"},

		// Strings, account IDs first.
		{"account-leading-zero", "s.yaml", "accounts: [012345678901]\n", `line 1: accounts[0]: 012345678901 has a leading zero, which a YAML number loses (and YAML 1.1 reads as octal); quote it, "012345678901"`, "another reader would drop the zero"},
		{"account-leading-zero-octal", "s.yaml", "logArchiveAccount: 012345670123\n", `line 1: logArchiveAccount: 012345670123 has a leading zero, which a YAML number loses (and YAML 1.1 reads as octal); quote it, "012345670123"`, "octal digits only: YAML 1.1 reads a different number"},
		{"account-hex", "s.yaml", "accounts: [\"123456789012\", 0x1CBE991A14]\n", `line 1: accounts[1]: YAML reads 0x1CBE991A14 as a whole number, not as text; quote it, "0x1CBE991A14"`, "a hex number is not an ID's digits"},
		{"account-exponent", "s.yaml", "vendor: {account: 1.23456789012e11, externalId: x-1}\n", `line 1: vendor.account: YAML reads 1.23456789012e11 as a number, not as text; quote it, "1.23456789012e11"`, "the same number, other digits"},
		{"string-bare-yes", "s.yaml", "vendor: {account: \"998877665544\", externalId: yes}\n", `line 1: vendor.externalId: yes is a boolean to YAML 1.1 (yes, no, on, off, y, n) and a string to YAML 1.2; quote it, "yes", to mean the text`, "another reader would read true"},
		{"string-bool", "s.yaml", "vendor: {account: \"998877665544\", externalId: true}\n", `line 1: vendor.externalId: YAML reads true as a boolean, not as text; quote it, "true"`, "a boolean where text belongs"},
		{"string-float", "s.yaml", "bucketRegion: 1.5\n", `line 1: bucketRegion: YAML reads 1.5 as a number, not as text; quote it, "1.5"`, "a float where text belongs"},
		{"string-date", "s.yaml", "vendor: {account: \"998877665544\", externalId: 2001-12-14}\n", `line 1: vendor.externalId: YAML reads 2001-12-14 as a date, not as text; quote it, "2001-12-14"`, "a date where text belongs"},
		{"string-negative", "s.yaml", "vendor: {account: \"998877665544\", externalId: -12}\n", `line 1: vendor.externalId: YAML reads -12 as a whole number, not as text; quote it, "-12"`, "a sign is not an ID's text"},
		{"string-list", "s.yaml", "bucket: [a]\n", "line 1: bucket: a list where a string belongs", "a list is not a name"},

		// Lists and objects.
		{"list-scalar", "s.yaml", "accounts: \"123456789012\"\n", `line 1: accounts: a string (123456789012) where a list of strings belongs; write ["123456789012"] for a list of one`, "a scalar where a list belongs names the field, not []string"},
		{"list-number", "s.yaml", "accounts: 123456789012\n", `line 1: accounts: a whole number (123456789012) where a list of strings belongs; write ["123456789012"] for a list of one`, "the same, unquoted"},
		{"list-object", "s.yaml", "readers: {a: b}\n", "line 1: readers: an object where a list of strings belongs", "an object is not a list"},
		{"list-json-string", "s.json", `{"accounts": "123456789012"}`, "accounts: a JSON string where a list of strings belongs", "JSON names the field too"},
		{"object-scalar", "s.yaml", "vendor: x\n", "line 1: vendor: a string (x) where an object belongs", "a string is not the vendor"},
		{"object-list", "s.yaml", "organization: [o-a1b2c3d4e5]\n", "line 1: organization: a list where an object belongs", "a list is not an organization"},
		{"top-scalar", "s.yaml", "hello\n", "line 1: the setup: a string (hello) where an object belongs", "a setup is an object"},
		{"top-null", "s.yaml", "~\n", "line 1: the setup is empty", "null is no setup"},
		{"top-null-json", "s.json", "null", "the setup is empty", "in JSON neither"},
		{"merge-scalar", "s.yaml", "scp: {<<: 5}\n", "line 1: scp: a merge key (<<) takes a mapping or a list of mappings, not a whole number (5)", "a merge key merges mappings"},
		{"key-not-a-name", "s.yaml", "? [a]\n: b\n", "line 1: the setup: a list as a key: a key is a field's name", "a key is a name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := trailpolicy.LoadSetup([]byte(tc.data), tc.file)
			if err == nil {
				t.Fatalf("LoadSetup = %+v, nil; want %q (%s)", got, tc.want, tc.reason)
			}
			var msgs []string
			for _, e := range policy.Unjoin(err) {
				msgs = append(msgs, e.Error())
				if !errors.Is(e, trailpolicy.ErrSetupFile) {
					t.Errorf("problem %q does not wrap ErrSetupFile", e)
				}
			}
			if diff := cmp.Diff([]string{tc.file + ": " + tc.want}, msgs); diff != "" {
				t.Errorf("problems (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if diff := cmp.Diff(trailpolicy.Setup{}, got); diff != "" {
				t.Errorf("LoadSetup returned a setup with its error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadSetupValuesAccepted: what the rules above leave alone.
func TestLoadSetupValuesAccepted(t *testing.T) {
	tests := []struct {
		name, data string
		want       trailpolicy.Setup
		reason     string
	}{
		{"bools", "scp: {omit: true, leaveKeyUnprotected: False, allowObjectOverwrite: TRUE}\n",
			trailpolicy.Setup{SCP: scp.Options{Omit: true, AllowObjectOverwrite: true}}, "YAML 1.2's true and false, in its three spellings"},
		{"int", "scp: {sizeLimit: 5120}\n", trailpolicy.Setup{SCP: scp.Options{SizeLimit: 5120}}, "plain digits"},
		{"int-negative", "scp: {sizeLimit: -1}\n", trailpolicy.Setup{SCP: scp.Options{SizeLimit: -1}}, "a sign; Build refuses the value, not the loader"},
		{"account-unquoted", "accounts: [123456789012, \"012345678901\"]\nlogArchiveAccount: 999988887777\n",
			trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{"123456789012", "012345678901"}, LogArchiveAccount: "999988887777"}}, "an unquoted ID is its own decimal text; a quoted one keeps its zero"},
		{"quoted-strings", "bucket: \"1234\"\nvendor: {account: '998877665544', externalId: \"yes\"}\n",
			trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "1234"}, Vendor: &trust.Vendor{Account: "998877665544", ExternalID: "yes"}}, "quoted text is text"},
		{"tagged-string", "vendor: {externalId: !!str on}\n", trailpolicy.Setup{Vendor: &trust.Vendor{ExternalID: "on"}}, "an explicit !!str says what is meant"},
		{"block-string", "vendor:\n  externalId: >-\n    no\n", trailpolicy.Setup{Vendor: &trust.Vendor{ExternalID: "no"}}, "a block scalar is text"},
		{"plain-number-bucket", "bucket: 1234\n", trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "1234"}}, "a plain number that is its own decimal text"},
		{"nulls", "prefix: ~\nvendor: null\norganization:\naccounts: [\"123456789012\"]\n",
			trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{"123456789012"}}}, "null leaves a field unset"},
		{"anchors", "readers: &r [\"arn:aws:iam::123456789012:role/R\"]\nbreakGlassRoles: *r\nscp: &s {omit: true}\n",
			trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Readers: []string{"arn:aws:iam::123456789012:role/R"}, BreakGlassRoles: []string{"arn:aws:iam::123456789012:role/R"}}, SCP: scp.Options{Omit: true}}, "aliases are read as the decoder reads them"},
		{"merge", "scp:\n  <<: {omit: true, sizeLimit: 100}\n  sizeLimit: 5120\n", trailpolicy.Setup{SCP: scp.Options{Omit: true, SizeLimit: 5120}}, "a key of the mapping overrides a merged one"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := trailpolicy.LoadSetup([]byte(tc.data), "s.yaml")
			if err != nil {
				t.Fatalf("LoadSetup: %v (%s)", err, tc.reason)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("LoadSetup (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}
}

// TestLoadSetupHostileSizes: a huge key is named cut, with no suggestion
// computed from it, and aliases cannot make the walk visit more than a
// bounded number of nodes.
func TestLoadSetupHostileSizes(t *testing.T) {
	key := strings.Repeat("x", 3<<20)
	for _, file := range []string{"s.yaml", "s.json"} {
		data := "? " + key + "\n: 1\n" // an explicit key: YAML allows 1,024 characters in an implicit one
		if file == "s.json" {
			data = `{"` + key + `": 1}`
		}
		start := time.Now()
		_, err := trailpolicy.LoadSetup([]byte(data), file)
		if err == nil {
			t.Fatalf("%s: a 3 MiB unknown key loads", file)
		}
		if msg := err.Error(); len(msg) > 1000 || !strings.Contains(msg, strings.Repeat("x", 120)+"…: unknown field") {
			t.Errorf("%s: error is %d bytes and starts %.200q; want the key cut at 120 characters", file, len(msg), msg)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: a 3 MiB key took %v", file, d)
		}
	}

	// A merge list that names one mapping 20,000 times, each holding
	// 1,000 readers: 20 million values from 60 KB.
	var b strings.Builder
	b.WriteString("<<: [&m {readers: [")
	for i := range 1000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("r")
	}
	b.WriteString("]}")
	for range 20000 {
		b.WriteString(", *m")
	}
	b.WriteString("]\n")
	start := time.Now()
	_, err := trailpolicy.LoadSetup([]byte(b.String()), "s.yaml")
	if err == nil || !strings.Contains(err.Error(), "aliases repeat the setup's values past") {
		t.Errorf("alias bomb: error %v, want the walk's bound", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("alias bomb took %v", d)
	}
}
