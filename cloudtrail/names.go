package cloudtrail

import (
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/trailpolicy/trailpolicy/policy"
)

// Sentinels of the CloudTrail-specific values, wrapped by the
// *[policy.FieldError] that reports them.
var (
	ErrPrefix    = errors.New("invalid log file prefix")
	ErrTrailName = errors.New("invalid CloudTrail trail name")
)

// fieldErr builds a *policy.FieldError; the reason is a format string.
func fieldErr(sentinel error, field, value, reason string, args ...any) *policy.FieldError {
	return policy.NewFieldError(sentinel, field, value, fmt.Sprintf(reason, args...))
}

// ParseTrailARN parses a CloudTrail trail ARN,
// arn:partition:cloudtrail:region:account:trail/name. The Region is the
// trail's home Region, also for multi-Region trails.
func ParseTrailARN(field, s string) (policy.ARN, error) {
	a, err := policy.ParseARN(field, s)
	if err != nil {
		return policy.ARN{}, err
	}
	name, ok := strings.CutPrefix(a.Resource, "trail/")
	switch {
	case a.Service != "cloudtrail" || !ok:
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "is not a CloudTrail trail ARN (arn:partition:cloudtrail:region:account:trail/name)")
	case a.AccountID == "":
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "has no account: a trail ARN names the account that owns the trail")
	case CheckTrailName(field, name) != nil:
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "has trail name %q: 3 to 128 letters, digits, periods, underscores or dashes", name)
	case policy.CheckRegionInPartition(field, a.Region, a.Partition) != nil:
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "has Region %q, which is not a Region of partition %s (a trail ARN carries its home Region)", a.Region, a.Partition)
	}
	return a, nil
}

// LogPath returns the key prefix CloudTrail writes under: "AWSLogs", or
// "prefix/AWSLogs" when a log file prefix is set.
func LogPath(prefix string) string {
	if prefix == "" {
		return "AWSLogs"
	}
	return prefix + "/AWSLogs"
}

// TrailARN returns arn:partition:cloudtrail:region:account:trail/name.
func TrailARN(p policy.Partition, region, account, name string) string {
	return policy.ARN{Partition: p, Service: "cloudtrail", Region: region, AccountID: account, Resource: "trail/" + name}.String()
}

// maxPrefixLen is CloudTrail's S3KeyPrefix limit.
// (AWS CloudTrail API Reference, CreateTrail, S3KeyPrefix: "maximum of 200 characters".)
const maxPrefixLen = 200

// CheckPrefix checks a CloudTrail log file prefix. The empty prefix is valid
// (logs go straight under AWSLogs/). A prefix is written without leading or
// trailing slashes, because the library adds the separator itself; it must not
// hold "AWSLogs" (CloudTrail adds that), empty or relative path segments
// ("//", "." or ".."), or characters outside printable ASCII, and it is at
// most 200 characters long.
func CheckPrefix(field, prefix string) error {
	if prefix == "" {
		return nil
	}
	if n := utf8.RuneCountInString(prefix); n > maxPrefixLen {
		return fieldErr(ErrPrefix, field, prefix, "has %d characters: CloudTrail allows at most %d", n, maxPrefixLen)
	}
	for _, r := range prefix {
		if r < 0x21 || r > 0x7e || r == '*' || r == '?' || r == '$' {
			return fieldErr(ErrPrefix, field, prefix, "contains %q: use printable ASCII without spaces, wildcards (* ?) or $", r)
		}
	}
	if strings.HasPrefix(prefix, "/") || strings.HasSuffix(prefix, "/") {
		return fieldErr(ErrPrefix, field, prefix, "must not start or end with /: write it as CloudTrail's S3KeyPrefix, e.g. logs/org")
	}
	for _, seg := range strings.Split(prefix, "/") {
		switch {
		case seg == "":
			return fieldErr(ErrPrefix, field, prefix, "must not contain //")
		case seg == "." || seg == "..":
			return fieldErr(ErrPrefix, field, prefix, "must not contain . or .. path segments")
		case strings.EqualFold(seg, "AWSLogs"):
			return fieldErr(ErrPrefix, field, prefix, "must not contain AWSLogs: CloudTrail adds AWSLogs/ after the prefix itself")
		}
	}
	return nil
}

var trailNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$`)

// CheckTrailName applies the CloudTrail trail naming rules: 3 to 128 ASCII
// letters, digits, periods, underscores and dashes; starting and ending with a
// letter or digit; no adjacent periods, underscores or dashes; not an IP
// address. (AWS CloudTrail User Guide, "CloudTrail trail naming requirements".)
func CheckTrailName(field, name string) error {
	if name == "" {
		return fieldErr(policy.ErrRequired, field, name, "is empty: a trail name is 3 to 128 letters, digits, periods, underscores or dashes")
	}
	if !trailNamePattern.MatchString(name) {
		return fieldErr(ErrTrailName, field, name, "is not a trail name: 3 to 128 letters, digits, periods, underscores or dashes, starting and ending with a letter or digit")
	}
	for i := 1; i < len(name); i++ {
		if strings.ContainsRune("._-", rune(name[i])) && strings.ContainsRune("._-", rune(name[i-1])) {
			return fieldErr(ErrTrailName, field, name, "must not have adjacent periods, underscores or dashes")
		}
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return fieldErr(ErrTrailName, field, name, "must not be formatted as an IP address")
	}
	return nil
}

// ParseTrailARNPattern parses a trail ARN or, with a *, a pattern of trail
// ARNs for a policy's Resource element, where * matches any characters: the
// whole Region or account may be *, and the trail name may hold * anywhere,
// as AWS Control Tower's SCPs protect
// arn:aws:cloudtrail:*:*:trail/aws-controltower-*. "?" is refused, because
// no trail name holds one and it would be a wildcard too. A pattern's Region
// and account come back as written ("*" when wild).
func ParseTrailARNPattern(field, s string) (policy.ARN, error) {
	if !strings.Contains(s, "*") {
		return ParseTrailARN(field, s)
	}
	const want = "want arn:<partition>:cloudtrail:<Region or *>:<account or *>:trail/<name, * for any characters>"
	f := strings.SplitN(s, ":", 6)
	if len(f) != 6 || f[0] != "arn" || f[2] != "cloudtrail" || strings.Contains(s, "?") {
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "is not a CloudTrail trail ARN pattern: %s", want)
	}
	a := policy.ARN{Partition: policy.Partition(f[1]), Service: f[2], Region: f[3], AccountID: f[4], Resource: f[5]}
	name, ok := strings.CutPrefix(a.Resource, "trail/")
	switch {
	case policy.CheckPartition(field, a.Partition) != nil:
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "has partition %q: use aws, aws-cn, aws-us-gov or aws-eusc", f[1])
	case a.Region != "*" && policy.CheckRegionInPartition(field, a.Region, a.Partition) != nil:
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "has Region %q, which is neither * nor a Region of partition %s", a.Region, a.Partition)
	case a.AccountID != "*" && policy.CheckAccountID(field, a.AccountID) != nil:
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "has account %q: want * or a 12-digit account ID", a.AccountID)
	case !ok || name == "":
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "is not a CloudTrail trail ARN pattern: %s", want)
	case name != "*" && CheckTrailName(field, strings.ReplaceAll(name, "*", "x")) != nil && CheckTrailName(field, strings.ReplaceAll(name, "*", "xxx")) != nil:
		return policy.ARN{}, fieldErr(policy.ErrARN, field, s, "has trail name pattern %q: letters, digits, periods, underscores, dashes and *", name)
	}
	return a, nil
}
