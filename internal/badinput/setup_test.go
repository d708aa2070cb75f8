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
			run: loadSetup("setup.yaml", goodYAML+"bucket: other-bucket\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.yaml", value: `"bucket" already defined`},
		{name: "setup/yaml-two-documents", reason: "a second document would be ignored",
			run: loadSetup("setup.yaml", goodYAML+"---\nbucket: other-bucket\n"), plain: true, sentinel: trailpolicy.ErrSetupFile, field: "setup.yaml", value: "more than one YAML document"},
		{name: "setup/yaml-account-number", reason: "an unquoted list is still read as strings, so the account is checked as given",
			run: loadSetup("setup.yaml", "bucket: "+bucketName+"\naccounts: [0111111111111]\n"), field: "accounts[0]", value: "0111111111111", sentinel: policy.ErrAccountID},
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
