package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// setupFlags are the -config and -errors flags and the flags that override
// the setup's common fields. Only flags given on the command line override:
// an unset flag leaves the file's value alone, and -prefix "" clears the
// file's.
type setupFlags struct {
	fs     *flag.FlagSet
	config string
	errors string             // how problems print: text or json
	str    map[string]*string // flag name -> value
	lists  map[string]*string
	// fileKMSKeyARN is the kmsKeyArn of -config, before -kms-key-arn
	// overrides it (see deployedSetup).
	fileKMSKeyARN string
}

// stringFlags maps each string flag to the setup field it sets.
var stringFlags = []struct {
	name, usage string
	set         func(s *trailpolicy.Setup, v string)
}{
	{"partition", "`partition`: aws, aws-cn, aws-us-gov or aws-eusc (partition)", func(s *trailpolicy.Setup, v string) { s.Partition = policy.Partition(v) }},
	{"bucket", "log bucket `name` (bucket)", func(s *trailpolicy.Setup, v string) { s.Bucket = v }},
	{"bucket-region", "the bucket's `region` (bucketRegion)", func(s *trailpolicy.Setup, v string) { s.BucketRegion = v }},
	{"prefix", "trails' S3 key `prefix` (prefix)", func(s *trailpolicy.Setup, v string) { s.Prefix = v }},
	{"log-archive-account", "`ID` of the account that owns the bucket (logArchiveAccount)", func(s *trailpolicy.Setup, v string) { s.LogArchiveAccount = v }},
	{"org-id", "organization `ID`, o-... (organization.id)", func(s *trailpolicy.Setup, v string) { org(s).ID = v }},
	{"management-account", "organization's management account `ID` (organization.managementAccount)", func(s *trailpolicy.Setup, v string) { org(s).ManagementAccount = v }},
	{"kms-key-arn", "`ARN` of the KMS key for the logs (kmsKeyArn)", func(s *trailpolicy.Setup, v string) { s.KMSKeyARN = v }},
	{"vendor-account", "vendor's account `ID` (vendor.account)", func(s *trailpolicy.Setup, v string) { vendor(s).Account = v }},
	{"external-id", "`value` the vendor assigned to you (vendor.externalId)", func(s *trailpolicy.Setup, v string) { vendor(s).ExternalID = v }},
	{"vendor-role-name", "`name` of the vendor's role (vendor.roleName)", func(s *trailpolicy.Setup, v string) { vendor(s).RoleName = v }},
	{"sns-topic-arn", "`ARN` of the SNS topic the trails notify (snsTopicArn)", func(s *trailpolicy.Setup, v string) { s.SNSTopicARN = v }},
	{"cloudwatch-logs-group-arn", "`ARN` of the log group the trails send events to (cloudWatchLogsGroupArn)", func(s *trailpolicy.Setup, v string) { s.CloudWatchLogsGroupARN = v }},
}

// listFlags are the comma-separated list flags.
var listFlags = []struct {
	name, usage string
	set         func(s *trailpolicy.Setup, v []string)
}{
	{"accounts", "comma-separated delivering account `IDs` (accounts)", func(s *trailpolicy.Setup, v []string) { s.Accounts = v }},
	{"trails", "comma-separated trail `ARNs` (trails)", func(s *trailpolicy.Setup, v []string) { s.Trails = v }},
	{"key-administrators", "comma-separated `ARNs` (keyAdministrators)", func(s *trailpolicy.Setup, v []string) { s.KeyAdministrators = v }},
	{"readers", "comma-separated role, user or account-root `ARNs` that may read and decrypt (readers)", func(s *trailpolicy.Setup, v []string) { s.Readers = v }},
	{"break-glass-roles", "comma-separated role `ARNs` the SCP exempts (breakGlassRoles)", func(s *trailpolicy.Setup, v []string) { s.BreakGlassRoles = v }},
}

func org(s *trailpolicy.Setup) *cloudtrail.Organization {
	if s.Organization == nil {
		s.Organization = &cloudtrail.Organization{}
	}
	return s.Organization
}

func vendor(s *trailpolicy.Setup) *trust.Vendor {
	if s.Vendor == nil {
		s.Vendor = &trust.Vendor{}
	}
	return s.Vendor
}

// errorFormats are the values of -errors.
var errorFormats = []string{"text", "json"}

// defineSetupFlags registers the setup flags on fs.
func defineSetupFlags(fs *flag.FlagSet) *setupFlags {
	sf := &setupFlags{fs: fs, str: map[string]*string{}, lists: map[string]*string{}}
	fs.StringVar(&sf.config, "config", "", "setup `FILE`, JSON or YAML (.json, .yaml, .yml; else by content); - reads standard input")
	fs.StringVar(&sf.errors, "errors", "text", "how the problems of an invalid setup print on stderr, in `format` text (one per line) or json")
	for _, f := range stringFlags {
		sf.str[f.name] = fs.String(f.name, "", f.usage)
	}
	for _, f := range listFlags {
		sf.lists[f.name] = fs.String(f.name, "", f.usage)
	}
	return sf
}

// setupFlagNames are the names of the setup flags, in the order -h lists
// them: the file, the error format, then the setup's fields in the order of
// a setup file.
func setupFlagNames() []string {
	names := []string{"config", "errors"}
	for _, f := range stringFlags {
		names = append(names, f.name)
	}
	for _, f := range listFlags {
		names = append(names, f.name)
	}
	return names
}

// check reports a usage error in the setup flags themselves (an unknown
// -errors), before anything is read.
func (sf *setupFlags) check(e *env) (int, bool) {
	if !slices.Contains(errorFormats, sf.errors) {
		return e.usageError("%s", unknown("-errors", sf.errors, errorFormats, "text or json")), false
	}
	return 0, true
}

// setup reads -config (when given) and applies the flags set on the command
// line. A file that cannot be read is a usage error (exit 2); a file that
// does not parse is an invalid setup (exit 1).
func (sf *setupFlags) setup(e *env) (trailpolicy.Setup, int, bool) {
	var s trailpolicy.Setup
	if sf.config != "" {
		data, err := e.in.read(sf.config, "-config")
		if err != nil {
			fmt.Fprintln(e.stderr, "trailpolicy:", err)
			return s, exitUsage, false
		}
		s, err = trailpolicy.LoadSetup(data, displayName(sf.config))
		if err != nil {
			return s, sf.problems(e, err), false
		}
		sf.fileKMSKeyARN = s.KMSKeyARN
	}
	set := map[string]bool{}
	sf.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, f := range stringFlags {
		if set[f.name] {
			f.set(&s, *sf.str[f.name])
		}
	}
	for _, f := range listFlags {
		if set[f.name] {
			var vs []string
			for _, v := range strings.Split(*sf.lists[f.name], ",") {
				if v = strings.TrimSpace(v); v != "" {
					vs = append(vs, v)
				}
			}
			f.set(&s, vs)
		}
	}
	return s, 0, true
}

// bundle builds the setup; on failure it prints every problem and returns
// the exit status.
func (sf *setupFlags) bundle(e *env) (*trailpolicy.Bundle, int, bool) {
	s, status, ok := sf.setup(e)
	if !ok {
		return nil, status, false
	}
	b, err := s.Build()
	if err != nil {
		return nil, sf.problems(e, err), false
	}
	return b, 0, true
}

// problems prints every problem in err in the -errors format and returns
// exitInvalid.
func (sf *setupFlags) problems(e *env, err error) int {
	if sf != nil && sf.errors == "json" {
		return problemsJSON(e.stderr, "", err)
	}
	return problemsText(e.stderr, "", err)
}
