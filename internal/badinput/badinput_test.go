package badinput_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/rcp"
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
	mgmtAcct   = "999999999999" // management account of the organization
)

// Look-alikes of 111111111111 and 222222222222 that a copy from a web page or
// a spreadsheet can bring in: they are Unicode digits, not ASCII.
const (
	arabicIndicOnes = "١١١١١١١١١١١١" // U+0661 ARABIC-INDIC DIGIT ONE
	fullwidthTwos   = "２２２２２２２２２２２２" // U+FF12 FULLWIDTH DIGIT TWO
)

// badCase is one hostile input. run builds with it and reports whether a
// document came back; the error must hold exactly one problem, which names
// field and value (as FieldError prints them: `field: "value"`) and wraps
// sentinel.
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
	// short marks a case whose input is huge: its error must stay short
	// (at most 1,000 bytes), whatever the input holds.
	short bool
	// inHint marks a *policy.SizeError with no Field, the shape of a
	// document too large whatever its lists hold: its Hint must name the
	// setting at fault as `field "value"`.
	inHint bool
}

// withSite validates sc with cloudtrail.New and hands the Site it returns,
// complete or not, to build, as a caller that reports every problem of a
// setup in one run does. The error holds New's problems and the builder's,
// without the builder's refusal of an incomplete Site (it wraps
// cloudtrail.ErrIncompleteSite and only repeats that New failed). A builder
// that does not refuse an incomplete Site adds a problem no case expects.
func withSite(sc cloudtrail.SiteConfig, build func(*cloudtrail.Site) (gotDoc bool, err error)) (bool, error) {
	site, siteErr := cloudtrail.New(sc)
	gotDoc, err := build(site)
	errs := policy.Unjoin(siteErr)
	refused := false
	for _, e := range policy.Unjoin(err) {
		if siteErr != nil && errors.Is(e, cloudtrail.ErrIncompleteSite) {
			refused = true
			continue
		}
		errs = append(errs, e)
	}
	if siteErr != nil && !refused {
		errs = append(errs, errors.New("the builder did not refuse the incomplete site: no problem wraps cloudtrail.ErrIncompleteSite"))
	}
	return gotDoc, errors.Join(errs...)
}

// noSite leaves the well-formed site as it is.
func noSite(*cloudtrail.SiteConfig) {}

// The well-formed sites the builder cases start from: each builder's needs.
func bucketSiteConfig() cloudtrail.SiteConfig {
	return cloudtrail.SiteConfig{Bucket: bucketName, Accounts: []string{acctA}}
}

func keySiteConfig() cloudtrail.SiteConfig {
	return cloudtrail.SiteConfig{Bucket: bucketName, Accounts: []string{acctA}, KMSKeyARN: keyARN}
}

func roleSiteConfig() cloudtrail.SiteConfig {
	return cloudtrail.SiteConfig{Bucket: bucketName, Accounts: []string{acctA}, LogArchiveAccount: acctB}
}

func scpSiteConfig() cloudtrail.SiteConfig {
	return cloudtrail.SiteConfig{Bucket: bucketName, LogArchiveAccount: acctB,
		Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmtAcct}}
}

// runBucket builds the bucket policy of the well-formed site changed by
// site, with the options changed by mod; so do the run* helpers below for
// the other builders. bucketSite and buildBucket change only one of them.
func runBucket(site func(*cloudtrail.SiteConfig), mod func(*bucket.Config)) func() (bool, error) {
	return func() (bool, error) {
		sc := bucketSiteConfig()
		site(&sc)
		return withSite(sc, func(s *cloudtrail.Site) (bool, error) {
			cfg := bucket.Config{Site: s}
			mod(&cfg)
			doc, err := bucket.Build(cfg)
			return doc != nil, err
		})
	}
}

func bucketSite(site func(*cloudtrail.SiteConfig)) func() (bool, error) {
	return runBucket(site, func(*bucket.Config) {})
}

func buildBucket(mod func(*bucket.Config)) func() (bool, error) { return runBucket(noSite, mod) }

func runKey(site func(*cloudtrail.SiteConfig), mod func(*kmskey.Config)) func() (bool, error) {
	return func() (bool, error) {
		sc := keySiteConfig()
		site(&sc)
		return withSite(sc, func(s *cloudtrail.Site) (bool, error) {
			cfg := kmskey.Config{Site: s}
			mod(&cfg)
			doc, err := kmskey.Build(cfg)
			return doc != nil, err
		})
	}
}

func keySite(site func(*cloudtrail.SiteConfig)) func() (bool, error) {
	return runKey(site, func(*kmskey.Config) {})
}

func buildKey(mod func(*kmskey.Config)) func() (bool, error) { return runKey(noSite, mod) }

func buildVendor(mod func(*trust.VendorConfig)) func() (bool, error) {
	return func() (bool, error) {
		return withSite(roleSiteConfig(), func(s *cloudtrail.Site) (bool, error) {
			cfg := trust.VendorConfig{Site: s, Vendor: trust.Vendor{Account: vendorAcct, ExternalID: extID}}
			mod(&cfg)
			doc, err := trust.BuildTrustPolicy(cfg)
			return doc != nil, err
		})
	}
}

func runRead(site func(*cloudtrail.SiteConfig), mod func(*trust.ReadConfig)) func() (bool, error) {
	return func() (bool, error) {
		sc := bucketSiteConfig()
		site(&sc)
		return withSite(sc, func(s *cloudtrail.Site) (bool, error) {
			cfg := trust.ReadConfig{Site: s}
			mod(&cfg)
			doc, err := trust.BuildReadPolicy(cfg)
			return doc != nil, err
		})
	}
}

func readSite(site func(*cloudtrail.SiteConfig)) func() (bool, error) {
	return runRead(site, func(*trust.ReadConfig) {})
}

func buildRead(mod func(*trust.ReadConfig)) func() (bool, error) { return runRead(noSite, mod) }

func buildReader(mod func(*trust.ReaderConfig)) func() (bool, error) {
	return func() (bool, error) {
		return withSite(roleSiteConfig(), func(s *cloudtrail.Site) (bool, error) {
			cfg := trust.ReaderConfig{Site: s, Principals: []string{"arn:aws:iam::" + acctB + ":role/Security"}}
			mod(&cfg)
			doc, err := trust.BuildReaderTrustPolicy(cfg)
			return doc != nil, err
		})
	}
}

func runSCP(site func(*cloudtrail.SiteConfig), mod func(*scp.Config)) func() (bool, error) {
	return func() (bool, error) {
		sc := scpSiteConfig()
		site(&sc)
		return withSite(sc, func(s *cloudtrail.Site) (bool, error) {
			cfg := scp.Config{Site: s}
			mod(&cfg)
			docs, err := scp.Build(cfg)
			return docs != nil, err
		})
	}
}

func runRCP(site func(*cloudtrail.SiteConfig), mod func(*rcp.Config)) func() (bool, error) {
	return func() (bool, error) {
		sc := scpSiteConfig()
		site(&sc)
		return withSite(sc, func(s *cloudtrail.Site) (bool, error) {
			cfg := rcp.Config{Site: s}
			mod(&cfg)
			docs, err := rcp.Build(cfg)
			return docs != nil, err
		})
	}
}

func scpSite(site func(*cloudtrail.SiteConfig)) func() (bool, error) {
	return runSCP(site, func(*scp.Config) {})
}

func buildSCP(mod func(*scp.Config)) func() (bool, error) { return runSCP(noSite, mod) }

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

// breakGlassRoles returns n distinct break-glass role ARNs of acctB.
func breakGlassRoles(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("arn:aws:iam::%s:role/incident-response/BreakGlassOperator%03d", acctB, i)
	}
	return out
}

func catalogue() []badCase {
	tenThousand := accounts(10000)
	return []badCase{
		// Account IDs.
		{name: "bucket/account-arabic-indic-digits", reason: "Unicode digits are not ASCII digits; AWS IDs are ASCII",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Accounts = []string{acctA, arabicIndicOnes} }), field: "accounts[1]", value: arabicIndicOnes, sentinel: policy.ErrAccountID},
		{name: "bucket/account-fullwidth-digits", reason: "fullwidth digits come from CJK input methods",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Accounts = []string{fullwidthTwos} }), field: "accounts[0]", value: fullwidthTwos, sentinel: policy.ErrAccountID},
		{name: "bucket/account-leading-space", reason: "white space is not trimmed silently",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Accounts = []string{" " + acctA} }), field: "accounts[0]", value: " " + acctA, sentinel: policy.ErrAccountID},
		{name: "bucket/account-trailing-newline", reason: "a line read from a file keeps its newline",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Accounts = []string{acctA + "\n"} }), field: "accounts[0]", value: acctA + "\n", sentinel: policy.ErrAccountID},
		{name: "bucket/account-11-digits", reason: "a leading zero lost by a spreadsheet",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Accounts = []string{"11111111111"} }), field: "accounts[0]", value: "11111111111", sentinel: policy.ErrAccountID},
		{name: "bucket/account-empty-string", reason: "an empty entry in a list is a mistake, not nothing",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Accounts = []string{acctA, ""} }), field: "accounts[1]", value: "", sentinel: policy.ErrRequired},
		{name: "bucket/no-sources", reason: "a policy nobody can deliver under is refused",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Accounts = nil }), field: "accounts", value: "", sentinel: policy.ErrRequired},
		{name: "bucket/ten-thousand-accounts", reason: "past the 20 KB limit the error says how many fit and what to do instead",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Accounts = tenThousand }), field: "accounts", value: "10000 accounts", sentinel: policy.ErrSize,
			contains: []string{"50 of them fit", "organization trail", "allowWritesAcrossAccountPrefixes fits 131"}},

		{name: "bucket/reader-federated-user", reason: "a federated user session lasts only a while",
			run: bucketSite(func(s *cloudtrail.SiteConfig) {
				s.Readers = []string{"arn:aws:sts::" + acctA + ":federated-user/alice"}
			}), field: "readers[0]",
			value: "arn:aws:sts::" + acctA + ":federated-user/alice", sentinel: policy.ErrARN},
		{name: "bucket/reader-other-partition", reason: "a China role in an aws bucket policy",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Readers = []string{"arn:aws-cn:iam::" + acctA + ":role/Reader"} }), field: "readers[0]",
			value: "arn:aws-cn:iam::" + acctA + ":role/Reader", sentinel: policy.ErrARN},
		{name: "bucket/across-prefixes-with-any-source", reason: "the compact option is redundant without a source condition",
			run:   buildBucket(func(c *bucket.Config) { c.AllowAnySourceTrail, c.AllowWritesAcrossAccountPrefixes = true, true }),
			field: "bucketPolicy.allowWritesAcrossAccountPrefixes", value: "true", sentinel: policy.ErrConflict},

		// Bucket names.
		{name: "bucket/bucket-empty", reason: "the bucket is required",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Bucket = "" }), field: "bucket", value: "", sentinel: policy.ErrRequired},
		{name: "bucket/bucket-upper-case", reason: "S3 bucket names are lower case",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Bucket = "Example-Logs" }), field: "bucket", value: "Example-Logs", sentinel: policy.ErrBucketName},
		{name: "bucket/bucket-nul", reason: "a NUL byte would end the name in C-based tools",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Bucket = "logs\x00bucket" }), field: "bucket", value: "logs\x00bucket", sentinel: policy.ErrBucketName},
		{name: "bucket/bucket-trailing-space", reason: "white space is not trimmed silently",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Bucket = bucketName + " " }), field: "bucket", value: bucketName + " ", sentinel: policy.ErrBucketName},
		{name: "bucket/bucket-ip-address", reason: "S3 refuses names formatted as IP addresses",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Bucket = "192.168.10.1" }), field: "bucket", value: "192.168.10.1", sentinel: policy.ErrBucketName},
		{name: "bucket/bucket-arn", reason: "a bucket ARN where the name belongs",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Bucket = "arn:aws:s3:::" + bucketName }), field: "bucket", value: "arn:aws:s3:::" + bucketName, sentinel: policy.ErrBucketName},

		// Prefixes.
		{name: "bucket/prefix-dot-dot", reason: "a .. segment would point the grant elsewhere",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Prefix = "logs/../other" }), field: "prefix", value: "logs/../other", sentinel: cloudtrail.ErrPrefix},
		{name: "bucket/prefix-double-slash", reason: "an empty segment yields keys CloudTrail never writes",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Prefix = "logs//org" }), field: "prefix", value: "logs//org", sentinel: cloudtrail.ErrPrefix},
		{name: "bucket/prefix-leading-slash", reason: "the library adds the separators",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Prefix = "/logs" }), field: "prefix", value: "/logs", sentinel: cloudtrail.ErrPrefix},
		{name: "bucket/prefix-nul", reason: "control characters in a key prefix",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Prefix = "logs\x00" }), field: "prefix", value: "logs\x00", sentinel: cloudtrail.ErrPrefix},
		{name: "bucket/prefix-newline", reason: "a line read from a file keeps its newline",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Prefix = "logs\n" }), field: "prefix", value: "logs\n", sentinel: cloudtrail.ErrPrefix},
		{name: "bucket/prefix-space", reason: "spaces are not allowed",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Prefix = "my logs" }), field: "prefix", value: "my logs", sentinel: cloudtrail.ErrPrefix},
		{name: "bucket/prefix-wildcard", reason: "a * in the prefix would widen the grant",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Prefix = "logs/*" }), field: "prefix", value: "logs/*", sentinel: cloudtrail.ErrPrefix},
		{name: "bucket/prefix-too-long", reason: "CloudTrail allows 200 characters",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Prefix = strings.Repeat("p", 201) }), field: "prefix", value: strings.Repeat("p", 201), sentinel: cloudtrail.ErrPrefix},

		// Organizations.
		{name: "bucket/org-id-upper-case", reason: "organization IDs are lower case",
			run: bucketSite(func(s *cloudtrail.SiteConfig) {
				s.Organization = &cloudtrail.Organization{ID: "o-EXAMPLEORG1", ManagementAccount: acctA}
			}),
			field: "organization.id", value: "o-EXAMPLEORG1", sentinel: policy.ErrOrgID},
		{name: "bucket/org-id-short", reason: "o- is followed by at least 10 characters",
			run: bucketSite(func(s *cloudtrail.SiteConfig) {
				s.Organization = &cloudtrail.Organization{ID: "o-abc123", ManagementAccount: acctA}
			}),
			field: "organization.id", value: "o-abc123", sentinel: policy.ErrOrgID},
		{name: "bucket/org-id-root-id", reason: "a root ID (r-) is not an organization ID",
			run: bucketSite(func(s *cloudtrail.SiteConfig) {
				s.Organization = &cloudtrail.Organization{ID: "r-ab12", ManagementAccount: acctA}
			}),
			field: "organization.id", value: "r-ab12", sentinel: policy.ErrOrgID},
		{name: "bucket/org-without-management-account", reason: "the organization trail belongs to the management account",
			run:   bucketSite(func(s *cloudtrail.SiteConfig) { s.Organization = &cloudtrail.Organization{ID: orgID} }),
			field: "organization.managementAccount", value: "", sentinel: policy.ErrRequired},

		// ARNs.
		{name: "bucket/key-alias-arn", reason: "an alias resolves in the caller's account",
			run:   bucketSite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = "arn:aws:kms:us-east-1:" + acctB + ":alias/cloudtrail" }),
			field: "kmsKeyArn", value: "arn:aws:kms:us-east-1:" + acctB + ":alias/cloudtrail", sentinel: policy.ErrARN},
		{name: "bucket/key-arn-partition-mix", reason: "an aws-cn key cannot encrypt for an aws bucket",
			run:   bucketSite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = "arn:aws-cn:kms:cn-north-1:" + acctB + ":key/" + keyID }),
			field: "kmsKeyArn", value: "arn:aws-cn:kms:cn-north-1:" + acctB + ":key/" + keyID, sentinel: policy.ErrARN, contains: []string{"partition aws-cn"}},
		{name: "bucket/key-arn-region-of-other-partition", reason: "cn-north-1 is not a Region of the aws partition",
			run:   bucketSite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = "arn:aws:kms:cn-north-1:" + acctB + ":key/" + keyID }),
			field: "kmsKeyArn", value: "arn:aws:kms:cn-north-1:" + acctB + ":key/" + keyID, sentinel: policy.ErrARN},
		{name: "bucket/key-region-not-bucket-region", reason: "SSE-KMS needs a key in the bucket's Region",
			run:   bucketSite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN, s.BucketRegion = keyARN, "eu-west-1" }),
			field: "kmsKeyArn", value: keyARN, sentinel: policy.ErrConflict},
		{name: "bucket/trail-arn-10-digit-account", reason: "aws-sdk-go-v2's arn.Parse would take it",
			run: bucketSite(func(s *cloudtrail.SiteConfig) {
				s.Trails = []string{"arn:aws:cloudtrail:us-east-1:1111111111:trail/org"}
			}),
			field: "trails[0]", value: "arn:aws:cloudtrail:us-east-1:1111111111:trail/org", sentinel: policy.ErrARN},
		{name: "bucket/trail-arn-partition-mix", reason: "a GovCloud trail in an aws setup",
			run: bucketSite(func(s *cloudtrail.SiteConfig) {
				s.Trails = []string{"arn:aws-us-gov:cloudtrail:us-gov-west-1:" + acctA + ":trail/org"}
			}),
			field: "trails[0]", value: "arn:aws-us-gov:cloudtrail:us-gov-west-1:" + acctA + ":trail/org", sentinel: policy.ErrARN},
		{name: "bucket/trail-of-other-account", reason: "a trail must belong to a delivering account",
			run: bucketSite(func(s *cloudtrail.SiteConfig) {
				s.Trails = []string{trailA, "arn:aws:cloudtrail:us-east-1:333333333333:trail/other"}
			}),
			field: "trails[1]", value: "arn:aws:cloudtrail:us-east-1:333333333333:trail/other", sentinel: policy.ErrConflict},
		{name: "bucket/partition-upper-case", reason: "partitions are lower case",
			run: bucketSite(func(s *cloudtrail.SiteConfig) { s.Partition = "AWS" }), field: "partition", value: "AWS", sentinel: policy.ErrPartition},

		// Options.
		{name: "bucket/sid-suffix-space", reason: "the suffix becomes part of every Sid",
			run: buildBucket(func(c *bucket.Config) { c.SidSuffix = "2015 03" }), field: "bucketPolicy.sidSuffix", value: "2015 03", sentinel: policy.ErrSid},
		{name: "bucket/omit-denies-without-key", reason: "an option that does nothing is a mistake",
			run: buildBucket(func(c *bucket.Config) { c.OmitEncryptionDeniesForFirstCreate = true }), field: "omitEncryptionDeniesForFirstCreate", value: "true", sentinel: policy.ErrConflict},
		{name: "bucket/legacy-region-unknown", reason: "il-central-1 is not in AWS's legacy account table",
			run: buildBucket(func(c *bucket.Config) {
				c.AllowAnySourceTrail, c.LegacyPrincipalRegions = true, []string{"il-central-1"}
			}),
			field: "bucketPolicy.legacyPrincipalRegions[0]", value: "il-central-1", sentinel: policy.ErrUnsupported},

		// KMS key policy.
		{name: "kmskey/key-arn-empty", reason: "the key is required",
			run: keySite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = "" }), field: "kmsKeyArn", value: "", sentinel: policy.ErrRequired},
		{name: "kmskey/bare-key-id", reason: "a bare key ID resolves in the caller's account",
			run: keySite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = keyID }), field: "kmsKeyArn", value: keyID, sentinel: policy.ErrARN},
		{name: "kmskey/key-alias-arn", reason: "an alias resolves in the caller's account",
			run:   keySite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = "arn:aws:kms:us-east-1:" + acctB + ":alias/cloudtrail" }),
			field: "kmsKeyArn", value: "arn:aws:kms:us-east-1:" + acctB + ":alias/cloudtrail", sentinel: policy.ErrARN},
		{name: "kmskey/key-arn-partition-mix", reason: "an aws-cn key ARN in an aws setup",
			run:   keySite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = "arn:aws-cn:kms:cn-north-1:" + acctB + ":key/" + keyID }),
			field: "kmsKeyArn", value: "arn:aws-cn:kms:cn-north-1:" + acctB + ":key/" + keyID, sentinel: policy.ErrARN},
		{name: "kmskey/key-id-upper-case", reason: "key IDs are lower-case hex",
			run: keySite(func(s *cloudtrail.SiteConfig) {
				s.KMSKeyARN = "arn:aws:kms:us-east-1:" + acctB + ":key/" + strings.ToUpper(keyID)
			}),
			field: "kmsKeyArn", value: "arn:aws:kms:us-east-1:" + acctB + ":key/" + strings.ToUpper(keyID), sentinel: policy.ErrARN},
		{name: "kmskey/admin-account-root", reason: "the root has its own statement",
			run:   buildKey(func(c *kmskey.Config) { c.KeyAdministrators = []string{"arn:aws:iam::" + acctB + ":root"} }),
			field: "keyAdministrators[0]", value: "arn:aws:iam::" + acctB + ":root", sentinel: policy.ErrPrincipal},
		{name: "kmskey/admin-other-account", reason: "KMS has no cross-account key management",
			run:   buildKey(func(c *kmskey.Config) { c.KeyAdministrators = []string{"arn:aws:iam::" + acctA + ":role/Admin"} }),
			field: "keyAdministrators[0]", value: "arn:aws:iam::" + acctA + ":role/Admin", sentinel: policy.ErrConflict},
		{name: "kmskey/reader-outsider", reason: "a reader outside the setup's accounts would read every account's logs",
			run:   keySite(func(s *cloudtrail.SiteConfig) { s.Readers = []string{"arn:aws:iam::333333333333:role/Reader"} }),
			field: "readers[0]", value: "arn:aws:iam::333333333333:role/Reader", sentinel: policy.ErrConflict},
		{name: "kmskey/reader-service", reason: "a service principal is no reader",
			run:   keySite(func(s *cloudtrail.SiteConfig) { s.Readers = []string{"cloudtrail.amazonaws.com"} }),
			field: "readers[0]", value: "cloudtrail.amazonaws.com", sentinel: policy.ErrARN},
		{name: "kmskey/reader-control-character", reason: "a role name with a tab",
			run:   keySite(func(s *cloudtrail.SiteConfig) { s.Readers = []string{"arn:aws:iam::" + acctA + ":role/Read\ter"} }),
			field: "readers[0]", value: "arn:aws:iam::" + acctA + ":role/Read\ter", sentinel: policy.ErrARN},
		{name: "kmskey/sid-style-unknown", reason: "a misspelt style is not the default",
			run: buildKey(func(c *kmskey.Config) { c.SidStyle = "Spaced" }), field: "keyPolicy.sidStyle", value: "Spaced", sentinel: policy.ErrUnsupported},
		{name: "kmskey/lockout-without-admins", reason: "nobody could manage the key",
			run: buildKey(func(c *kmskey.Config) { c.AllowKeyLockout = true }), field: "keyPolicy.allowKeyLockout", value: "true", sentinel: policy.ErrConflict},
		// The key and bucket Regions are now compared once, by cloudtrail.New,
		// which names the key (kmsKeyArn) rather than bucketRegion: one
		// problem, as in bucket/key-region-not-bucket-region.
		{name: "kmskey/bucket-region-differs", reason: "CloudTrail needs the key in the bucket's Region",
			run: keySite(func(s *cloudtrail.SiteConfig) { s.BucketRegion = "eu-west-1" }), field: "kmsKeyArn", value: keyARN, sentinel: policy.ErrConflict},
		{name: "kmskey/log-archive-fullwidth", reason: "fullwidth digits",
			run: keySite(func(s *cloudtrail.SiteConfig) { s.LogArchiveAccount = fullwidthTwos }), field: "logArchiveAccount", value: fullwidthTwos, sentinel: policy.ErrAccountID},
		// One *policy.SizeError now, where there were two problems (the
		// document's size and the accounts); it counts the accounts that
		// get a decrypt statement of their own.
		{name: "kmskey/ten-thousand-accounts", reason: "one decrypt statement per account overflows 32 KB; the error says what to do instead",
			run: keySite(func(s *cloudtrail.SiteConfig) { s.Accounts = tenThousand }), field: "accounts", value: "10000 delivering accounts other than the key's", sentinel: policy.ErrSize,
			contains: []string{"70 of them fit", "organization trail"}},

		// Vendor trust policy.
		{name: "trust/external-id-empty", reason: "a third party must present an external ID",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.ExternalID = "" }), field: "vendor.externalId", value: "", sentinel: policy.ErrRequired},
		{name: "trust/external-id-space", reason: "STS refuses white space",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.ExternalID = "vendor id" }), field: "vendor.externalId", value: "vendor id", sentinel: policy.ErrExternalID},
		{name: "trust/external-id-nul", reason: "a NUL byte",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.ExternalID = "vendor\x00id" }), field: "vendor.externalId", value: "vendor\x00id", sentinel: policy.ErrExternalID},
		{name: "trust/external-id-newline", reason: "a value pasted with its newline",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.ExternalID = extID + "\n" }), field: "vendor.externalId", value: extID + "\n", sentinel: policy.ErrExternalID},
		{name: "trust/external-id-one-character", reason: "at least 2 characters",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.ExternalID = "x" }), field: "vendor.externalId", value: "x", sentinel: policy.ErrExternalID},
		{name: "trust/external-id-too-long", reason: "at most 1,224 characters",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.ExternalID = strings.Repeat("e", 1225) }), field: "vendor.externalId", value: strings.Repeat("e", 1225), sentinel: policy.ErrExternalID},
		{name: "trust/vendor-is-log-account", reason: "a vendor is a third party with its own account",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.Account = acctB }), field: "vendor.account", value: acctB, sentinel: policy.ErrConflict},
		{name: "trust/vendor-account-arabic-indic", reason: "Unicode digits",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.Account = arabicIndicOnes }), field: "vendor.account", value: arabicIndicOnes, sentinel: policy.ErrAccountID},
		{name: "trust/vendor-role-other-account", reason: "only the vendor's own roles",
			run:   buildVendor(func(c *trust.VendorConfig) { c.Vendor.Roles = []string{"arn:aws:iam::333333333333:role/Ingest"} }),
			field: "vendor.roles[0]", value: "arn:aws:iam::333333333333:role/Ingest", sentinel: policy.ErrConflict},
		{name: "trust/vendor-role-partition-mix", reason: "an aws-cn role in an aws setup",
			run: buildVendor(func(c *trust.VendorConfig) {
				c.Vendor.Roles = []string{"arn:aws-cn:iam::" + vendorAcct + ":role/Ingest"}
			}),
			field: "vendor.roles[0]", value: "arn:aws-cn:iam::" + vendorAcct + ":role/Ingest", sentinel: policy.ErrARN},
		{name: "trust/role-name-space", reason: "IAM role names have no spaces",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.RoleName = "Log Reader" }), field: "vendor.roleName", value: "Log Reader", sentinel: policy.ErrRoleName},
		{name: "trust/role-name-too-long", reason: "at most 64 characters",
			run: buildVendor(func(c *trust.VendorConfig) { c.Vendor.RoleName = strings.Repeat("r", 65) }), field: "vendor.roleName", value: strings.Repeat("r", 65), sentinel: policy.ErrRoleName},

		// Read policy and reader trust policy.
		// The read policy's organization is now the site's: its ID is
		// checked by cloudtrail.New, and LimitToOrganization reads under it.
		{name: "trust/read-org-id-upper-case", reason: "organization IDs are lower case",
			run: runRead(func(s *cloudtrail.SiteConfig) {
				s.Organization = &cloudtrail.Organization{ID: "o-EXAMPLEORG1", ManagementAccount: acctA}
			}, func(c *trust.ReadConfig) { c.LimitToOrganization = true }),
			field: "organization.id", value: "o-EXAMPLEORG1", sentinel: policy.ErrOrgID},
		{name: "trust/read-key-alias", reason: "an alias is not a key ARN",
			run:   readSite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = "arn:aws:kms:us-east-1:" + acctB + ":alias/x" }),
			field: "kmsKeyArn", value: "arn:aws:kms:us-east-1:" + acctB + ":alias/x", sentinel: policy.ErrARN},
		{name: "trust/read-prefix-dot-dot", reason: "a .. segment would widen the read grant",
			run: readSite(func(s *cloudtrail.SiteConfig) { s.Prefix = "../logs" }), field: "prefix", value: "../logs", sentinel: cloudtrail.ErrPrefix},
		{name: "trust/read-account-fullwidth", reason: "fullwidth digits",
			run: buildRead(func(c *trust.ReadConfig) { c.LimitToAccounts = []string{fullwidthTwos} }), field: "vendor.readPolicy.limitToAccounts[0]", value: fullwidthTwos, sentinel: policy.ErrAccountID},
		// One *policy.SizeError now, where there were two problems. Its hint
		// offers only what the site allows: without an organization it no
		// longer suggests one (the old hint named OrganizationID).
		{name: "trust/read-ten-thousand-accounts", reason: "past the 6,144-character managed policy limit the error says how many accounts fit and what to grant instead",
			run: buildRead(func(c *trust.ReadConfig) { c.LimitToAccounts = tenThousand }), field: "vendor.readPolicy.limitToAccounts", value: "10000 accounts", sentinel: policy.ErrSize,
			contains: []string{"67 of them fit", "list no accounts", "every log file under AWSLogs/"}},
		{name: "trust/reader-no-principals", reason: "a role nobody may assume",
			run: buildReader(func(c *trust.ReaderConfig) { c.Principals = nil }), field: "principals", value: "", sentinel: policy.ErrRequired},
		{name: "trust/reader-principal-partition-mix", reason: "an aws-us-gov principal in an aws setup",
			run:   buildReader(func(c *trust.ReaderConfig) { c.Principals = []string{"arn:aws-us-gov:iam::" + acctB + ":root"} }),
			field: "principals[0]", value: "arn:aws-us-gov:iam::" + acctB + ":root", sentinel: policy.ErrARN},

		// Service control policy.
		{name: "scp/break-glass-every-role", reason: "role/* would exempt every role",
			run:   scpSite(func(s *cloudtrail.SiteConfig) { s.BreakGlassRoles = []string{"arn:aws:iam::" + acctB + ":role/*"} }),
			field: "breakGlassRoles[0]", value: "arn:aws:iam::" + acctB + ":role/*", sentinel: policy.ErrARN},
		{name: "scp/break-glass-wildcard-path", reason: "a wildcard in the path",
			run: scpSite(func(s *cloudtrail.SiteConfig) {
				s.BreakGlassRoles = []string{"arn:aws:iam::" + acctB + ":role/*/BreakGlass"}
			}),
			field: "breakGlassRoles[0]", value: "arn:aws:iam::" + acctB + ":role/*/BreakGlass", sentinel: policy.ErrARN},
		{name: "scp/log-archive-is-management", reason: "SCPs never apply to the management account",
			run:   scpSite(func(s *cloudtrail.SiteConfig) { s.Organization.ManagementAccount = acctB }),
			field: "logArchiveAccount", value: acctB, sentinel: policy.ErrConflict},
		{name: "scp/trail-10-digit-account", reason: "a truncated account in a trail ARN",
			run: buildSCP(func(c *scp.Config) {
				c.Options.ProtectTrails = []string{"arn:aws:cloudtrail:us-east-1:1111111111:trail/org"}
			}),
			field: "scp.protectTrails[0]", value: "arn:aws:cloudtrail:us-east-1:1111111111:trail/org", sentinel: policy.ErrARN},
		{name: "scp/key-in-management-account", reason: "an SCP cannot protect it",
			run:   scpSite(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = "arn:aws:kms:us-east-1:" + mgmtAcct + ":key/" + keyID }),
			field: "kmsKeyArn", value: "arn:aws:kms:us-east-1:" + mgmtAcct + ":key/" + keyID, sentinel: policy.ErrConflict},
		{name: "scp/size-limit-negative", reason: "a negative limit",
			run: buildSCP(func(c *scp.Config) { c.Options.SizeLimit = -1 }), field: "scp.sizeLimit", value: "-1", sentinel: policy.ErrUnsupported},
		// The one *policy.SizeError shape names no field when the limit, not
		// a list, is at fault: the setting is named in its hint.
		{name: "scp/size-limit-too-small", reason: "no statement fits in 100 characters",
			run: buildSCP(func(c *scp.Config) { c.Options.SizeLimit = 100 }), field: "scp.sizeLimit", value: "100", sentinel: policy.ErrSize, inHint: true},

		// Resource control policy.
		{name: "rcp/no-organization", reason: "an RCP names the organization's ID",
			run:   runRCP(func(s *cloudtrail.SiteConfig) { s.Organization, s.Accounts = nil, []string{acctA} }, func(*rcp.Config) {}),
			field: "organization", value: "", sentinel: policy.ErrRequired},
		{name: "rcp/log-archive-is-management", reason: "RCPs never apply to the management account's resources",
			run:   runRCP(func(s *cloudtrail.SiteConfig) { s.Organization.ManagementAccount = acctB }, func(*rcp.Config) {}),
			field: "logArchiveAccount", value: acctB, sentinel: policy.ErrConflict},
		{name: "rcp/key-in-management-account", reason: "the RCP cannot guard it",
			run:   runRCP(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN = "arn:aws:kms:us-east-1:" + mgmtAcct + ":key/" + keyID }, func(*rcp.Config) {}),
			field: "kmsKeyArn", value: "arn:aws:kms:us-east-1:" + mgmtAcct + ":key/" + keyID, sentinel: policy.ErrConflict},
		{name: "rcp/trusted-account-unicode-digits", reason: "look-alike digits are not an account ID",
			run:   runRCP(noSite, func(c *rcp.Config) { c.Options.TrustedAccounts = []string{arabicIndicOnes} }),
			field: "rcp.trustedAccounts[0]", value: arabicIndicOnes, sentinel: policy.ErrAccountID},
		{name: "rcp/more-than-one-target-holds", reason: "five RCPs, where a target holds four beside RCPFullAWSAccess",
			run: runRCP(func(s *cloudtrail.SiteConfig) { s.KMSKeyARN, s.BreakGlassRoles = keyARN, breakGlassRoles(52) },
				func(c *rcp.Config) { c.Options.TrustedAccounts = accounts(300) }),
			field: "breakGlassRoles", value: "52 break-glass roles", sentinel: policy.ErrTooManyPolicies,
			contains: []string{"make 5 resource control policies", "beside RCPFullAWSAccess"}},

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

// TestCatalogue runs every hostile input: an error, no document, and one
// problem, which names the field and the value as given and wraps the
// sentinel.
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
			if tc.short && len(err.Error()) > 1000 {
				t.Errorf("the error is %d bytes, want at most 1,000 for any input (%s)", len(err.Error()), tc.reason)
			}
			if got := policy.Unjoin(err); len(got) != 1 {
				t.Errorf("%d problems, want exactly the one naming %s (%s):\n%s", len(got), tc.field, tc.reason, abbreviateAll(got))
			}
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
	if tc.inHint {
		want := tc.field + " " + strconv.Quote(tc.value)
		for _, e := range policy.Unjoin(err) {
			var se *policy.SizeError
			if !errors.As(e, &se) || se.Field != "" || !strings.Contains(se.Hint, want) {
				continue
			}
			if tc.sentinel != nil && !errors.Is(e, tc.sentinel) {
				t.Errorf("problem %q does not wrap %v (%s)", e, tc.sentinel, tc.reason)
			}
			for _, w := range tc.contains {
				if !strings.Contains(e.Error(), w) {
					t.Errorf("problem %q lacks %q (%s)", e, w, tc.reason)
				}
			}
			return
		}
		t.Errorf("no *policy.SizeError without a field has a hint naming %s (%s); got:\n%s", want, tc.reason, abbreviateAll(policy.Unjoin(err)))
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
	t.Errorf("no problem starts with %s (%s); got:\n%s", abbreviate(head), tc.reason, abbreviateAll(policy.Unjoin(err)))
}

// abbreviateAll lists the problems, one a line, each abbreviated.
func abbreviateAll(errs []error) string {
	var out []string
	for _, e := range errs {
		out = append(out, abbreviate(e.Error()))
	}
	return strings.Join(out, "\n")
}

func abbreviate(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
