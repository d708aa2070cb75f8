package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// checkFieldError fails t unless err is a *policy.FieldError for field and
// value that wraps sentinel, whose message starts with the field path and
// the quoted value, and whose reason contains reasonHas.
func checkFieldError(t *testing.T, err error, field, value string, sentinel error, reasonHas string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a %v error for %s = %q", sentinel, field, value)
	}
	var fe *policy.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *policy.FieldError", err, err)
	}
	if fe.Field != field || fe.Value != value {
		t.Errorf("FieldError names %s = %q, want %s = %q", fe.Field, fe.Value, field, value)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("error %q does not wrap %q", err, sentinel)
	}
	if want := golden.Head(field, value) + " "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q does not start with %q", err, want)
	}
	if !strings.Contains(fe.Reason, reasonHas) {
		t.Errorf("reason %q does not say %q", fe.Reason, reasonHas)
	}
	if msg := err.Error(); strings.HasSuffix(msg, ".") || msg != strings.TrimSpace(msg) {
		t.Errorf("error %q ends in a period or white space", msg)
	}
}

// validatorCase is one value for a validator. A nil wantErr means the value
// is valid.
type validatorCase struct {
	name      string
	value     string
	wantErr   error
	reasonHas string // part of the reason a bad value must give
	reason    string // why the case exists
}

func runValidatorCases(t *testing.T, field string, check func(field, value string) error, cases []validatorCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			err := check(field, tc.value)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("%q: got error %v, want none (%s)", tc.value, err, tc.reason)
				}
				return
			}
			if err == nil {
				t.Fatalf("%q: got no error, want %v (%s)", tc.value, tc.wantErr, tc.reason)
			}
			checkFieldError(t, err, field, tc.value, tc.wantErr, tc.reasonHas)
		})
	}
}

func TestCheckAccountID(t *testing.T) {
	runValidatorCases(t, "Accounts[2]", policy.CheckAccountID, []validatorCase{
		{name: "twelve digits", value: "111122223333", reason: "the documented format"},
		{name: "leading zeros", value: "012345678901", reason: "leading zeros are part of the ID, so IDs are strings"},
		{name: "all zeros", value: "000000000000", reason: "the shape is all that is checked"},
		{name: "empty", value: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "eleven digits", value: "11111111111", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "a lost digit, as in published documents"},
		{name: "thirteen digits", value: "1111222233334", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "one digit too many"},
		{name: "ten digits", value: "1111222233", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "the 10-digit ID of a published document"},
		{name: "placeholder", value: "aws-account-id-A", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "a placeholder left in a published document"},
		{name: "dashes as the console shows", value: "1111-2222-3333", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "the console's display form is not the ID"},
		{name: "letter", value: "11112222333a", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "12 characters but not all digits"},
		{name: "leading space", value: " 111122223333", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "white space is not trimmed silently"},
		{name: "trailing newline", value: "111122223333\n", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "a line read from a file keeps its newline"},
		{name: "NUL byte", value: "11112222333\x00", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "control characters are not digits"},
		{name: "six Arabic-Indic digits are 12 bytes", value: "١٢٣٤٥٦", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "unicode digits must fail the digit test, not only the length test"},
		{name: "twelve Arabic-Indic digits", value: "١٢٣٤٥٦٧٨٩٠١٢", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "12 unicode digits look right but are not ASCII"},
		{name: "four fullwidth digits are 12 bytes", value: "１２３４", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "fullwidth digits are 3 bytes each"},
		{name: "twelve fullwidth digits", value: "１１１１２２２２３３３３", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "fullwidth look-alikes pasted from a document"},
		{name: "zero width space", value: "111122223333\u200b", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "an invisible character is still a character"},
		{name: "number with sign", value: "+11112222333", wantErr: policy.ErrAccountID, reasonHas: "12-digit", reason: "strconv would accept it, the rule does not"},
	})
}

func TestCheckOrgID(t *testing.T) {
	runValidatorCases(t, "Organization.ID", policy.CheckOrgID, []validatorCase{
		{name: "ten characters", value: "o-a1b2c3d4e5", reason: "the shortest ID"},
		{name: "thirty-two characters", value: "o-" + strings.Repeat("a1", 16), reason: "the longest ID"},
		{name: "digits only", value: "o-1234567890", reason: "digits are allowed"},
		{name: "empty", value: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "nine characters", value: "o-a1b2c3d4e", wantErr: policy.ErrOrgID, reasonHas: "10 to 32", reason: "one too short"},
		{name: "thirty-three characters", value: "o-" + strings.Repeat("a", 33), wantErr: policy.ErrOrgID, reasonHas: "10 to 32", reason: "one too long"},
		{name: "upper case", value: "o-A1B2C3D4E5", wantErr: policy.ErrOrgID, reasonHas: "lower-case", reason: "IDs are lower case"},
		{name: "upper case prefix", value: "O-a1b2c3d4e5", wantErr: policy.ErrOrgID, reasonHas: "o- followed by", reason: "the prefix is o-"},
		{name: "no prefix", value: "a1b2c3d4e5", wantErr: policy.ErrOrgID, reasonHas: "o- followed by", reason: "the prefix is required"},
		{name: "underscore prefix", value: "o_a1b2c3d4e5", wantErr: policy.ErrOrgID, reasonHas: "o- followed by", reason: "only o- is the prefix"},
		{name: "root ID", value: "r-ab12", wantErr: policy.ErrOrgID, reasonHas: "o- followed by", reason: "a root ID is not an organization ID"},
		{name: "OU ID", value: "ou-ab12-abcdefgh", wantErr: policy.ErrOrgID, reasonHas: "o- followed by", reason: "an OU ID is not an organization ID"},
		{name: "trailing space", value: "o-a1b2c3d4e5 ", wantErr: policy.ErrOrgID, reasonHas: "o- followed by", reason: "white space is not trimmed"},
		{name: "trailing newline", value: "o-a1b2c3d4e5\n", wantErr: policy.ErrOrgID, reasonHas: "o- followed by", reason: "$ must not match before a final newline"},
		{name: "accented letter", value: "o-a1b2c3d4é5", wantErr: policy.ErrOrgID, reasonHas: "o- followed by", reason: "letters are ASCII"},
		{name: "fullwidth digits", value: "o-１２３４５６７８９０", wantErr: policy.ErrOrgID, reasonHas: "o- followed by", reason: "digits are ASCII"},
	})
}

func TestCheckPartition(t *testing.T) {
	check := func(field, v string) error { return policy.CheckPartition(field, policy.Partition(v)) }
	runValidatorCases(t, "Partition", check, []validatorCase{
		{name: "commercial", value: "aws", reason: "supported"},
		{name: "China", value: "aws-cn", reason: "supported"},
		{name: "GovCloud", value: "aws-us-gov", reason: "supported"},
		{name: "empty", value: "", wantErr: policy.ErrPartition, reasonHas: "aws, aws-cn, aws-us-gov or aws-eusc", reason: "callers apply OrDefault first"},
		{name: "upper case", value: "AWS", wantErr: policy.ErrPartition, reasonHas: "aws, aws-cn, aws-us-gov or aws-eusc", reason: "ARNs are case-sensitive"},
		{name: "ISO partition", value: "aws-iso", wantErr: policy.ErrPartition, reasonHas: "not a supported partition", reason: "not supported by the library"},
		{name: "leading space", value: " aws", wantErr: policy.ErrPartition, reasonHas: "not a supported partition", reason: "white space is not trimmed"},
		{name: "trailing newline", value: "aws-cn\n", wantErr: policy.ErrPartition, reasonHas: "not a supported partition", reason: "white space is not trimmed"},
		{name: "region instead", value: "us-east-1", wantErr: policy.ErrPartition, reasonHas: "not a supported partition", reason: "a Region is not a partition"},
	})
}

func TestPartitionOrDefault(t *testing.T) {
	if got := policy.Partition("").OrDefault(); got != policy.PartitionAWS {
		t.Errorf("empty OrDefault = %q, want aws", got)
	}
	if got := policy.PartitionChina.OrDefault(); got != policy.PartitionChina {
		t.Errorf("aws-cn OrDefault = %q, want aws-cn", got)
	}
	for _, p := range policy.Partitions() {
		if err := policy.CheckPartition("p", p); err != nil {
			t.Errorf("Partitions() lists %q, which CheckPartition refuses: %v", p, err)
		}
	}
}

func TestCheckRegion(t *testing.T) {
	runValidatorCases(t, "Region", policy.CheckRegion, []validatorCase{
		{name: "us-east-1", value: "us-east-1", reason: "commercial"},
		{name: "ap-southeast-4", value: "ap-southeast-4", reason: "commercial, longer direction"},
		{name: "il-central-1", value: "il-central-1", reason: "newer country code"},
		{name: "cn-northwest-1", value: "cn-northwest-1", reason: "China"},
		{name: "us-gov-west-1", value: "us-gov-west-1", reason: "GovCloud has a three-part name"},
		{name: "us-isob-east-1", value: "us-isob-east-1", reason: "the shape of an ISO Region; the partition check refuses it"},
		{name: "eusc-de-east-1", value: "eusc-de-east-1", reason: "the European Sovereign Cloud's eusc-<country>- form"},
		{name: "eusc without country", value: "eusc-east-1", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "AWS's pattern is eusc-<country>-<direction>-<n>"},
		{name: "empty", value: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "upper case", value: "US-EAST-1", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "Region codes are lower case"},
		{name: "no number", value: "us-east", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "the number is part of the code"},
		{name: "availability zone", value: "us-east-1a", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "an AZ is not a Region"},
		{name: "underscores", value: "us_east_1", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "hyphens separate the parts"},
		{name: "three-digit number", value: "us-east-123", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "Region numbers have one or two digits"},
		{name: "wildcard", value: "*", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "a pattern is not a Region"},
		{name: "leading space", value: " us-east-1", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "white space is not trimmed"},
		{name: "trailing newline", value: "us-east-1\n", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "white space is not trimmed"},
		{name: "fullwidth digit", value: "us-east-１", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "digits are ASCII"},
		{name: "aws-global", value: "aws-global", wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "an SDK pseudo-Region is not a Region"},
	})
}

func TestCheckRegionInPartition(t *testing.T) {
	tests := []struct {
		name      string
		region    string
		partition policy.Partition
		wantErr   error
		reasonHas string
		reason    string
	}{
		{name: "commercial", region: "eu-west-1", partition: policy.PartitionAWS, reason: "a commercial Region in aws"},
		{name: "China", region: "cn-north-1", partition: policy.PartitionChina, reason: "a China Region in aws-cn"},
		{name: "GovCloud", region: "us-gov-east-1", partition: policy.PartitionGovCloud, reason: "a GovCloud Region in aws-us-gov"},
		{name: "European Sovereign Cloud", region: "eusc-de-east-1", partition: policy.PartitionEUSC, reason: "its one Region in aws-eusc"},
		{name: "European Sovereign Cloud Region in aws", region: "eusc-de-east-1", partition: policy.PartitionAWS, wantErr: policy.ErrRegion, reasonHas: "is in partition aws-eusc, not aws", reason: "a sovereign Region is not commercial"},
		{name: "Frankfurt in aws-eusc", region: "eu-central-1", partition: policy.PartitionEUSC, wantErr: policy.ErrRegion, reasonHas: "is in partition aws, not aws-eusc", reason: "a German commercial Region is not sovereign"},
		{name: "China Region in aws", region: "cn-north-1", partition: policy.PartitionAWS, wantErr: policy.ErrRegion, reasonHas: "is in partition aws-cn, not aws", reason: "partitions do not share Regions"},
		{name: "commercial Region in aws-cn", region: "us-east-1", partition: policy.PartitionChina, wantErr: policy.ErrRegion, reasonHas: "is in partition aws, not aws-cn", reason: "partitions do not share Regions"},
		{name: "GovCloud Region in aws", region: "us-gov-west-1", partition: policy.PartitionAWS, wantErr: policy.ErrRegion, reasonHas: "is in partition aws-us-gov, not aws", reason: "GovCloud is its own partition"},
		{name: "commercial Region in aws-us-gov", region: "us-west-2", partition: policy.PartitionGovCloud, wantErr: policy.ErrRegion, reasonHas: "is in partition aws, not aws-us-gov", reason: "same country, different partition"},
		{name: "ISO Region in aws", region: "us-iso-east-1", partition: policy.PartitionAWS, wantErr: policy.ErrRegion, reasonHas: "is in partition aws-iso, not aws", reason: "an isolated Region is not commercial"},
		{name: "ISO-B Region in aws", region: "us-isob-east-1", partition: policy.PartitionAWS, wantErr: policy.ErrRegion, reasonHas: "is in partition aws-iso-b, not aws", reason: "an isolated Region is not commercial"},
		{name: "empty Region", region: "", partition: policy.PartitionAWS, wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "the shape check runs first"},
		{name: "malformed Region", region: "mars-1", partition: policy.PartitionAWS, wantErr: policy.ErrRegion, reasonHas: "Region code", reason: "the shape check runs first"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := policy.CheckRegionInPartition("Trails[0].Region", tc.region, tc.partition)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("got %v, want no error (%s)", err, tc.reason)
				}
				return
			}
			checkFieldError(t, err, "Trails[0].Region", tc.region, tc.wantErr, tc.reasonHas)
		})
	}
}

func TestRegionPartition(t *testing.T) {
	for region, want := range map[string]policy.Partition{
		"us-east-1":       policy.PartitionAWS,
		"eu-central-2":    policy.PartitionAWS,
		"cn-northwest-1":  policy.PartitionChina,
		"us-gov-west-1":   policy.PartitionGovCloud,
		"eusc-de-east-1":  policy.PartitionEUSC,
		"us-iso-east-1":   "aws-iso",
		"us-isob-east-1":  "aws-iso-b",
		"eu-isoe-west-1":  "aws-iso-e",
		"us-isof-south-1": "aws-iso-f",
	} {
		if got := policy.RegionPartition(region); got != want {
			t.Errorf("RegionPartition(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestCheckBucketName(t *testing.T) {
	runValidatorCases(t, "Bucket", policy.CheckBucketName, []validatorCase{
		{name: "simple", value: "my-trail-logs", reason: "the common shape"},
		{name: "three characters", value: "abc", reason: "the shortest name"},
		{name: "sixty-three characters", value: strings.Repeat("a", 63), reason: "the longest name"},
		{name: "dots", value: "logs.example.com", reason: "dots are allowed between labels"},
		{name: "starts with a digit", value: "1logs", reason: "a digit may start a name"},
		{name: "digits only", value: "123", reason: "not an IP address"},
		{name: "almost reserved prefix", value: "xn-logs", reason: "only xn-- is reserved"},
		{name: "reserved suffix inside", value: "my-s3alias-logs", reason: "only the suffix position is reserved"},
		{name: "empty", value: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "two characters", value: "ab", wantErr: policy.ErrBucketName, reasonHas: "has 2 characters", reason: "too short"},
		{name: "sixty-four characters", value: strings.Repeat("a", 64), wantErr: policy.ErrBucketName, reasonHas: "has 64 characters", reason: "too long"},
		{name: "long accented name", value: strings.Repeat("é", 40), wantErr: policy.ErrBucketName, reasonHas: "contains 'é'", reason: "80 bytes but 40 characters: the message must not claim a wrong length"},
		{name: "upper case", value: "My-Logs", wantErr: policy.ErrBucketName, reasonHas: "contains 'M'", reason: "names are lower case"},
		{name: "underscore", value: "my_logs", wantErr: policy.ErrBucketName, reasonHas: "contains '_'", reason: "underscores are not allowed"},
		{name: "space", value: "my logs", wantErr: policy.ErrBucketName, reasonHas: "contains ' '", reason: "white space is not allowed"},
		{name: "trailing newline", value: "my-logs\n", wantErr: policy.ErrBucketName, reasonHas: `contains '\n'`, reason: "control characters are not allowed"},
		{name: "NUL byte", value: "my\x00logs", wantErr: policy.ErrBucketName, reasonHas: `contains '\x00'`, reason: "control characters are not allowed"},
		{name: "fullwidth letters", value: "ｌｏｇｓ", wantErr: policy.ErrBucketName, reasonHas: "contains 'ｌ'", reason: "look-alike letters are not ASCII"},
		{name: "leading hyphen", value: "-logs", wantErr: policy.ErrBucketName, reasonHas: "begin and end", reason: "must start with a letter or digit"},
		{name: "trailing hyphen", value: "logs-", wantErr: policy.ErrBucketName, reasonHas: "begin and end", reason: "must end with a letter or digit"},
		{name: "leading dot", value: ".logs", wantErr: policy.ErrBucketName, reasonHas: "begin and end", reason: "must start with a letter or digit"},
		{name: "adjacent dots", value: "my..logs", wantErr: policy.ErrBucketName, reasonHas: "two adjacent dots", reason: "empty DNS label"},
		{name: "IP address", value: "192.168.5.4", wantErr: policy.ErrBucketName, reasonHas: "IP address", reason: "S3 forbids IP-formatted names"},
		{name: "private IP address", value: "10.0.0.1", wantErr: policy.ErrBucketName, reasonHas: "IP address", reason: "S3 forbids IP-formatted names"},
		{name: "xn-- prefix", value: "xn--logs", wantErr: policy.ErrBucketName, reasonHas: "reserved prefix xn--", reason: "reserved for punycode"},
		{name: "sthree- prefix", value: "sthree-logs", wantErr: policy.ErrBucketName, reasonHas: "reserved prefix sthree-", reason: "reserved by S3"},
		{name: "amzn-s3-demo- prefix", value: "amzn-s3-demo-bucket", wantErr: policy.ErrBucketName, reasonHas: "reserved prefix amzn-s3-demo-", reason: "reserved for documentation examples"},
		{name: "-s3alias suffix", value: "logs-s3alias", wantErr: policy.ErrBucketName, reasonHas: "reserved suffix -s3alias", reason: "access point aliases"},
		{name: "--ol-s3 suffix", value: "logs--ol-s3", wantErr: policy.ErrBucketName, reasonHas: "reserved suffix --ol-s3", reason: "Object Lambda aliases"},
		{name: ".mrap suffix", value: "logs.mrap", wantErr: policy.ErrBucketName, reasonHas: "reserved suffix .mrap", reason: "Multi-Region Access Points"},
		{name: "--x-s3 suffix", value: "logs--x-s3", wantErr: policy.ErrBucketName, reasonHas: "reserved suffix --x-s3", reason: "directory buckets"},
		{name: "--table-s3 suffix", value: "logs--table-s3", wantErr: policy.ErrBucketName, reasonHas: "reserved suffix --table-s3", reason: "table buckets"},
	})
}

func TestCheckExternalID(t *testing.T) {
	runValidatorCases(t, "Vendor.ExternalID", policy.CheckExternalID, []validatorCase{
		{name: "two characters", value: "ab", reason: "the shortest ID"},
		{name: "1224 characters", value: strings.Repeat("x", 1224), reason: "the longest ID"},
		{name: "every allowed punctuation", value: "Unique_ID+=,.@:/-1", reason: "the documented character set"},
		{name: "UUID", value: "0f8fad5b-d9cb-469f-a165-70867728950e", reason: "a common choice"},
		{name: "empty", value: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "one character", value: "a", wantErr: policy.ErrExternalID, reasonHas: "2 to 1,224", reason: "too short"},
		{name: "1225 characters", value: strings.Repeat("x", 1225), wantErr: policy.ErrExternalID, reasonHas: "2 to 1,224", reason: "too long"},
		{name: "space", value: "my id", wantErr: policy.ErrExternalID, reasonHas: "without spaces", reason: "white space is not allowed"},
		{name: "tab", value: "my\tid", wantErr: policy.ErrExternalID, reasonHas: "without spaces", reason: "white space is not allowed"},
		{name: "trailing newline", value: "myid\n", wantErr: policy.ErrExternalID, reasonHas: "without spaces", reason: "$ must not match before a final newline"},
		{name: "non-ASCII letter", value: "ünïcode", wantErr: policy.ErrExternalID, reasonHas: "letters, digits", reason: "\\w is ASCII only"},
		{name: "fullwidth letters", value: "ａｂ", wantErr: policy.ErrExternalID, reasonHas: "letters, digits", reason: "look-alike letters are not ASCII"},
		{name: "quote", value: `my"id`, wantErr: policy.ErrExternalID, reasonHas: "letters, digits", reason: "would need escaping in the policy"},
		{name: "star", value: "my*id", wantErr: policy.ErrExternalID, reasonHas: "letters, digits", reason: "not in the character set"},
	})
}

func TestCheckRoleName(t *testing.T) {
	runValidatorCases(t, "Vendor.RoleName", policy.CheckRoleName, []validatorCase{
		{name: "one character", value: "R", reason: "the shortest name"},
		{name: "sixty-four characters", value: strings.Repeat("r", 64), reason: "the longest name"},
		{name: "every allowed punctuation", value: "Vendor_ReadOnly+=,.@-", reason: "the documented character set"},
		{name: "empty", value: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "sixty-five characters", value: strings.Repeat("r", 65), wantErr: policy.ErrRoleName, reasonHas: "1 to 64", reason: "too long"},
		{name: "path", value: "service-role/Vendor", wantErr: policy.ErrRoleName, reasonHas: "1 to 64", reason: "a path is not part of the name"},
		{name: "space", value: "Vendor Role", wantErr: policy.ErrRoleName, reasonHas: "1 to 64", reason: "white space is not allowed"},
		{name: "colon", value: "role:x", wantErr: policy.ErrRoleName, reasonHas: "1 to 64", reason: "not in the character set"},
		{name: "non-ASCII", value: "rôle", wantErr: policy.ErrRoleName, reasonHas: "1 to 64", reason: "ASCII only"},
		{name: "trailing newline", value: "Vendor\n", wantErr: policy.ErrRoleName, reasonHas: "1 to 64", reason: "control characters are not allowed"},
	})
}
