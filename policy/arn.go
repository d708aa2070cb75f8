package policy

import (
	"regexp"
	"strings"
)

// ARN is an Amazon Resource Name split into its fields:
// arn:Partition:Service:Region:AccountID:Resource.
type ARN struct {
	Partition Partition
	Service   string
	Region    string
	AccountID string
	Resource  string
}

// String joins the fields back into "arn:partition:service:region:account:resource".
func (a ARN) String() string {
	return "arn:" + string(a.Partition) + ":" + a.Service + ":" + a.Region + ":" + a.AccountID + ":" + a.Resource
}

// ParseARN splits s into its fields and checks the partition and, when
// present, the account ID. Unlike aws-sdk-go-v2's arn.Parse it refuses an
// account that is not 12 digits, and its error names the input.
func ParseARN(field, s string) (ARN, error) {
	if s == "" {
		return ARN{}, fieldErr(ErrRequired, field, s, "is empty: want an ARN such as arn:aws:service:region:account:resource")
	}
	parts, ok := splitARN(s)
	if !ok || parts[0] != "arn" {
		return ARN{}, fieldErr(ErrARN, field, s, "is not an ARN: want arn:partition:service:region:account:resource")
	}
	a := ARN{Partition: Partition(parts[1]), Service: parts[2], Region: parts[3], AccountID: parts[4], Resource: parts[5]}
	if CheckPartition(field, a.Partition) != nil {
		return ARN{}, fieldErr(ErrARN, field, s, "has partition %q: use "+partitionList, parts[1])
	}
	if a.Service == "" || a.Resource == "" {
		return ARN{}, fieldErr(ErrARN, field, s, "is not an ARN: the service and resource fields must not be empty")
	}
	if a.AccountID != "" && (len(a.AccountID) != 12 || !isDigits(a.AccountID)) {
		return ARN{}, fieldErr(ErrARN, field, s, "has account %q: an AWS account ID is 12 digits", a.AccountID)
	}
	return a, nil
}

// splitARN splits s at its first five colons, as strings.SplitN(s, ":", 6)
// does, into an array instead of a new slice: ARNs are parsed once per
// account and reader, and 10,000 of them should cost no 10,000 slices. ok
// is false with fewer than five colons.
func splitARN(s string) (parts [6]string, ok bool) {
	for i := range 5 {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return parts, false
		}
		parts[i], s = s[:j], s[j+1:]
	}
	parts[5] = s
	return parts, true
}

var (
	keyIDPattern = regexp.MustCompile(`^key/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`)
	// IAM names: letters, digits and _+=,.@- ; paths: / then the same plus /.
	iamRolePattern = regexp.MustCompile(`^role/([\w+=,.@/-]*/)?[\w+=,.@-]{1,64}$`)
	iamUserPattern = regexp.MustCompile(`^user/([\w+=,.@/-]*/)?[\w+=,.@-]{1,64}$`)
)

// ParseKeyARN parses the full ARN of a KMS key (key ID or multi-Region key
// ID, not an alias): an alias or bare key ID resolves in the caller's own
// account, which breaks cross-account use. It checks the Region against the
// partition.
func ParseKeyARN(field, s string) (ARN, error) {
	a, err := ParseARN(field, s)
	if err != nil {
		return ARN{}, err
	}
	switch {
	case a.Service != "kms":
		return ARN{}, fieldErr(ErrARN, field, s, "is an ARN of service %q, not a KMS key ARN (arn:partition:kms:region:account:key/id)", a.Service)
	case strings.HasPrefix(a.Resource, "alias/"):
		return ARN{}, fieldErr(ErrARN, field, s, "is a KMS alias: name the key by its key ARN, because an alias resolves in the caller's account")
	case !keyIDPattern.MatchString(a.Resource):
		return ARN{}, fieldErr(ErrARN, field, s, "is not a KMS key ARN: want arn:partition:kms:region:account:key/<key id>")
	case a.AccountID == "":
		return ARN{}, fieldErr(ErrARN, field, s, "has no account: a KMS key ARN names the key's account")
	}
	if err := CheckRegionInPartition(field, a.Region, a.Partition); err != nil {
		return ARN{}, fieldErr(ErrARN, field, s, "has Region %q, which is not a Region of partition %s", a.Region, a.Partition)
	}
	return a, nil
}

// ParseRoleARN parses an IAM role ARN, arn:partition:iam::account:role/[path/]name.
func ParseRoleARN(field, s string) (ARN, error) {
	a, err := ParseARN(field, s)
	if err != nil {
		return ARN{}, err
	}
	if a.Service != "iam" || a.Region != "" || a.AccountID == "" || !iamRolePattern.MatchString(a.Resource) {
		return ARN{}, fieldErr(ErrARN, field, s, "is not an IAM role ARN (arn:partition:iam::account:role/name)")
	}
	return a, nil
}

// ParseIAMPrincipalARN parses the ARN of an IAM principal a policy can name:
// an account root (arn:partition:iam::account:root), a role or a user.
func ParseIAMPrincipalARN(field, s string) (ARN, error) {
	a, err := ParseARN(field, s)
	if err != nil {
		return ARN{}, err
	}
	if a.Service != "iam" || a.Region != "" || a.AccountID == "" ||
		!(a.Resource == "root" || iamRolePattern.MatchString(a.Resource) || iamUserPattern.MatchString(a.Resource)) {
		return ARN{}, fieldErr(ErrARN, field, s, "is not an IAM principal ARN (arn:partition:iam::account:root, :role/name or :user/name)")
	}
	return a, nil
}

// BucketARN returns arn:partition:s3:::bucket.
func BucketARN(p Partition, bucket string) string {
	return ARN{Partition: p, Service: "s3", Resource: bucket}.String()
}

// ObjectARN returns arn:partition:s3:::bucket/key; key may end in a wildcard.
func ObjectARN(p Partition, bucket, key string) string {
	return BucketARN(p, bucket) + "/" + key
}

// KeyARN returns arn:partition:kms:region:account:key/keyID.
func KeyARN(p Partition, region, account, keyID string) string {
	return ARN{Partition: p, Service: "kms", Region: region, AccountID: account, Resource: "key/" + keyID}.String()
}

// AccountRootARN returns arn:partition:iam::account:root, the principal that
// stands for a whole account.
func AccountRootARN(p Partition, account string) string {
	return ARN{Partition: p, Service: "iam", AccountID: account, Resource: "root"}.String()
}

// RoleARN returns arn:partition:iam::account:role/name; name may carry a path.
func RoleARN(p Partition, account, name string) string {
	return ARN{Partition: p, Service: "iam", AccountID: account, Resource: "role/" + name}.String()
}
