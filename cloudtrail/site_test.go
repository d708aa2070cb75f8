package cloudtrail_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

const (
	acctA   = "111122223333"
	acctB   = "444455556666"
	acctC   = "777788889999"
	mgmt    = "999988887777"
	logAcct = "555566667777"
	foreign = "123412341234"
	orgID   = "o-a1b2c3d4e5"
	bucket  = "trail-logs"
	keyID   = "1234abcd-12ab-34cd-56ef-1234567890ab"
	keyARN  = "arn:aws:kms:us-east-1:" + logAcct + ":key/" + keyID
)

func trailOf(account, name string) string {
	return "arn:aws:cloudtrail:us-east-1:" + account + ":trail/" + name
}

func roleOf(account, name string) string { return "arn:aws:iam::" + account + ":role/" + name }

// mustNew returns the Site of c and fails t when New reports a problem.
func mustNew(t *testing.T, c cloudtrail.SiteConfig) *cloudtrail.Site {
	t.Helper()
	s, err := cloudtrail.New(c)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// TestNewSources holds the cases of policy's old TestCheckSources, ported
// to New with the setup file's field paths. Each case's site has the bucket
// set, so that only the sources are at stake.
func TestNewSources(t *testing.T) {
	trailA := trailOf(acctA, "main")
	tests := []struct {
		name      string
		in        cloudtrail.SiteConfig
		want      []string // problems(err), sorted
		reasonHas string   // part of the first error's message
		reason    string
	}{
		{name: "one account", in: cloudtrail.SiteConfig{Accounts: []string{acctA}}, reason: "the smallest setup"},
		{name: "organization only", in: cloudtrail.SiteConfig{Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt}}, reason: "an organization trail"},
		{name: "exact trail of a delivering account", in: cloudtrail.SiteConfig{Accounts: []string{acctA}, Trails: []string{trailA}}, reason: "the trail's owner delivers"},
		{name: "organization trail", in: cloudtrail.SiteConfig{Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{"arn:aws:cloudtrail:eu-west-1:" + mgmt + ":trail/org"}}, reason: "the management account owns the organization trail"},
		{name: "China", in: cloudtrail.SiteConfig{Partition: policy.PartitionChina, Accounts: []string{acctA},
			Trails: []string{"arn:aws-cn:cloudtrail:cn-north-1:" + acctA + ":trail/t12"}}, reason: "partitions agree"},
		{name: "nothing delivers", in: cloudtrail.SiteConfig{},
			want: []string{p("accounts", policy.ErrRequired)}, reasonHas: "name at least one delivering account", reason: "a policy for no one"},
		{name: "bad accounts", in: cloudtrail.SiteConfig{Accounts: []string{acctA, "1111", "aws-account-id-A"}},
			want: []string{p("accounts[1]", policy.ErrAccountID), p("accounts[2]", policy.ErrAccountID)}, reasonHas: `accounts[1]: "1111"`, reason: "each bad account by index"},
		{name: "organization without management account", in: cloudtrail.SiteConfig{Organization: &cloudtrail.Organization{ID: orgID}},
			want: []string{p("organization.managementAccount", policy.ErrRequired)}, reasonHas: "owned by the management account", reason: "the trail owner is needed for the ARN"},
		{name: "bad organization", in: cloudtrail.SiteConfig{Organization: &cloudtrail.Organization{ID: "o-ABC", ManagementAccount: "12"}},
			want: []string{p("organization.id", policy.ErrOrgID), p("organization.managementAccount", policy.ErrAccountID)}, reasonHas: "organization.id", reason: "both fields checked"},
		{name: "trail of a non-delivering account", in: cloudtrail.SiteConfig{Accounts: []string{acctA}, Trails: []string{trailOf(acctB, "main")}},
			want: []string{p("accounts[0]", policy.ErrConflict), p("trails[0]", policy.ErrConflict)}, reasonHas: "belongs to account " + acctB,
			reason: "the trail could never deliver, and the delivering account's trail is not named"},
		{name: "trail of a member account of an organization", in: cloudtrail.SiteConfig{Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{trailA}}, want: []string{p("organization.managementAccount", policy.ErrConflict), p("trails[0]", policy.ErrConflict)},
			reasonHas: "management account owns the trail", reason: "member accounts do not own the organization trail, which is then not named"},
		{name: "trail in another partition", in: cloudtrail.SiteConfig{Partition: policy.PartitionGovCloud, Accounts: []string{acctA},
			Trails: []string{trailA}}, want: []string{p("trails[0]", policy.ErrARN)}, reasonHas: "is in partition aws, but the setup's partition is aws-us-gov", reason: "partitions do not mix"},
		{name: "trail ARN with a Region of another partition", in: cloudtrail.SiteConfig{Partition: policy.PartitionChina, Accounts: []string{acctA},
			Trails: []string{"arn:aws-cn:cloudtrail:us-east-1:" + acctA + ":trail/main"}}, want: []string{p("trails[0]", policy.ErrARN)}, reasonHas: "not a Region of partition aws-cn", reason: "the ARN's own Region is checked"},
		{name: "not a trail ARN", in: cloudtrail.SiteConfig{Accounts: []string{acctA}, Trails: []string{"main"}},
			want: []string{p("trails[0]", policy.ErrARN)}, reasonHas: `trails[0]: "main"`, reason: "a name is not an ARN"},
		{name: "unsupported partition", in: cloudtrail.SiteConfig{Partition: "aws-iso", Accounts: []string{acctA}},
			want: []string{p("partition", policy.ErrPartition)}, reasonHas: "aws-iso", reason: "only three partitions"},
		{name: "every owner names a trail", in: cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{trailA, trailOf(acctB, "second"), "arn:aws:cloudtrail:eu-west-1:" + mgmt + ":trail/org"}}, reason: "each account and the management account own one"},
		{name: "account without a trail", in: cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, Trails: []string{trailA}},
			want: []string{p("accounts[1]", policy.ErrConflict)}, reasonHas: `accounts[1]: "` + acctB + `" owns none of the trails`,
			reason: "aws:SourceArn admits only the named trails, so the account's trails could not deliver"},
		{name: "management account without a trail", in: cloudtrail.SiteConfig{Accounts: []string{acctA}, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{trailA}}, want: []string{p("organization.managementAccount", policy.ErrConflict)}, reasonHas: "name it in trails",
			reason: "the organization trail belongs to the management account and is not named"},
		{name: "management account in accounts without a trail", in: cloudtrail.SiteConfig{Accounts: []string{mgmt, acctA}, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails: []string{trailA}}, want: []string{p("accounts[0]", policy.ErrConflict)}, reasonHas: "leave trails empty",
			reason: "one account, one problem: reported where it is listed in accounts"},
		{name: "unparsable trail hides coverage", in: cloudtrail.SiteConfig{Accounts: []string{acctA, acctB}, Trails: []string{trailA, "b"}},
			want: []string{p("trails[1]", policy.ErrARN)}, reasonHas: `trails[1]: "b"`,
			reason: "the trail that does not parse may be the one of acctB: no guess"},
		{name: "invalid account without a trail", in: cloudtrail.SiteConfig{Accounts: []string{"1", acctA}, Trails: []string{trailA}},
			want: []string{p("accounts[0]", policy.ErrAccountID)}, reasonHas: "12-digit",
			reason: "an invalid account ID is one problem, not also a missing trail"},
		{name: "everything wrong", in: cloudtrail.SiteConfig{Accounts: []string{"1"}, Organization: &cloudtrail.Organization{ID: "x"}, Trails: []string{"", trailA}},
			want: []string{p("accounts[0]", policy.ErrAccountID), p("organization.id", policy.ErrOrgID), p("organization.managementAccount", policy.ErrRequired),
				p("trails[0]", policy.ErrRequired), p("trails[1]", policy.ErrConflict)}, reasonHas: "accounts[0]", reason: "all problems at once"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Bucket = bucket
			s, err := cloudtrail.New(tc.in)
			if s == nil {
				t.Fatalf("New returned no Site")
			}
			if diff := cmp.Diff(tc.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s\nerror: %v\n(%s)", diff, err, tc.reason)
			}
			if err != nil && !strings.Contains(policy.Unjoin(err)[0].Error(), tc.reasonHas) {
				t.Errorf("first error %q does not say %q", policy.Unjoin(err)[0], tc.reasonHas)
			}
		})
	}
}

// TestSiteOutputs holds the cases of policy's old TestSourcesOutputs,
// ported to the Site accessors (LogIDs is gone).
func TestSiteOutputs(t *testing.T) {
	type outputs struct {
		Accounts, Owners, Trails, TrailARNs []string
		Exact                               bool
	}
	tests := []struct {
		name   string
		in     cloudtrail.SiteConfig
		want   outputs
		reason string
	}{
		{name: "accounts", in: cloudtrail.SiteConfig{Accounts: []string{acctB, acctA, acctB}},
			want: outputs{
				Accounts: []string{acctA, acctB}, Owners: []string{acctA, acctB},
				TrailARNs: []string{"arn:aws:cloudtrail:*:" + acctA + ":trail/*", "arn:aws:cloudtrail:*:" + acctB + ":trail/*"},
			}, reason: "sorted, duplicates dropped, one pattern per account"},
		{name: "organization", in: cloudtrail.SiteConfig{Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt}},
			want: outputs{
				Owners:    []string{mgmt},
				TrailARNs: []string{"arn:aws:cloudtrail:*:" + mgmt + ":trail/*"},
			}, reason: "the management account owns the organization trail"},
		{name: "organization and accounts", in: cloudtrail.SiteConfig{Partition: policy.PartitionGovCloud, Accounts: []string{mgmt, acctA},
			Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt}},
			want: outputs{
				Accounts: []string{acctA, mgmt}, Owners: []string{acctA, mgmt},
				TrailARNs: []string{"arn:aws-us-gov:cloudtrail:*:" + acctA + ":trail/*", "arn:aws-us-gov:cloudtrail:*:" + mgmt + ":trail/*"},
			}, reason: "the management account counted once; the partition used"},
		{name: "exact trails", in: cloudtrail.SiteConfig{Accounts: []string{acctA}, Trails: []string{trailOf(acctA, "t-b"), trailOf(acctA, "t-a"), trailOf(acctA, "t-b")}},
			want: outputs{
				Accounts: []string{acctA}, Owners: []string{acctA},
				Trails:    []string{trailOf(acctA, "t-a"), trailOf(acctA, "t-b")},
				TrailARNs: []string{trailOf(acctA, "t-a"), trailOf(acctA, "t-b")},
				Exact:     true,
			}, reason: "exact ARNs replace the patterns, sorted and unique"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.Bucket = bucket
			before := slices.Clone(tc.in.Accounts)
			beforeTrails := slices.Clone(tc.in.Trails)
			s := mustNew(t, tc.in)
			got := outputs{Accounts: s.Accounts(), Owners: s.OwnerAccounts(), Trails: s.Trails(), TrailARNs: s.TrailARNs(), Exact: s.ExactTrails()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n(%s)", diff, tc.reason)
			}
			if !cmp.Equal(before, tc.in.Accounts) || !cmp.Equal(beforeTrails, tc.in.Trails) {
				t.Errorf("New or the outputs reordered the caller's slices")
			}
		})
	}
}

// minimal returns the smallest valid setup, changed by each edit.
func minimal(edits ...func(c *cloudtrail.SiteConfig)) cloudtrail.SiteConfig {
	c := cloudtrail.SiteConfig{Bucket: bucket, Accounts: []string{acctA}}
	for _, e := range edits {
		e(&c)
	}
	return c
}

func withKey(arn string) func(c *cloudtrail.SiteConfig) {
	return func(c *cloudtrail.SiteConfig) { c.KMSKeyARN = arn }
}

func withRegion(r string) func(c *cloudtrail.SiteConfig) {
	return func(c *cloudtrail.SiteConfig) { c.BucketRegion = r }
}

func withPartition(p policy.Partition) func(c *cloudtrail.SiteConfig) {
	return func(c *cloudtrail.SiteConfig) { c.Partition = p }
}

func withReaders(rs ...string) func(c *cloudtrail.SiteConfig) {
	return func(c *cloudtrail.SiteConfig) { c.Readers = rs }
}

func withBreakGlass(rs ...string) func(c *cloudtrail.SiteConfig) {
	return func(c *cloudtrail.SiteConfig) { c.BreakGlassRoles = rs }
}

func withLogArchive(a string) func(c *cloudtrail.SiteConfig) {
	return func(c *cloudtrail.SiteConfig) { c.LogArchiveAccount = a }
}

// TestNewRules checks that every rule of New yields exactly one problem,
// one line long, on the setup field that breaks it, with the value as
// given; and that what each rule allows passes.
func TestNewRules(t *testing.T) {
	const breakGlass = "arn:aws:iam::" + logAcct + ":role/BreakGlass"
	type problem = golden.Problem
	tests := []struct {
		name   string
		reason string
		in     cloudtrail.SiteConfig
		want   []problem // nil: the site is valid
	}{
		// The whole setup.
		{name: "minimal site", reason: "a bucket and one delivering account", in: minimal()},
		{name: "every field", reason: "a full setup whose values agree", in: cloudtrail.SiteConfig{
			Partition: policy.PartitionAWS, Bucket: bucket, BucketRegion: "us-east-1", Prefix: "org/logs", LogArchiveAccount: logAcct,
			Accounts: []string{acctB, acctA}, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
			Trails:    []string{trailOf(acctA, "main"), trailOf(acctB, "main"), trailOf(mgmt, "org")},
			KMSKeyARN: keyARN, Readers: []string{roleOf(logAcct, "Security"), roleOf(acctA, "Audit")},
			BreakGlassRoles: []string{breakGlass, "arn:aws:iam::" + logAcct + ":role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_BreakGlass_*"},
		}},

		// bucket, prefix, bucketRegion, logArchiveAccount.
		{name: "no bucket", reason: "the bucket is required", in: minimal(func(c *cloudtrail.SiteConfig) { c.Bucket = "" }),
			want: []problem{{Field: "bucket", Value: "", Err: policy.ErrRequired}}},
		{name: "invalid bucket name", reason: "the published placeholder is upper case, which bucket names never are",
			in:   minimal(func(c *cloudtrail.SiteConfig) { c.Bucket = "YOUR-BUCKET" }),
			want: []problem{{Field: "bucket", Value: "YOUR-BUCKET", Err: policy.ErrBucketName}}},
		{name: "bucket ARN instead of name", reason: "bucket takes the name; the builders write the ARN",
			in:   minimal(func(c *cloudtrail.SiteConfig) { c.Bucket = "arn:aws:s3:::" + bucket }),
			want: []problem{{Field: "bucket", Value: "arn:aws:s3:::" + bucket, Err: policy.ErrBucketName}}},
		{name: "invalid prefix", reason: "the builders add the separators",
			in:   minimal(func(c *cloudtrail.SiteConfig) { c.Prefix = "/logs" }),
			want: []problem{{Field: "prefix", Value: "/logs", Err: cloudtrail.ErrPrefix}}},
		{name: "bucketRegion not a Region", reason: "a Region code has a number", in: minimal(withRegion("us-east")),
			want: []problem{{Field: "bucketRegion", Value: "us-east", Err: policy.ErrRegion}}},
		{name: "bucketRegion of another partition", reason: "a China bucket in a commercial setup", in: minimal(withRegion("cn-north-1")),
			want: []problem{{Field: "bucketRegion", Value: "cn-north-1", Err: policy.ErrRegion}}},
		{name: "bucketRegion with an unsupported partition", reason: "the partition is the one problem: the Region is not judged against it",
			in:   minimal(withPartition("aws-iso"), withRegion("us-east-1")),
			want: []problem{{Field: "partition", Value: "aws-iso", Err: policy.ErrPartition}}},
		{name: "bad bucketRegion with an unsupported partition", reason: "two values, each wrong on its own",
			in: minimal(withPartition("aws-iso"), withRegion("us-east")),
			want: []problem{{Field: "partition", Value: "aws-iso", Err: policy.ErrPartition},
				{Field: "bucketRegion", Value: "us-east", Err: policy.ErrRegion}}},
		{name: "invalid logArchiveAccount", reason: "the console's display form is not the ID", in: minimal(withLogArchive("5555-6666-7777")),
			want: []problem{{Field: "logArchiveAccount", Value: "5555-6666-7777", Err: policy.ErrAccountID}}},

		// kmsKeyArn.
		{name: "key without bucketRegion", reason: "without bucketRegion the key's Region is not judged", in: minimal(withKey("arn:aws:kms:ap-southeast-2:" + logAcct + ":key/" + keyID))},
		{name: "key in the bucket's Region", reason: "SSE-KMS uses a key of the bucket's Region", in: minimal(withRegion("us-east-1"), withKey(keyARN))},
		{name: "key in another Region than the bucket", reason: "SSE-KMS needs a key in the bucket's Region: one problem, on the key",
			in:   minimal(withRegion("eu-west-1"), withKey(keyARN)),
			want: []problem{{Field: "kmsKeyArn", Value: keyARN, Err: policy.ErrConflict}}},
		{name: "key in another Region and a bad bucketRegion", reason: "the key is not judged against a Region that is not one",
			in:   minimal(withRegion("eu-west"), withKey(keyARN)),
			want: []problem{{Field: "bucketRegion", Value: "eu-west", Err: policy.ErrRegion}}},
		{name: "key alias", reason: "an alias resolves in the caller's account",
			in:   minimal(withKey("arn:aws:kms:us-east-1:" + logAcct + ":alias/cloudtrail")),
			want: []problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:us-east-1:" + logAcct + ":alias/cloudtrail", Err: policy.ErrARN}}},
		{name: "bare key ID", reason: "a key ID does not say which account's key", in: minimal(withKey(keyID)),
			want: []problem{{Field: "kmsKeyArn", Value: keyID, Err: policy.ErrARN}}},
		{name: "invalid key ARN in the bucket's Region", reason: "an invalid key ARN is one problem, whatever else is set",
			in:   minimal(withRegion("us-east-1"), withKey("arn:aws:kms:us-east-1:1111:key/"+keyID), withReaders(roleOf(foreign, "R"))),
			want: []problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:us-east-1:1111:key/" + keyID, Err: policy.ErrARN}}},
		{name: "key of another partition", reason: "partitions do not mix; the partition is reported, not also the Region",
			in:   minimal(withRegion("us-east-1"), withKey("arn:aws-cn:kms:cn-north-1:"+logAcct+":key/"+keyID)),
			want: []problem{{Field: "kmsKeyArn", Value: "arn:aws-cn:kms:cn-north-1:" + logAcct + ":key/" + keyID, Err: policy.ErrARN}}},
		{name: "key with an unsupported partition", reason: "the partition is the one problem: the key is not judged against it",
			in:   minimal(withPartition("aws-iso"), withKey(keyARN)),
			want: []problem{{Field: "partition", Value: "aws-iso", Err: policy.ErrPartition}}},

		// readers.
		{name: "reader in the key's account", reason: "the key's owner may read", in: minimal(withKey(keyARN), withReaders(roleOf(logAcct, "Security")))},
		{name: "reader in a delivering account", reason: "a delivering account reads its own logs", in: minimal(withKey(keyARN), withReaders(roleOf(acctA, "Audit")))},
		{name: "reader in the management account", reason: "the management account delivers the organization trail",
			in: minimal(withKey(keyARN), withReaders(roleOf(mgmt, "Audit")), func(c *cloudtrail.SiteConfig) {
				c.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt}
			})},
		{name: "reader in the log archive account", reason: "the bucket's account may read with a key of another account",
			in: minimal(withKey("arn:aws:kms:us-east-1:"+acctA+":key/"+keyID), withLogArchive(logAcct), withReaders(roleOf(logAcct, "Security")))},
		{name: "reader in a foreign account with a key", reason: "an outsider would read every account's logs",
			in:   minimal(withKey(keyARN), withReaders(roleOf(logAcct, "Security"), roleOf(foreign, "Reader"))),
			want: []problem{{Field: "readers[1]", Value: roleOf(foreign, "Reader"), Err: policy.ErrConflict}}},
		{name: "reader in the account of an invalid logArchiveAccount", reason: "an invalid account allows no one; it is reported once, as itself",
			in: minimal(withKey(keyARN), withLogArchive("55556666777"), withReaders(roleOf(foreign, "Reader"))),
			want: []problem{{Field: "logArchiveAccount", Value: "55556666777", Err: policy.ErrAccountID},
				{Field: "readers[0]", Value: roleOf(foreign, "Reader"), Err: policy.ErrConflict}}},
		{name: "reader in a foreign account without a key", reason: "without a key the bucket policy alone decides, and grants the reader there",
			in: minimal(withReaders(roleOf(foreign, "Reader")))},
		{name: "reader in a foreign account with an invalid key", reason: "the key is the one problem: the reader is not judged against an unknown key",
			in:   minimal(withKey("arn:aws:kms:us-east-1:"+logAcct+":alias/x"), withReaders(roleOf(foreign, "Reader"))),
			want: []problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:us-east-1:" + logAcct + ":alias/x", Err: policy.ErrARN}}},
		{name: "reader is a user", reason: "an IAM user may read", in: minimal(withKey(keyARN), withReaders("arn:aws:iam::"+acctA+":user/alice"))},
		{name: "reader is an account", reason: "an account root: whoever that account's IAM allows", in: minimal(withKey(keyARN), withReaders("arn:aws:iam::"+acctA+":root"))},
		{name: "reader in any account of the organization", reason: "membership cannot be checked locally: every account may be a member",
			in: minimal(withKey(keyARN), withReaders(roleOf(foreign, "Audit"), "arn:aws:iam::"+foreign+":root"), func(c *cloudtrail.SiteConfig) {
				c.Organization = &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: mgmt}
			})},
		{name: "foreign user without an organization", reason: "a user outside the site's accounts is an outsider too",
			in:   minimal(withKey(keyARN), withReaders("arn:aws:iam::"+foreign+":user/alice")),
			want: []problem{{Field: "readers[0]", Value: "arn:aws:iam::" + foreign + ":user/alice", Err: policy.ErrConflict}}},
		{name: "reader is a group", reason: "a policy cannot name a group as a principal", in: minimal(withReaders("arn:aws:iam::" + acctA + ":group/auditors")),
			want: []problem{{Field: "readers[0]", Value: "arn:aws:iam::" + acctA + ":group/auditors", Err: policy.ErrARN}}},
		{name: "reader is a session", reason: "a role session is temporary: name its role", in: minimal(withReaders("arn:aws:sts::" + acctA + ":assumed-role/Audit/alice")),
			want: []problem{{Field: "readers[0]", Value: "arn:aws:sts::" + acctA + ":assumed-role/Audit/alice", Err: policy.ErrARN}}},
		{name: "reader is a wildcard role", reason: "a Principal takes no wildcard in an ARN", in: minimal(withReaders(roleOf(acctA, "Audit*"))),
			want: []problem{{Field: "readers[0]", Value: roleOf(acctA, "Audit*"), Err: policy.ErrARN}}},
		{name: "reader in every account", reason: "a wildcard account is every account", in: minimal(withReaders("arn:aws:iam::*:root")),
			want: []problem{{Field: "readers[0]", Value: "arn:aws:iam::*:root", Err: policy.ErrARN}}},
		{name: "reader is a service", reason: "services are no readers", in: minimal(withReaders("cloudtrail.amazonaws.com")),
			want: []problem{{Field: "readers[0]", Value: "cloudtrail.amazonaws.com", Err: policy.ErrARN}}},
		{name: "reader is a KMS key", reason: "only IAM principals read", in: minimal(withReaders(keyARN)),
			want: []problem{{Field: "readers[0]", Value: keyARN, Err: policy.ErrARN}}},
		{name: "reader in another partition", reason: "an aws-cn role never matches in aws", in: minimal(withReaders("arn:aws-cn:iam::" + acctA + ":role/R")),
			want: []problem{{Field: "readers[0]", Value: "arn:aws-cn:iam::" + acctA + ":role/R", Err: policy.ErrARN}}},
		{name: "reader in a foreign account of another partition", reason: "one problem per reader: the partition first",
			in:   minimal(withKey(keyARN), withReaders("arn:aws-cn:iam::"+foreign+":role/R")),
			want: []problem{{Field: "readers[0]", Value: "arn:aws-cn:iam::" + foreign + ":role/R", Err: policy.ErrARN}}},

		// breakGlassRoles: the cases of scp's tests, whose check moved here.
		{name: "break-glass role", reason: "an exact role ARN", in: minimal(withBreakGlass(breakGlass))},
		{name: "break-glass role pattern and path", reason: "a * in the role name and a literal path (IAM Identity Center roles) are accepted as given",
			in: minimal(withBreakGlass("arn:aws:iam::" + logAcct + ":role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_BreakGlass_*"))},
		{name: "break-glass role in China", reason: "the pattern carries the setup's partition",
			in: minimal(withPartition(policy.PartitionChina), withBreakGlass("arn:aws-cn:iam::"+logAcct+":role/BreakGlass"))},
		{name: "break-glass user", reason: "only IAM roles can be exempted", in: minimal(withBreakGlass("arn:aws:iam::" + logAcct + ":user/alice")),
			want: []problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::" + logAcct + ":user/alice", Err: policy.ErrARN}}},
		{name: "break-glass role name", reason: "a bare name is not an ARN pattern", in: minimal(withBreakGlass("BreakGlass")),
			want: []problem{{Field: "breakGlassRoles[0]", Value: "BreakGlass", Err: policy.ErrARN}}},
		{name: "break-glass every account", reason: "AWS Control Tower's form: the whole account may be *, exempting the role name in every account",
			in: minimal(withBreakGlass("arn:aws:iam::*:role/AWSControlTowerExecution"))},
		{name: "break-glass partial account", reason: "the account is 12 digits or *, never part of one",
			in:   minimal(withBreakGlass("arn:aws:iam::12*:role/BreakGlass")),
			want: []problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::12*:role/BreakGlass", Err: policy.ErrARN}}},
		{name: "break-glass wildcard path", reason: "* is allowed only in the role name",
			in:   minimal(withBreakGlass("arn:aws:iam::" + logAcct + ":role/*/BreakGlass")),
			want: []problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::" + logAcct + ":role/*/BreakGlass", Err: policy.ErrARN}}},
		{name: "break-glass every role", reason: "role/* would exempt every role of the account",
			in:   minimal(withBreakGlass("arn:aws:iam::" + logAcct + ":role/*")),
			want: []problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::" + logAcct + ":role/*", Err: policy.ErrARN}}},
		{name: "break-glass question mark", reason: "only * is accepted as a wildcard",
			in:   minimal(withBreakGlass(breakGlass + "?")),
			want: []problem{{Field: "breakGlassRoles[0]", Value: breakGlass + "?", Err: policy.ErrARN}}},
		{name: "break-glass other partition", reason: "an aws-us-gov role never matches in the aws partition",
			in:   minimal(withBreakGlass(breakGlass, "arn:aws-us-gov:iam::"+logAcct+":role/BreakGlass")),
			want: []problem{{Field: "breakGlassRoles[1]", Value: "arn:aws-us-gov:iam::" + logAcct + ":role/BreakGlass", Err: policy.ErrARN}}},
		{name: "break-glass bad character", reason: "with * replaced, the name must be a valid role name",
			in:   minimal(withBreakGlass("arn:aws:iam::" + logAcct + ":role/Break Glass*")),
			want: []problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::" + logAcct + ":role/Break Glass*", Err: policy.ErrARN}}},
		{name: "break-glass with an unsupported partition", reason: "the partition is the one problem: the pattern is not judged against it",
			in:   minimal(withPartition("aws-iso"), withBreakGlass(breakGlass)),
			want: []problem{{Field: "partition", Value: "aws-iso", Err: policy.ErrPartition}}},

		// trails: coverage and one problem per trail.
		{name: "trail of another partition and account", reason: "a trail of another partition is wrong whoever owns it: one problem on it, and the account left without a trail",
			in: cloudtrail.SiteConfig{Partition: policy.PartitionGovCloud, Bucket: bucket, Accounts: []string{acctA}, Trails: []string{trailOf(acctB, "main")}},
			want: []problem{{Field: "trails[0]", Value: trailOf(acctB, "main"), Err: policy.ErrARN},
				{Field: "accounts[0]", Value: acctA, Err: policy.ErrConflict}}},
		{name: "each account covered", reason: "every delivering account owns a named trail",
			in: minimal(func(c *cloudtrail.SiteConfig) {
				c.Accounts = []string{acctA, acctB}
				c.Trails = []string{trailOf(acctB, "t-b"), trailOf(acctA, "t-a")}
			})},
		{name: "an account not covered", reason: "its trails could not deliver",
			in: minimal(func(c *cloudtrail.SiteConfig) {
				c.Accounts = []string{acctA, acctB}
				c.Trails = []string{trailOf(acctA, "t-a")}
			}),
			want: []problem{{Field: "accounts[1]", Value: acctB, Err: policy.ErrConflict}}},

		{name: "all at once", reason: "every problem is reported, not just the first, each once",
			in: cloudtrail.SiteConfig{
				Bucket: "YOUR-BUCKET", Prefix: "AWSLogs", BucketRegion: "us-east-1", LogArchiveAccount: "1",
				Accounts: []string{"2", acctA}, Organization: &cloudtrail.Organization{ID: "o-x", ManagementAccount: mgmt},
				Trails:    []string{trailOf(acctA, "t-a"), "arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/a..b"},
				KMSKeyARN: "arn:aws:kms:eu-west-1:" + logAcct + ":key/" + keyID, Readers: []string{roleOf(foreign, "R")},
				BreakGlassRoles: []string{"arn:aws:iam::" + logAcct + ":role/*"},
			},
			want: []problem{
				{Field: "bucket", Value: "YOUR-BUCKET", Err: policy.ErrBucketName},
				{Field: "prefix", Value: "AWSLogs", Err: cloudtrail.ErrPrefix},
				{Field: "logArchiveAccount", Value: "1", Err: policy.ErrAccountID},
				{Field: "accounts[0]", Value: "2", Err: policy.ErrAccountID},
				{Field: "organization.id", Value: "o-x", Err: policy.ErrOrgID},
				{Field: "trails[1]", Value: "arn:aws:cloudtrail:us-east-1:" + acctA + ":trail/a..b", Err: policy.ErrARN},
				{Field: "kmsKeyArn", Value: "arn:aws:kms:eu-west-1:" + logAcct + ":key/" + keyID, Err: policy.ErrConflict},
				{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::" + logAcct + ":role/*", Err: policy.ErrARN},
			}},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			s, err := cloudtrail.New(tc.in)
			if s == nil {
				t.Fatalf("New returned no Site (%s)", tc.reason)
			}
			if tc.want == nil {
				if err != nil {
					t.Fatalf("got %v, want no problem (%s)", err, tc.reason)
				}
				if cerr := s.Check(); cerr != nil {
					t.Errorf("Check() = %v on a valid Site", cerr)
				}
				return
			}
			golden.CheckProblems(t, nil, err, tc.want)
			if err != nil {
				if n := strings.Count(err.Error(), "\n") + 1; n != len(tc.want) {
					t.Errorf("error has %d lines, want %d, one per problem:\n%v", n, len(tc.want), err)
				}
			}
			if t.Failed() {
				t.Logf("(%s)", tc.reason)
			}
		})
	}
}

// TestIncompleteSite checks what New returns with an error: a Site that
// holds only the values that passed, which no builder builds from.
func TestIncompleteSite(t *testing.T) {
	good := roleOf(acctA, "Audit")
	c := cloudtrail.SiteConfig{
		Partition: "aws-iso", Bucket: "Bad_Bucket", BucketRegion: "us-east", Prefix: "/logs", LogArchiveAccount: "1111-2222-3333",
		Accounts:     []string{"12", acctB, acctA, "aws-account-id-A"},
		Organization: &cloudtrail.Organization{ID: "o-BAD", ManagementAccount: "9999"},
		Trails:       []string{trailOf(acctA, "t-a"), "not-a-trail", trailOf(acctB, "t-b"), trailOf(foreign, "t-x")},
		KMSKeyARN:    "arn:aws:kms:us-east-1:" + logAcct + ":alias/x",
		Readers:      []string{good, "arn:aws:iam::" + acctA + ":group/auditors"},
		BreakGlassRoles: []string{
			"arn:aws:iam::" + acctA + ":role/BreakGlass", "arn:aws:iam::" + acctA + ":role/*",
		},
	}
	s, err := cloudtrail.New(c)
	if err == nil {
		t.Fatal("New accepted a setup full of problems")
	}
	if s == nil {
		t.Fatal("New returned no Site with its error")
	}
	cerr := s.Check()
	if !errors.Is(cerr, cloudtrail.ErrIncompleteSite) {
		t.Fatalf("Check() = %v, want it to wrap ErrIncompleteSite", cerr)
	}
	var fe *policy.FieldError
	if !errors.As(cerr, &fe) || fe.Field != "site" {
		t.Errorf("Check() = %v, want a *policy.FieldError on field site", cerr)
	}
	if w := s.WithAccounts(1).Check(); !errors.Is(w, cloudtrail.ErrIncompleteSite) {
		t.Errorf("WithAccounts of an incomplete Site: Check() = %v, want ErrIncompleteSite", w)
	}

	type held struct {
		Partition                                policy.Partition
		Bucket, BucketRegion, Prefix, LogArchive string
		Accounts, Owners, Trails, Readers, Glass []string
		ManagementAccount, OrgID, KeyARN         string
		HasKey                                   bool
	}
	org, _ := s.Organization()
	_, hasKey := s.Key()
	got := held{
		Partition: s.Partition(), Bucket: s.Bucket(), BucketRegion: s.BucketRegion(), Prefix: s.Prefix(), LogArchive: s.LogArchiveAccount(),
		Accounts: s.Accounts(), Owners: s.OwnerAccounts(), Trails: s.Trails(), Readers: s.Readers(), Glass: s.BreakGlassRoles(),
		ManagementAccount: s.ManagementAccount(), OrgID: org.ID, KeyARN: s.KeyARN(), HasKey: hasKey,
	}
	want := held{
		Partition: policy.PartitionAWS,
		Accounts:  []string{acctA, acctB}, Owners: []string{acctA, acctB},
		Trails:  []string{trailOf(acctA, "t-a"), trailOf(acctB, "t-b")},
		Readers: []string{good}, Glass: []string{"arn:aws:iam::" + acctA + ":role/BreakGlass"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("incomplete Site holds (-want +got):\n%s", diff)
	}
	for _, a := range append(s.OwnerAccounts(), s.LogArchiveAccount(), s.ManagementAccount()) {
		if a != "" && policy.CheckAccountID("", a) != nil {
			t.Errorf("incomplete Site holds the invalid account %q", a)
		}
	}
}

func TestCheck(t *testing.T) {
	var nilSite *cloudtrail.Site
	err := nilSite.Check()
	if !errors.Is(err, cloudtrail.ErrIncompleteSite) {
		t.Errorf("nil Site: Check() = %v, want it to wrap ErrIncompleteSite", err)
	}
	if err == nil || !strings.Contains(err.Error(), "cloudtrail.New") {
		t.Errorf("nil Site: Check() = %v, want it to say how to make a Site", err)
	}
	if err := mustNew(t, minimal()).Check(); err != nil {
		t.Errorf("valid Site: Check() = %v", err)
	}
	if err := mustNew(t, minimal()).WithAccounts(0).Check(); err != nil {
		t.Errorf("WithAccounts of a valid Site: Check() = %v", err)
	}
}

// TestNewKeepsInput checks that New copies c: it neither reorders the
// caller's slices nor shares them or the organization with the Site.
func TestNewKeepsInput(t *testing.T) {
	c := cloudtrail.SiteConfig{
		Bucket: bucket, Accounts: []string{acctB, acctA, acctB}, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
		Trails:          []string{trailOf(acctB, "t-b"), trailOf(mgmt, "org"), trailOf(acctA, "t-a")},
		Readers:         []string{roleOf(acctB, "R"), roleOf(acctA, "R")},
		BreakGlassRoles: []string{roleOf(acctB, "G"), roleOf(acctA, "G")},
	}
	orig := cloudtrail.SiteConfig{
		Bucket: c.Bucket, Accounts: slices.Clone(c.Accounts), Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
		Trails: slices.Clone(c.Trails), Readers: slices.Clone(c.Readers), BreakGlassRoles: slices.Clone(c.BreakGlassRoles),
	}
	s := mustNew(t, c)
	if diff := cmp.Diff(orig, c); diff != "" {
		t.Fatalf("New changed its input (-before +after):\n%s", diff)
	}
	c.Accounts[0], c.Trails[0], c.Readers[0], c.BreakGlassRoles[0] = "x", "x", "x", "x"
	c.Organization.ManagementAccount = "x"
	if slices.Contains(s.Accounts(), "x") || slices.Contains(s.Trails(), "x") || slices.Contains(s.Readers(), "x") ||
		slices.Contains(s.BreakGlassRoles(), "x") || s.ManagementAccount() != mgmt {
		t.Errorf("the Site shares the caller's slices or organization")
	}
}

func TestSiteAccessors(t *testing.T) {
	s := mustNew(t, cloudtrail.SiteConfig{
		Partition: policy.PartitionGovCloud, Bucket: bucket, BucketRegion: "us-gov-west-1", Prefix: "org/logs", LogArchiveAccount: logAcct,
		Accounts: []string{acctB, acctA}, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
		KMSKeyARN:       "arn:aws-us-gov:kms:us-gov-west-1:" + logAcct + ":key/" + keyID,
		Readers:         []string{"arn:aws-us-gov:iam::" + logAcct + ":role/Security", "arn:aws-us-gov:iam::" + logAcct + ":role/Security"},
		BreakGlassRoles: []string{"arn:aws-us-gov:iam::" + logAcct + ":role/BreakGlass"},
	})
	key, hasKey := s.Key()
	org, hasOrg := s.Organization()
	for _, c := range []struct{ name, got, want string }{
		{"Partition", string(s.Partition()), "aws-us-gov"},
		{"Bucket", s.Bucket(), bucket},
		{"BucketARN", s.BucketARN(), "arn:aws-us-gov:s3:::" + bucket},
		{"ObjectARN", s.ObjectARN(s.LogPath() + "/*"), "arn:aws-us-gov:s3:::" + bucket + "/org/logs/AWSLogs/*"},
		{"BucketRegion", s.BucketRegion(), "us-gov-west-1"},
		{"Prefix", s.Prefix(), "org/logs"},
		{"LogPath", s.LogPath(), "org/logs/AWSLogs"},
		{"LogArchiveAccount", s.LogArchiveAccount(), logAcct},
		{"ManagementAccount", s.ManagementAccount(), mgmt},
		{"Organization.ID", org.ID, orgID},
		{"KeyARN", s.KeyARN(), "arn:aws-us-gov:kms:us-gov-west-1:" + logAcct + ":key/" + keyID},
		{"Key.AccountID", key.AccountID, logAcct},
		{"Key.Region", key.Region, "us-gov-west-1"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !hasKey || !hasOrg {
		t.Errorf("Key() ok = %v, Organization() ok = %v; want true, true", hasKey, hasOrg)
	}
	if diff := cmp.Diff([]string{"arn:aws-us-gov:iam::" + logAcct + ":role/Security"}, s.Readers()); diff != "" {
		t.Errorf("Readers (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"arn:aws-us-gov:iam::" + logAcct + ":role/BreakGlass"}, s.BreakGlassRoles()); diff != "" {
		t.Errorf("BreakGlassRoles (-want +got):\n%s", diff)
	}
	if s.ExactTrails() || s.Trails() != nil {
		t.Errorf("ExactTrails() = %v, Trails() = %v without trails", s.ExactTrails(), s.Trails())
	}
	if _, ok := s.TrailOwner(trailOf(acctA, "t-a")); ok {
		t.Errorf("TrailOwner knows a trail the site does not name")
	}

	// Every method returns a copy.
	s.Accounts()[0], s.OwnerAccounts()[0], s.Readers()[0], s.BreakGlassRoles()[0] = "x", "x", "x", "x"
	org.ManagementAccount = "x"
	if slices.Contains(s.Accounts(), "x") || slices.Contains(s.OwnerAccounts(), "x") || slices.Contains(s.Readers(), "x") ||
		slices.Contains(s.BreakGlassRoles(), "x") || s.ManagementAccount() != mgmt {
		t.Errorf("a method returned the Site's own slice or organization")
	}

	bare := mustNew(t, minimal())
	if _, ok := bare.Key(); ok || bare.KeyARN() != "" {
		t.Errorf("Key() without a key: %q, %v", bare.KeyARN(), ok)
	}
	if _, ok := bare.Organization(); ok || bare.ManagementAccount() != "" {
		t.Errorf("Organization() without an organization: %v, %q", ok, bare.ManagementAccount())
	}
	if bare.Partition() != policy.PartitionAWS || bare.LogPath() != "AWSLogs" || bare.BucketRegion() != "" || bare.LogArchiveAccount() != "" {
		t.Errorf("defaults: partition %q, log path %q, bucket Region %q, log archive %q", bare.Partition(), bare.LogPath(), bare.BucketRegion(), bare.LogArchiveAccount())
	}
}

// exactSite has three delivering accounts and an organization, each with
// exact trails.
func exactSite(t *testing.T) *cloudtrail.Site {
	return mustNew(t, cloudtrail.SiteConfig{
		Bucket: bucket, Accounts: []string{acctC, acctA, acctB}, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
		Trails: []string{trailOf(acctA, "t-a1"), trailOf(acctA, "t-a2"), trailOf(acctB, "t-b"), trailOf(acctC, "t-c"), trailOf(mgmt, "org")},
	})
}

// patternSite is exactSite without trails.
func patternSite(t *testing.T) *cloudtrail.Site {
	return mustNew(t, cloudtrail.SiteConfig{
		Bucket: bucket, Accounts: []string{acctC, acctA, acctB}, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
	})
}

func pattern(account string) string { return "arn:aws:cloudtrail:*:" + account + ":trail/*" }

func TestTrailARNs(t *testing.T) {
	tests := []struct {
		name     string
		exact    bool
		accounts []string
		want     []string
		reason   string
	}{
		{name: "exact, every owner", exact: true, want: []string{trailOf(acctA, "t-a1"), trailOf(acctA, "t-a2"), trailOf(acctB, "t-b"), trailOf(acctC, "t-c"), trailOf(mgmt, "org")},
			reason: "no accounts given: the trails of every owner, sorted"},
		{name: "exact, one account", exact: true, accounts: []string{acctA}, want: []string{trailOf(acctA, "t-a1"), trailOf(acctA, "t-a2")},
			reason: "every trail the account owns"},
		{name: "exact, accounts out of order", exact: true, accounts: []string{mgmt, acctB, mgmt}, want: []string{trailOf(acctB, "t-b"), trailOf(mgmt, "org")},
			reason: "in the order of the trails, each once"},
		{name: "exact, an account with no trail", exact: true, accounts: []string{foreign}, want: nil,
			reason: "an account the site does not name owns none of its trails"},
		{name: "pattern, every owner", want: []string{pattern(acctA), pattern(acctB), pattern(acctC), pattern(mgmt)},
			reason: "no accounts given: one pattern per owner, sorted"},
		{name: "pattern, accounts out of order", accounts: []string{mgmt, acctB, mgmt}, want: []string{pattern(acctB), pattern(mgmt)},
			reason: "sorted, each once"},
		{name: "pattern, one account", accounts: []string{acctC}, want: []string{pattern(acctC)}, reason: "one pattern"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			s := patternSite(t)
			if tc.exact {
				s = exactSite(t)
			}
			if s.ExactTrails() != tc.exact {
				t.Fatalf("ExactTrails() = %v, want %v", s.ExactTrails(), tc.exact)
			}
			before := slices.Clone(tc.accounts)
			got := s.TrailARNs(tc.accounts...)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("TrailARNs(%q) (-want +got):\n%s\n(%s)", tc.accounts, diff, tc.reason)
			}
			if !cmp.Equal(before, tc.accounts) {
				t.Errorf("TrailARNs reordered its argument: %q, was %q", tc.accounts, before)
			}
		})
	}
	s := exactSite(t)
	for _, tr := range s.Trails() {
		owner, ok := s.TrailOwner(tr)
		if a, _ := cloudtrail.ParseTrailARN("", tr); !ok || owner != a.AccountID {
			t.Errorf("TrailOwner(%q) = %q, %v; want %q, true", tr, owner, ok, a.AccountID)
		}
	}
}

func TestWithAccounts(t *testing.T) {
	tests := []struct {
		name     string
		exact    bool
		n        int
		accounts []string
		trails   []string
		arns     []string
		reason   string
	}{
		{name: "exact, first account", exact: true, n: 1, accounts: []string{acctA},
			trails: []string{trailOf(acctA, "t-a1"), trailOf(acctA, "t-a2"), trailOf(mgmt, "org")},
			reason: "the account's trails and the management account's, which is no explicit account"},
		{name: "exact, two accounts", exact: true, n: 2, accounts: []string{acctA, acctB},
			trails: []string{trailOf(acctA, "t-a1"), trailOf(acctA, "t-a2"), trailOf(acctB, "t-b"), trailOf(mgmt, "org")},
			reason: "the first two of the sorted accounts"},
		{name: "exact, every account", exact: true, n: 3, accounts: []string{acctA, acctB, acctC},
			trails: []string{trailOf(acctA, "t-a1"), trailOf(acctA, "t-a2"), trailOf(acctB, "t-b"), trailOf(acctC, "t-c"), trailOf(mgmt, "org")},
			reason: "the whole site"},
		{name: "exact, n over the count", exact: true, n: 10, accounts: []string{acctA, acctB, acctC},
			trails: []string{trailOf(acctA, "t-a1"), trailOf(acctA, "t-a2"), trailOf(acctB, "t-b"), trailOf(acctC, "t-c"), trailOf(mgmt, "org")},
			reason: "n is clamped to the number of accounts"},
		{name: "exact, no account", exact: true, n: 0, accounts: []string{}, trails: []string{trailOf(mgmt, "org")},
			reason: "the organization trail stays"},
		{name: "exact, negative n", exact: true, n: -1, accounts: []string{}, trails: []string{trailOf(mgmt, "org")},
			reason: "n is clamped to 0"},
		{name: "pattern, first account", n: 1, accounts: []string{acctA}, arns: []string{pattern(acctA), pattern(mgmt)},
			reason: "a pattern for the account and the management account"},
		{name: "pattern, n over the count", n: 4, accounts: []string{acctA, acctB, acctC}, arns: []string{pattern(acctA), pattern(acctB), pattern(acctC), pattern(mgmt)},
			reason: "n is clamped to the number of accounts"},
		{name: "pattern, negative n", n: -5, accounts: []string{}, arns: []string{pattern(mgmt)},
			reason: "n is clamped to 0"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			s := patternSite(t)
			if tc.exact {
				s = exactSite(t)
				tc.arns = tc.trails
			}
			beforeAccounts, beforeTrails := s.Accounts(), s.Trails()
			w := s.WithAccounts(tc.n)
			if diff := cmp.Diff(tc.accounts, w.Accounts(), cmp.Comparer(func(a, b []string) bool { return slices.Equal(a, b) })); diff != "" {
				t.Errorf("Accounts (-want +got):\n%s\n(%s)", diff, tc.reason)
			}
			if diff := cmp.Diff(tc.trails, w.Trails()); diff != "" {
				t.Errorf("Trails (-want +got):\n%s\n(%s)", diff, tc.reason)
			}
			if diff := cmp.Diff(tc.arns, w.TrailARNs()); diff != "" {
				t.Errorf("TrailARNs (-want +got):\n%s\n(%s)", diff, tc.reason)
			}
			if w.ExactTrails() != tc.exact {
				t.Errorf("ExactTrails() = %v, want %v", w.ExactTrails(), tc.exact)
			}
			if w.ManagementAccount() != mgmt || w.Bucket() != bucket || w.Check() != nil {
				t.Errorf("the copy lost the rest of the site: management account %q, bucket %q, Check %v", w.ManagementAccount(), w.Bucket(), w.Check())
			}
			if !slices.Equal(beforeAccounts, s.Accounts()) || !slices.Equal(beforeTrails, s.Trails()) {
				t.Errorf("WithAccounts changed the original Site")
			}
		})
	}
}

// TestCheckReader checks the rule New applies to readers, which builders
// apply to a reader of their own (the vendor's role) with their field path.
func TestCheckReader(t *testing.T) {
	s := mustNew(t, minimal(withKey(keyARN), withLogArchive(logAcct)))
	for _, ok := range []string{roleOf(acctA, "Vendor"), roleOf(logAcct, "Vendor"), "arn:aws:iam::" + logAcct + ":role/path/Vendor"} {
		if err := s.CheckReader("vendor.roleArn", ok); err != nil {
			t.Errorf("CheckReader(%q) = %v", ok, err)
		}
	}
	err := s.CheckReader("vendor.roleArn", roleOf(foreign, "Vendor"))
	golden.CheckFieldError(t, err, "vendor.roleArn", roleOf(foreign, "Vendor"), policy.ErrConflict, "allowed: "+acctA+", "+logAcct)
	err = s.CheckReader("vendor.roleArn", "Vendor")
	golden.CheckFieldError(t, err, "vendor.roleArn", "Vendor", policy.ErrARN, "is not an ARN")
	err = s.CheckReader("vendor.roleArn", "arn:aws-cn:iam::"+acctA+":role/Vendor")
	golden.CheckFieldError(t, err, "vendor.roleArn", "arn:aws-cn:iam::"+acctA+":role/Vendor", policy.ErrARN, "the setup's partition is aws")
}

// TestRefusedValues: a value New refused is one problem. The incomplete
// Site tells builders which setup fields it refused, so that they report
// none of them missing as well, and its partition checks stay quiet when
// the partition itself was refused.
func TestRefusedValues(t *testing.T) {
	trail := policy.ARN{Partition: policy.PartitionChina, Service: "cloudtrail", Region: "cn-north-1", AccountID: "111122223333", Resource: "trail/t"}
	tests := []struct {
		name          string
		reason        string
		cfg           cloudtrail.SiteConfig
		refused       []string
		notRefused    []string
		partitionErrs bool // CheckPartitionOf reports an aws-cn ARN
		regionErr     bool // CheckRegionOf reports cn-north-1
	}{
		{"valid", "a complete Site refused nothing and checks partitions",
			cloudtrail.SiteConfig{Bucket: "b-logs", Accounts: []string{"111122223333"}},
			nil, []string{"kmsKeyArn", "partition", "bucket"}, true, true},
		{"bad-key", "an alias is refused: the key is not also missing",
			cloudtrail.SiteConfig{Bucket: "b-logs", Accounts: []string{"111122223333"}, KMSKeyARN: "arn:aws:kms:us-east-1:111122223333:alias/x"},
			[]string{"kmsKeyArn"}, []string{"logArchiveAccount", "partition"}, true, true},
		{"bad-log-archive", "an invalid log archive account is refused, not missing",
			cloudtrail.SiteConfig{Bucket: "b-logs", Accounts: []string{"111122223333"}, LogArchiveAccount: "12"},
			[]string{"logArchiveAccount"}, []string{"kmsKeyArn"}, true, true},
		{"bad-partition", "with the partition refused, no ARN or Region is also reported for its partition",
			cloudtrail.SiteConfig{Partition: "aws-moon", Bucket: "b-logs", Accounts: []string{"111122223333", "1"}},
			[]string{"partition", "accounts"}, []string{"bucket"}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := cloudtrail.New(tc.cfg)
			if (err == nil) != (len(tc.refused) == 0) {
				t.Fatalf("New error %v, want refused %v", err, tc.refused)
			}
			for _, f := range tc.refused {
				if !s.Refused(f) {
					t.Errorf("Refused(%q) = false (%s)", f, tc.reason)
				}
			}
			for _, f := range tc.notRefused {
				if s.Refused(f) {
					t.Errorf("Refused(%q) = true (%s)", f, tc.reason)
				}
			}
			if got := s.CheckPartitionOf("x", trail.String(), trail) != nil; got != tc.partitionErrs {
				t.Errorf("CheckPartitionOf(aws-cn ARN) reported %v, want %v (%s)", got, tc.partitionErrs, tc.reason)
			}
			if got := s.CheckRegionOf("x", "cn-north-1") != nil; got != tc.regionErr {
				t.Errorf("CheckRegionOf(cn-north-1) reported %v, want %v (%s)", got, tc.regionErr, tc.reason)
			}
			if err := s.CheckRegionOf("x", "not a region"); !errors.Is(err, policy.ErrRegion) {
				t.Errorf("CheckRegionOf(bad shape) = %v, want ErrRegion whatever the partition", err)
			}
		})
	}
	var nilSite *cloudtrail.Site
	if nilSite.Refused("bucket") || nilSite.CheckPartitionOf("x", trail.String(), trail) != nil {
		t.Error("a nil Site refuses nothing and checks no partition")
	}
}

func TestCreateKey(t *testing.T) {
	base := cloudtrail.SiteConfig{Bucket: "b-logs", BucketRegion: "eu-west-1", LogArchiveAccount: "222222222222", Accounts: []string{"333333333333"}, CreateKey: true}
	s, err := cloudtrail.New(base)
	if err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws:kms:eu-west-1:222222222222:key/" + cloudtrail.PlannedKeyID; !s.CreatesKey() || s.KeyARN() != want {
		t.Errorf("CreatesKey %v, KeyARN %q; want true, %q (the placeholder in the log archive account and the bucket's Region)", s.CreatesKey(), s.KeyARN(), want)
	}
	if plain, _ := cloudtrail.New(cloudtrail.SiteConfig{Bucket: "b-logs", Accounts: []string{"333333333333"}}); plain.CreatesKey() {
		t.Error("a site without createKey creates a key")
	}
	tests := []struct {
		name   string
		change func(c *cloudtrail.SiteConfig)
		want   []string
		reason string
	}{
		{"with-kms-key-arn", func(c *cloudtrail.SiteConfig) { c.KMSKeyARN = "arn:aws:kms:eu-west-1:222222222222:key/" + keyID },
			[]string{p("createKey", policy.ErrConflict)}, "an existing key or a created one, not both"},
		{"no-log-archive", func(c *cloudtrail.SiteConfig) { c.LogArchiveAccount = "" },
			[]string{p("logArchiveAccount", policy.ErrRequired)}, "the key is created in the log archive account"},
		{"no-region", func(c *cloudtrail.SiteConfig) { c.BucketRegion = "" },
			[]string{p("bucketRegion", policy.ErrRequired)}, "the key is created in the bucket's Region"},
		{"bad-log-archive", func(c *cloudtrail.SiteConfig) { c.LogArchiveAccount = "12" },
			[]string{p("logArchiveAccount", policy.ErrAccountID)}, "an invalid account is one problem, not also a createKey one"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := base
			tc.change(&c)
			s, err := cloudtrail.New(c)
			if diff := cmp.Diff(tc.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if s.CreatesKey() {
				t.Errorf("an incomplete site creates a key")
			}
		})
	}
}
