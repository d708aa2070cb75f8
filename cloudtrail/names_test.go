package cloudtrail_test

import (
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

func TestParseTrailARN(t *testing.T) {
	runARNCases(t, cloudtrail.ParseTrailARN, []arnCase{
		{name: "commercial", in: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail",
			want: policy.ARN{Partition: "aws", Service: "cloudtrail", Region: "us-east-1", AccountID: "111122223333", Resource: "trail/org-trail"}, reason: "the usual trail ARN"},
		{name: "China", in: "arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/t-1",
			want: policy.ARN{Partition: "aws-cn", Service: "cloudtrail", Region: "cn-north-1", AccountID: "111122223333", Resource: "trail/t-1"}, reason: "China partition"},
		{name: "GovCloud", in: "arn:aws-us-gov:cloudtrail:us-gov-east-1:111122223333:trail/gov",
			want: policy.ARN{Partition: "aws-us-gov", Service: "cloudtrail", Region: "us-gov-east-1", AccountID: "111122223333", Resource: "trail/gov"}, reason: "GovCloud partition"},
		{name: "empty", in: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "trail name only", in: "org-trail", wantErr: policy.ErrARN, reasonHas: "is not an ARN", reason: "a name is not an ARN"},
		{name: "wrong service", in: "arn:aws:s3:::org-trail", wantErr: policy.ErrARN, reasonHas: "not a CloudTrail trail ARN", reason: "a bucket is not a trail"},
		{name: "event data store", in: "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/x", wantErr: policy.ErrARN, reasonHas: "not a CloudTrail trail ARN", reason: "another CloudTrail resource"},
		{name: "no account", in: "arn:aws:cloudtrail:us-east-1::trail/t", wantErr: policy.ErrARN, reasonHas: "has no account", reason: "a trail ARN names its owner"},
		{name: "ten-digit account", in: "arn:aws:cloudtrail:us-east-1:1111222233:trail/t12", wantErr: policy.ErrARN, reasonHas: "12 digits", reason: "the account must be 12 digits"},
		{name: "bad trail name", in: "arn:aws:cloudtrail:us-east-1:111122223333:trail/-t", wantErr: policy.ErrARN, reasonHas: `has trail name "-t"`, reason: "the name follows the naming rules"},
		{name: "empty trail name", in: "arn:aws:cloudtrail:us-east-1:111122223333:trail/", wantErr: policy.ErrARN, reasonHas: `has trail name ""`, reason: "the name is required"},
		{name: "wildcard Region", in: "arn:aws:cloudtrail:*:111122223333:trail/t12", wantErr: policy.ErrARN, reasonHas: `has Region "*"`, reason: "a pattern is not a trail ARN"},
		{name: "commercial Region in aws-us-gov", in: "arn:aws-us-gov:cloudtrail:us-east-1:111122223333:trail/t12", wantErr: policy.ErrARN, reasonHas: "not a Region of partition aws-us-gov", reason: "Region from another partition"},
		{name: "GovCloud Region in aws", in: "arn:aws:cloudtrail:us-gov-west-1:111122223333:trail/t12", wantErr: policy.ErrARN, reasonHas: "not a Region of partition aws", reason: "Region from another partition"},
	})
}

func TestLogPath(t *testing.T) {
	for prefix, want := range map[string]string{
		"":         "AWSLogs",
		"logs":     "logs/AWSLogs",
		"logs/org": "logs/org/AWSLogs",
	} {
		if got := cloudtrail.LogPath(prefix); got != want {
			t.Errorf("LogPath(%q) = %q, want %q", prefix, got, want)
		}
	}
}

// TestARNBuilders checks the CloudTrail ARN builders, moved from policy's
// TestARNBuilders.
func TestARNBuilders(t *testing.T) {
	const acct = "111122223333"
	tests := []struct {
		name string
		got  func(p policy.Partition) string
		want string // with %P for the partition
	}{
		{name: "ObjectARN with LogPath", got: func(p policy.Partition) string {
			return policy.ObjectARN(p, "logs", cloudtrail.LogPath("org/trail")+"/"+acct+"/*")
		}, want: "arn:%P:s3:::logs/org/trail/AWSLogs/" + acct + "/*"},
		{name: "TrailARN", got: func(p policy.Partition) string { return cloudtrail.TrailARN(p, "eu-west-1", acct, "org-trail") }, want: "arn:%P:cloudtrail:eu-west-1:" + acct + ":trail/org-trail"},
		{name: "TrailARN pattern", got: func(p policy.Partition) string { return cloudtrail.TrailARN(p, "*", acct, "*") }, want: "arn:%P:cloudtrail:*:" + acct + ":trail/*"},
	}
	for _, tc := range tests {
		for _, p := range policy.Partitions() {
			t.Run(tc.name+"/"+string(p), func(t *testing.T) {
				want := strings.ReplaceAll(tc.want, "%P", string(p))
				if got := tc.got(p); got != want {
					t.Errorf("got %q, want %q", got, want)
				}
			})
		}
	}
}

// TestBuildersParse checks that what TrailARN builds, ParseTrailARN
// accepts, in every partition with one of its Regions (moved from policy's
// TestBuildersParse).
func TestBuildersParse(t *testing.T) {
	regions := map[policy.Partition]string{
		policy.PartitionAWS:      "ap-southeast-2",
		policy.PartitionChina:    "cn-northwest-1",
		policy.PartitionGovCloud: "us-gov-east-1",
		policy.PartitionEUSC:     "eusc-de-east-1",
	}
	for _, p := range policy.Partitions() {
		t.Run(string(p), func(t *testing.T) {
			s := cloudtrail.TrailARN(p, regions[p], "111122223333", "org-trail")
			a, err := cloudtrail.ParseTrailARN("x", s)
			if err != nil {
				t.Fatalf("built %q, parser refuses it: %v", s, err)
			}
			if a.Partition != p {
				t.Errorf("%q parsed with partition %q, want %q", s, a.Partition, p)
			}
		})
	}
}

func TestCheckPrefix(t *testing.T) {
	runValidatorCases(t, "prefix", cloudtrail.CheckPrefix, []validatorCase{
		{name: "empty", value: "", reason: "no prefix: logs go under AWSLogs/"},
		{name: "one segment", value: "logs", reason: "the common shape"},
		{name: "two segments", value: "logs/org", reason: "nested prefixes are allowed"},
		{name: "punctuation", value: "a-b_c.d=e", reason: "printable ASCII is allowed"},
		{name: "AWSLogs inside a segment", value: "AWSLogsArchive", reason: "only a whole AWSLogs segment is refused"},
		{name: "two hundred characters", value: strings.Repeat("p", 200), reason: "CloudTrail's maximum"},
		{name: "two hundred one characters", value: strings.Repeat("p", 201), wantErr: cloudtrail.ErrPrefix, reasonHas: "has 201 characters", reason: "over CloudTrail's maximum"},
		{name: "leading slash", value: "/logs", wantErr: cloudtrail.ErrPrefix, reasonHas: "start or end with /", reason: "the library adds separators"},
		{name: "trailing slash", value: "logs/", wantErr: cloudtrail.ErrPrefix, reasonHas: "start or end with /", reason: "would produce logs//AWSLogs"},
		{name: "double slash at start", value: "//logs", wantErr: cloudtrail.ErrPrefix, reasonHas: "start or end with /", reason: "a leading slash in any number"},
		{name: "double slash inside", value: "logs//org", wantErr: cloudtrail.ErrPrefix, reasonHas: "must not contain //", reason: "an empty segment"},
		{name: "dot dot", value: "..", wantErr: cloudtrail.ErrPrefix, reasonHas: ". or .. path segments", reason: "a relative path"},
		{name: "dot dot inside", value: "logs/../org", wantErr: cloudtrail.ErrPrefix, reasonHas: ". or .. path segments", reason: "a relative path"},
		{name: "leading dot segment", value: "./logs", wantErr: cloudtrail.ErrPrefix, reasonHas: ". or .. path segments", reason: "a relative path"},
		{name: "AWSLogs", value: "AWSLogs", wantErr: cloudtrail.ErrPrefix, reasonHas: "must not contain AWSLogs", reason: "CloudTrail adds AWSLogs itself"},
		{name: "AWSLogs as a later segment", value: "logs/AWSLogs", wantErr: cloudtrail.ErrPrefix, reasonHas: "must not contain AWSLogs", reason: "would double AWSLogs in the path"},
		{name: "awslogs in lower case", value: "logs/awslogs/x", wantErr: cloudtrail.ErrPrefix, reasonHas: "must not contain AWSLogs", reason: "a case variant is the same mistake"},
		{name: "space", value: "my logs", wantErr: cloudtrail.ErrPrefix, reasonHas: "contains ' '", reason: "white space is not allowed"},
		{name: "tab", value: "logs\t", wantErr: cloudtrail.ErrPrefix, reasonHas: `contains '\t'`, reason: "control characters are not allowed"},
		{name: "newline", value: "logs\n", wantErr: cloudtrail.ErrPrefix, reasonHas: `contains '\n'`, reason: "control characters are not allowed"},
		{name: "DEL", value: "logs\x7f", wantErr: cloudtrail.ErrPrefix, reasonHas: `contains '\x7f'`, reason: "DEL is not printable"},
		{name: "non-ASCII", value: "lögs", wantErr: cloudtrail.ErrPrefix, reasonHas: "contains 'ö'", reason: "printable ASCII only"},
		{name: "long non-ASCII", value: strings.Repeat("ö", 150), wantErr: cloudtrail.ErrPrefix, reasonHas: "contains 'ö'", reason: "300 bytes but 150 characters: the message must not claim 300 characters"},
		{name: "star", value: "logs*", wantErr: cloudtrail.ErrPrefix, reasonHas: "contains '*'", reason: "a wildcard in a policy Resource"},
		{name: "question mark", value: "logs?", wantErr: cloudtrail.ErrPrefix, reasonHas: "contains '?'", reason: "a wildcard in a policy Resource"},
		{name: "dollar", value: "logs${aws:username}", wantErr: cloudtrail.ErrPrefix, reasonHas: "contains '$'", reason: "a policy variable"},
	})
}

func TestCheckTrailName(t *testing.T) {
	runValidatorCases(t, "TrailName", cloudtrail.CheckTrailName, []validatorCase{
		{name: "simple", value: "org-trail", reason: "the common shape"},
		{name: "three characters", value: "abc", reason: "the shortest name"},
		{name: "mixed punctuation", value: "My_Trail.1-a", reason: "letters, digits, . _ -"},
		{name: "one hundred twenty-eight characters", value: strings.Repeat("t", 128), reason: "the longest name"},
		{name: "empty", value: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "two characters", value: "ab", wantErr: cloudtrail.ErrTrailName, reasonHas: "3 to 128", reason: "too short"},
		{name: "one hundred twenty-nine characters", value: strings.Repeat("t", 129), wantErr: cloudtrail.ErrTrailName, reasonHas: "3 to 128", reason: "too long"},
		{name: "leading hyphen", value: "-trail", wantErr: cloudtrail.ErrTrailName, reasonHas: "starting and ending", reason: "must start with a letter or digit"},
		{name: "trailing underscore", value: "trail_", wantErr: cloudtrail.ErrTrailName, reasonHas: "starting and ending", reason: "must end with a letter or digit"},
		{name: "double hyphen", value: "my--trail", wantErr: cloudtrail.ErrTrailName, reasonHas: "adjacent", reason: "adjacent punctuation"},
		{name: "dot underscore", value: "my._trail", wantErr: cloudtrail.ErrTrailName, reasonHas: "adjacent", reason: "adjacent punctuation of different kinds"},
		{name: "space", value: "my trail", wantErr: cloudtrail.ErrTrailName, reasonHas: "3 to 128", reason: "white space is not allowed"},
		{name: "exclamation mark", value: "trail!", wantErr: cloudtrail.ErrTrailName, reasonHas: "3 to 128", reason: "other punctuation is not allowed"},
		{name: "non-ASCII", value: "träil", wantErr: cloudtrail.ErrTrailName, reasonHas: "3 to 128", reason: "ASCII only"},
		{name: "trailing newline", value: "trail\n", wantErr: cloudtrail.ErrTrailName, reasonHas: "3 to 128", reason: "control characters are not allowed"},
		{name: "IP address", value: "192.168.5.4", wantErr: cloudtrail.ErrTrailName, reasonHas: "IP address", reason: "CloudTrail forbids IP-formatted names"},
		{name: "ARN", value: "arn:aws:cloudtrail:us-east-1:111122223333:trail/t", wantErr: cloudtrail.ErrTrailName, reasonHas: "3 to 128", reason: "a trail ARN is not a trail name"},
	})
}

func TestParseTrailARNPattern(t *testing.T) {
	tests := []struct {
		in     string
		ok     bool
		reason string
	}{
		{"arn:aws:cloudtrail:*:*:trail/aws-controltower-*", true, "AWS Control Tower's form"},
		{"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-*", true, "a name pattern in one account and Region"},
		{"arn:aws:cloudtrail:*:111122223333:trail/*", true, "every trail of one account"},
		{"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail", true, "no * is an exact trail ARN"},
		{"arn:aws:cloudtrail:*:*:trail/aws-controltower-?", false, "? is not a trail name character"},
		{"arn:aws:cloudtrail:*:12*:trail/x*", false, "the account is 12 digits or *"},
		{"arn:aws:cloudtrail:eu-*:*:trail/x*", false, "the Region is a Region or *"},
		{"arn:aws:s3:::*", false, "not CloudTrail"},
		{"arn:aws:cloudtrail:*:*:eventdatastore/*", false, "not a trail"},
		{"arn:aws-moon:cloudtrail:*:*:trail/x*", false, "an unknown partition"},
		{"arn:aws:cloudtrail:*:*:trail/-bad*", false, "the name pattern follows the trail naming rules"},
	}
	for _, tc := range tests {
		a, err := cloudtrail.ParseTrailARNPattern("scp.protectTrails[0]", tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("%q: error %v, want ok %v (%s)", tc.in, err, tc.ok, tc.reason)
			continue
		}
		if err != nil {
			checkFieldError(t, err, "scp.protectTrails[0]", tc.in, policy.ErrARN, "")
			continue
		}
		if a.String() != tc.in {
			t.Errorf("%q parsed as %q", tc.in, a.String())
		}
	}
}
