package cloudtrail_test

import (
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

func TestParseTrailARN(t *testing.T) {
	golden.RunARNCases(t, "trails[1]", cloudtrail.ParseTrailARN, []golden.ARNCase{
		{Name: "commercial", In: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail",
			Want: policy.ARN{Partition: "aws", Service: "cloudtrail", Region: "us-east-1", AccountID: "111122223333", Resource: "trail/org-trail"}, Reason: "the usual trail ARN"},
		{Name: "China", In: "arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/t-1",
			Want: policy.ARN{Partition: "aws-cn", Service: "cloudtrail", Region: "cn-north-1", AccountID: "111122223333", Resource: "trail/t-1"}, Reason: "China partition"},
		{Name: "GovCloud", In: "arn:aws-us-gov:cloudtrail:us-gov-east-1:111122223333:trail/gov",
			Want: policy.ARN{Partition: "aws-us-gov", Service: "cloudtrail", Region: "us-gov-east-1", AccountID: "111122223333", Resource: "trail/gov"}, Reason: "GovCloud partition"},
		{Name: "empty", In: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "trail name only", In: "org-trail", WantErr: policy.ErrARN, ReasonHas: "is not an ARN", Reason: "a name is not an ARN"},
		{Name: "wrong service", In: "arn:aws:s3:::org-trail", WantErr: policy.ErrARN, ReasonHas: "not a CloudTrail trail ARN", Reason: "a bucket is not a trail"},
		{Name: "event data store", In: "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/x", WantErr: policy.ErrARN, ReasonHas: "not a CloudTrail trail ARN", Reason: "another CloudTrail resource"},
		{Name: "no account", In: "arn:aws:cloudtrail:us-east-1::trail/t", WantErr: policy.ErrARN, ReasonHas: "has no account", Reason: "a trail ARN names its owner"},
		{Name: "ten-digit account", In: "arn:aws:cloudtrail:us-east-1:1111222233:trail/t12", WantErr: policy.ErrARN, ReasonHas: "12 digits", Reason: "the account must be 12 digits"},
		{Name: "bad trail name", In: "arn:aws:cloudtrail:us-east-1:111122223333:trail/-t", WantErr: policy.ErrARN, ReasonHas: `has trail name "-t"`, Reason: "the name follows the naming rules"},
		{Name: "empty trail name", In: "arn:aws:cloudtrail:us-east-1:111122223333:trail/", WantErr: policy.ErrARN, ReasonHas: `has trail name ""`, Reason: "the name is required"},
		{Name: "wildcard Region", In: "arn:aws:cloudtrail:*:111122223333:trail/t12", WantErr: policy.ErrARN, ReasonHas: `has Region "*"`, Reason: "a pattern is not a trail ARN"},
		{Name: "commercial Region in aws-us-gov", In: "arn:aws-us-gov:cloudtrail:us-east-1:111122223333:trail/t12", WantErr: policy.ErrARN, ReasonHas: "not a Region of partition aws-us-gov", Reason: "Region from another partition"},
		{Name: "GovCloud Region in aws", In: "arn:aws:cloudtrail:us-gov-west-1:111122223333:trail/t12", WantErr: policy.ErrARN, ReasonHas: "not a Region of partition aws", Reason: "Region from another partition"},
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
	golden.RunValidatorCases(t, "prefix", cloudtrail.CheckPrefix, []golden.ValidatorCase{
		{Name: "empty", Value: "", Reason: "no prefix: logs go under AWSLogs/"},
		{Name: "one segment", Value: "logs", Reason: "the common shape"},
		{Name: "two segments", Value: "logs/org", Reason: "nested prefixes are allowed"},
		{Name: "punctuation", Value: "a-b_c.d=e", Reason: "printable ASCII is allowed"},
		{Name: "AWSLogs inside a segment", Value: "AWSLogsArchive", Reason: "only a whole AWSLogs segment is refused"},
		{Name: "two hundred characters", Value: strings.Repeat("p", 200), Reason: "CloudTrail's maximum"},
		{Name: "two hundred one characters", Value: strings.Repeat("p", 201), WantErr: cloudtrail.ErrPrefix, ReasonHas: "has 201 characters", Reason: "over CloudTrail's maximum"},
		{Name: "leading slash", Value: "/logs", WantErr: cloudtrail.ErrPrefix, ReasonHas: "start or end with /", Reason: "the library adds separators"},
		{Name: "trailing slash", Value: "logs/", WantErr: cloudtrail.ErrPrefix, ReasonHas: "start or end with /", Reason: "would produce logs//AWSLogs"},
		{Name: "double slash at start", Value: "//logs", WantErr: cloudtrail.ErrPrefix, ReasonHas: "start or end with /", Reason: "a leading slash in any number"},
		{Name: "double slash inside", Value: "logs//org", WantErr: cloudtrail.ErrPrefix, ReasonHas: "must not contain //", Reason: "an empty segment"},
		{Name: "dot dot", Value: "..", WantErr: cloudtrail.ErrPrefix, ReasonHas: ". or .. path segments", Reason: "a relative path"},
		{Name: "dot dot inside", Value: "logs/../org", WantErr: cloudtrail.ErrPrefix, ReasonHas: ". or .. path segments", Reason: "a relative path"},
		{Name: "leading dot segment", Value: "./logs", WantErr: cloudtrail.ErrPrefix, ReasonHas: ". or .. path segments", Reason: "a relative path"},
		{Name: "AWSLogs", Value: "AWSLogs", WantErr: cloudtrail.ErrPrefix, ReasonHas: "must not contain AWSLogs", Reason: "CloudTrail adds AWSLogs itself"},
		{Name: "AWSLogs as a later segment", Value: "logs/AWSLogs", WantErr: cloudtrail.ErrPrefix, ReasonHas: "must not contain AWSLogs", Reason: "would double AWSLogs in the path"},
		{Name: "awslogs in lower case", Value: "logs/awslogs/x", WantErr: cloudtrail.ErrPrefix, ReasonHas: "must not contain AWSLogs", Reason: "a case variant is the same mistake"},
		{Name: "space", Value: "my logs", WantErr: cloudtrail.ErrPrefix, ReasonHas: "contains ' '", Reason: "white space is not allowed"},
		{Name: "tab", Value: "logs\t", WantErr: cloudtrail.ErrPrefix, ReasonHas: `contains '\t'`, Reason: "control characters are not allowed"},
		{Name: "newline", Value: "logs\n", WantErr: cloudtrail.ErrPrefix, ReasonHas: `contains '\n'`, Reason: "control characters are not allowed"},
		{Name: "DEL", Value: "logs\x7f", WantErr: cloudtrail.ErrPrefix, ReasonHas: `contains '\x7f'`, Reason: "DEL is not printable"},
		{Name: "non-ASCII", Value: "lögs", WantErr: cloudtrail.ErrPrefix, ReasonHas: "contains 'ö'", Reason: "printable ASCII only"},
		{Name: "long non-ASCII", Value: strings.Repeat("ö", 150), WantErr: cloudtrail.ErrPrefix, ReasonHas: "contains 'ö'", Reason: "300 bytes but 150 characters: the message must not claim 300 characters"},
		{Name: "star", Value: "logs*", WantErr: cloudtrail.ErrPrefix, ReasonHas: "contains '*'", Reason: "a wildcard in a policy Resource"},
		{Name: "question mark", Value: "logs?", WantErr: cloudtrail.ErrPrefix, ReasonHas: "contains '?'", Reason: "a wildcard in a policy Resource"},
		{Name: "dollar", Value: "logs${aws:username}", WantErr: cloudtrail.ErrPrefix, ReasonHas: "contains '$'", Reason: "a policy variable"},
	})
}

func TestCheckTrailName(t *testing.T) {
	golden.RunValidatorCases(t, "TrailName", cloudtrail.CheckTrailName, []golden.ValidatorCase{
		{Name: "simple", Value: "org-trail", Reason: "the common shape"},
		{Name: "three characters", Value: "abc", Reason: "the shortest name"},
		{Name: "mixed punctuation", Value: "My_Trail.1-a", Reason: "letters, digits, . _ -"},
		{Name: "one hundred twenty-eight characters", Value: strings.Repeat("t", 128), Reason: "the longest name"},
		{Name: "empty", Value: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "two characters", Value: "ab", WantErr: cloudtrail.ErrTrailName, ReasonHas: "3 to 128", Reason: "too short"},
		{Name: "one hundred twenty-nine characters", Value: strings.Repeat("t", 129), WantErr: cloudtrail.ErrTrailName, ReasonHas: "3 to 128", Reason: "too long"},
		{Name: "leading hyphen", Value: "-trail", WantErr: cloudtrail.ErrTrailName, ReasonHas: "starting and ending", Reason: "must start with a letter or digit"},
		{Name: "trailing underscore", Value: "trail_", WantErr: cloudtrail.ErrTrailName, ReasonHas: "starting and ending", Reason: "must end with a letter or digit"},
		{Name: "double hyphen", Value: "my--trail", WantErr: cloudtrail.ErrTrailName, ReasonHas: "adjacent", Reason: "adjacent punctuation"},
		{Name: "dot underscore", Value: "my._trail", WantErr: cloudtrail.ErrTrailName, ReasonHas: "adjacent", Reason: "adjacent punctuation of different kinds"},
		{Name: "space", Value: "my trail", WantErr: cloudtrail.ErrTrailName, ReasonHas: "3 to 128", Reason: "white space is not allowed"},
		{Name: "exclamation mark", Value: "trail!", WantErr: cloudtrail.ErrTrailName, ReasonHas: "3 to 128", Reason: "other punctuation is not allowed"},
		{Name: "non-ASCII", Value: "träil", WantErr: cloudtrail.ErrTrailName, ReasonHas: "3 to 128", Reason: "ASCII only"},
		{Name: "trailing newline", Value: "trail\n", WantErr: cloudtrail.ErrTrailName, ReasonHas: "3 to 128", Reason: "control characters are not allowed"},
		{Name: "IP address", Value: "192.168.5.4", WantErr: cloudtrail.ErrTrailName, ReasonHas: "IP address", Reason: "CloudTrail forbids IP-formatted names"},
		{Name: "ARN", Value: "arn:aws:cloudtrail:us-east-1:111122223333:trail/t", WantErr: cloudtrail.ErrTrailName, ReasonHas: "3 to 128", Reason: "a trail ARN is not a trail name"},
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
			golden.CheckFieldError(t, err, "scp.protectTrails[0]", tc.in, policy.ErrARN, "")
			continue
		}
		if a.String() != tc.in {
			t.Errorf("%q parsed as %q", tc.in, a.String())
		}
	}
}
