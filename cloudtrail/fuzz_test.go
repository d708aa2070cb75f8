package cloudtrail_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// The fuzz targets feed the CloudTrail parsers and validators, moved here
// from package policy, and New with arbitrary strings. Plain `go test`
// replays the seeds below and the corpus in testdata/fuzz/;
// `go test -run='^$' -fuzz='^FuzzParseTrailARN$' ./cloudtrail` explores
// further. Invariants: no panic; an error is a *policy.FieldError naming the
// field and the value as given, wrapping a sentinel; a success re-serialises
// to the input and holds only what AWS allows.

const fuzzField = "Fuzz[0]"

// fuzzARNSeeds are good and bad ARNs of every shape the parsers know (the
// seeds of policy's FuzzParseARN).
var fuzzARNSeeds = []string{
	"arn:aws:s3:::my-bucket",
	"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	"arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
	"arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail",
	"arn:aws:cloudtrail:us-east-1:1111222233:trail/org-trail",
	"arn:aws:cloudtrail:us-iso-east-1:111122223333:trail/x..y",
	"arn:aws-cn:cloudtrail:cn-north-1:111122223333:trail/t-1",
	"arn:aws-us-gov:cloudtrail:us-gov-east-1:111122223333:trail/gov",
	"arn:aws:cloudtrail:*:111122223333:trail/*",
	"arn:aws:cloudtrail:us-east-1:111122223333:trail/192.168.5.4",
	"arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/x",
	"arn:aws:cloudtrail:us-east-1::trail/t12",
	"arn:aws:cloudtrail:us-east-1:111122223333:trail/",
	"arn:aws:iam::111122223333:role/path/to/Reader",
	"arn:aws:iam::１１１１２２２２３３３３:root",
	"arn:aws:iam::111122223333:role/a\x00b",
	" arn:aws:s3:::bucket",
	"arn:aws:s3:::bucket\n",
	"arn::::::",
	"arn",
	"",
}

// FuzzParseTrailARN runs ParseTrailARN and checks it against
// policy.ParseARN (it was part of policy's FuzzParseARN).
func FuzzParseTrailARN(f *testing.F) {
	for _, s := range fuzzARNSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		const name = "ParseTrailARN"
		_, baseErr := policy.ParseARN(fuzzField, s)
		a, err := cloudtrail.ParseTrailARN(fuzzField, s)
		if err != nil {
			if a != (policy.ARN{}) {
				t.Errorf("%s(%q) returned %+v with an error", name, s, a)
			}
			checkFuzzFieldError(t, name, err, s, policy.ErrARN, policy.ErrRequired)
			return
		}
		if baseErr != nil {
			t.Errorf("%s(%q) accepted what ParseARN refuses: %v", name, s, baseErr)
		}
		if got := a.String(); got != s {
			t.Errorf("%s(%q).String() = %q, want the input back", name, s, got)
		}
		if policy.CheckPartition("", a.Partition) != nil {
			t.Errorf("%s(%q) accepted partition %q", name, s, a.Partition)
		}
		if policy.CheckAccountID("", a.AccountID) != nil {
			t.Errorf("%s(%q) accepted account %q", name, s, a.AccountID)
		}
		if policy.CheckRegionInPartition("", a.Region, a.Partition) != nil {
			t.Errorf("%s(%q) accepted Region %q in partition %s", name, s, a.Region, a.Partition)
		}
		trailName, ok := strings.CutPrefix(a.Resource, "trail/")
		if a.Service != "cloudtrail" || !ok || cloudtrail.CheckTrailName("", trailName) != nil {
			t.Errorf("%s(%q) accepted a resource that is not a trail: %q", name, s, a.Resource)
		}
		// A trail ARN goes into a policy verbatim: it must hold only
		// printable ASCII, never control characters or look-alikes.
		if r, bad := firstNonPrintableASCII(s); bad {
			t.Errorf("%s(%q) accepted %U", name, s, r)
		}
	})
}

// fuzzNameSeeds are the seeds of policy's FuzzCheckIDs, with the prefixes
// and trail names among them.
var fuzzNameSeeds = []string{
	"111122223333", "o-exampleorg1", "my-log-bucket", "192.168.1.1", "::1", "a..b", "ab", "abc",
	"logs/org", "/logs", "logs/", "a//b", "a/../b", "./a", "AWSLogs", "logs/awslogs", "AWSLogsArchive", "logs\x00", "log s",
	"logs*", "logs?", "logs${aws:username}", "lögs", strings.Repeat("p", 200), strings.Repeat("p", 201), strings.Repeat("ö", 150),
	"org-trail", "My_Trail.1-a", "-trail", "trail_", "my--trail", "my._trail", strings.Repeat("t", 128), strings.Repeat("t", 129),
	"arn:aws:cloudtrail:us-east-1:111122223333:trail/t", "", "\x00",
}

// FuzzCheckPrefix runs CheckPrefix (it was part of policy's FuzzCheckIDs).
func FuzzCheckPrefix(f *testing.F) {
	for _, s := range fuzzNameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := cloudtrail.CheckPrefix(fuzzField, s)
		if err != nil {
			checkFuzzFieldError(t, "CheckPrefix", err, s, cloudtrail.ErrPrefix)
			return
		}
		if s == "" {
			return // the empty prefix means "no prefix"
		}
		if strings.Contains(s, "//") || strings.HasPrefix(s, "/") || strings.HasSuffix(s, "/") ||
			strings.Contains("/"+s+"/", "/../") || strings.Contains("/"+s+"/", "/./") || len(s) > 200 ||
			strings.ContainsAny(s, "*?$") || strings.Contains("/"+strings.ToLower(s)+"/", "/awslogs/") {
			t.Errorf("CheckPrefix accepted %q, which breaks its rule", s)
		}
		checkPrintable(t, "CheckPrefix", s)
		// The log path built from an accepted prefix is a valid key prefix
		// with one AWSLogs segment, at the end.
		lp := cloudtrail.LogPath(s)
		segs := strings.Split(lp, "/")
		n := 0
		for _, seg := range segs {
			if strings.EqualFold(seg, "AWSLogs") {
				n++
			}
		}
		if n != 1 || segs[len(segs)-1] != "AWSLogs" {
			t.Errorf("LogPath(%q) = %q, want one AWSLogs segment, at the end", s, lp)
		}
	})
}

// FuzzCheckTrailName runs CheckTrailName (it was part of policy's
// FuzzCheckIDs).
func FuzzCheckTrailName(f *testing.F) {
	for _, s := range fuzzNameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := cloudtrail.CheckTrailName(fuzzField, s)
		if err != nil {
			checkFuzzFieldError(t, "CheckTrailName", err, s, cloudtrail.ErrTrailName, policy.ErrRequired)
			return
		}
		if len(s) < 3 || len(s) > 128 {
			t.Errorf("CheckTrailName accepted %q, which breaks its rule", s)
		}
		checkPrintable(t, "CheckTrailName", s)
		// Every accepted name makes a trail ARN that parses.
		arn := cloudtrail.TrailARN(policy.PartitionAWS, "us-east-1", "111122223333", s)
		if _, err := cloudtrail.ParseTrailARN("", arn); err != nil {
			t.Errorf("CheckTrailName accepted %q, but ParseTrailARN refuses its ARN: %v", s, err)
		}
	})
}

// setupField matches the field paths New may name: the setup file's names.
var setupField = regexp.MustCompile(`^(partition|bucket|bucketRegion|prefix|logArchiveAccount|accounts(\[\d+\])?|organization\.(id|managementAccount)|trails\[\d+\]|kmsKeyArn|readers\[\d+\]|breakGlassRoles\[\d+\])$`)

// FuzzNew builds a site from arbitrary values. Invariants: New always
// returns a Site; without an error its Check passes; with one, every
// problem is a *policy.FieldError on a setup field path, Check wraps
// ErrIncompleteSite and the Site holds only valid account IDs.
func FuzzNew(f *testing.F) {
	f.Add("aws", "trail-logs", "us-east-1", "logs", "999988887777", "111122223333", "o-a1b2c3d4e5",
		"arn:aws:cloudtrail:us-east-1:111122223333:trail/main", "arn:aws:kms:us-east-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws:iam::999988887777:role/Security", "arn:aws:iam::999988887777:role/BreakGlass*")
	f.Add("", "YOUR-BUCKET", "eu-west-1", "/logs", "1", "aws-account-id-A", "x",
		"main", "arn:aws:kms:us-east-1:111122223333:alias/x", "arn:aws:iam::444455556666:role/R", "arn:aws:iam::*:role/*")
	f.Add("aws-iso", "", "cn-north-1", "AWSLogs", "", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, part, bucket, region, prefix, logArchive, account, orgID, trail, key, reader, breakGlass string) {
		c := cloudtrail.SiteConfig{
			Partition: policy.Partition(part), Bucket: bucket, BucketRegion: region, Prefix: prefix, LogArchiveAccount: logArchive,
			KMSKeyARN: key,
		}
		if account != "" {
			c.Accounts = []string{account, account}
		}
		if orgID != "" {
			c.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: logArchive}
		}
		if trail != "" {
			c.Trails = []string{trail}
		}
		if reader != "" {
			c.Readers = []string{reader}
		}
		if breakGlass != "" {
			c.BreakGlassRoles = []string{breakGlass}
		}
		s, err := cloudtrail.New(c)
		if s == nil {
			t.Fatalf("New returned no Site (error %v)", err)
		}
		if err == nil {
			if cerr := s.Check(); cerr != nil {
				t.Fatalf("New succeeded, but Check fails: %v", cerr)
			}
			for _, a := range s.TrailARNs() {
				if _, perr := policy.ParseARN("", a); perr != nil {
					t.Errorf("TrailARNs holds %q: %v", a, perr)
				}
			}
			return
		}
		for _, e := range policy.Unjoin(err) {
			var fe *policy.FieldError
			if !errors.As(e, &fe) {
				t.Errorf("problem %T %v is not a *policy.FieldError", e, e)
				continue
			}
			if !setupField.MatchString(fe.Field) {
				t.Errorf("problem %q names %q, not a setup field path", e, fe.Field)
			}
			if strings.Contains(e.Error(), "\n") {
				t.Errorf("problem %q spans more than one line", e)
			}
		}
		if !errors.Is(s.Check(), cloudtrail.ErrIncompleteSite) {
			t.Errorf("incomplete Site's Check() = %v, want ErrIncompleteSite", s.Check())
		}
		for _, a := range append(s.OwnerAccounts(), s.LogArchiveAccount()) {
			if a != "" && policy.CheckAccountID("", a) != nil {
				t.Errorf("incomplete Site holds the invalid account %q", a)
			}
		}
		if policy.CheckPartition("", s.Partition()) != nil {
			t.Errorf("incomplete Site holds the invalid partition %q", s.Partition())
		}
	})
}

// checkPrintable fails t when an accepted value holds anything but
// printable ASCII without spaces: it goes into ARNs and condition values
// verbatim.
func checkPrintable(t *testing.T, fn, s string) {
	t.Helper()
	if r, bad := firstNonPrintableASCII(s); bad || strings.ContainsRune(s, ' ') {
		t.Errorf("%s accepted %q, which holds %U", fn, s, r)
	}
}

// checkFuzzFieldError asserts that err is made of *policy.FieldError values
// that name field and value and wrap one of the sentinels.
func checkFuzzFieldError(t *testing.T, fn string, err error, value string, sentinels ...error) {
	t.Helper()
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if !errors.As(e, &fe) {
			t.Errorf("%s(%q): error %T %v is not a *policy.FieldError", fn, value, e, e)
			continue
		}
		if fe.Field != fuzzField || fe.Value != value {
			t.Errorf("%s(%q): error names %s=%q, want %s=%q", fn, value, fe.Field, fe.Value, fuzzField, value)
		}
		ok := false
		for _, s := range sentinels {
			ok = ok || errors.Is(e, s)
		}
		if !ok {
			t.Errorf("%s(%q): error %v wraps none of %v", fn, value, e, sentinels)
		}
		if !utf8.ValidString(fe.Reason) {
			t.Errorf("%s(%q): reason is not valid UTF-8: %q", fn, value, fe.Reason)
		}
	}
}

// firstNonPrintableASCII returns the first rune of s outside U+0020..U+007E
// and whether there is one. Spaces are reported by the caller where they
// matter.
func firstNonPrintableASCII(s string) (rune, bool) {
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			return r, true
		}
	}
	return 0, false
}
