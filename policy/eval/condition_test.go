package eval_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

type ctxMap = map[string][]string

// TestConditions checks each condition operator on its own: an identity
// policy allows s3:GetObject only under the condition, so the request is
// allowed exactly when the condition holds.
func TestConditions(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		cond   string // the Condition element
		ctx    ctxMap
		want   bool
	}{
		// String family.
		{"StringEquals/match", "exact, case-sensitive match",
			`{"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}`, ctxMap{"s3:x-amz-acl": {"bucket-owner-full-control"}}, true},
		{"StringEquals/other value", "a different value does not match",
			`{"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}`, ctxMap{"s3:x-amz-acl": {"private"}}, false},
		{"StringEquals/case", "StringEquals is case-sensitive",
			`{"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}`, ctxMap{"s3:x-amz-acl": {"Bucket-Owner-Full-Control"}}, false},
		{"StringEquals/missing", "a missing key does not match a positive operator",
			`{"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}`, nil, false},
		{"StringEquals/values ORed", "several policy values for one key are ORed",
			`{"StringEquals": {"aws:SourceAccount": ["111111111111", "222222222222"]}}`, ctxMap{"aws:SourceAccount": {"222222222222"}}, true},
		{"StringEquals/key name case", "condition key names are case-insensitive",
			`{"StringEquals": {"AWS:SourceAccount": "111111111111"}}`, ctxMap{"aws:sourceaccount": {"111111111111"}}, true},
		{"StringEquals/empty value list", "a key present with no values counts as missing",
			`{"StringEquals": {"aws:SourceAccount": "111111111111"}}`, ctxMap{"aws:SourceAccount": {}}, false},
		{"StringNotEquals/equal", "the negated operator fails on a listed value",
			`{"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}`, ctxMap{"s3:x-amz-server-side-encryption": {"aws:kms"}}, false},
		{"StringNotEquals/different", "the negated operator holds on an unlisted value",
			`{"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}`, ctxMap{"s3:x-amz-server-side-encryption": {"AES256"}}, true},
		{"StringNotEquals/missing", "IAM User Guide, Condition operators: if the condition requires that the key is not matched and the key is not present, the condition is true",
			`{"StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}}`, nil, true},
		{"StringNotEquals/values NORed, one listed", "Conditions with multiple context keys or values: a negated operator's values are evaluated with a logical NOR",
			`{"StringNotEquals": {"aws:SourceAccount": ["111111111111", "222222222222"]}}`, ctxMap{"aws:SourceAccount": {"222222222222"}}, false},
		{"StringNotEquals/values NORed, none listed", "NOR holds when the value is none of them",
			`{"StringNotEquals": {"aws:SourceAccount": ["111111111111", "222222222222"]}}`, ctxMap{"aws:SourceAccount": {"333333333333"}}, true},
		{"StringEqualsIgnoreCase/match", "case is ignored",
			`{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "Security"}}`, ctxMap{"aws:PrincipalTag/team": {"SECURITY"}}, true},
		{"StringEqualsIgnoreCase/missing", "a missing key does not match",
			`{"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "Security"}}`, nil, false},
		{"StringNotEqualsIgnoreCase/equal but case", "equal ignoring case, so the negation fails",
			`{"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/team": "Security"}}`, ctxMap{"aws:PrincipalTag/team": {"security"}}, false},
		{"StringNotEqualsIgnoreCase/missing", "negated operator, missing key: true",
			`{"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/team": "Security"}}`, nil, true},
		{"StringLike/star", "* matches any run of characters, slashes included",
			`{"StringLike": {"s3:prefix": "AWSLogs/*"}}`, ctxMap{"s3:prefix": {"AWSLogs/111111111111/CloudTrail/"}}, true},
		{"StringLike/question mark", "? matches exactly one character",
			`{"StringLike": {"s3:prefix": "AWSLogs/?"}}`, ctxMap{"s3:prefix": {"AWSLogs/ab"}}, false},
		{"StringLike/case", "StringLike is case-sensitive",
			`{"StringLike": {"s3:prefix": "AWSLogs/*"}}`, ctxMap{"s3:prefix": {"awslogs/x"}}, false},
		{"StringLike/missing", "a missing key does not match",
			`{"StringLike": {"s3:prefix": "AWSLogs/*"}}`, nil, false},
		{"StringNotLike/matching", "the negation fails on a matching value",
			`{"StringNotLike": {"s3:prefix": "AWSLogs/*"}}`, ctxMap{"s3:prefix": {"AWSLogs/x"}}, false},
		{"StringNotLike/missing", "the IAM User Guide's own example: StringNotLike with the key absent is true",
			`{"StringNotLike": {"s3:prefix": "AWSLogs/*"}}`, nil, true},
		{"StringEqualsIfExists/missing", "IfExists makes a missing key true",
			`{"StringEqualsIfExists": {"s3:x-amz-acl": "bucket-owner-full-control"}}`, nil, true},
		{"StringEqualsIfExists/present wrong", "IfExists still compares a present key",
			`{"StringEqualsIfExists": {"s3:x-amz-acl": "bucket-owner-full-control"}}`, ctxMap{"s3:x-amz-acl": {"private"}}, false},
		{"StringNotLikeIfExists/present matching", "IfExists on a negated operator compares a present key",
			`{"StringNotLikeIfExists": {"s3:prefix": "AWSLogs/*"}}`, ctxMap{"s3:prefix": {"AWSLogs/x"}}, false},
		{"StringEquals/JSON number value", "a number in the policy is compared as its decimal text",
			`{"StringEquals": {"s3:max-keys": 1.5}}`, ctxMap{"s3:max-keys": {"1.5"}}, true},
		{"StringEquals/JSON bool value", "a JSON boolean in the policy is compared as true/false",
			`{"StringEquals": {"aws:SecureTransport": true}}`, ctxMap{"aws:SecureTransport": {"true"}}, true},

		// ARN family.
		{"ArnLike/wildcards per field", "each ARN field is matched with wildcards",
			`{"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:111111111111:trail/*"}}`, ctxMap{"aws:SourceArn": {"arn:aws:cloudtrail:us-east-1:111111111111:trail/org"}}, true},
		{"ArnLike/star does not span fields", "a wildcard in the Region field cannot absorb the colon before the account",
			`{"ArnLike": {"aws:SourceArn": "arn:aws:s3:*:111111111111:b"}}`, ctxMap{"aws:SourceArn": {"arn:aws:s3:a:b:111111111111:b"}}, false},
		{"ArnLike/resource keeps colons", "the sixth field holds the rest of the ARN, colons included",
			`{"ArnLike": {"aws:SourceArn": "arn:aws:logs:us-east-1:111111111111:log-group:*"}}`, ctxMap{"aws:SourceArn": {"arn:aws:logs:us-east-1:111111111111:log-group:a:b"}}, true},
		{"ArnEquals/other account", "the account field must match",
			`{"ArnEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org"}}`, ctxMap{"aws:SourceArn": {"arn:aws:cloudtrail:us-east-1:222222222222:trail/org"}}, false},
		{"ArnEquals/not an ARN", "a request value that is not an ARN never matches",
			`{"ArnEquals": {"aws:SourceArn": "arn:aws:cloudtrail:*:*:trail/*"}}`, ctxMap{"aws:SourceArn": {"trail/org"}}, false},
		{"ArnEquals/missing", "a missing key does not match",
			`{"ArnEquals": {"aws:SourceArn": "arn:aws:cloudtrail:*:*:trail/*"}}`, nil, false},
		{"ArnNotEquals/different", "the negation holds on an unlisted ARN",
			`{"ArnNotEquals": {"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111111111111:trail/org"}}`, ctxMap{"aws:SourceArn": {"arn:aws:cloudtrail:us-east-1:111111111111:trail/other"}}, true},
		{"ArnNotLike/missing", "IAM User Guide, Condition operators: ArnNotLike with the key absent is true",
			`{"ArnNotLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:111111111111:trail/*"}}`, nil, true},
		{"ArnNotLike/matching", "the negation fails on a matching ARN",
			`{"ArnNotLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:111111111111:trail/*"}}`, ctxMap{"aws:SourceArn": {"arn:aws:cloudtrail:eu-west-1:111111111111:trail/x"}}, false},
		{"ArnLikeIfExists/missing", "IfExists makes a missing key true",
			`{"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:cloudtrail:*:111111111111:trail/*"}}`, nil, true},

		// Bool.
		{"Bool/true", "string value true", `{"Bool": {"aws:SecureTransport": "true"}}`, ctxMap{"aws:SecureTransport": {"true"}}, true},
		{"Bool/JSON bool and case", "a JSON boolean in the policy; the request value's case does not matter",
			`{"Bool": {"aws:SecureTransport": false}}`, ctxMap{"aws:SecureTransport": {"FALSE"}}, true},
		{"Bool/mismatch", "false is not true", `{"Bool": {"aws:SecureTransport": "true"}}`, ctxMap{"aws:SecureTransport": {"false"}}, false},
		{"Bool/missing", "a missing key does not match Bool", `{"Bool": {"aws:SecureTransport": "false"}}`, nil, false},
		{"BoolIfExists/missing", "BoolIfExists is true when the key is missing", `{"BoolIfExists": {"aws:SecureTransport": "false"}}`, nil, true},
		{"BoolIfExists/present", "BoolIfExists compares a present key", `{"BoolIfExists": {"aws:SecureTransport": "false"}}`, ctxMap{"aws:SecureTransport": {"true"}}, false},

		// Null.
		{"Null true/missing", `"Null": true holds when the key is absent`, `{"Null": {"s3:x-amz-server-side-encryption": "true"}}`, nil, true},
		{"Null true/present", `"Null": true fails when the key is present`, `{"Null": {"s3:x-amz-server-side-encryption": "true"}}`, ctxMap{"s3:x-amz-server-side-encryption": {"AES256"}}, false},
		{"Null false/present", `"Null": false holds when the key is present`, `{"Null": {"s3:x-amz-server-side-encryption": false}}`, ctxMap{"s3:x-amz-server-side-encryption": {"AES256"}}, true},
		{"Null false/missing", `"Null": false fails when the key is absent`, `{"Null": {"s3:x-amz-server-side-encryption": "false"}}`, nil, false},
		{"Null true/empty values", "a key with no values counts as absent", `{"Null": {"aws:TagKeys": "true"}}`, ctxMap{"aws:TagKeys": {}}, true},

		// Numeric family.
		{"NumericEquals/numeric comparison", "5 equals 5.0 numerically", `{"NumericEquals": {"s3:max-keys": "5"}}`, ctxMap{"s3:max-keys": {"5.0"}}, true},
		{"NumericEquals/missing", "a missing key does not match", `{"NumericEquals": {"s3:max-keys": 5}}`, nil, false},
		{"NumericNotEquals/equal", "the negation fails on an equal number", `{"NumericNotEquals": {"s3:max-keys": 5}}`, ctxMap{"s3:max-keys": {"5"}}, false},
		{"NumericNotEquals/different", "the negation holds on another number", `{"NumericNotEquals": {"s3:max-keys": 5}}`, ctxMap{"s3:max-keys": {"6"}}, true},
		{"NumericNotEquals/missing", "negated operator, missing key: true", `{"NumericNotEquals": {"s3:max-keys": 5}}`, nil, true},
		{"NumericLessThan/less", "9 < 10", `{"NumericLessThan": {"s3:max-keys": 10}}`, ctxMap{"s3:max-keys": {"9"}}, true},
		{"NumericLessThan/equal", "10 is not < 10", `{"NumericLessThan": {"s3:max-keys": 10}}`, ctxMap{"s3:max-keys": {"10"}}, false},
		{"NumericLessThan/missing", "a missing key does not match", `{"NumericLessThan": {"s3:max-keys": 10}}`, nil, false},
		{"NumericLessThanEquals/equal", "10 <= 10", `{"NumericLessThanEquals": {"s3:max-keys": 10}}`, ctxMap{"s3:max-keys": {"10"}}, true},
		{"NumericLessThanEquals/greater", "11 is not <= 10", `{"NumericLessThanEquals": {"s3:max-keys": 10}}`, ctxMap{"s3:max-keys": {"11"}}, false},
		{"NumericGreaterThan/greater", "11 > 10", `{"NumericGreaterThan": {"s3:max-keys": 10}}`, ctxMap{"s3:max-keys": {"11"}}, true},
		{"NumericGreaterThan/equal", "10 is not > 10", `{"NumericGreaterThan": {"s3:max-keys": 10}}`, ctxMap{"s3:max-keys": {"10"}}, false},
		{"NumericGreaterThanEquals/equal", "10 >= 10", `{"NumericGreaterThanEquals": {"s3:max-keys": 10}}`, ctxMap{"s3:max-keys": {"10"}}, true},
		{"NumericGreaterThanEquals/less", "9 is not >= 10", `{"NumericGreaterThanEquals": {"s3:max-keys": 10}}`, ctxMap{"s3:max-keys": {"9"}}, false},
		{"NumericLessThanIfExists/missing", "IfExists makes a missing key true", `{"NumericLessThanIfExists": {"s3:max-keys": 10}}`, nil, true},

		// Date family (Condition operators, Date: ISO 8601 or epoch time).
		{"DateLessThan/before", "an instant before the policy's", `{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, ctxMap{"aws:CurrentTime": {"2029-12-31T23:59:59Z"}}, true},
		{"DateLessThan/equal", "not before itself", `{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, ctxMap{"aws:CurrentTime": {"2030-01-01T00:00:00Z"}}, false},
		{"DateLessThan/missing", "a missing key does not match", `{"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, nil, false},
		{"DateLessThanEquals/equal", "at the instant", `{"DateLessThanEquals": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, ctxMap{"aws:CurrentTime": {"2030-01-01T00:00:00Z"}}, true},
		{"DateGreaterThan/after", "after the instant", `{"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}`, ctxMap{"aws:TokenIssueTime": {"2020-06-01T00:00:00Z"}}, true},
		{"DateGreaterThan/before", "not after", `{"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}`, ctxMap{"aws:TokenIssueTime": {"2019-06-01T00:00:00Z"}}, false},
		{"DateGreaterThanEquals/equal", "at the instant", `{"DateGreaterThanEquals": {"aws:CurrentTime": "2030-01-01"}}`, ctxMap{"aws:CurrentTime": {"2030-01-01T00:00:00Z"}}, true},
		{"DateEquals/other zone", "the same instant written with an offset", `{"DateEquals": {"aws:CurrentTime": "2030-01-01T01:00:00+01:00"}}`, ctxMap{"aws:CurrentTime": {"2030-01-01T00:00:00Z"}}, true},
		{"DateEquals/fraction", "fractions of a second count", `{"DateEquals": {"aws:CurrentTime": "2030-01-01T00:00:00.5Z"}}`, ctxMap{"aws:CurrentTime": {"2030-01-01T00:00:00Z"}}, false},
		{"DateNotEquals/other", "the negation holds on another instant", `{"DateNotEquals": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, ctxMap{"aws:CurrentTime": {"2031-01-01T00:00:00Z"}}, true},
		{"DateNotEquals/missing", "negated operator, missing key: true", `{"DateNotEquals": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, nil, true},
		{"DateLessThan/epoch policy", "epoch seconds in the policy compare with an ISO request value", `{"DateLessThan": {"aws:CurrentTime": "1893456000"}}`, ctxMap{"aws:CurrentTime": {"2029-12-31T23:59:59Z"}}, true},
		{"DateLessThan/epoch request", "aws:EpochTime is epoch seconds", `{"DateLessThan": {"aws:EpochTime": "2030-01-01T00:00:00Z"}}`, ctxMap{"aws:EpochTime": {"1893456001"}}, false},
		{"DateLessThan/JSON number", "a JSON number is epoch seconds", `{"DateLessThan": {"aws:EpochTime": 1893456000}}`, ctxMap{"aws:EpochTime": {"1893455999"}}, true},
		{"DateLessThan/year and month", "YYYY-MM is the month's first instant", `{"DateLessThan": {"aws:CurrentTime": "2030-02"}}`, ctxMap{"aws:CurrentTime": {"2030-01-31T23:59:59Z"}}, true},
		{"DateLessThan/minutes", "hh:mm with a zone", `{"DateLessThan": {"aws:CurrentTime": "2030-01-01T10:30Z"}}`, ctxMap{"aws:CurrentTime": {"2030-01-01T10:29:59Z"}}, true},
		{"DateLessThanIfExists/missing", "IfExists makes a missing key true", `{"DateLessThanIfExists": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}`, nil, true},
		{"ForAnyValue:DateEquals/one equal", "set qualifiers work on dates too", `{"ForAnyValue:DateEquals": {"k": "2030-01-01"}}`, ctxMap{"k": {"2029-01-01", "2030-01-01"}}, true},

		// IP address family (Condition operators, IP address: CIDR, IPv4 and IPv6).
		{"IpAddress/inside", "AWS's example: 203.0.113.1 is in 203.0.113.0/24", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:SourceIp": {"203.0.113.1"}}, true},
		{"IpAddress/outside", "AWS's example: 198.51.100.1 is not", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:SourceIp": {"198.51.100.1"}}, false},
		{"IpAddress/bare address is /32", "without a prefix IAM uses /32", `{"IpAddress": {"aws:SourceIp": "203.0.113.7"}}`, ctxMap{"aws:SourceIp": {"203.0.113.8"}}, false},
		{"IpAddress/bare address itself", "the address itself matches", `{"IpAddress": {"aws:SourceIp": "203.0.113.7"}}`, ctxMap{"aws:SourceIp": {"203.0.113.7"}}, true},
		{"IpAddress/IPv6", "AWS's IPv6 example range, upper-case hex", `{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}`, ctxMap{"aws:SourceIp": {"2001:db8:1234:5678::1"}}, true},
		{"IpAddress/IPv6 outside", "another /64", `{"IpAddress": {"aws:SourceIp": "2001:DB8:1234:5678::/64"}}`, ctxMap{"aws:SourceIp": {"2001:db8:1234:5679::1"}}, false},
		{"IpAddress/host bits set", "a range written with host bits set covers its network", `{"IpAddress": {"aws:SourceIp": "203.0.113.9/24"}}`, ctxMap{"aws:SourceIp": {"203.0.113.200"}}, true},
		{"IpAddress/IPv4-mapped IPv6", "an IPv4 address written as IPv6 is the IPv4 address", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:SourceIp": {"::ffff:203.0.113.1"}}, true},
		{"IpAddress/missing", "aws:SourceIp is absent through a VPC endpoint: the condition is false", `{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, nil, false},
		{"NotIpAddress/outside", "the negation holds outside the range", `{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:SourceIp": {"198.51.100.1"}}, true},
		{"NotIpAddress/inside", "the negation fails inside", `{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, ctxMap{"aws:SourceIp": {"203.0.113.1"}}, false},
		{"NotIpAddress/missing", "negated operator, missing key: true", `{"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`, nil, true},
		{"IpAddressIfExists/missing", "IfExists makes a missing key true", `{"IpAddressIfExists": {"aws:SourceIp": "203.0.113.0/24"}}`, nil, true},

		// Binary (Condition operators, BinaryEquals: base64).
		{"BinaryEquals/match", "AWS's table: the same base64 value", `{"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctxMap{"key": {"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}, true},
		{"BinaryEquals/other", "AWS's table: another value does not match", `{"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, ctxMap{"key": {"ASIAIOSFODNN7EXAMPLE"}}, false},
		{"BinaryEquals/missing", "AWS's table: no key, no match", `{"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, nil, false},
		{"BinaryEqualsIfExists/missing", "IfExists makes a missing key true", `{"BinaryEqualsIfExists": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}`, nil, true},

		// Short ARN patterns in ARN conditions.
		{"ArnLike/short pattern", "a * ending a pattern of fewer than six fields covers the rest",
			`{"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*"}}`, ctxMap{"aws:SourceArn": {"arn:aws:cloudtrail:us-east-1:111111111111:trail/org"}}, true},
		{"ArnLike/short pattern other service", "the fields before it still compare",
			`{"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*"}}`, ctxMap{"aws:SourceArn": {"arn:aws:sns:us-east-1:111111111111:topic"}}, false},
		{"ArnLike/short pattern not an ARN", "the request value must still be an ARN",
			`{"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*"}}`, ctxMap{"aws:SourceArn": {"arn:aws:cloudtrail:x"}}, false},
		{"ArnNotLike/short pattern", "negated: another service's ARN",
			`{"ArnNotLike": {"aws:SourceArn": "arn:aws:cloudtrail:*"}}`, ctxMap{"aws:SourceArn": {"arn:aws:sns:us-east-1:111111111111:topic"}}, true},
		{"ArnLike/star inside a field stays", "in a six-field pattern each field is checked separately, a trailing * included",
			`{"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:trail/*"}}`, ctxMap{"aws:SourceArn": {"arn:aws:cloudtrail:us-east-1:111111111111:trail/x"}}, false},
		{"ForAllValues:ArnLike/AWS's table", "AWS's example: every ARN in the request matches a pattern",
			`{"ForAllValues:ArnLike": {"logs:LogGeneratingResourceArns": ["arn:aws:cloudfront::123456789012:distribution/*", "arn:aws:cloudfront::123456789012:distribution/support*"]}}`,
			ctxMap{"logs:LogGeneratingResourceArns": {"arn:aws:cloudfront::123456789012:distribution/costcenter", "arn:aws:cloudfront::123456789012:distribution/support2025"}}, true},
		{"ForAllValues:ArnLike/other account", "AWS's example: another account's distribution",
			`{"ForAllValues:ArnLike": {"logs:LogGeneratingResourceArns": ["arn:aws:cloudfront::123456789012:distribution/*"]}}`,
			ctxMap{"logs:LogGeneratingResourceArns": {"arn:aws:cloudfront::777788889999:distribution/costcenter"}}, false},

		// Set qualifiers.
		{"ForAnyValue/one shared", "ForAnyValue holds when any request value matches any policy value",
			`{"ForAnyValue:StringEquals": {"aws:TagKeys": ["b", "c"]}}`, ctxMap{"aws:TagKeys": {"a", "b"}}, true},
		{"ForAnyValue/none shared", "no request value matches",
			`{"ForAnyValue:StringEquals": {"aws:TagKeys": ["b", "c"]}}`, ctxMap{"aws:TagKeys": {"a"}}, false},
		{"ForAnyValue/missing", "ForAnyValue is false for a missing key",
			`{"ForAnyValue:StringEquals": {"aws:TagKeys": ["b", "c"]}}`, nil, false},
		{"ForAnyValue/empty set", "ForAnyValue is false for an empty value set",
			`{"ForAnyValue:StringEquals": {"aws:TagKeys": ["b", "c"]}}`, ctxMap{"aws:TagKeys": {}}, false},
		{"ForAnyValue IfExists/missing", "IfExists makes a missing key true under ForAnyValue too",
			`{"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": ["b"]}}`, nil, true},
		{"ForAnyValue negated/one unlisted", "ForAnyValue:StringNotEquals holds when some request value is none of the policy values",
			`{"ForAnyValue:StringNotEquals": {"aws:TagKeys": "a"}}`, ctxMap{"aws:TagKeys": {"a", "b"}}, true},
		{"ForAnyValue negated/all listed", "every request value is listed, so no value satisfies the negation",
			`{"ForAnyValue:StringNotEquals": {"aws:TagKeys": "a"}}`, ctxMap{"aws:TagKeys": {"a"}}, false},
		{"ForAllValues/subset", "every request value is among the policy values",
			`{"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b", "c"]}}`, ctxMap{"aws:TagKeys": {"a", "b"}}, true},
		{"ForAllValues/not subset", "d is not among the policy values",
			`{"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b", "c"]}}`, ctxMap{"aws:TagKeys": {"a", "d"}}, false},
		{"ForAllValues/missing", "ForAllValues is true when the key is missing",
			`{"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}`, nil, true},
		{"ForAllValues/empty set", "ForAllValues is true for an empty value set",
			`{"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}`, ctxMap{"aws:TagKeys": {}}, true},
		// The next four rows are the table for ForAllValues:StringNotLike in
		// "Multivalued context key examples", IAM User Guide
		// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html).
		{"ForAllValues:StringNotLike/key1:legal", "AWS's table: no match",
			`{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}`, ctxMap{"aws:TagKeys": {"key1:legal"}}, false},
		{"ForAllValues:StringNotLike/two key1 tags", "AWS's table: no match",
			`{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}`, ctxMap{"aws:TagKeys": {"key1:hr", "key1:personnel"}}, false},
		{"ForAllValues:StringNotLike/key2:audit", "AWS's table: match",
			`{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}`, ctxMap{"aws:TagKeys": {"key2:audit"}}, true},
		{"ForAllValues:StringNotLike/no tags", "AWS's table: match when aws:TagKeys is not in the request",
			`{"ForAllValues:StringNotLike": {"aws:TagKeys": "key1*"}}`, nil, true},

		// Combination.
		{"keys ANDed/both", "several keys under one operator are ANDed",
			`{"StringEquals": {"aws:SourceAccount": "111111111111", "s3:x-amz-acl": "bucket-owner-full-control"}}`,
			ctxMap{"aws:SourceAccount": {"111111111111"}, "s3:x-amz-acl": {"bucket-owner-full-control"}}, true},
		{"keys ANDed/one missing", "one key missing fails the operator",
			`{"StringEquals": {"aws:SourceAccount": "111111111111", "s3:x-amz-acl": "bucket-owner-full-control"}}`,
			ctxMap{"aws:SourceAccount": {"111111111111"}}, false},
		{"operators ANDed", "several operators are ANDed",
			`{"StringEquals": {"aws:SourceAccount": "111111111111"}, "Bool": {"aws:SecureTransport": "true"}}`,
			ctxMap{"aws:SourceAccount": {"111111111111"}, "aws:SecureTransport": {"false"}}, false},

		// Policy variables.
		{"variable/match", "${aws:PrincipalAccount} is replaced by the request's value",
			`{"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}`, ctxMap{"aws:ResourceAccount": {"111111111111"}, "aws:PrincipalAccount": {"111111111111"}}, true},
		{"variable/differs", "the substituted value is compared",
			`{"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}`, ctxMap{"aws:ResourceAccount": {"111111111111"}, "aws:PrincipalAccount": {"222222222222"}}, false},
		{"variable/unresolved", "a variable whose key is absent makes its value match nothing",
			`{"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}`, ctxMap{"aws:ResourceAccount": {"${aws:PrincipalAccount}"}}, false},
		{"variable/unresolved negated", "an unresolved value matches nothing, so the NOR of the negated operator holds",
			`{"StringNotEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"}}`, ctxMap{"aws:ResourceAccount": {"111111111111"}}, true},
		{"variable/multivalued", "a multivalued key cannot be a variable",
			`{"StringEquals": {"s3:prefix": "${aws:TagKeys}"}}`, ctxMap{"s3:prefix": {"a"}, "aws:TagKeys": {"a", "b"}}, false},
		{"variable/default", "${key, 'default'} falls back to the default",
			`{"StringEquals": {"s3:prefix": "${aws:username, 'nobody'}"}}`, ctxMap{"s3:prefix": {"nobody"}}, true},
		{"variable/literal star", "${*} is a literal asterisk, not a wildcard",
			`{"StringLike": {"s3:prefix": "a${*}"}}`, ctxMap{"s3:prefix": {"ab"}}, false},
		{"variable/value is literal", "a substituted value's * is not a wildcard",
			`{"StringLike": {"s3:prefix": "${aws:username}"}}`, ctxMap{"s3:prefix": {"alice"}, "aws:username": {"*"}}, false},
		{"variable/in ARN", "variables work inside ARN fields, colons in their names included",
			`{"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*:${aws:PrincipalAccount}:trail/*"}}`,
			ctxMap{"aws:SourceArn": {"arn:aws:cloudtrail:us-east-1:111111111111:trail/x"}, "aws:PrincipalAccount": {"111111111111"}}, true},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate test name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			id := doc(t, policy.KindIdentityPolicy, `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": `+tc.cond+`}`)
			got, err := eval.Evaluate(iamReq(roleA, "s3:GetObject", object, acctA, tc.ctx), eval.Policies{Identity: []*policy.Document{id}})
			if err != nil {
				t.Fatalf("Evaluate: %v (%s)", err, tc.reason)
			}
			if (got.Decision == eval.Allow) != tc.want {
				t.Errorf("condition %s with context %v: got %v, want condition %v (%s)", tc.cond, tc.ctx, got.Decision, tc.want, tc.reason)
			}
		})
	}
}

// TestPolicyVersion2008 checks that the 2008-10-17 language, which has no
// policy variables, reads "${...}" literally.
func TestPolicyVersion2008(t *testing.T) {
	id := doc(t, policy.KindIdentityPolicy, `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"s3:prefix": "${aws:username}"}}}`)
	id.Version = "2008-10-17"
	tests := []struct {
		name   string
		reason string
		prefix string
		want   eval.Decision
	}{
		{"literal text matches", "the value is the text ${aws:username} itself", "${aws:username}", eval.Allow},
		{"no substitution", "the username is not substituted", "alice", eval.ImplicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval.Evaluate(iamReq(roleA, "s3:GetObject", object, acctA, ctxMap{"s3:prefix": {tc.prefix}, "aws:username": {"alice"}}), eval.Policies{Identity: []*policy.Document{id}})
			if err != nil {
				t.Fatal(err)
			}
			if got.Decision != tc.want {
				t.Errorf("got %v, want %v (%s)", got.Decision, tc.want, tc.reason)
			}
		})
	}
}
