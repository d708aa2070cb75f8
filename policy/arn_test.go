package policy_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/policy"
)

const (
	keyUUID = "1234abcd-12ab-34cd-56ef-1234567890ab"
	keyMRK  = "mrk-1234abcd12ab34cd56ef1234567890ab"
)

// arnCase is one input for an ARN parser: want is the parsed ARN of a good
// input; wantErr the sentinel of a bad one.
type arnCase struct {
	name      string
	in        string
	want      policy.ARN
	wantErr   error
	reasonHas string
	reason    string
}

func runARNCases(t *testing.T, parse func(field, s string) (policy.ARN, error), cases []arnCase) {
	t.Helper()
	seen := map[string]bool{}
	for _, tc := range cases {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			got, err := parse("Trails[1]", tc.in)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("%q: got error %v, want none (%s)", tc.in, err, tc.reason)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%q parsed wrong (-want +got):\n%s", tc.in, diff)
				}
				if got.String() != tc.in {
					t.Errorf("String() = %q, want the input %q back", got.String(), tc.in)
				}
				return
			}
			if got != (policy.ARN{}) {
				t.Errorf("got %+v with an error, want the zero ARN", got)
			}
			checkFieldError(t, err, "Trails[1]", tc.in, tc.wantErr, tc.reasonHas)
		})
	}
}

func TestParseARN(t *testing.T) {
	runARNCases(t, policy.ParseARN, []arnCase{
		{name: "bucket", in: "arn:aws:s3:::my-bucket", want: policy.ARN{Partition: "aws", Service: "s3", Resource: "my-bucket"}, reason: "no Region, no account"},
		{name: "China key", in: "arn:aws-cn:kms:cn-north-1:111122223333:key/" + keyUUID,
			want: policy.ARN{Partition: "aws-cn", Service: "kms", Region: "cn-north-1", AccountID: "111122223333", Resource: "key/" + keyUUID}, reason: "every field set"},
		{name: "GovCloud root", in: "arn:aws-us-gov:iam::111122223333:root", want: policy.ARN{Partition: "aws-us-gov", Service: "iam", AccountID: "111122223333", Resource: "root"}, reason: "global service"},
		{name: "colons in resource", in: "arn:aws:logs:us-east-1:111122223333:log-group:/aws/x:*",
			want: policy.ARN{Partition: "aws", Service: "logs", Region: "us-east-1", AccountID: "111122223333", Resource: "log-group:/aws/x:*"}, reason: "the resource keeps its own colons"},
		{name: "empty", in: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "not an ARN", in: "my-bucket", wantErr: policy.ErrARN, reasonHas: "is not an ARN", reason: "a bare name"},
		{name: "five fields", in: "arn:aws:s3::", wantErr: policy.ErrARN, reasonHas: "is not an ARN", reason: "too few fields"},
		{name: "urn prefix", in: "urn:aws:s3:::b", wantErr: policy.ErrARN, reasonHas: "is not an ARN", reason: "the scheme is arn"},
		{name: "leading space", in: " arn:aws:s3:::b", wantErr: policy.ErrARN, reasonHas: "is not an ARN", reason: "white space is not trimmed"},
		{name: "unknown partition", in: "arn:aws-iso:s3:::b", wantErr: policy.ErrARN, reasonHas: `has partition "aws-iso"`, reason: "unsupported partition"},
		{name: "upper case partition", in: "arn:AWS:s3:::b", wantErr: policy.ErrARN, reasonHas: `has partition "AWS"`, reason: "ARNs are case-sensitive"},
		{name: "empty partition", in: "arn::s3:::b", wantErr: policy.ErrARN, reasonHas: `has partition ""`, reason: "the partition is required"},
		{name: "empty service", in: "arn:aws::::b", wantErr: policy.ErrARN, reasonHas: "service and resource", reason: "the service is required"},
		{name: "empty resource", in: "arn:aws:s3:::", wantErr: policy.ErrARN, reasonHas: "service and resource", reason: "the resource is required"},
		{name: "ten-digit account", in: "arn:aws:iam::1111222233:root", wantErr: policy.ErrARN, reasonHas: `has account "1111222233"`, reason: "aws-sdk-go-v2 accepts it; AWS does not"},
		{name: "thirteen-digit account", in: "arn:aws:iam::1111222233334:root", wantErr: policy.ErrARN, reasonHas: "12 digits", reason: "one digit too many"},
		{name: "account with letter", in: "arn:aws:iam::11112222333a:root", wantErr: policy.ErrARN, reasonHas: "12 digits", reason: "not digits"},
		{name: "account with Arabic-Indic digits", in: "arn:aws:iam::١٢٣٤٥٦:root", wantErr: policy.ErrARN, reasonHas: "12 digits", reason: "12 bytes of unicode digits"},
	})
}

func TestParseKeyARN(t *testing.T) {
	runARNCases(t, policy.ParseKeyARN, []arnCase{
		{name: "key ID", in: "arn:aws:kms:us-east-1:111122223333:key/" + keyUUID,
			want: policy.ARN{Partition: "aws", Service: "kms", Region: "us-east-1", AccountID: "111122223333", Resource: "key/" + keyUUID}, reason: "the usual key ARN"},
		{name: "multi-Region key", in: "arn:aws:kms:eu-west-1:111122223333:key/" + keyMRK,
			want: policy.ARN{Partition: "aws", Service: "kms", Region: "eu-west-1", AccountID: "111122223333", Resource: "key/" + keyMRK}, reason: "mrk- key IDs"},
		{name: "China", in: "arn:aws-cn:kms:cn-northwest-1:111122223333:key/" + keyUUID,
			want: policy.ARN{Partition: "aws-cn", Service: "kms", Region: "cn-northwest-1", AccountID: "111122223333", Resource: "key/" + keyUUID}, reason: "China partition"},
		{name: "GovCloud", in: "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/" + keyUUID,
			want: policy.ARN{Partition: "aws-us-gov", Service: "kms", Region: "us-gov-west-1", AccountID: "111122223333", Resource: "key/" + keyUUID}, reason: "GovCloud partition"},
		{name: "empty", in: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "bare key ID", in: keyUUID, wantErr: policy.ErrARN, reasonHas: "is not an ARN", reason: "a key ID resolves in the caller's account"},
		{name: "alias", in: "arn:aws:kms:us-east-1:111122223333:alias/cloudtrail", wantErr: policy.ErrARN, reasonHas: "is a KMS alias", reason: "an alias resolves in the caller's account"},
		{name: "wrong service", in: "arn:aws:s3:::my-bucket", wantErr: policy.ErrARN, reasonHas: `is an ARN of service "s3"`, reason: "a bucket is not a key"},
		{name: "upper case key ID", in: "arn:aws:kms:us-east-1:111122223333:key/" + strings.ToUpper(keyUUID), wantErr: policy.ErrARN, reasonHas: "not a KMS key ARN", reason: "key IDs are lower-case hex"},
		{name: "short key ID", in: "arn:aws:kms:us-east-1:111122223333:key/1234abcd", wantErr: policy.ErrARN, reasonHas: "not a KMS key ARN", reason: "not a UUID"},
		{name: "ten-digit account", in: "arn:aws:kms:us-east-1:1111222233:key/" + keyUUID, wantErr: policy.ErrARN, reasonHas: "12 digits", reason: "the account must be 12 digits"},
		{name: "no account", in: "arn:aws:kms:us-east-1::key/" + keyUUID, wantErr: policy.ErrARN, reasonHas: "has no account", reason: "a key ARN names its account"},
		{name: "no Region", in: "arn:aws:kms::111122223333:key/" + keyUUID, wantErr: policy.ErrARN, reasonHas: `has Region ""`, reason: "keys are regional"},
		{name: "China Region in aws", in: "arn:aws:kms:cn-north-1:111122223333:key/" + keyUUID, wantErr: policy.ErrARN, reasonHas: "not a Region of partition aws", reason: "Region from another partition"},
		{name: "commercial Region in aws-cn", in: "arn:aws-cn:kms:us-east-1:111122223333:key/" + keyUUID, wantErr: policy.ErrARN, reasonHas: "not a Region of partition aws-cn", reason: "Region from another partition"},
		{name: "wrong partition", in: "arn:aws-iso:kms:us-iso-east-1:111122223333:key/" + keyUUID, wantErr: policy.ErrARN, reasonHas: `has partition "aws-iso"`, reason: "unsupported partition"},
	})
}

func TestParseRoleARN(t *testing.T) {
	runARNCases(t, policy.ParseRoleARN, []arnCase{
		{name: "role", in: "arn:aws:iam::111122223333:role/Vendor",
			want: policy.ARN{Partition: "aws", Service: "iam", AccountID: "111122223333", Resource: "role/Vendor"}, reason: "the usual role ARN"},
		{name: "role with path", in: "arn:aws:iam::111122223333:role/service-role/Vendor",
			want: policy.ARN{Partition: "aws", Service: "iam", AccountID: "111122223333", Resource: "role/service-role/Vendor"}, reason: "roles may have paths"},
		{name: "China", in: "arn:aws-cn:iam::111122223333:role/R",
			want: policy.ARN{Partition: "aws-cn", Service: "iam", AccountID: "111122223333", Resource: "role/R"}, reason: "China partition"},
		{name: "GovCloud", in: "arn:aws-us-gov:iam::111122223333:role/R",
			want: policy.ARN{Partition: "aws-us-gov", Service: "iam", AccountID: "111122223333", Resource: "role/R"}, reason: "GovCloud partition"},
		{name: "empty", in: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "user", in: "arn:aws:iam::111122223333:user/alice", wantErr: policy.ErrARN, reasonHas: "not an IAM role ARN", reason: "a user is not a role"},
		{name: "root", in: "arn:aws:iam::111122223333:root", wantErr: policy.ErrARN, reasonHas: "not an IAM role ARN", reason: "an account is not a role"},
		{name: "assumed role", in: "arn:aws:sts::111122223333:assumed-role/Vendor/session", wantErr: policy.ErrARN, reasonHas: "not an IAM role ARN", reason: "a session is not a role"},
		{name: "with Region", in: "arn:aws:iam:us-east-1:111122223333:role/Vendor", wantErr: policy.ErrARN, reasonHas: "not an IAM role ARN", reason: "IAM is global"},
		{name: "no account", in: "arn:aws:iam:::role/Vendor", wantErr: policy.ErrARN, reasonHas: "not an IAM role ARN", reason: "a role ARN names its account"},
		{name: "ten-digit account", in: "arn:aws:iam::1111222233:role/Vendor", wantErr: policy.ErrARN, reasonHas: "12 digits", reason: "the account must be 12 digits"},
		{name: "empty name", in: "arn:aws:iam::111122223333:role/", wantErr: policy.ErrARN, reasonHas: "not an IAM role ARN", reason: "the name is required"},
		{name: "name too long", in: "arn:aws:iam::111122223333:role/" + strings.Repeat("r", 65), wantErr: policy.ErrARN, reasonHas: "not an IAM role ARN", reason: "role names have at most 64 characters"},
		{name: "space in name", in: "arn:aws:iam::111122223333:role/Vendor Role", wantErr: policy.ErrARN, reasonHas: "not an IAM role ARN", reason: "white space is not allowed"},
		{name: "wrong partition", in: "arn:aws-iso:iam::111122223333:role/R", wantErr: policy.ErrARN, reasonHas: `has partition "aws-iso"`, reason: "unsupported partition"},
	})
}

func TestParseIAMPrincipalARN(t *testing.T) {
	runARNCases(t, policy.ParseIAMPrincipalARN, []arnCase{
		{name: "account root", in: "arn:aws:iam::111122223333:root",
			want: policy.ARN{Partition: "aws", Service: "iam", AccountID: "111122223333", Resource: "root"}, reason: "the whole account"},
		{name: "role", in: "arn:aws:iam::111122223333:role/Vendor",
			want: policy.ARN{Partition: "aws", Service: "iam", AccountID: "111122223333", Resource: "role/Vendor"}, reason: "a role"},
		{name: "user with path", in: "arn:aws-cn:iam::111122223333:user/division/alice",
			want: policy.ARN{Partition: "aws-cn", Service: "iam", AccountID: "111122223333", Resource: "user/division/alice"}, reason: "a user"},
		{name: "empty", in: "", wantErr: policy.ErrRequired, reasonHas: "is empty", reason: "a missing value is its own category"},
		{name: "account ID only", in: "111122223333", wantErr: policy.ErrARN, reasonHas: "is not an ARN", reason: "the parser takes ARNs only"},
		{name: "group", in: "arn:aws:iam::111122223333:group/admins", wantErr: policy.ErrARN, reasonHas: "not an IAM principal ARN", reason: "a group cannot be a principal"},
		{name: "assumed role", in: "arn:aws:sts::111122223333:assumed-role/Vendor/session", wantErr: policy.ErrARN, reasonHas: "not an IAM principal ARN", reason: "sessions are not named in these policies"},
		{name: "bucket", in: "arn:aws:s3:::my-bucket", wantErr: policy.ErrARN, reasonHas: "not an IAM principal ARN", reason: "not IAM"},
		{name: "root without account", in: "arn:aws:iam:::root", wantErr: policy.ErrARN, reasonHas: "not an IAM principal ARN", reason: "the account is required"},
		{name: "root with suffix", in: "arn:aws:iam::111122223333:root/x", wantErr: policy.ErrARN, reasonHas: "not an IAM principal ARN", reason: "root has no path"},
		{name: "ten-digit account", in: "arn:aws:iam::1111222233:root", wantErr: policy.ErrARN, reasonHas: `has account "1111222233"`, reason: "the account must be 12 digits"},
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
