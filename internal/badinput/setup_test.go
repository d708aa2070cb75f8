package badinput_test

import (
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// loadSetup loads data as a setup file called name, then builds it.
func loadSetup(name, data string) func() (bool, error) {
	return func() (bool, error) {
		s, err := trailpolicy.LoadSetup([]byte(data), name)
		if err != nil {
			return false, err
		}
		b, err := s.Build()
		return b != nil, err
	}
}

// buildSetup builds a well-formed setup changed by mod.
func buildSetup(mod func(*trailpolicy.Setup)) func() (bool, error) {
	return func() (bool, error) {
		s := trailpolicy.Setup{
			SiteConfig: cloudtrail.SiteConfig{
				Bucket:            bucketName,
				Accounts:          []string{acctA},
				LogArchiveAccount: acctB,
				KMSKeyARN:         keyARN,
			},
			Vendor: &trust.Vendor{Account: vendorAcct, ExternalID: extID},
		}
		mod(&s)
		b, err := s.Build()
		return b != nil, err
	}
}

const goodYAML = "bucket: " + bucketName + "\naccounts: [\"" + acctA + "\"]\n"

// setupCatalogue holds the hostile setup files and setups: a misspelt
// field must not silently drop a safeguard, and problems are reported with
// the setup's own paths.
func setupCatalogue() []badCase {
	return []badCase{
		{name: "setup/yaml-misspelt-top-level-field", reason: "a misspelt field must not be dropped silently",
			run: loadSetup("setup.yaml", "bucket: "+bucketName+"\nacounts: [\""+acctA+"\"]\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.yaml", value: "acounts"},
		{name: "setup/yaml-misspelt-safeguard", reason: "scp.omit misspelt would otherwise keep the SCP while the author meant to drop it, or worse the reverse",
			run: loadSetup("setup.yaml", goodYAML+"scp:\n  leaveKeyUnprotectd: true\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.yaml", value: "leaveKeyUnprotectd"},
		{name: "setup/yaml-wrong-case", reason: "kmsKeyARN is not kmsKeyArn: the key and its denies would be dropped",
			run: loadSetup("setup.yaml", goodYAML+"kmsKeyARN: "+keyARN+"\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.yaml", value: "kmsKeyARN"},
		{name: "setup/yaml-duplicate-key", reason: "the second value would silently win",
			run: loadSetup("setup.yaml", goodYAML+"bucket: other-bucket\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.yaml", value: "bucket: given twice (first at line 1)"},
		{name: "setup/yaml-two-documents", reason: "a second document would be ignored",
			run: loadSetup("setup.yaml", goodYAML+"---\nbucket: other-bucket\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.yaml", value: "more than one YAML document"},
		{name: "setup/yaml-account-number", reason: "an unquoted 12-digit ID is its own decimal text, so the account is checked as given",
			run: loadSetup("setup.yaml", "bucket: "+bucketName+"\naccounts: [11111111111]\n"), field: "accounts[0]", value: "11111111111", sentinel: policy.ErrAccountID},
		{name: "setup/yaml-account-leading-zero", reason: "a YAML number loses the zero; YAML 1.1 reads 0111... as octal",
			run: loadSetup("setup.yaml", "bucket: "+bucketName+"\naccounts: [0111111111111]\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "accounts[0]", value: "0111111111111 has a leading zero",
			contains: []string{`quote it, "0111111111111"`}},
		{name: "setup/yaml-account-octal-digits", reason: "012345670123 is another number to a YAML 1.1 reader",
			run: loadSetup("setup.yaml", "bucket: "+bucketName+"\nlogArchiveAccount: 012345670123\naccounts: [\""+acctA+"\"]\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "logArchiveAccount", value: "has a leading zero"},
		{name: "setup/yaml-account-hex", reason: "a hex number is not the ID's digits",
			run: loadSetup("setup.yaml", "bucket: "+bucketName+"\naccounts: [0x19DE7AF9C7]\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "accounts[0]", value: "YAML reads 0x19DE7AF9C7 as a whole number"},
		{name: "setup/yaml-account-float", reason: "1.11111111111e11 is 111111111111 to YAML, written otherwise",
			run: loadSetup("setup.yaml", "bucket: "+bucketName+"\naccounts: [1.11111111111e11]\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "accounts[0]", value: "YAML reads 1.11111111111e11 as a number"},

		// Booleans: the decoder alone reads yes, on, y and even a quoted "yes" as true.
		{name: "setup/yaml-bool-quoted-yes", reason: "a quoted string is never a boolean",
			run: loadSetup("setup.yaml", goodYAML+"scp:\n  omit: \"yes\"\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.omit", value: `"yes" is a quoted string, never a boolean`},
		{name: "setup/yaml-bool-quoted-true", reason: "a quoted string is never a boolean",
			run: loadSetup("setup.yaml", goodYAML+"scp:\n  leaveKeyUnprotected: 'true'\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.leaveKeyUnprotected", value: `"true" is a quoted string`},
		{name: "setup/yaml-bool-bare-yes", reason: "YAML 1.1 and 1.2 disagree about yes",
			run: loadSetup("setup.yaml", goodYAML+"scp: {omit: yes}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.omit", value: "yes is not true or false", contains: []string{"write true"}},
		{name: "setup/yaml-bool-bare-on", reason: "on is a YAML 1.1 boolean",
			run: loadSetup("setup.yaml", goodYAML+"omitEncryptionDeniesForFirstCreate: on\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "omitEncryptionDeniesForFirstCreate", value: "on is not true or false"},
		{name: "setup/yaml-bool-bare-off", reason: "off is a YAML 1.1 boolean",
			run: loadSetup("setup.yaml", goodYAML+"scp: {allowObjectOverwrite: off}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.allowObjectOverwrite", value: "off is not true or false", contains: []string{"write false"}},
		{name: "setup/yaml-string-bare-no", reason: "an external ID of no is false to a YAML 1.1 reader",
			run: loadSetup("setup.yaml", goodYAML+"vendor: {account: \""+vendorAcct+"\", externalId: no}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "vendor.externalId", value: "no is a boolean to YAML 1.1"},

		// Whole numbers: the decoder alone reads 04000 as 2048 and 5120.5 as 5120.
		{name: "setup/yaml-int-octal", reason: "04000 is 2048 to the decoder",
			run: loadSetup("setup.yaml", goodYAML+"scp: {sizeLimit: 04000}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.sizeLimit", value: "04000 is not a plain decimal whole number", contains: []string{"reads it as 2048"}},
		{name: "setup/yaml-int-hex", reason: "0x10 is 16 to the decoder",
			run: loadSetup("setup.yaml", goodYAML+"scp: {sizeLimit: 0x1400}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.sizeLimit", value: "0x1400 is not a plain decimal whole number"},
		{name: "setup/yaml-int-fraction", reason: "the decoder alone drops the .5",
			run: loadSetup("setup.yaml", goodYAML+"scp: {sizeLimit: 5120.5}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.sizeLimit", value: "5120.5 is not a plain decimal whole number"},
		{name: "setup/yaml-int-exponent", reason: "a float, whole or not, is not an integer",
			run: loadSetup("setup.yaml", goodYAML+"scp: {sizeLimit: 1.2e11}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.sizeLimit", value: "1.2e11 is not a plain decimal whole number"},
		{name: "setup/yaml-int-quoted", reason: "a string is not a number",
			run: loadSetup("setup.yaml", goodYAML+"scp: {sizeLimit: \"5120\"}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.sizeLimit", value: `"5120" is a quoted string, not a number`},
		{name: "setup/json-int-fraction", reason: "JSON refuses a fraction where a whole number belongs",
			run: loadSetup("setup.json", `{"bucket":"`+bucketName+`","accounts":["`+acctA+`"],"scp":{"sizeLimit":5120.5}}`), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.sizeLimit", value: "a JSON number 5120.5 where a whole number belongs"},
		{name: "setup/json-bool-string", reason: "JSON refuses a string where a boolean belongs",
			run: loadSetup("setup.json", `{"bucket":"`+bucketName+`","accounts":["`+acctA+`"],"scp":{"omit":"true"}}`), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.omit", value: "a JSON string where true or false belongs"},

		// A scalar where a list or an object belongs names the field, not a Go type.
		{name: "setup/yaml-scalar-for-list", reason: "not cannot unmarshal !!str into []string",
			run: loadSetup("setup.yaml", "bucket: "+bucketName+"\naccounts: \""+acctA+"\"\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "accounts", value: "a string (" + acctA + ") where a list of strings belongs",
			contains: []string{`write ["` + acctA + `"]`}},
		{name: "setup/yaml-number-for-list", reason: "an unquoted ID where the list belongs",
			run: loadSetup("setup.yaml", "bucket: "+bucketName+"\naccounts: "+acctA+"\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "accounts", value: "where a list of strings belongs"},
		{name: "setup/yaml-object-for-list", reason: "an object is not a list",
			run: loadSetup("setup.yaml", goodYAML+"readers: {arn: x}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "readers", value: "an object where a list of strings belongs"},
		{name: "setup/yaml-scalar-for-object", reason: "a string is not the vendor",
			run: loadSetup("setup.yaml", goodYAML+"vendor: "+vendorAcct+"\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "vendor", value: "where an object belongs"},
		{name: "setup/json-scalar-for-list", reason: "JSON names the field too",
			run: loadSetup("setup.json", `{"bucket":"`+bucketName+`","accounts":"`+acctA+`"}`), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "accounts", value: "a JSON string where a list of strings belongs"},

		// Errors never echo a whole hostile input.
		{name: "setup/yaml-huge-unknown-key", reason: "a 1 MiB key is named cut at 120 characters",
			run: loadSetup("setup.yaml", goodYAML+"? "+strings.Repeat("k", 1<<20)+"\n: 1\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.yaml", value: strings.Repeat("k", 120) + "…: unknown field",
			short: true},
		{name: "setup/json-huge-unknown-key", reason: "a 1 MiB key is named cut at 120 characters",
			run: loadSetup("setup.json", `{"bucket":"`+bucketName+`","`+strings.Repeat("k", 1<<20)+`":1}`), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.json", value: strings.Repeat("k", 120) + "…: unknown field",
			short: true},
		{name: "setup/json-huge-duplicate-key", reason: "a duplicate's path is cut too",
			run:   loadSetup("setup.json", `{"bucket":"`+bucketName+`","`+strings.Repeat("k", 1<<20)+`":1,"`+strings.Repeat("k", 1<<20)+`":2}`),
			plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.json", value: strings.Repeat("k", 120) + `…" is given twice`, short: true},
		{name: "setup/yaml-huge-wrong-value", reason: "a quoted value in an error is cut",
			run: loadSetup("setup.yaml", goodYAML+"scp: {omit: \""+strings.Repeat("y", 1<<20)+"\"}\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "scp.omit", value: `"` + strings.Repeat("y", 120) + `…" is a quoted string`,
			short: true},
		{name: "setup/json-misspelt-field", reason: "a misspelt field must not be dropped silently",
			run: loadSetup("setup.json", `{"bucket":"`+bucketName+`","accounts":["`+acctA+`"],"breakGlassRole":["x"]}`), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.json", value: "breakGlassRole"},
		{name: "setup/json-wrong-case", reason: "encoding/json would match externalID to externalId without a word",
			run:   loadSetup("setup.json", `{"bucket":"`+bucketName+`","accounts":["`+acctA+`"],"vendor":{"account":"`+vendorAcct+`","externalID":"`+extID+`"}}`),
			plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.json", value: "externalID"},
		{name: "setup/json-duplicate-safeguard", reason: "encoding/json keeps the last value: the second scp object would drop the SCP",
			run:   loadSetup("setup.json", `{"bucket":"`+bucketName+`","accounts":["`+acctA+`"],"scp":{"omit":false},"scp":{"omit":true}}`),
			plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.json", value: `"scp" is given twice`},
		{name: "setup/json-duplicate-nested", reason: "a duplicate inside an object is as silent as one at the top",
			run:   loadSetup("setup.json", `{"bucket":"`+bucketName+`","accounts":["`+acctA+`"],"scp":{"omit":false,"omit":true}}`),
			plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.json", value: `"scp.omit" is given twice`},
		{name: "setup/json-duplicate-case", reason: "encoding/json fills bucket from Bucket as well, so the second bucket would win",
			run:   loadSetup("setup.json", `{"bucket":"`+bucketName+`","Bucket":"other-bucket","accounts":["`+acctA+`"]}`),
			plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.json", value: `"Bucket" is given twice, once as "bucket"`},
		{name: "setup/json-trailing-data", reason: "a second object would be ignored",
			run: loadSetup("setup.json", `{"bucket":"`+bucketName+`","accounts":["`+acctA+`"]} {"bucket":"x"}`), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.json", value: "after the setup"},
		{name: "setup/account-fullwidth", reason: "paths are the setup's own",
			run: buildSetup(func(s *trailpolicy.Setup) { s.Accounts = []string{fullwidthTwos} }), field: "accounts[0]", value: fullwidthTwos, sentinel: policy.ErrAccountID},
		{name: "setup/vendor-is-log-account", reason: "a vendor is a third party",
			run: buildSetup(func(s *trailpolicy.Setup) { s.Vendor.Account = acctB }), field: "vendor.account", value: acctB, sentinel: policy.ErrConflict,
			contains: []string{"(logArchiveAccount)", "give them a reader role of their own"}},
		{name: "setup/vendor-external-id-newline", reason: "a value pasted with its newline",
			run: buildSetup(func(s *trailpolicy.Setup) { s.Vendor.ExternalID = extID + "\n" }), field: "vendor.externalId", value: extID + "\n", sentinel: policy.ErrExternalID},
		{name: "setup/key-partition-mix", reason: "an aws-cn key in an aws setup",
			run: buildSetup(func(s *trailpolicy.Setup) {
				s.KMSKeyARN = strings.Replace(keyARN, "arn:aws:kms:us-east-1", "arn:aws-cn:kms:cn-north-1", 1)
			}),
			field: "kmsKeyArn", value: strings.Replace(keyARN, "arn:aws:kms:us-east-1", "arn:aws-cn:kms:cn-north-1", 1), sentinel: policy.ErrARN},
		{name: "setup/prefix-double-slash", reason: "an empty segment",
			run: buildSetup(func(s *trailpolicy.Setup) { s.Prefix = "logs//org" }), field: "prefix", value: "logs//org", sentinel: cloudtrail.ErrPrefix},
	}
}
