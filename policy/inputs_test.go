package policy_test

import (
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

func TestCheckAccountID(t *testing.T) {
	golden.RunValidatorCases(t, "Accounts[2]", policy.CheckAccountID, []golden.ValidatorCase{
		{Name: "twelve digits", Value: "111122223333", Reason: "the documented format"},
		{Name: "leading zeros", Value: "012345678901", Reason: "leading zeros are part of the ID, so IDs are strings"},
		{Name: "all zeros", Value: "000000000000", Reason: "the shape is all that is checked"},
		{Name: "empty", Value: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "eleven digits", Value: "11111111111", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "a lost digit, as in published documents"},
		{Name: "thirteen digits", Value: "1111222233334", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "one digit too many"},
		{Name: "ten digits", Value: "1111222233", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "the 10-digit ID of a published document"},
		{Name: "placeholder", Value: "aws-account-id-A", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "a placeholder left in a published document"},
		{Name: "dashes as the console shows", Value: "1111-2222-3333", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "the console's display form is not the ID"},
		{Name: "letter", Value: "11112222333a", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "12 characters but not all digits"},
		{Name: "leading space", Value: " 111122223333", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "white space is not trimmed silently"},
		{Name: "trailing newline", Value: "111122223333\n", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "a line read from a file keeps its newline"},
		{Name: "NUL byte", Value: "11112222333\x00", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "control characters are not digits"},
		{Name: "six Arabic-Indic digits are 12 bytes", Value: "١٢٣٤٥٦", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "unicode digits must fail the digit test, not only the length test"},
		{Name: "twelve Arabic-Indic digits", Value: "١٢٣٤٥٦٧٨٩٠١٢", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "12 unicode digits look right but are not ASCII"},
		{Name: "four fullwidth digits are 12 bytes", Value: "１２３４", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "fullwidth digits are 3 bytes each"},
		{Name: "twelve fullwidth digits", Value: "１１１１２２２２３３３３", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "fullwidth look-alikes pasted from a document"},
		{Name: "zero width space", Value: "111122223333\u200b", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "an invisible character is still a character"},
		{Name: "number with sign", Value: "+11112222333", WantErr: policy.ErrAccountID, ReasonHas: "12-digit", Reason: "strconv would accept it, the rule does not"},
	})
}

func TestCheckOrgID(t *testing.T) {
	golden.RunValidatorCases(t, "Organization.ID", policy.CheckOrgID, []golden.ValidatorCase{
		{Name: "ten characters", Value: "o-a1b2c3d4e5", Reason: "the shortest ID"},
		{Name: "thirty-two characters", Value: "o-" + strings.Repeat("a1", 16), Reason: "the longest ID"},
		{Name: "digits only", Value: "o-1234567890", Reason: "digits are allowed"},
		{Name: "empty", Value: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "nine characters", Value: "o-a1b2c3d4e", WantErr: policy.ErrOrgID, ReasonHas: "10 to 32", Reason: "one too short"},
		{Name: "thirty-three characters", Value: "o-" + strings.Repeat("a", 33), WantErr: policy.ErrOrgID, ReasonHas: "10 to 32", Reason: "one too long"},
		{Name: "upper case", Value: "o-A1B2C3D4E5", WantErr: policy.ErrOrgID, ReasonHas: "lower-case", Reason: "IDs are lower case"},
		{Name: "upper case prefix", Value: "O-a1b2c3d4e5", WantErr: policy.ErrOrgID, ReasonHas: "o- followed by", Reason: "the prefix is o-"},
		{Name: "no prefix", Value: "a1b2c3d4e5", WantErr: policy.ErrOrgID, ReasonHas: "o- followed by", Reason: "the prefix is required"},
		{Name: "underscore prefix", Value: "o_a1b2c3d4e5", WantErr: policy.ErrOrgID, ReasonHas: "o- followed by", Reason: "only o- is the prefix"},
		{Name: "root ID", Value: "r-ab12", WantErr: policy.ErrOrgID, ReasonHas: "o- followed by", Reason: "a root ID is not an organization ID"},
		{Name: "OU ID", Value: "ou-ab12-abcdefgh", WantErr: policy.ErrOrgID, ReasonHas: "o- followed by", Reason: "an OU ID is not an organization ID"},
		{Name: "trailing space", Value: "o-a1b2c3d4e5 ", WantErr: policy.ErrOrgID, ReasonHas: "o- followed by", Reason: "white space is not trimmed"},
		{Name: "trailing newline", Value: "o-a1b2c3d4e5\n", WantErr: policy.ErrOrgID, ReasonHas: "o- followed by", Reason: "$ must not match before a final newline"},
		{Name: "accented letter", Value: "o-a1b2c3d4é5", WantErr: policy.ErrOrgID, ReasonHas: "o- followed by", Reason: "letters are ASCII"},
		{Name: "fullwidth digits", Value: "o-１２３４５６７８９０", WantErr: policy.ErrOrgID, ReasonHas: "o- followed by", Reason: "digits are ASCII"},
	})
}

func TestCheckPartition(t *testing.T) {
	check := func(field, v string) error { return policy.CheckPartition(field, policy.Partition(v)) }
	golden.RunValidatorCases(t, "Partition", check, []golden.ValidatorCase{
		{Name: "commercial", Value: "aws", Reason: "supported"},
		{Name: "China", Value: "aws-cn", Reason: "supported"},
		{Name: "GovCloud", Value: "aws-us-gov", Reason: "supported"},
		{Name: "empty", Value: "", WantErr: policy.ErrPartition, ReasonHas: "aws, aws-cn, aws-us-gov or aws-eusc", Reason: "callers apply OrDefault first"},
		{Name: "upper case", Value: "AWS", WantErr: policy.ErrPartition, ReasonHas: "aws, aws-cn, aws-us-gov or aws-eusc", Reason: "ARNs are case-sensitive"},
		{Name: "ISO partition", Value: "aws-iso", WantErr: policy.ErrPartition, ReasonHas: "not a supported partition", Reason: "not supported by the library"},
		{Name: "leading space", Value: " aws", WantErr: policy.ErrPartition, ReasonHas: "not a supported partition", Reason: "white space is not trimmed"},
		{Name: "trailing newline", Value: "aws-cn\n", WantErr: policy.ErrPartition, ReasonHas: "not a supported partition", Reason: "white space is not trimmed"},
		{Name: "region instead", Value: "us-east-1", WantErr: policy.ErrPartition, ReasonHas: "not a supported partition", Reason: "a Region is not a partition"},
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
	golden.RunValidatorCases(t, "Region", policy.CheckRegion, []golden.ValidatorCase{
		{Name: "us-east-1", Value: "us-east-1", Reason: "commercial"},
		{Name: "ap-southeast-4", Value: "ap-southeast-4", Reason: "commercial, longer direction"},
		{Name: "il-central-1", Value: "il-central-1", Reason: "newer country code"},
		{Name: "cn-northwest-1", Value: "cn-northwest-1", Reason: "China"},
		{Name: "us-gov-west-1", Value: "us-gov-west-1", Reason: "GovCloud has a three-part name"},
		{Name: "us-isob-east-1", Value: "us-isob-east-1", Reason: "the shape of an ISO Region; the partition check refuses it"},
		{Name: "eusc-de-east-1", Value: "eusc-de-east-1", Reason: "the European Sovereign Cloud's eusc-<country>- form"},
		{Name: "eusc without country", Value: "eusc-east-1", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "AWS's pattern is eusc-<country>-<direction>-<n>"},
		{Name: "empty", Value: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "upper case", Value: "US-EAST-1", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "Region codes are lower case"},
		{Name: "no number", Value: "us-east", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "the number is part of the code"},
		{Name: "availability zone", Value: "us-east-1a", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "an AZ is not a Region"},
		{Name: "underscores", Value: "us_east_1", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "hyphens separate the parts"},
		{Name: "three-digit number", Value: "us-east-123", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "Region numbers have one or two digits"},
		{Name: "wildcard", Value: "*", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "a pattern is not a Region"},
		{Name: "leading space", Value: " us-east-1", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "white space is not trimmed"},
		{Name: "trailing newline", Value: "us-east-1\n", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "white space is not trimmed"},
		{Name: "fullwidth digit", Value: "us-east-１", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "digits are ASCII"},
		{Name: "aws-global", Value: "aws-global", WantErr: policy.ErrRegion, ReasonHas: "Region code", Reason: "an SDK pseudo-Region is not a Region"},
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
			golden.CheckFieldError(t, err, "Trails[0].Region", tc.region, tc.wantErr, tc.reasonHas)
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
	golden.RunValidatorCases(t, "Bucket", policy.CheckBucketName, []golden.ValidatorCase{
		{Name: "simple", Value: "my-trail-logs", Reason: "the common shape"},
		{Name: "three characters", Value: "abc", Reason: "the shortest name"},
		{Name: "sixty-three characters", Value: strings.Repeat("a", 63), Reason: "the longest name"},
		{Name: "dots", Value: "logs.example.com", Reason: "dots are allowed between labels"},
		{Name: "starts with a digit", Value: "1logs", Reason: "a digit may start a name"},
		{Name: "digits only", Value: "123", Reason: "not an IP address"},
		{Name: "almost reserved prefix", Value: "xn-logs", Reason: "only xn-- is reserved"},
		{Name: "reserved suffix inside", Value: "my-s3alias-logs", Reason: "only the suffix position is reserved"},
		{Name: "empty", Value: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "two characters", Value: "ab", WantErr: policy.ErrBucketName, ReasonHas: "has 2 characters", Reason: "too short"},
		{Name: "sixty-four characters", Value: strings.Repeat("a", 64), WantErr: policy.ErrBucketName, ReasonHas: "has 64 characters", Reason: "too long"},
		{Name: "long accented name", Value: strings.Repeat("é", 40), WantErr: policy.ErrBucketName, ReasonHas: "contains 'é'", Reason: "80 bytes but 40 characters: the message must not claim a wrong length"},
		{Name: "upper case", Value: "My-Logs", WantErr: policy.ErrBucketName, ReasonHas: "contains 'M'", Reason: "names are lower case"},
		{Name: "underscore", Value: "my_logs", WantErr: policy.ErrBucketName, ReasonHas: "contains '_'", Reason: "underscores are not allowed"},
		{Name: "space", Value: "my logs", WantErr: policy.ErrBucketName, ReasonHas: "contains ' '", Reason: "white space is not allowed"},
		{Name: "trailing newline", Value: "my-logs\n", WantErr: policy.ErrBucketName, ReasonHas: `contains '\n'`, Reason: "control characters are not allowed"},
		{Name: "NUL byte", Value: "my\x00logs", WantErr: policy.ErrBucketName, ReasonHas: `contains '\x00'`, Reason: "control characters are not allowed"},
		{Name: "fullwidth letters", Value: "ｌｏｇｓ", WantErr: policy.ErrBucketName, ReasonHas: "contains 'ｌ'", Reason: "look-alike letters are not ASCII"},
		{Name: "leading hyphen", Value: "-logs", WantErr: policy.ErrBucketName, ReasonHas: "begin and end", Reason: "must start with a letter or digit"},
		{Name: "trailing hyphen", Value: "logs-", WantErr: policy.ErrBucketName, ReasonHas: "begin and end", Reason: "must end with a letter or digit"},
		{Name: "leading dot", Value: ".logs", WantErr: policy.ErrBucketName, ReasonHas: "begin and end", Reason: "must start with a letter or digit"},
		{Name: "adjacent dots", Value: "my..logs", WantErr: policy.ErrBucketName, ReasonHas: "two adjacent dots", Reason: "empty DNS label"},
		{Name: "IP address", Value: "192.168.5.4", WantErr: policy.ErrBucketName, ReasonHas: "IP address", Reason: "S3 forbids IP-formatted names"},
		{Name: "private IP address", Value: "10.0.0.1", WantErr: policy.ErrBucketName, ReasonHas: "IP address", Reason: "S3 forbids IP-formatted names"},
		{Name: "xn-- prefix", Value: "xn--logs", WantErr: policy.ErrBucketName, ReasonHas: "reserved prefix xn--", Reason: "reserved for punycode"},
		{Name: "sthree- prefix", Value: "sthree-logs", WantErr: policy.ErrBucketName, ReasonHas: "reserved prefix sthree-", Reason: "reserved by S3"},
		{Name: "amzn-s3-demo- prefix", Value: "amzn-s3-demo-bucket", WantErr: policy.ErrBucketName, ReasonHas: "reserved prefix amzn-s3-demo-", Reason: "reserved for documentation examples"},
		{Name: "-s3alias suffix", Value: "logs-s3alias", WantErr: policy.ErrBucketName, ReasonHas: "reserved suffix -s3alias", Reason: "access point aliases"},
		{Name: "--ol-s3 suffix", Value: "logs--ol-s3", WantErr: policy.ErrBucketName, ReasonHas: "reserved suffix --ol-s3", Reason: "Object Lambda aliases"},
		{Name: ".mrap suffix", Value: "logs.mrap", WantErr: policy.ErrBucketName, ReasonHas: "reserved suffix .mrap", Reason: "Multi-Region Access Points"},
		{Name: "--x-s3 suffix", Value: "logs--x-s3", WantErr: policy.ErrBucketName, ReasonHas: "reserved suffix --x-s3", Reason: "directory buckets"},
		{Name: "--table-s3 suffix", Value: "logs--table-s3", WantErr: policy.ErrBucketName, ReasonHas: "reserved suffix --table-s3", Reason: "table buckets"},
	})
}

func TestCheckExternalID(t *testing.T) {
	golden.RunValidatorCases(t, "Vendor.ExternalID", policy.CheckExternalID, []golden.ValidatorCase{
		{Name: "two characters", Value: "ab", Reason: "the shortest ID"},
		{Name: "1224 characters", Value: strings.Repeat("x", 1224), Reason: "the longest ID"},
		{Name: "every allowed punctuation", Value: "Unique_ID+=,.@:/-1", Reason: "the documented character set"},
		{Name: "UUID", Value: "0f8fad5b-d9cb-469f-a165-70867728950e", Reason: "a common choice"},
		{Name: "empty", Value: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "one character", Value: "a", WantErr: policy.ErrExternalID, ReasonHas: "2 to 1,224", Reason: "too short"},
		{Name: "1225 characters", Value: strings.Repeat("x", 1225), WantErr: policy.ErrExternalID, ReasonHas: "2 to 1,224", Reason: "too long"},
		{Name: "space", Value: "my id", WantErr: policy.ErrExternalID, ReasonHas: "without spaces", Reason: "white space is not allowed"},
		{Name: "tab", Value: "my\tid", WantErr: policy.ErrExternalID, ReasonHas: "without spaces", Reason: "white space is not allowed"},
		{Name: "trailing newline", Value: "myid\n", WantErr: policy.ErrExternalID, ReasonHas: "without spaces", Reason: "$ must not match before a final newline"},
		{Name: "non-ASCII letter", Value: "ünïcode", WantErr: policy.ErrExternalID, ReasonHas: "letters, digits", Reason: "\\w is ASCII only"},
		{Name: "fullwidth letters", Value: "ａｂ", WantErr: policy.ErrExternalID, ReasonHas: "letters, digits", Reason: "look-alike letters are not ASCII"},
		{Name: "quote", Value: `my"id`, WantErr: policy.ErrExternalID, ReasonHas: "letters, digits", Reason: "would need escaping in the policy"},
		{Name: "star", Value: "my*id", WantErr: policy.ErrExternalID, ReasonHas: "letters, digits", Reason: "not in the character set"},
	})
}

func TestCheckRoleName(t *testing.T) {
	golden.RunValidatorCases(t, "Vendor.RoleName", policy.CheckRoleName, []golden.ValidatorCase{
		{Name: "one character", Value: "R", Reason: "the shortest name"},
		{Name: "sixty-four characters", Value: strings.Repeat("r", 64), Reason: "the longest name"},
		{Name: "every allowed punctuation", Value: "Vendor_ReadOnly+=,.@-", Reason: "the documented character set"},
		{Name: "empty", Value: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "sixty-five characters", Value: strings.Repeat("r", 65), WantErr: policy.ErrRoleName, ReasonHas: "1 to 64", Reason: "too long"},
		{Name: "path", Value: "service-role/Vendor", WantErr: policy.ErrRoleName, ReasonHas: "1 to 64", Reason: "a path is not part of the name"},
		{Name: "space", Value: "Vendor Role", WantErr: policy.ErrRoleName, ReasonHas: "1 to 64", Reason: "white space is not allowed"},
		{Name: "colon", Value: "role:x", WantErr: policy.ErrRoleName, ReasonHas: "1 to 64", Reason: "not in the character set"},
		{Name: "non-ASCII", Value: "rôle", WantErr: policy.ErrRoleName, ReasonHas: "1 to 64", Reason: "ASCII only"},
		{Name: "trailing newline", Value: "Vendor\n", WantErr: policy.ErrRoleName, ReasonHas: "1 to 64", Reason: "control characters are not allowed"},
	})
}
