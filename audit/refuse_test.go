package audit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// TestRefusesOutsideFragment: a document outside what the enumeration
// decides exactly is refused, naming the document and the field, never
// given a verdict; every problem at once.
func TestRefusesOutsideFragment(t *testing.T) {
	in, _, err := audit.IntentOf(trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "logs-bucket", LogArchiveAccount: "123456789012", Accounts: []string{"123456789012"}}})
	if err != nil {
		t.Fatal(err)
	}
	doc := `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/*", "Condition": {"ForAnyValue:StringLike": {"aws:TagKeys": "x*"}}},
	 {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/${aws:username}/*"},
	 {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/*", "Condition": {"NumericLessThan": {"s3:max-keys": "10"}}},
	 {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:cloudtrail:*"}}},
	 {"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::123456789012:assumed-role/R/s"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::logs-bucket/*"},
	 {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/*", "Condition": {"StringEquals": {"kms:CallerAccount": "1234*"}, "StringLike": {"aws:SourceAccount": "12*"}}},
	 {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/${aws:PrincipalAccount, 'none'}/*"},
	 {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/${*}/*"},
	 {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::logs-bucket/*", "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:role/*", "aws:SourceArn": "arn:aws:cloudtrail:*:${kms:CallerAccount}:trail/*"}}}
	]}`
	d, err := policy.Decode(policy.KindBucketPolicy, []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := audit.Check(in, audit.Deployed{BucketPolicy: d})
	if rep != nil || err == nil {
		t.Fatalf("got a report for a document outside the fragment: %+v", rep)
	}
	for _, want := range []string{
		`bucket-policy.Statement[0].Condition.ForAnyValue:StringLike["aws:TagKeys"]`,
		`bucket-policy.Statement[1].Resource[0]`,
		`bucket-policy.Statement[2].Condition.NumericLessThan["s3:max-keys"]`,
		`bucket-policy.Statement[3].Condition.ArnLike["aws:SourceArn"]`,
		`bucket-policy.Statement[4].Principal.AWS[0]`,
		`bucket-policy.Statement[5].Condition.StringLike["aws:SourceAccount"]`,
		`bucket-policy.Statement[6].Resource[0]: "arn:aws:s3:::logs-bucket/${aws:PrincipalAccount, 'none'}/*" holds a policy variable with a default`,
		`bucket-policy.Statement[7].Resource[0]: "arn:aws:s3:::logs-bucket/${*}/*" holds the escape ${*}`,
		`bucket-policy.Statement[8].Condition.StringLike["aws:PrincipalArn"]`,
		`bucket-policy.Statement[8].Condition.StringLike["aws:SourceArn"]: "arn:aws:cloudtrail:*:${kms:CallerAccount}:trail/*" holds a policy variable other than ${aws:SourceAccount}`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not name %s:\n%v", want, err)
		}
	}
	for _, e := range policy.Unjoin(err) {
		if !errors.Is(e, policy.ErrUnsupported) {
			t.Errorf("%v: not an ErrUnsupported", e)
		}
	}
}

// TestRefusesWrongKinds: a document in the wrong slot is an error naming
// the slot, not an evaluation of the wrong policy.
func TestRefusesWrongKinds(t *testing.T) {
	in, b, err := audit.IntentOf(trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "logs-bucket", LogArchiveAccount: "123456789012", Accounts: []string{"123456789012"}}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := audit.FromBundle(b)
	if err != nil {
		t.Fatal(err)
	}
	d.KeyPolicy, d.SCPs = d.BucketPolicy, append(d.SCPs, nil, d.BucketPolicy)
	_, err = audit.Check(in, d)
	if err == nil || !strings.Contains(err.Error(), `key-policy: "bucket policy" is not a key policy`) || !strings.Contains(err.Error(), `scp-2: "nil" is a nil document`) ||
		!strings.Contains(err.Error(), `scp-3: "bucket policy" is not a service control policy`) {
		t.Errorf("got %v", err)
	}
	if err := d.Add("scp", nil); err == nil {
		t.Error("Add took a nil document")
	}
	if err := d.Add("bucket-policy", d.BucketPolicy); err == nil {
		t.Error("Add took a second bucket policy")
	}
}
