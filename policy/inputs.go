package policy

import (
	"net/netip"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Partition is an AWS partition: the first field of every ARN.
type Partition string

// The partitions the library supports.
const (
	PartitionAWS      Partition = "aws"        // commercial Regions
	PartitionChina    Partition = "aws-cn"     // China (Beijing, Ningxia)
	PartitionGovCloud Partition = "aws-us-gov" // AWS GovCloud (US)
	// PartitionEUSC is the AWS European Sovereign Cloud, whose one Region
	// is eusc-de-east-1, "EU (Germany)", and whose endpoints use the DNS
	// suffix amazonaws.eu. AWS's SDK partition data (aws/aws-sdk-js-v3,
	// packages/util-endpoints/src/lib/aws/partitions.json, commit 685ff5d0,
	// read 2026-12-02) lists it with the Region pattern
	// ^eusc-(de)-\w+-\d+$. Its IAM and service principals are assumed to
	// follow the commercial forms (cloudtrail.amazonaws.com): AWS publishes
	// no page we found that says so (searched 2026-12-02); verify in a
	// sandbox.
	PartitionEUSC Partition = "aws-eusc"
)

// Partitions lists the supported partitions.
func Partitions() []Partition {
	return []Partition{PartitionAWS, PartitionChina, PartitionGovCloud, PartitionEUSC}
}

// OrDefault returns p, or [PartitionAWS] when p is empty.
func (p Partition) OrDefault() Partition {
	if p == "" {
		return PartitionAWS
	}
	return p
}

// CheckPartition reports whether p is a supported partition. The empty
// string is not accepted: call [Partition.OrDefault] first where empty means
// the commercial partition.
func CheckPartition(field string, p Partition) error {
	switch p {
	case PartitionAWS, PartitionChina, PartitionGovCloud, PartitionEUSC:
		return nil
	}
	return fieldErr(ErrPartition, field, string(p), "is not a supported partition: use "+partitionList)
}

// partitionList names the supported partitions in error messages.
const partitionList = "aws, aws-cn, aws-us-gov or aws-eusc"

// isDigits reports whether s is made of ASCII digits only. Unicode digits
// such as '١' (Arabic-Indic one) are refused on purpose: AWS IDs are ASCII.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// CheckAccountID reports whether id is an AWS account ID: exactly 12 ASCII
// digits (leading zeros are significant, so IDs are strings, not numbers).
func CheckAccountID(field, id string) error {
	if id == "" {
		return fieldErr(ErrRequired, field, id, "is empty: an AWS account ID is 12 digits")
	}
	if len(id) != 12 || !isDigits(id) {
		return fieldErr(ErrAccountID, field, id, "is not a 12-digit AWS account ID")
	}
	return nil
}

var orgIDPattern = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)

// CheckOrgID reports whether id is an AWS Organizations ID: "o-" followed by
// 10 to 32 lower-case letters or digits.
// (AWS Organizations API Reference, Organization data type, Id pattern.)
func CheckOrgID(field, id string) error {
	if id == "" {
		return fieldErr(ErrRequired, field, id, "is empty: an organization ID is o- followed by 10 to 32 lower-case letters or digits")
	}
	if !orgIDPattern.MatchString(id) {
		return fieldErr(ErrOrgID, field, id, "is not an AWS Organizations ID: want o- followed by 10 to 32 lower-case letters or digits")
	}
	return nil
}

// regionPattern: two letters, an optional -gov or -iso[x], a direction and
// a number; or the European Sovereign Cloud's eusc-<country>- form
// (eusc-de-east-1; see [PartitionEUSC]).
var regionPattern = regexp.MustCompile(`^([a-z]{2}(-gov|-iso[a-z]?)?|eusc-[a-z]{2})-[a-z]+-[0-9]{1,2}$`)

// CheckRegion reports whether region has the shape of an AWS Region code,
// such as "us-east-1", "cn-north-1", "us-gov-west-1" or "eusc-de-east-1".
func CheckRegion(field, region string) error {
	if region == "" {
		return fieldErr(ErrRequired, field, region, "is empty: want a Region code such as us-east-1")
	}
	if !regionPattern.MatchString(region) {
		return fieldErr(ErrRegion, field, region, "is not an AWS Region code such as us-east-1")
	}
	return nil
}

// RegionPartition returns the partition a Region code belongs to. Regions
// of the isolated partitions (us-iso-east-1, us-isob-east-1, eu-isoe-west-1,
// us-isof-south-1) map to aws-iso, aws-iso-b, aws-iso-e and aws-iso-f, which
// the library does not support, so that [CheckRegionInPartition] refuses them
// instead of taking them for commercial Regions.
func RegionPartition(region string) Partition {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return PartitionChina
	case strings.HasPrefix(region, "us-gov-"):
		return PartitionGovCloud
	case strings.HasPrefix(region, "eusc-"):
		return PartitionEUSC
	}
	if parts := strings.Split(region, "-"); len(parts) > 2 {
		if suffix, ok := strings.CutPrefix(parts[1], "iso"); ok && len(suffix) <= 1 {
			if suffix == "" {
				return "aws-iso"
			}
			return Partition("aws-iso-" + suffix)
		}
	}
	return PartitionAWS
}

// CheckRegionInPartition checks region and that it belongs to partition p.
func CheckRegionInPartition(field, region string, p Partition) error {
	if err := CheckRegion(field, region); err != nil {
		return err
	}
	if got := RegionPartition(region); got != p {
		return fieldErr(ErrRegion, field, region, "is in partition %s, not %s", got, p)
	}
	return nil
}

// CheckBucketName applies the S3 general purpose bucket naming rules:
// 3 to 63 characters of lower-case letters, digits, dots and hyphens,
// starting and ending with a letter or digit, no two adjacent dots, not an
// IP address, and none of the prefixes and suffixes S3 reserves.
// (Amazon S3 User Guide, "General purpose bucket naming rules".)
func CheckBucketName(field, name string) error {
	if name == "" {
		return fieldErr(ErrRequired, field, name, "is empty: a bucket name is 3 to 63 lower-case letters, digits, dots or hyphens")
	}
	if n := utf8.RuneCountInString(name); n < 3 || n > 63 {
		return fieldErr(ErrBucketName, field, name, "has %d characters: a bucket name has 3 to 63", n)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return fieldErr(ErrBucketName, field, name, "contains %q: a bucket name holds only lower-case letters, digits, dots and hyphens", r)
		}
	}
	if !isAlnum(name[0]) || !isAlnum(name[len(name)-1]) {
		return fieldErr(ErrBucketName, field, name, "must begin and end with a letter or digit")
	}
	if strings.Contains(name, "..") {
		return fieldErr(ErrBucketName, field, name, "must not contain two adjacent dots")
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return fieldErr(ErrBucketName, field, name, "must not be formatted as an IP address")
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return fieldErr(ErrBucketName, field, name, "must not start with the reserved prefix %s", p)
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, s) {
			return fieldErr(ErrBucketName, field, name, "must not end with the reserved suffix %s", s)
		}
	}
	return nil
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

var externalIDPattern = regexp.MustCompile(`^[\w+=,.@:/-]+$`)

// CheckExternalID applies the sts:ExternalId rules: 2 to 1,224 characters of
// ASCII letters, digits and _+=,.@:/- with no white space.
// (IAM User Guide, "IAM and AWS STS quotas"; STS AssumeRole ExternalId pattern.)
func CheckExternalID(field, id string) error {
	if id == "" {
		return fieldErr(ErrRequired, field, id, "is empty: an external ID is 2 to 1,224 characters of letters, digits and _+=,.@:/-")
	}
	if len(id) < 2 || len(id) > 1224 || !externalIDPattern.MatchString(id) {
		return fieldErr(ErrExternalID, field, id, "is not a valid external ID: 2 to 1,224 characters of letters, digits and _+=,.@:/- without spaces")
	}
	return nil
}

var roleNamePattern = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)

// CheckRoleName applies IAM's role name rules: 1 to 64 characters of ASCII
// letters, digits and _+=,.@- (IAM API Reference, CreateRole, RoleName).
func CheckRoleName(field, name string) error {
	if name == "" {
		return fieldErr(ErrRequired, field, name, "is empty: a role name is 1 to 64 letters, digits or _+=,.@-")
	}
	if !roleNamePattern.MatchString(name) {
		return fieldErr(ErrRoleName, field, name, "is not an IAM role name: 1 to 64 letters, digits or _+=,.@-")
	}
	return nil
}
