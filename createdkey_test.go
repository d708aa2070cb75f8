package trailpolicy_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// createKeySetup is a setup whose output creates the key, in
// logArchiveAccount 123456789012 and bucketRegion eu-west-1.
func createKeySetup() trailpolicy.Setup {
	return trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{
		Bucket: "logs-bucket", BucketRegion: "eu-west-1", LogArchiveAccount: "123456789012",
		Accounts: []string{"123456789012", "222222222222"}, CreateKey: true,
	}}
}

// TestWithCreatedKey: the created key's ARN is checked as kmsKeyArn is and
// against where the output creates the key, every problem at once, each
// naming the caller's field and the value; a good one gives the setup as
// deployed, whose documents name it.
func TestWithCreatedKey(t *testing.T) {
	const id = "7d0c6f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"
	good := "arn:aws:kms:eu-west-1:123456789012:key/" + id
	for _, tc := range []struct {
		name, reason string
		setup        func(*trailpolicy.Setup)
		arn          string
		want         []string // the problems, in order; nil for none
		sentinel     error    // wrapped by the first problem
	}{
		{name: "created key", reason: "in logArchiveAccount and bucketRegion", arn: good},
		{name: "multi-Region key", reason: "a key ID ParseKeyARN takes", arn: "arn:aws:kms:eu-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef"},
		{name: "empty", reason: "the caller passed no ARN", arn: "",
			want: []string{`-kms-key-arn: "" is empty: give the ARN of the key the output created (createKey), arn:aws:kms:<region>:<account>:key/<key id>`}, sentinel: policy.ErrRequired},
		{name: "alias", reason: "an alias is no key ARN, as for kmsKeyArn", arn: "arn:aws:kms:eu-west-1:123456789012:alias/logs",
			want: []string{`-kms-key-arn: "arn:aws:kms:eu-west-1:123456789012:alias/logs" is a KMS alias`}, sentinel: policy.ErrARN},
		{name: "wrong account", reason: "the output creates the key in logArchiveAccount", arn: "arn:aws:kms:eu-west-1:222222222222:key/" + id,
			want: []string{`-kms-key-arn: "arn:aws:kms:eu-west-1:222222222222:key/` + id + `" is in account 222222222222, but the output creates the key in logArchiveAccount 123456789012: give the ARN of the key it created`}, sentinel: policy.ErrConflict},
		{name: "wrong Region", reason: "the output creates the key in bucketRegion", arn: "arn:aws:kms:us-east-1:123456789012:key/" + id,
			want: []string{`-kms-key-arn: "arn:aws:kms:us-east-1:123456789012:key/` + id + `" is in Region us-east-1, but the output creates the key in bucketRegion eu-west-1: give the ARN of the key it created`}, sentinel: policy.ErrConflict},
		{name: "partition", reason: "the site's partition, as New checks kmsKeyArn", arn: "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/" + id,
			want: []string{`-kms-key-arn: "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/` + id + `" is in partition aws-us-gov, but the setup's partition is aws`}, sentinel: policy.ErrARN},
		{name: "placeholder", reason: "the documents' name for the key before it exists", arn: "arn:aws:kms:eu-west-1:123456789012:key/" + cloudtrail.PlannedKeyID,
			want: []string{`-kms-key-arn: "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000" is the placeholder ARN`}, sentinel: policy.ErrConflict},
		{name: "names its key", reason: "kmsKeyArn and the created key's ARN would be two sources of one value",
			setup: func(s *trailpolicy.Setup) { s.CreateKey, s.KMSKeyARN = false, good }, arn: good,
			want: []string{`-kms-key-arn: "` + good + `" is the key of a setup with createKey, but this setup names its key, kmsKeyArn "` + good + `"`}, sentinel: policy.ErrConflict},
		{name: "no key", reason: "a setup without createKey has no created key",
			setup: func(s *trailpolicy.Setup) { s.CreateKey = false }, arn: good,
			want: []string{`-kms-key-arn: "` + good + `" names the key the output created, but the setup does not set createKey`}, sentinel: policy.ErrConflict},
		{name: "invalid setup", reason: "the setup's problems and the ARN's, at once",
			setup: func(s *trailpolicy.Setup) { s.Accounts = append(s.Accounts, "2222") }, arn: "arn:aws:kms:eu-west-1:123456789012:alias/logs",
			want: []string{`accounts[2]: "2222" is not a 12-digit AWS account ID`, `-kms-key-arn: "arn:aws:kms:eu-west-1:123456789012:alias/logs" is a KMS alias`}, sentinel: policy.ErrAccountID},
		{name: "no log archive account", reason: "the setup's own problem; the ARN is still parsed",
			setup: func(s *trailpolicy.Setup) { s.LogArchiveAccount = "" }, arn: "not-an-arn",
			want: []string{`logArchiveAccount: "" is empty: with createKey`, `-kms-key-arn: "not-an-arn" `}, sentinel: policy.ErrRequired},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := createKeySetup()
			if tc.setup != nil {
				tc.setup(&s)
			}
			d, err := s.WithCreatedKey("-kms-key-arn", tc.arn)
			got := policy.Unjoin(err)
			if len(got) != len(tc.want) {
				t.Fatalf("%d problems, want %d (%s): %v", len(got), len(tc.want), tc.reason, err)
			}
			for i, want := range tc.want {
				if !strings.HasPrefix(got[i].Error(), want) {
					t.Errorf("problem %d:\n got %s\nwant %s...\n(%s)", i, got[i], want, tc.reason)
				}
			}
			if err != nil {
				if !errors.Is(got[0], tc.sentinel) {
					t.Errorf("%v does not wrap %v", got[0], tc.sentinel)
				}
				if d.Bucket != "" {
					t.Errorf("a setup came back with the error: %+v", d.SiteConfig)
				}
				return
			}
			if d.CreateKey || d.KMSKeyARN != tc.arn {
				t.Fatalf("createKey %v, kmsKeyArn %q; want false and %q", d.CreateKey, d.KMSKeyARN, tc.arn)
			}
			b, err := d.Build()
			if err != nil {
				t.Fatal(err)
			}
			bp, _ := b.Documents.Get(trailpolicy.NameBucketPolicy)
			data, err := bp.Policy.JSON()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), `"s3:x-amz-server-side-encryption-aws-kms-key-id": "`+tc.arn+`"`) || strings.Contains(string(data), cloudtrail.PlannedKeyID) {
				t.Errorf("the bucket policy's wrong-key deny does not name the created key %s:\n%s", tc.arn, data)
			}
		})
	}
}

// The key the CloudFormation stack created is its output
// CloudTrailLogsKeyArn; the setup as deployed names it.
func ExampleSetup_WithCreatedKey() {
	s := createKeySetup()
	deployed, err := s.WithCreatedKey("keyArn", "arn:aws:kms:eu-west-1:123456789012:key/7d0c6f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
	if err != nil {
		fmt.Println(err)
		return
	}
	b, err := deployed.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Site.KeyARN(), b.Site.CreatesKey())

	_, err = s.WithCreatedKey("keyArn", "arn:aws:kms:eu-west-1:222222222222:key/7d0c6f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f")
	fmt.Println(err)
	// Output:
	// arn:aws:kms:eu-west-1:123456789012:key/7d0c6f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f false
	// keyArn: "arn:aws:kms:eu-west-1:222222222222:key/7d0c6f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f" is in account 222222222222, but the output creates the key in logArchiveAccount 123456789012: give the ARN of the key it created
}
