package policy_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/policy"
)

// existingPolicy is a bucket policy a user may already have: S3 server access
// logs and AWS Config deliver to the same bucket.
const existingPolicy = `{
  "Version": "2012-10-17",
  "Id": "existing",
  "Statement": [
    {
      "Sid": "S3ServerAccessLogsPolicy",
      "Effect": "Allow",
      "Principal": {"Service": "logging.s3.amazonaws.com"},
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::example-ct-logs/access-logs/*",
      "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}
    },
    {
      "Sid": "AWSConfigBucketPermissionsCheck",
      "Effect": "Allow",
      "Principal": {"Service": "config.amazonaws.com"},
      "Action": "s3:GetBucketAcl",
      "Resource": "arn:aws:s3:::example-ct-logs"
    }
  ]
}`

// trailFragment is two CloudTrail statements, the first of which AWS Config
// users often already have under the same Sid.
const trailFragment = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AWSCloudTrailAclCheck",
      "Effect": "Allow",
      "Principal": {"Service": "cloudtrail.amazonaws.com"},
      "Action": "s3:GetBucketAcl",
      "Resource": "arn:aws:s3:::example-ct-logs"
    },
    {
      "Sid": "AWSCloudTrailWrite",
      "Effect": "Allow",
      "Principal": {"Service": "cloudtrail.amazonaws.com"},
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::example-ct-logs/AWSLogs/123456789012/*",
      "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}
    }
  ]
}`

func decodeT(t *testing.T, k policy.Kind, js string) *policy.Document {
	t.Helper()
	d, err := policy.Decode(k, []byte(js))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return d
}

func sids(d *policy.Document) []string {
	var out []string
	for _, s := range d.Statements {
		out = append(out, s.Sid)
	}
	return out
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name      string
		reason    string
		base      func(t *testing.T) *policy.Document
		fragment  func(t *testing.T) *policy.Document
		wantSids  []string
		wantID    string
		wantErr   []string // error lines
		sentinels []error
	}{
		{
			name:     "access-logs-and-config",
			reason:   "the CloudTrail statements follow the existing ones, which are kept as they are",
			base:     func(t *testing.T) *policy.Document { return decodeT(t, policy.KindBucketPolicy, existingPolicy) },
			fragment: func(t *testing.T) *policy.Document { return decodeT(t, policy.KindBucketPolicy, trailFragment) },
			wantSids: []string{"S3ServerAccessLogsPolicy", "AWSConfigBucketPermissionsCheck", "AWSCloudTrailAclCheck", "AWSCloudTrailWrite"},
			wantID:   "existing",
		},
		{
			name:   "idempotent",
			reason: "a fragment statement already in the base (same Sid, same meaning) is not added twice",
			base: func(t *testing.T) *policy.Document {
				m, err := policy.Merge(decodeT(t, policy.KindBucketPolicy, existingPolicy), decodeT(t, policy.KindBucketPolicy, trailFragment))
				if err != nil {
					t.Fatal(err)
				}
				return m
			},
			fragment: func(t *testing.T) *policy.Document { return decodeT(t, policy.KindBucketPolicy, trailFragment) },
			wantSids: []string{"S3ServerAccessLogsPolicy", "AWSConfigBucketPermissionsCheck", "AWSCloudTrailAclCheck", "AWSCloudTrailWrite"},
			wantID:   "existing",
		},
		{
			name:   "sid-collision",
			reason: "a different statement under the same Sid is an error naming the Sid and both statements",
			base: func(t *testing.T) *policy.Document {
				d := decodeT(t, policy.KindBucketPolicy, existingPolicy)
				d.Statements[1].Sid = "AWSCloudTrailAclCheck"
				return d
			},
			fragment:  func(t *testing.T) *policy.Document { return decodeT(t, policy.KindBucketPolicy, trailFragment) },
			wantErr:   []string{`fragment.Statement[0].Sid: "AWSCloudTrailAclCheck" is also the Sid of base.Statement[1], which differs: Sids must be unique within a policy, so rename one of the two statements`},
			sentinels: []error{policy.ErrSid},
		},
		{
			name:   "empty-sids",
			reason: "statements without a Sid never collide",
			base: func(t *testing.T) *policy.Document {
				d := decodeT(t, policy.KindBucketPolicy, existingPolicy)
				d.Statements[0].Sid = ""
				return d
			},
			fragment: func(t *testing.T) *policy.Document {
				d := decodeT(t, policy.KindBucketPolicy, trailFragment)
				d.Statements[0].Sid = ""
				return d
			},
			wantSids: []string{"", "AWSConfigBucketPermissionsCheck", "", "AWSCloudTrailWrite"},
			wantID:   "existing",
		},
		{
			name:   "fragment-id",
			reason: "the base's Id wins; the fragment's is used only when the base has none",
			base: func(t *testing.T) *policy.Document {
				d := decodeT(t, policy.KindBucketPolicy, existingPolicy)
				d.ID = ""
				return d
			},
			fragment: func(t *testing.T) *policy.Document {
				d := decodeT(t, policy.KindBucketPolicy, trailFragment)
				d.ID = "fragment"
				return d
			},
			wantSids: []string{"S3ServerAccessLogsPolicy", "AWSConfigBucketPermissionsCheck", "AWSCloudTrailAclCheck", "AWSCloudTrailWrite"},
			wantID:   "fragment",
		},
		{
			name:   "kind-and-version",
			reason: "a key policy cannot be merged into a bucket policy, nor a 2008 policy with a 2012 one",
			base:   func(t *testing.T) *policy.Document { return decodeT(t, policy.KindBucketPolicy, existingPolicy) },
			fragment: func(t *testing.T) *policy.Document {
				d := decodeT(t, policy.KindKeyPolicy, trailFragment)
				d.Version = "2008-10-17"
				return d
			},
			wantErr:   []string{`fragment.Kind: "key policy" differs from the base document's kind (bucket policy): only documents attached to the same kind of place can be merged`, `fragment.Version: "2008-10-17" differs from the base document's version 2012-10-17: policy variables and some elements mean different things in the two versions`},
			sentinels: []error{policy.ErrConflict, policy.ErrConflict},
		},
		{
			name:      "nil",
			reason:    "nil documents are an error, not a panic",
			base:      func(*testing.T) *policy.Document { return nil },
			fragment:  func(*testing.T) *policy.Document { return nil },
			wantErr:   []string{`base: "" is nil: give the existing policy to merge into`, `fragment: "" is nil: give the statements to merge`},
			sentinels: []error{policy.ErrRequired, policy.ErrRequired},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base, frag := tc.base(t), tc.fragment(t)
			var baseJSON, fragJSON []byte
			if base != nil {
				baseJSON, _ = base.JSON()
			}
			if frag != nil {
				fragJSON, _ = frag.JSON()
			}
			got, err := policy.Merge(base, frag)
			if tc.wantErr != nil {
				if got != nil {
					t.Errorf("Merge returned a document with an error")
				}
				var lines []string
				errs := policy.Unjoin(err)
				for i, e := range errs {
					lines = append(lines, e.Error())
					if i < len(tc.sentinels) && !errors.Is(e, tc.sentinels[i]) {
						t.Errorf("error %d does not wrap %v", i, tc.sentinels[i])
					}
				}
				if diff := cmp.Diff(tc.wantErr, lines); diff != "" {
					t.Errorf("errors (-want +got):\n%s(%s)", diff, tc.reason)
				}
				return
			}
			if err != nil {
				t.Fatalf("Merge: %v (%s)", err, tc.reason)
			}
			if diff := cmp.Diff(tc.wantSids, sids(got)); diff != "" {
				t.Errorf("Sids (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if got.ID != tc.wantID {
				t.Errorf("ID = %q, want %q", got.ID, tc.wantID)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("merged document does not validate: %v", err)
			}
			// The result shares nothing with the inputs: changing it leaves
			// them as they were.
			for i := range got.Statements {
				got.Statements[i].Sid = "Changed"
				got.Statements[i].Resource.Values()[0] = "changed"
			}
			if b, _ := base.JSON(); string(b) != string(baseJSON) {
				t.Errorf("base changed:\n%s", b)
			}
			if f, _ := frag.JSON(); string(f) != string(fragJSON) {
				t.Errorf("fragment changed:\n%s", f)
			}
		})
	}
}

func ExampleMerge() {
	existing, _ := policy.Decode(policy.KindBucketPolicy, []byte(existingPolicy))
	fragment, _ := policy.Decode(policy.KindBucketPolicy, []byte(trailFragment))
	merged, err := policy.Merge(existing, fragment)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range merged.Statements {
		fmt.Println(s.Sid)
	}
	// Output:
	// S3ServerAccessLogsPolicy
	// AWSConfigBucketPermissionsCheck
	// AWSCloudTrailAclCheck
	// AWSCloudTrailWrite
}
