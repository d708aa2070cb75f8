package badinput_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
	"github.com/trailpolicy/trailpolicy/trust"
)

// Values of a well-formed setup; each case breaks one thing.
const (
	bucketName = "example-cloudtrail-logs"
	acctA      = "111111111111" // delivering account
	acctB      = "222222222222" // key and log archive account
	vendorAcct = "444455556666"
	orgID      = "o-exampleorgid"
	keyID      = "1234abcd-12ab-34cd-56ef-1234567890ab"
	keyARN     = "arn:aws:kms:us-east-1:" + acctB + ":key/" + keyID
	trailA     = "arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/org"
	extID      = "ExampleVendorExternalID-1234"
)

// Look-alikes of 111111111111 and 222222222222 that a copy from a web page or
// a spreadsheet can bring in: they are Unicode digits, not ASCII.
const (
	arabicIndicOnes = "١١١١١١١١١١١١" // U+0661 ARABIC-INDIC DIGIT ONE
	fullwidthTwos   = "２２２２２２２２２２２２" // U+FF12 FULLWIDTH DIGIT TWO
)

// badCase is one hostile input. run builds with it and reports whether a
// document came back; the error must name field and value (as FieldError
// prints them: `field: "value"`) in one problem that wraps sentinel.
type badCase struct {
	name     string
	reason   string
	run      func() (gotDoc bool, err error)
	field    string
	value    string
	sentinel error
	contains []string // further text the same problem must hold
	// plain marks errors of the setup decoder, which are not FieldErrors:
	// the error must hold field and value as plain text, and every problem
	// in it must wrap sentinel (trailpolicy.ErrSetupFile).
	plain bool
}

func buildBucket(mod func(*bucket.Config)) func() (bool, error) {
	return func() (bool, error) {
		cfg := bucket.Config{Bucket: bucketName, Sources: policy.Sources{Accounts: []string{acctA}}}
		mod(&cfg)
		doc, err := bucket.Build(cfg)
		return doc != nil, err
	}
}

func buildKey(mod func(*kmskey.Config)) func() (bool, error) {
	return func() (bool, error) {
		cfg := kmskey.Config{KeyARN: keyARN, Sources: policy.Sources{Accounts: []string{acctA}}}
		mod(&cfg)
		doc, err := kmskey.Build(cfg)
		return doc != nil, err
	}
}

func buildVendor(mod func(*trust.VendorConfig)) func() (bool, error) {
	return func() (bool, error) {
		cfg := trust.VendorConfig{LogArchiveAccount: acctB, VendorAccount: vendorAcct, ExternalID: extID}
		mod(&cfg)
		doc, err := trust.BuildTrustPolicy(cfg)
		return doc != nil, err
	}
}

func buildRead(mod func(*trust.ReadConfig)) func() (bool, error) {
	return func() (bool, error) {
		cfg := trust.ReadConfig{Bucket: bucketName}
		mod(&cfg)
		doc, err := trust.BuildReadPolicy(cfg)
		return doc != nil, err
	}
}

func buildReader(mod func(*trust.ReaderConfig)) func() (bool, error) {
	return func() (bool, error) {
		cfg := trust.ReaderConfig{LogArchiveAccount: acctB, Principals: []string{"arn:aws:iam::" + acctB + ":role/Security"}}
		mod(&cfg)
		doc, err := trust.BuildReaderTrustPolicy(cfg)
		return doc != nil, err
	}
}

func buildSCP(mod func(*scp.Config)) func() (bool, error) {
	return func() (bool, error) {
		cfg := scp.Config{Bucket: bucketName, LogArchiveAccount: acctB, ManagementAccount: "999999999999"}
		mod(&cfg)
		docs, err := scp.Build(cfg)
		return docs != nil, err
	}
}

func decode(k policy.Kind, data string) func() (bool, error) {
	return func() (bool, error) {
		doc, err := policy.Decode(k, []byte(data))
		return doc != nil, err
	}
}

// validate decodes data (which must decode) and reports Validate's verdict;
// a document that fails validation counts as no document.
func validate(k policy.Kind, data string) func() (bool, error) {
	return func() (bool, error) {
		doc, err := policy.Decode(k, []byte(data))
		if err != nil {
			return false, fmt.Errorf("test input does not decode: %w", err)
		}
		err = doc.Validate()
		return err == nil, err
	}
}

func accounts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%012d", 100000000000+i)
	}
	return out
}

func catalogue() []badCase {
	tenThousand := accounts(10000)
	return []badCase{
		// Account IDs.
		{name: "bucket/account-arabic-indic-digits", reason: "Unicode digits are not ASCII digits; AWS IDs are ASCII",
			run: buildBucket(func(c *bucket.Config) { c.Accounts = []string{acctA, arabicIndicOnes} }), field: "Accounts[1]", value: arabicIndicOnes, sentinel: policy.ErrAccountID},
		{name: "bucket/account-fullwidth-digits", reason: "fullwidth digits come from CJK input methods",
			run: buildBucket(func(c *bucket.Config) { c.Accounts = []string{fullwidthTwos} }), field: "Accounts[0]", value: fullwidthTwos, sentinel: policy.ErrAccountID},
		{name: "bucket/account-leading-space", reason: "white space is not trimmed silently",
			run: buildBucket(func(c *bucket.Config) { c.Accounts = []string{" " + acctA} }), field: "Accounts[0]", value: " " + acctA, sentinel: policy.ErrAccountID},
		{name: "bucket/account-trailing-newline", reason: "a line read from a file keeps its newline",
			run: buildBucket(func(c *bucket.Config) { c.Accounts = []string{acctA + "\n"} }), field: "Accounts[0]", value: acctA + "\n", sentinel: policy.ErrAccountID},
		{name: "bucket/account-11-digits", reason: "a leading zero lost by a spreadsheet",
			run: buildBucket(func(c *bucket.Config) { c.Accounts = []string{"11111111111"} }), field: "Accounts[0]", value: "11111111111", sentinel: policy.ErrAccountID},
		{name: "bucket/account-empty-string", reason: "an empty entry in a list is a mistake, not nothing",
			run: buildBucket(func(c *bucket.Config) { c.Accounts = []string{acctA, ""} }), field: "Accounts[1]", value: "", sentinel: policy.ErrRequired},
		{name: "bucket/no-sources", reason: "a policy nobody can deliver under is refused",
			run: buildBucket(func(c *bucket.Config) { c.Accounts = nil }), field: "Accounts", value: "", sentinel: policy.ErrRequired},
		{name: "bucket/ten-thousand-accounts", reason: "past the 20 KB limit the error says how many fit and what to do instead",
			run: buildBucket(func(c *bucket.Config) { c.Accounts = tenThousand }), field: "Accounts", value: "10000 accounts", sentinel: policy.ErrSize,
			contains: []string{"50 of them fit", "organization trail", "AllowWritesAcrossAccountPrefixes fits 131"}},

		{name: "bucket/reader-user", reason: "bucket readers are roles, as in the key policy",
			run: buildBucket(func(c *bucket.Config) { c.Readers = []string{"arn:aws:iam::" + acctA + ":user/alice"} }), field: "Readers[0]",
			value: "arn:aws:iam::" + acctA + ":user/alice", sentinel: policy.ErrARN},
		{name: "bucket/reader-other-partition", reason: "a China role in an aws bucket policy",
			run: buildBucket(func(c *bucket.Config) { c.Readers = []string{"arn:aws-cn:iam::" + acctA + ":role/Reader"} }), field: "Readers[0]",
			value: "arn:aws-cn:iam::" + acctA + ":role/Reader", sentinel: policy.ErrARN},
		{name: "bucket/across-prefixes-with-any-source", reason: "the compact option is redundant without a source condition",
			run:   buildBucket(func(c *bucket.Config) { c.AllowAnySourceTrail, c.AllowWritesAcrossAccountPrefixes = true, true }),
			field: "AllowWritesAcrossAccountPrefixes", value: "true", sentinel: policy.ErrConflict},

		// Bucket names.
		{name: "bucket/bucket-empty", reason: "the bucket is required",
			run: buildBucket(func(c *bucket.Config) { c.Bucket = "" }), field: "Bucket", value: "", sentinel: policy.ErrRequired},
		{name: "bucket/bucket-upper-case", reason: "S3 bucket names are lower case",
			run: buildBucket(func(c *bucket.Config) { c.Bucket = "Example-Logs" }), field: "Bucket", value: "Example-Logs", sentinel: policy.ErrBucketName},
		{name: "bucket/bucket-nul", reason: "a NUL byte would end the name in C-based tools",
			run: buildBucket(func(c *bucket.Config) { c.Bucket = "logs\x00bucket" }), field: "Bucket", value: "logs\x00bucket", sentinel: policy.ErrBucketName},
		{name: "bucket/bucket-trailing-space", reason: "white space is not trimmed silently",
			run: buildBucket(func(c *bucket.Config) { c.Bucket = bucketName + " " }), field: "Bucket", value: bucketName + " ", sentinel: policy.ErrBucketName},
		{name: "bucket/bucket-ip-address", reason: "S3 refuses names formatted as IP addresses",
			run: buildBucket(func(c *bucket.Config) { c.Bucket = "192.168.10.1" }), field: "Bucket", value: "192.168.10.1", sentinel: policy.ErrBucketName},
		{name: "bucket/bucket-arn", reason: "a bucket ARN where the name belongs",
			run: buildBucket(func(c *bucket.Config) { c.Bucket = "arn:aws:s3:::" + bucketName }), field: "Bucket", value: "arn:aws:s3:::" + bucketName, sentinel: policy.ErrBucketName},

		// Prefixes.
		{name: "bucket/prefix-dot-dot", reason: "a .. segment would point the grant elsewhere",
			run: buildBucket(func(c *bucket.Config) { c.Prefix = "logs/../other" }), field: "Prefix", value: "logs/../other", sentinel: policy.ErrPrefix},
		{name: "bucket/prefix-double-slash", reason: "an empty segment yields keys CloudTrail never writes",
			run: buildBucket(func(c *bucket.Config) { c.Prefix = "logs//org" }), field: "Prefix", value: "logs//org", sentinel: policy.ErrPrefix},
		{name: "bucket/prefix-leading-slash", reason: "the library adds the separators",
			run: buildBucket(func(c *bucket.Config) { c.Prefix = "/logs" }), field: "Prefix", value: "/logs", sentinel: policy.ErrPrefix},
		{name: "bucket/prefix-nul", reason: "control characters in a key prefix",
			run: buildBucket(func(c *bucket.Config) { c.Prefix = "logs\x00" }), field: "Prefix", value: "logs\x00", sentinel: policy.ErrPrefix},
		{name: "bucket/prefix-newline", reason: "a line read from a file keeps its newline",
			run: buildBucket(func(c *bucket.Config) { c.Prefix = "logs\n" }), field: "Prefix", value: "logs\n", sentinel: policy.ErrPrefix},
		{name: "bucket/prefix-space", reason: "spaces are not allowed",
			run: buildBucket(func(c *bucket.Config) { c.Prefix = "my logs" }), field: "Prefix", value: "my logs", sentinel: policy.ErrPrefix},
		{name: "bucket/prefix-wildcard", reason: "a * in the prefix would widen the grant",
			run: buildBucket(func(c *bucket.Config) { c.Prefix = "logs/*" }), field: "Prefix", value: "logs/*", sentinel: policy.ErrPrefix},
		{name: "bucket/prefix-too-long", reason: "CloudTrail allows 200 characters",
			run: buildBucket(func(c *bucket.Config) { c.Prefix = strings.Repeat("p", 201) }), field: "Prefix", value: strings.Repeat("p", 201), sentinel: policy.ErrPrefix},

		// Organizations.
		{name: "bucket/org-id-upper-case", reason: "organization IDs are lower case",
			run: buildBucket(func(c *bucket.Config) {
				c.Organization = &policy.Organization{ID: "o-EXAMPLEORG1", ManagementAccount: acctA}
			}),
			field: "Organization.ID", value: "o-EXAMPLEORG1", sentinel: policy.ErrOrgID},
		{name: "bucket/org-id-short", reason: "o- is followed by at least 10 characters",
			run: buildBucket(func(c *bucket.Config) {
				c.Organization = &policy.Organization{ID: "o-abc123", ManagementAccount: acctA}
			}),
			field: "Organization.ID", value: "o-abc123", sentinel: policy.ErrOrgID},
		{name: "bucket/org-id-root-id", reason: "a root ID (r-) is not an organization ID",
			run:   buildBucket(func(c *bucket.Config) { c.Organization = &policy.Organization{ID: "r-ab12", ManagementAccount: acctA} }),
			field: "Organization.ID", value: "r-ab12", sentinel: policy.ErrOrgID},
		{name: "bucket/org-without-management-account", reason: "the organization trail belongs to the management account",
			run:   buildBucket(func(c *bucket.Config) { c.Organization = &policy.Organization{ID: orgID} }),
			field: "Organization.ManagementAccount", value: "", sentinel: policy.ErrRequired},

		// ARNs.
		{name: "bucket/key-alias-arn", reason: "an alias resolves in the caller's account",
			run:   buildBucket(func(c *bucket.Config) { c.KMSKeyARN = "arn:aws:kms:us-east-1:" + acctB + ":alias/cloudtrail" }),
			field: "KMSKeyARN", value: "arn:aws:kms:us-east-1:" + acctB + ":alias/cloudtrail", sentinel: policy.ErrARN},
		{name: "bucket/key-arn-partition-mix", reason: "an aws-cn key cannot encrypt for an aws bucket",
			run:   buildBucket(func(c *bucket.Config) { c.KMSKeyARN = "arn:aws-cn:kms:cn-north-1:" + acctB + ":key/" + keyID }),
			field: "KMSKeyARN", value: "arn:aws-cn:kms:cn-north-1:" + acctB + ":key/" + keyID, sentinel: policy.ErrARN, contains: []string{"partition aws-cn"}},
		{name: "bucket/key-arn-region-of-other-partition", reason: "cn-north-1 is not a Region of the aws partition",
			run:   buildBucket(func(c *bucket.Config) { c.KMSKeyARN = "arn:aws:kms:cn-north-1:" + acctB + ":key/" + keyID }),
			field: "KMSKeyARN", value: "arn:aws:kms:cn-north-1:" + acctB + ":key/" + keyID, sentinel: policy.ErrARN},
		{name: "bucket/key-region-not-bucket-region", reason: "SSE-KMS needs a key in the bucket's Region",
			run:   buildBucket(func(c *bucket.Config) { c.KMSKeyARN, c.BucketRegion = keyARN, "eu-west-1" }),
			field: "KMSKeyARN", value: keyARN, sentinel: policy.ErrConflict},
		{name: "bucket/trail-arn-10-digit-account", reason: "aws-sdk-go-v2's arn.Parse would take it",
			run:   buildBucket(func(c *bucket.Config) { c.Trails = []string{"arn:aws:cloudtrail:us-east-1:1111111111:trail/org"} }),
			field: "Trails[0]", value: "arn:aws:cloudtrail:us-east-1:1111111111:trail/org", sentinel: policy.ErrARN},
		{name: "bucket/trail-arn-partition-mix", reason: "a GovCloud trail in an aws setup",
			run: buildBucket(func(c *bucket.Config) {
				c.Trails = []string{"arn:aws-us-gov:cloudtrail:us-gov-west-1:" + acctA + ":trail/org"}
			}),
			field: "Trails[0]", value: "arn:aws-us-gov:cloudtrail:us-gov-west-1:" + acctA + ":trail/org", sentinel: policy.ErrARN},
		{name: "bucket/trail-of-other-account", reason: "a trail must belong to a delivering account",
			run: buildBucket(func(c *bucket.Config) {
				c.Trails = []string{trailA, "arn:aws:cloudtrail:us-east-1:333333333333:trail/other"}
			}),
			field: "Trails[1]", value: "arn:aws:cloudtrail:us-east-1:333333333333:trail/other", sentinel: policy.ErrConflict},
		{name: "bucket/partition-upper-case", reason: "partitions are lower case",
			run: buildBucket(func(c *bucket.Config) { c.Partition = "AWS" }), field: "Partition", value: "AWS", sentinel: policy.ErrPartition},

		// Options.
		{name: "bucket/sid-suffix-space", reason: "the suffix becomes part of every Sid",
			run: buildBucket(func(c *bucket.Config) { c.SidSuffix = "2015 03" }), field: "SidSuffix", value: "2015 03", sentinel: policy.ErrSid},
		{name: "bucket/omit-denies-without-key", reason: "an option that does nothing is a mistake",
			run: buildBucket(func(c *bucket.Config) { c.OmitEncryptionDeniesForFirstCreate = true }), field: "OmitEncryptionDeniesForFirstCreate", value: "true", sentinel: policy.ErrConflict},
		{name: "bucket/legacy-region-unknown", reason: "il-central-1 is not in AWS's legacy account table",
			run: buildBucket(func(c *bucket.Config) {
				c.AllowAnySourceTrail, c.LegacyPrincipalRegions = true, []string{"il-central-1"}
			}),
			field: "LegacyPrincipalRegions[0]", value: "il-central-1", sentinel: policy.ErrUnsupported},

		// KMS key policy.
		{name: "kmskey/key-arn-empty", reason: "the key is required",
			run: buildKey(func(c *kmskey.Config) { c.KeyARN = "" }), field: "KeyARN", value: "", sentinel: policy.ErrRequired},
		{name: "kmskey/bare-key-id", reason: "a bare key ID resolves in the caller's account",
			run: buildKey(func(c *kmskey.Config) { c.KeyARN = keyID }), field: "KeyARN", value: keyID, sentinel: policy.ErrARN},
		{name: "kmskey/key-alias-arn", reason: "an alias resolves in the caller's account",
			run:   buildKey(func(c *kmskey.Config) { c.KeyARN = "arn:aws:kms:us-east-1:" + acctB + ":alias/cloudtrail" }),
			field: "KeyARN", value: "arn:aws:kms:us-east-1:" + acctB + ":alias/cloudtrail", sentinel: policy.ErrARN},
		{name: "kmskey/key-arn-partition-mix", reason: "an aws-cn key ARN in an aws setup",
			run:   buildKey(func(c *kmskey.Config) { c.KeyARN = "arn:aws-cn:kms:cn-north-1:" + acctB + ":key/" + keyID }),
			field: "KeyARN", value: "arn:aws-cn:kms:cn-north-1:" + acctB + ":key/" + keyID, sentinel: policy.ErrARN},
		{name: "kmskey/key-id-upper-case", reason: "key IDs are lower-case hex",
			run:   buildKey(func(c *kmskey.Config) { c.KeyARN = "arn:aws:kms:us-east-1:" + acctB + ":key/" + strings.ToUpper(keyID) }),
			field: "KeyARN", value: "arn:aws:kms:us-east-1:" + acctB + ":key/" + strings.ToUpper(keyID), sentinel: policy.ErrARN},
		{name: "kmskey/admin-account-root", reason: "the root has its own statement",
			run:   buildKey(func(c *kmskey.Config) { c.KeyAdministrators = []string{"arn:aws:iam::" + acctB + ":root"} }),
			field: "KeyAdministrators[0]", value: "arn:aws:iam::" + acctB + ":root", sentinel: policy.ErrPrincipal},
		{name: "kmskey/admin-other-account", reason: "KMS has no cross-account key management",
			run:   buildKey(func(c *kmskey.Config) { c.KeyAdministrators = []string{"arn:aws:iam::" + acctA + ":role/Admin"} }),
			field: "KeyAdministrators[0]", value: "arn:aws:iam::" + acctA + ":role/Admin", sentinel: policy.ErrConflict},
		{name: "kmskey/reader-outsider", reason: "a reader outside the setup's accounts would read every account's logs",
			run:   buildKey(func(c *kmskey.Config) { c.Readers = []string{"arn:aws:iam::333333333333:role/Reader"} }),
			field: "Readers[0]", value: "arn:aws:iam::333333333333:role/Reader", sentinel: policy.ErrConflict},
		{name: "kmskey/reader-user", reason: "readers are roles",
			run:   buildKey(func(c *kmskey.Config) { c.Readers = []string{"arn:aws:iam::" + acctA + ":user/alice"} }),
			field: "Readers[0]", value: "arn:aws:iam::" + acctA + ":user/alice", sentinel: policy.ErrARN},
		{name: "kmskey/reader-control-character", reason: "a role name with a tab",
			run:   buildKey(func(c *kmskey.Config) { c.Readers = []string{"arn:aws:iam::" + acctA + ":role/Read\ter"} }),
			field: "Readers[0]", value: "arn:aws:iam::" + acctA + ":role/Read\ter", sentinel: policy.ErrARN},
		{name: "kmskey/sid-style-unknown", reason: "a misspelt style is not the default",
			run: buildKey(func(c *kmskey.Config) { c.SidStyle = "Spaced" }), field: "SidStyle", value: "Spaced", sentinel: policy.ErrUnsupported},
		{name: "kmskey/lockout-without-admins", reason: "nobody could manage the key",
			run: buildKey(func(c *kmskey.Config) { c.AllowKeyLockout = true }), field: "AllowKeyLockout", value: "true", sentinel: policy.ErrConflict},
		{name: "kmskey/bucket-region-differs", reason: "CloudTrail needs the key in the bucket's Region",
			run: buildKey(func(c *kmskey.Config) { c.BucketRegion = "eu-west-1" }), field: "BucketRegion", value: "eu-west-1", sentinel: policy.ErrConflict},
		{name: "kmskey/log-archive-fullwidth", reason: "fullwidth digits",
			run: buildKey(func(c *kmskey.Config) { c.LogArchiveAccount = fullwidthTwos }), field: "LogArchiveAccount", value: fullwidthTwos, sentinel: policy.ErrAccountID},
		{name: "kmskey/ten-thousand-accounts", reason: "one decrypt statement per account overflows 32 KB; the error says what to do instead",
			run: buildKey(func(c *kmskey.Config) { c.Accounts = tenThousand }), field: "Accounts", value: "10000 accounts", sentinel: policy.ErrSize,
			contains: []string{"organization trail"}},

		// Vendor trust policy.
		{name: "trust/external-id-empty", reason: "a third party must present an external ID",
			run: buildVendor(func(c *trust.VendorConfig) { c.ExternalID = "" }), field: "ExternalID", value: "", sentinel: policy.ErrRequired},
		{name: "trust/external-id-space", reason: "STS refuses white space",
			run: buildVendor(func(c *trust.VendorConfig) { c.ExternalID = "vendor id" }), field: "ExternalID", value: "vendor id", sentinel: policy.ErrExternalID},
		{name: "trust/external-id-nul", reason: "a NUL byte",
			run: buildVendor(func(c *trust.VendorConfig) { c.ExternalID = "vendor\x00id" }), field: "ExternalID", value: "vendor\x00id", sentinel: policy.ErrExternalID},
		{name: "trust/external-id-newline", reason: "a value pasted with its newline",
			run: buildVendor(func(c *trust.VendorConfig) { c.ExternalID = extID + "\n" }), field: "ExternalID", value: extID + "\n", sentinel: policy.ErrExternalID},
		{name: "trust/external-id-one-character", reason: "at least 2 characters",
			run: buildVendor(func(c *trust.VendorConfig) { c.ExternalID = "x" }), field: "ExternalID", value: "x", sentinel: policy.ErrExternalID},
		{name: "trust/external-id-too-long", reason: "at most 1,224 characters",
			run: buildVendor(func(c *trust.VendorConfig) { c.ExternalID = strings.Repeat("e", 1225) }), field: "ExternalID", value: strings.Repeat("e", 1225), sentinel: policy.ErrExternalID},
		{name: "trust/vendor-is-log-account", reason: "a vendor is a third party with its own account",
			run: buildVendor(func(c *trust.VendorConfig) { c.VendorAccount = acctB }), field: "VendorAccount", value: acctB, sentinel: policy.ErrConflict},
		{name: "trust/vendor-account-arabic-indic", reason: "Unicode digits",
			run: buildVendor(func(c *trust.VendorConfig) { c.VendorAccount = arabicIndicOnes }), field: "VendorAccount", value: arabicIndicOnes, sentinel: policy.ErrAccountID},
		{name: "trust/vendor-role-other-account", reason: "only the vendor's own roles",
			run:   buildVendor(func(c *trust.VendorConfig) { c.VendorRoles = []string{"arn:aws:iam::333333333333:role/Ingest"} }),
			field: "VendorRoles[0]", value: "arn:aws:iam::333333333333:role/Ingest", sentinel: policy.ErrConflict},
		{name: "trust/vendor-role-partition-mix", reason: "an aws-cn role in an aws setup",
			run: buildVendor(func(c *trust.VendorConfig) {
				c.VendorRoles = []string{"arn:aws-cn:iam::" + vendorAcct + ":role/Ingest"}
			}),
			field: "VendorRoles[0]", value: "arn:aws-cn:iam::" + vendorAcct + ":role/Ingest", sentinel: policy.ErrARN},
		{name: "trust/role-name-space", reason: "IAM role names have no spaces",
			run: buildVendor(func(c *trust.VendorConfig) { c.RoleName = "Log Reader" }), field: "RoleName", value: "Log Reader", sentinel: policy.ErrRoleName},
		{name: "trust/role-name-too-long", reason: "at most 64 characters",
			run: buildVendor(func(c *trust.VendorConfig) { c.RoleName = strings.Repeat("r", 65) }), field: "RoleName", value: strings.Repeat("r", 65), sentinel: policy.ErrRoleName},

		// Read policy and reader trust policy.
		{name: "trust/read-org-id-upper-case", reason: "organization IDs are lower case",
			run: buildRead(func(c *trust.ReadConfig) { c.OrganizationID = "o-EXAMPLEORG1" }), field: "OrganizationID", value: "o-EXAMPLEORG1", sentinel: policy.ErrOrgID},
		{name: "trust/read-key-alias", reason: "an alias is not a key ARN",
			run:   buildRead(func(c *trust.ReadConfig) { c.KMSKeyARN = "arn:aws:kms:us-east-1:" + acctB + ":alias/x" }),
			field: "KMSKeyARN", value: "arn:aws:kms:us-east-1:" + acctB + ":alias/x", sentinel: policy.ErrARN},
		{name: "trust/read-prefix-dot-dot", reason: "a .. segment would widen the read grant",
			run: buildRead(func(c *trust.ReadConfig) { c.Prefix = "../logs" }), field: "Prefix", value: "../logs", sentinel: policy.ErrPrefix},
		{name: "trust/read-account-fullwidth", reason: "fullwidth digits",
			run: buildRead(func(c *trust.ReadConfig) { c.Accounts = []string{fullwidthTwos} }), field: "Accounts[0]", value: fullwidthTwos, sentinel: policy.ErrAccountID},
		{name: "trust/read-ten-thousand-accounts", reason: "past the 6,144-character managed policy limit the error says how many accounts fit and what to grant instead",
			run: buildRead(func(c *trust.ReadConfig) { c.Accounts = tenThousand }), field: "Accounts", value: "10000 accounts", sentinel: policy.ErrSize,
			contains: []string{"67 of them fit", "list no accounts", "OrganizationID"}},
		{name: "trust/reader-no-principals", reason: "a role nobody may assume",
			run: buildReader(func(c *trust.ReaderConfig) { c.Principals = nil }), field: "Principals", value: "", sentinel: policy.ErrRequired},
		{name: "trust/reader-principal-partition-mix", reason: "an aws-us-gov principal in an aws setup",
			run:   buildReader(func(c *trust.ReaderConfig) { c.Principals = []string{"arn:aws-us-gov:iam::" + acctB + ":root"} }),
			field: "Principals[0]", value: "arn:aws-us-gov:iam::" + acctB + ":root", sentinel: policy.ErrARN},

		// Service control policy.
		{name: "scp/break-glass-every-role", reason: "role/* would exempt every role",
			run:   buildSCP(func(c *scp.Config) { c.BreakGlassRoles = []string{"arn:aws:iam::" + acctB + ":role/*"} }),
			field: "BreakGlassRoles[0]", value: "arn:aws:iam::" + acctB + ":role/*", sentinel: policy.ErrARN},
		{name: "scp/break-glass-wildcard-path", reason: "a wildcard in the path",
			run:   buildSCP(func(c *scp.Config) { c.BreakGlassRoles = []string{"arn:aws:iam::" + acctB + ":role/*/BreakGlass"} }),
			field: "BreakGlassRoles[0]", value: "arn:aws:iam::" + acctB + ":role/*/BreakGlass", sentinel: policy.ErrARN},
		{name: "scp/log-archive-is-management", reason: "SCPs never apply to the management account",
			run: buildSCP(func(c *scp.Config) { c.ManagementAccount = acctB }), field: "LogArchiveAccount", value: acctB, sentinel: policy.ErrConflict},
		{name: "scp/trail-10-digit-account", reason: "a truncated account in a trail ARN",
			run:   buildSCP(func(c *scp.Config) { c.ProtectTrails = []string{"arn:aws:cloudtrail:us-east-1:1111111111:trail/org"} }),
			field: "ProtectTrails[0]", value: "arn:aws:cloudtrail:us-east-1:1111111111:trail/org", sentinel: policy.ErrARN},
		{name: "scp/key-in-management-account", reason: "an SCP cannot protect it",
			run:   buildSCP(func(c *scp.Config) { c.ProtectKeyARN = "arn:aws:kms:us-east-1:999999999999:key/" + keyID }),
			field: "ProtectKeyARN", value: "arn:aws:kms:us-east-1:999999999999:key/" + keyID, sentinel: policy.ErrConflict},
		{name: "scp/size-limit-negative", reason: "a negative limit",
			run: buildSCP(func(c *scp.Config) { c.SizeLimit = -1 }), field: "SizeLimit", value: "-1", sentinel: policy.ErrUnsupported},
		{name: "scp/size-limit-too-small", reason: "no statement fits in 100 characters",
			run: buildSCP(func(c *scp.Config) { c.SizeLimit = 100 }), field: "SizeLimit", value: "100", sentinel: policy.ErrSize},

		// Documents from elsewhere.
		{name: "decode/element-lower-case", reason: "encoding/json would fill Effect from effect",
			run:   decode(policy.KindBucketPolicy, `{"Version":"2012-10-17","Statement":[{"effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`),
			field: "Statement[0]", value: "effect", sentinel: policy.ErrSchema},
		{name: "decode/unknown-principal-type", reason: "an unknown principal type would decode as no principal",
			run:   decode(policy.KindBucketPolicy, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Aws":"*"},"Action":"s3:GetObject","Resource":"*"}]}`),
			field: "Statement[0].Principal", value: "Aws", sentinel: policy.ErrPrincipal},
		{name: "validate/duplicate-sids", reason: "duplicate Sids are refused by IAM",
			run:   validate(policy.KindIdentityPolicy, `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"Read","Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`),
			field: "Statement[1].Sid", value: "Read", sentinel: policy.ErrSid},
		{name: "validate/control-character", reason: "AWS allows only tab, LF, CR and U+0020 to U+00FF",
			run:   validate(policy.KindIdentityPolicy, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/\u0001"}]}`),
			field: "Statement[0].Resource", value: "arn:aws:s3:::b/\x01", sentinel: policy.ErrCharacter},
	}
}

// TestCatalogue runs every hostile input: an error, no document, and a
// problem that names the field and the value as given and wraps the sentinel.
func TestCatalogue(t *testing.T) {
	cases := append(catalogue(), setupCatalogue()...)
	if len(cases) < 50 {
		t.Errorf("the catalogue holds %d cases, want at least 50", len(cases))
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			gotDoc, err := tc.run()
			if err == nil {
				t.Fatalf("no error, want one naming %s = %q (%s)", tc.field, tc.value, tc.reason)
			}
			if gotDoc {
				t.Errorf("a document came back with the error %v", err)
			}
			checkProblem(t, err, tc)
		})
	}
}

// checkProblem finds the problem of err that starts with `field: "value"` and
// checks its sentinel and further text.
func checkProblem(t *testing.T, err error, tc badCase) {
	t.Helper()
	head := golden.Head(tc.field, tc.value)
	if tc.plain {
		msg := err.Error()
		for _, want := range append([]string{tc.field, tc.value}, tc.contains...) {
			if !strings.Contains(msg, want) {
				t.Errorf("error %q lacks %q (%s)", msg, want, tc.reason)
			}
		}
		if tc.sentinel == nil {
			t.Errorf("plain case without a sentinel: the setup loader's errors wrap one (%s)", tc.reason)
		}
		for _, e := range policy.Unjoin(err) {
			if tc.sentinel != nil && !errors.Is(e, tc.sentinel) {
				t.Errorf("problem %q does not wrap %v (%s)", e, tc.sentinel, tc.reason)
			}
		}
		return
	}
	for _, e := range policy.Unjoin(err) {
		msg := e.Error()
		// A problem may carry a document name in front ("decode bucket
		// policy: ", "bucket-policy: ").
		if !strings.HasPrefix(msg, head) && !strings.Contains(msg, ": "+head) {
			continue
		}
		var fe *policy.FieldError
		if errors.As(e, &fe) && fe.Field == tc.field && fe.Value != tc.value {
			t.Errorf("problem %q holds Value %q, want the input %q", msg, fe.Value, tc.value)
		}
		if tc.sentinel != nil && !errors.Is(e, tc.sentinel) {
			t.Errorf("problem %q does not wrap %v (%s)", msg, tc.sentinel, tc.reason)
		}
		for _, want := range tc.contains {
			if !strings.Contains(msg, want) {
				t.Errorf("problem %q lacks %q (%s)", msg, want, tc.reason)
			}
		}
		return
	}
	var got []string
	for _, e := range policy.Unjoin(err) {
		got = append(got, abbreviate(e.Error()))
	}
	t.Errorf("no problem starts with %s (%s); got:\n%s", abbreviate(head), tc.reason, strings.Join(got, "\n"))
}

func abbreviate(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
