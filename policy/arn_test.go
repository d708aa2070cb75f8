package policy_test

import (
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

const (
	keyUUID = "1234abcd-12ab-34cd-56ef-1234567890ab"
	keyMRK  = "mrk-1234abcd12ab34cd56ef1234567890ab"
)

func TestParseARN(t *testing.T) {
	golden.RunARNCases(t, "Trails[1]", policy.ParseARN, []golden.ARNCase{
		{Name: "bucket", In: "arn:aws:s3:::my-bucket", Want: policy.ARN{Partition: "aws", Service: "s3", Resource: "my-bucket"}, Reason: "no Region, no account"},
		{Name: "China key", In: "arn:aws-cn:kms:cn-north-1:111122223333:key/" + keyUUID,
			Want: policy.ARN{Partition: "aws-cn", Service: "kms", Region: "cn-north-1", AccountID: "111122223333", Resource: "key/" + keyUUID}, Reason: "every field set"},
		{Name: "GovCloud root", In: "arn:aws-us-gov:iam::111122223333:root", Want: policy.ARN{Partition: "aws-us-gov", Service: "iam", AccountID: "111122223333", Resource: "root"}, Reason: "global service"},
		{Name: "colons in resource", In: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/x:*",
			Want: policy.ARN{Partition: "aws", Service: "logs", Region: "us-east-1", AccountID: "111122223333", Resource: "log-group:/aws/x:*"}, Reason: "the resource keeps its own colons"},
		{Name: "empty", In: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "not an ARN", In: "my-bucket", WantErr: policy.ErrARN, ReasonHas: "is not an ARN", Reason: "a bare name"},
		{Name: "five fields", In: "arn:aws:s3::", WantErr: policy.ErrARN, ReasonHas: "is not an ARN", Reason: "too few fields"},
		{Name: "urn prefix", In: "urn:aws:s3:::b", WantErr: policy.ErrARN, ReasonHas: "is not an ARN", Reason: "the scheme is arn"},
		{Name: "leading space", In: " arn:aws:s3:::b", WantErr: policy.ErrARN, ReasonHas: "is not an ARN", Reason: "white space is not trimmed"},
		{Name: "unknown partition", In: "arn:aws-iso:s3:::b", WantErr: policy.ErrARN, ReasonHas: `has partition "aws-iso"`, Reason: "unsupported partition"},
		{Name: "upper case partition", In: "arn:AWS:s3:::b", WantErr: policy.ErrARN, ReasonHas: `has partition "AWS"`, Reason: "ARNs are case-sensitive"},
		{Name: "empty partition", In: "arn::s3:::b", WantErr: policy.ErrARN, ReasonHas: `has partition ""`, Reason: "the partition is required"},
		{Name: "empty service", In: "arn:aws::::b", WantErr: policy.ErrARN, ReasonHas: "service and resource", Reason: "the service is required"},
		{Name: "empty resource", In: "arn:aws:s3:::", WantErr: policy.ErrARN, ReasonHas: "service and resource", Reason: "the resource is required"},
		{Name: "ten-digit account", In: "arn:aws:iam::1111222233:root", WantErr: policy.ErrARN, ReasonHas: `has account "1111222233"`, Reason: "aws-sdk-go-v2 accepts it; AWS does not"},
		{Name: "thirteen-digit account", In: "arn:aws:iam::1111222233334:root", WantErr: policy.ErrARN, ReasonHas: "12 digits", Reason: "one digit too many"},
		{Name: "account with letter", In: "arn:aws:iam::11112222333a:root", WantErr: policy.ErrARN, ReasonHas: "12 digits", Reason: "not digits"},
		{Name: "account with Arabic-Indic digits", In: "arn:aws:iam::١٢٣٤٥٦:root", WantErr: policy.ErrARN, ReasonHas: "12 digits", Reason: "12 bytes of unicode digits"},
	})
}

func TestParseKeyARN(t *testing.T) {
	golden.RunARNCases(t, "Trails[1]", policy.ParseKeyARN, []golden.ARNCase{
		{Name: "key ID", In: "arn:aws:kms:us-east-1:111122223333:key/" + keyUUID,
			Want: policy.ARN{Partition: "aws", Service: "kms", Region: "us-east-1", AccountID: "111122223333", Resource: "key/" + keyUUID}, Reason: "the usual key ARN"},
		{Name: "multi-Region key", In: "arn:aws:kms:eu-west-1:111122223333:key/" + keyMRK,
			Want: policy.ARN{Partition: "aws", Service: "kms", Region: "eu-west-1", AccountID: "111122223333", Resource: "key/" + keyMRK}, Reason: "mrk- key IDs"},
		{Name: "China", In: "arn:aws-cn:kms:cn-northwest-1:111122223333:key/" + keyUUID,
			Want: policy.ARN{Partition: "aws-cn", Service: "kms", Region: "cn-northwest-1", AccountID: "111122223333", Resource: "key/" + keyUUID}, Reason: "China partition"},
		{Name: "GovCloud", In: "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/" + keyUUID,
			Want: policy.ARN{Partition: "aws-us-gov", Service: "kms", Region: "us-gov-west-1", AccountID: "111122223333", Resource: "key/" + keyUUID}, Reason: "GovCloud partition"},
		{Name: "empty", In: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "bare key ID", In: keyUUID, WantErr: policy.ErrARN, ReasonHas: "is not an ARN", Reason: "a key ID resolves in the caller's account"},
		{Name: "alias", In: "arn:aws:kms:us-east-1:111122223333:alias/cloudtrail", WantErr: policy.ErrARN, ReasonHas: "is a KMS alias", Reason: "an alias resolves in the caller's account"},
		{Name: "wrong service", In: "arn:aws:s3:::my-bucket", WantErr: policy.ErrARN, ReasonHas: `is an ARN of service "s3"`, Reason: "a bucket is not a key"},
		{Name: "upper case key ID", In: "arn:aws:kms:us-east-1:111122223333:key/" + strings.ToUpper(keyUUID), WantErr: policy.ErrARN, ReasonHas: "not a KMS key ARN", Reason: "key IDs are lower-case hex"},
		{Name: "short key ID", In: "arn:aws:kms:us-east-1:111122223333:key/1234abcd", WantErr: policy.ErrARN, ReasonHas: "not a KMS key ARN", Reason: "not a UUID"},
		{Name: "ten-digit account", In: "arn:aws:kms:us-east-1:1111222233:key/" + keyUUID, WantErr: policy.ErrARN, ReasonHas: "12 digits", Reason: "the account must be 12 digits"},
		{Name: "no account", In: "arn:aws:kms:us-east-1::key/" + keyUUID, WantErr: policy.ErrARN, ReasonHas: "has no account", Reason: "a key ARN names its account"},
		{Name: "no Region", In: "arn:aws:kms::111122223333:key/" + keyUUID, WantErr: policy.ErrARN, ReasonHas: `has Region ""`, Reason: "keys are regional"},
		{Name: "China Region in aws", In: "arn:aws:kms:cn-north-1:111122223333:key/" + keyUUID, WantErr: policy.ErrARN, ReasonHas: "not a Region of partition aws", Reason: "Region from another partition"},
		{Name: "commercial Region in aws-cn", In: "arn:aws-cn:kms:us-east-1:111122223333:key/" + keyUUID, WantErr: policy.ErrARN, ReasonHas: "not a Region of partition aws-cn", Reason: "Region from another partition"},
		{Name: "wrong partition", In: "arn:aws-iso:kms:us-iso-east-1:111122223333:key/" + keyUUID, WantErr: policy.ErrARN, ReasonHas: `has partition "aws-iso"`, Reason: "unsupported partition"},
	})
}

func TestParseRoleARN(t *testing.T) {
	golden.RunARNCases(t, "Trails[1]", policy.ParseRoleARN, []golden.ARNCase{
		{Name: "role", In: "arn:aws:iam::111122223333:role/Vendor",
			Want: policy.ARN{Partition: "aws", Service: "iam", AccountID: "111122223333", Resource: "role/Vendor"}, Reason: "the usual role ARN"},
		{Name: "role with path", In: "arn:aws:iam::111122223333:role/service-role/Vendor",
			Want: policy.ARN{Partition: "aws", Service: "iam", AccountID: "111122223333", Resource: "role/service-role/Vendor"}, Reason: "roles may have paths"},
		{Name: "China", In: "arn:aws-cn:iam::111122223333:role/R",
			Want: policy.ARN{Partition: "aws-cn", Service: "iam", AccountID: "111122223333", Resource: "role/R"}, Reason: "China partition"},
		{Name: "GovCloud", In: "arn:aws-us-gov:iam::111122223333:role/R",
			Want: policy.ARN{Partition: "aws-us-gov", Service: "iam", AccountID: "111122223333", Resource: "role/R"}, Reason: "GovCloud partition"},
		{Name: "empty", In: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "user", In: "arn:aws:iam::111122223333:user/alice", WantErr: policy.ErrARN, ReasonHas: "not an IAM role ARN", Reason: "a user is not a role"},
		{Name: "root", In: "arn:aws:iam::111122223333:root", WantErr: policy.ErrARN, ReasonHas: "not an IAM role ARN", Reason: "an account is not a role"},
		{Name: "assumed role", In: "arn:aws:sts::111122223333:assumed-role/Vendor/session", WantErr: policy.ErrARN, ReasonHas: "not an IAM role ARN", Reason: "a session is not a role"},
		{Name: "with Region", In: "arn:aws:iam:us-east-1:111122223333:role/Vendor", WantErr: policy.ErrARN, ReasonHas: "not an IAM role ARN", Reason: "IAM is global"},
		{Name: "no account", In: "arn:aws:iam:::role/Vendor", WantErr: policy.ErrARN, ReasonHas: "not an IAM role ARN", Reason: "a role ARN names its account"},
		{Name: "ten-digit account", In: "arn:aws:iam::1111222233:role/Vendor", WantErr: policy.ErrARN, ReasonHas: "12 digits", Reason: "the account must be 12 digits"},
		{Name: "empty name", In: "arn:aws:iam::111122223333:role/", WantErr: policy.ErrARN, ReasonHas: "not an IAM role ARN", Reason: "the name is required"},
		{Name: "name too long", In: "arn:aws:iam::111122223333:role/" + strings.Repeat("r", 65), WantErr: policy.ErrARN, ReasonHas: "not an IAM role ARN", Reason: "role names have at most 64 characters"},
		{Name: "space in name", In: "arn:aws:iam::111122223333:role/Vendor Role", WantErr: policy.ErrARN, ReasonHas: "not an IAM role ARN", Reason: "white space is not allowed"},
		{Name: "wrong partition", In: "arn:aws-iso:iam::111122223333:role/R", WantErr: policy.ErrARN, ReasonHas: `has partition "aws-iso"`, Reason: "unsupported partition"},
	})
}

func TestParseIAMPrincipalARN(t *testing.T) {
	golden.RunARNCases(t, "Trails[1]", policy.ParseIAMPrincipalARN, []golden.ARNCase{
		{Name: "account root", In: "arn:aws:iam::111122223333:root",
			Want: policy.ARN{Partition: "aws", Service: "iam", AccountID: "111122223333", Resource: "root"}, Reason: "the whole account"},
		{Name: "role", In: "arn:aws:iam::111122223333:role/Vendor",
			Want: policy.ARN{Partition: "aws", Service: "iam", AccountID: "111122223333", Resource: "role/Vendor"}, Reason: "a role"},
		{Name: "user with path", In: "arn:aws-cn:iam::111122223333:user/division/alice",
			Want: policy.ARN{Partition: "aws-cn", Service: "iam", AccountID: "111122223333", Resource: "user/division/alice"}, Reason: "a user"},
		{Name: "empty", In: "", WantErr: policy.ErrRequired, ReasonHas: "is empty", Reason: "a missing value is its own category"},
		{Name: "account ID only", In: "111122223333", WantErr: policy.ErrARN, ReasonHas: "is not an ARN", Reason: "the parser takes ARNs only"},
		{Name: "group", In: "arn:aws:iam::111122223333:group/admins", WantErr: policy.ErrARN, ReasonHas: "not an IAM principal ARN", Reason: "a group cannot be a principal"},
		{Name: "assumed role", In: "arn:aws:sts::111122223333:assumed-role/Vendor/session", WantErr: policy.ErrARN, ReasonHas: "not an IAM principal ARN", Reason: "sessions are not named in these policies"},
		{Name: "bucket", In: "arn:aws:s3:::my-bucket", WantErr: policy.ErrARN, ReasonHas: "not an IAM principal ARN", Reason: "not IAM"},
		{Name: "root without account", In: "arn:aws:iam:::root", WantErr: policy.ErrARN, ReasonHas: "not an IAM principal ARN", Reason: "the account is required"},
		{Name: "root with suffix", In: "arn:aws:iam::111122223333:root/x", WantErr: policy.ErrARN, ReasonHas: "not an IAM principal ARN", Reason: "root has no path"},
		{Name: "ten-digit account", In: "arn:aws:iam::1111222233:root", WantErr: policy.ErrARN, ReasonHas: `has account "1111222233"`, Reason: "the account must be 12 digits"},
	})
}

func TestARNBuilders(t *testing.T) {
	const acct = "111122223333"
	tests := []struct {
		name string
		got  func(p policy.Partition) string
		want string // with %P for the partition
	}{
		{name: "BucketARN", got: func(p policy.Partition) string { return policy.BucketARN(p, "logs") }, want: "arn:%P:s3:::logs"},
		{name: "ObjectARN", got: func(p policy.Partition) string { return policy.ObjectARN(p, "logs", "AWSLogs/*") }, want: "arn:%P:s3:::logs/AWSLogs/*"},
		{name: "KeyARN", got: func(p policy.Partition) string { return policy.KeyARN(p, "eu-west-1", acct, keyUUID) }, want: "arn:%P:kms:eu-west-1:" + acct + ":key/" + keyUUID},
		{name: "AccountRootARN", got: func(p policy.Partition) string { return policy.AccountRootARN(p, acct) }, want: "arn:%P:iam::" + acct + ":root"},
		{name: "RoleARN", got: func(p policy.Partition) string { return policy.RoleARN(p, acct, "Vendor") }, want: "arn:%P:iam::" + acct + ":role/Vendor"},
		{name: "RoleARN with path", got: func(p policy.Partition) string { return policy.RoleARN(p, acct, "service-role/Vendor") }, want: "arn:%P:iam::" + acct + ":role/service-role/Vendor"},
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

// TestBuildersParse checks that what the builders emit, the typed parsers
// accept, in every partition with one of its Regions.
func TestBuildersParse(t *testing.T) {
	regions := map[policy.Partition]string{
		policy.PartitionAWS:      "ap-southeast-2",
		policy.PartitionChina:    "cn-northwest-1",
		policy.PartitionGovCloud: "us-gov-east-1",
		policy.PartitionEUSC:     "eusc-de-east-1",
	}
	for _, p := range policy.Partitions() {
		t.Run(string(p), func(t *testing.T) {
			r := regions[p]
			for _, c := range []struct {
				s     string
				parse func(field, s string) (policy.ARN, error)
			}{
				{policy.KeyARN(p, r, "111122223333", keyUUID), policy.ParseKeyARN},
				{policy.RoleARN(p, "111122223333", "path/Vendor"), policy.ParseRoleARN},
				{policy.AccountRootARN(p, "111122223333"), policy.ParseIAMPrincipalARN},
				{policy.BucketARN(p, "logs"), policy.ParseARN},
			} {
				a, err := c.parse("x", c.s)
				if err != nil {
					t.Errorf("built %q, parser refuses it: %v", c.s, err)
					continue
				}
				if a.Partition != p {
					t.Errorf("%q parsed with partition %q, want %q", c.s, a.Partition, p)
				}
			}
		})
	}
}
