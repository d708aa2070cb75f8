package scp_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// Values of the scenario in seed 002: the log account 222222222222 holds the
// bucket gov-my-cloudtrail; 111111111111 stands for the management account.
const (
	bucket     = "gov-my-cloudtrail"
	logAccount = "222222222222"
	mgmt       = "111111111111"
	breakGlass = "arn:aws:iam::222222222222:role/BreakGlass"
	trail      = "arn:aws:cloudtrail:eu-west-1:222222222222:trail/security-trail"
	keyARN     = "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// statementBySid returns the statement with the given Sid in any document.
func statementBySid(t *testing.T, docs []*policy.Document, sid string) (iampolicy.Statement, bool) {
	t.Helper()
	for _, d := range docs {
		for _, s := range d.Statements {
			if s.Sid == sid {
				return s, true
			}
		}
	}
	return iampolicy.Statement{}, false
}

func values(s *iampolicy.StringOrSlice) []string {
	if s == nil {
		return nil
	}
	return s.Values()
}

// conditionValues returns the values under operator op and key k.
func conditionValues(s iampolicy.Statement, op, k string) []string {
	v := s.Condition[op][k]
	if v == nil {
		return nil
	}
	strs, _, _ := v.Values()
	return strs
}

func sids(docs []*policy.Document) [][]string {
	var out [][]string
	for _, d := range docs {
		var s []string
		for _, st := range d.Statements {
			s = append(s, st.Sid)
		}
		out = append(out, s)
	}
	return out
}

func TestBuildOptions(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		cfg    scp.Config
		golden string // testdata file for the only document; "" for none
		check  func(t *testing.T, docs []*policy.Document)
	}{{
		name:   "default",
		reason: "the corrected anti-deletion SCP: bucket and objects, plus the account-level statement",
		cfg:    scp.Config{Bucket: bucket},
		golden: "testdata/default.golden.json",
		check: func(t *testing.T, docs []*policy.Document) {
			s, _ := statementBySid(t, docs, scp.SidLogBucket)
			want := []string{"arn:aws:s3:::gov-my-cloudtrail", "arn:aws:s3:::gov-my-cloudtrail/*"}
			if diff := cmp.Diff(want, values(s.Resource)); diff != "" {
				t.Errorf("bucket statement Resource (-want +got):\n%s", diff)
			}
			if s.Condition != nil {
				t.Errorf("no break-glass role was given, but the bucket statement has a Condition: %v", s.Condition)
			}
			a, _ := statementBySid(t, docs, scp.SidAccountPublicAccess)
			if diff := cmp.Diff([]string{"*"}, values(a.Resource)); diff != "" {
				t.Errorf("account-level statement must use Resource \"*\" (-want +got):\n%s", diff)
			}
			for _, sid := range []string{scp.SidTrails, scp.SidLogKey} {
				if _, ok := statementBySid(t, docs, sid); ok {
					t.Errorf("statement %s emitted without being asked for", sid)
				}
			}
		},
	}, {
		name:   "everything",
		reason: "break-glass role, trail and key protection, and the log archive account narrowing the account-level statement",
		cfg: scp.Config{
			Bucket:            bucket,
			BreakGlassRoles:   []string{breakGlass},
			ProtectTrails:     []string{trail},
			ProtectKeyARN:     keyARN,
			LogArchiveAccount: logAccount,
			ManagementAccount: mgmt,
		},
		golden: "testdata/protect-all.golden.json",
		check: func(t *testing.T, docs []*policy.Document) {
			for _, sid := range []string{scp.SidLogBucket, scp.SidAccountPublicAccess, scp.SidTrails, scp.SidLogKey} {
				s, ok := statementBySid(t, docs, sid)
				if !ok {
					t.Errorf("statement %s missing", sid)
					continue
				}
				if diff := cmp.Diff([]string{breakGlass}, conditionValues(s, "ArnNotLike", "aws:PrincipalArn")); diff != "" {
					t.Errorf("%s: break-glass exemption (-want +got):\n%s", sid, diff)
				}
			}
			a, _ := statementBySid(t, docs, scp.SidAccountPublicAccess)
			if diff := cmp.Diff([]string{logAccount}, conditionValues(a, "StringEquals", "aws:PrincipalAccount")); diff != "" {
				t.Errorf("account-level statement must be limited to the log archive account (-want +got):\n%s", diff)
			}
			tr, _ := statementBySid(t, docs, scp.SidTrails)
			if diff := cmp.Diff([]string{trail}, values(tr.Resource)); diff != "" {
				t.Errorf("trail statement Resource (-want +got):\n%s", diff)
			}
			k, _ := statementBySid(t, docs, scp.SidLogKey)
			if diff := cmp.Diff([]string{keyARN}, values(k.Resource)); diff != "" {
				t.Errorf("key statement Resource (-want +got):\n%s", diff)
			}
		},
	}, {
		name:   "allow-object-overwrite",
		reason: "AllowObjectOverwrite drops s3:PutObject and nothing else",
		cfg:    scp.Config{Bucket: bucket, AllowObjectOverwrite: true},
		check: func(t *testing.T, docs []*policy.Document) {
			def, err := scp.Build(scp.Config{Bucket: bucket})
			if err != nil {
				t.Fatal(err)
			}
			want, _ := statementBySid(t, def, scp.SidLogBucket)
			got, _ := statementBySid(t, docs, scp.SidLogBucket)
			wantActions := slices.DeleteFunc(slices.Clone(values(want.Action)), func(a string) bool { return a == "s3:PutObject" })
			if len(wantActions) != len(values(want.Action))-1 {
				t.Fatalf("the default bucket statement should hold s3:PutObject: %v", values(want.Action))
			}
			if diff := cmp.Diff(wantActions, values(got.Action)); diff != "" {
				t.Errorf("actions (-want +got):\n%s", diff)
			}
		},
	}, {
		name:   "allow-object-deletion",
		reason: "AllowObjectDeletion reproduces the published bucket-only Resource",
		cfg:    scp.Config{Bucket: bucket, AllowObjectDeletion: true},
		golden: "testdata/allow-object-deletion.golden.json",
		check: func(t *testing.T, docs []*policy.Document) {
			s, _ := statementBySid(t, docs, scp.SidLogBucket)
			if diff := cmp.Diff([]string{"arn:aws:s3:::gov-my-cloudtrail"}, values(s.Resource)); diff != "" {
				t.Errorf("Resource (-want +got):\n%s", diff)
			}
		},
	}, {
		name:   "china-partition",
		reason: "every ARN the package writes carries the configured partition",
		cfg: scp.Config{
			Partition:       policy.PartitionChina,
			Bucket:          bucket,
			BreakGlassRoles: []string{"arn:aws-cn:iam::222222222222:role/BreakGlass"},
			ProtectTrails:   []string{"arn:aws-cn:cloudtrail:cn-north-1:222222222222:trail/org-logs"},
			ProtectKeyARN:   "arn:aws-cn:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		},
		check: func(t *testing.T, docs []*policy.Document) {
			b, _ := docs[0].CompactJSON()
			if strings.Contains(string(b), "arn:aws:") {
				t.Errorf("commercial-partition ARN in an aws-cn document: %s", b)
			}
			s, _ := statementBySid(t, docs, scp.SidLogBucket)
			if diff := cmp.Diff([]string{"arn:aws-cn:s3:::gov-my-cloudtrail", "arn:aws-cn:s3:::gov-my-cloudtrail/*"}, values(s.Resource)); diff != "" {
				t.Errorf("Resource (-want +got):\n%s", diff)
			}
		},
	}, {
		name:   "role-pattern-and-path",
		reason: "a * in the role name and a literal path (IAM Identity Center roles) are accepted as given",
		cfg: scp.Config{Bucket: bucket, BreakGlassRoles: []string{
			"arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_BreakGlass_*",
		}},
		check: func(t *testing.T, docs []*policy.Document) {
			s, _ := statementBySid(t, docs, scp.SidLogBucket)
			want := []string{"arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_BreakGlass_*"}
			if diff := cmp.Diff(want, conditionValues(s, "ArnNotLike", "aws:PrincipalArn")); diff != "" {
				t.Errorf("exemption (-want +got):\n%s", diff)
			}
		},
	}, {
		name:   "management-account-alone",
		reason: "a ManagementAccount that differs from everything protected changes nothing in the output",
		cfg:    scp.Config{Bucket: bucket, ManagementAccount: mgmt},
		check: func(t *testing.T, docs []*policy.Document) {
			def, err := scp.Build(scp.Config{Bucket: bucket})
			if err != nil {
				t.Fatal(err)
			}
			golden.Compare(t, def[0], docs[0])
		},
	}}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			docs, err := scp.Build(tt.cfg)
			if err != nil {
				t.Fatalf("Build: %v (%s)", err, tt.reason)
			}
			if len(docs) != 1 {
				t.Fatalf("got %d documents, want 1 (%s)", len(docs), tt.reason)
			}
			for _, d := range docs {
				if d.Kind != policy.KindSCP {
					t.Errorf("Kind = %v, want %v", d.Kind, policy.KindSCP)
				}
				for _, s := range d.Statements {
					if s.Effect != iampolicy.EffectDeny {
						t.Errorf("%s: Effect %s; an SCP that protects logs only denies", s.Sid, s.Effect)
					}
				}
			}
			if tt.golden != "" {
				golden.Check(t, docs[0], tt.golden)
			} else {
				golden.RoundTrip(t, docs[0])
				if err := docs[0].Validate(); err != nil {
					t.Error(err)
				}
			}
			tt.check(t, docs)
		})
	}
}

// TestBuildCanonicalInputs checks that set-like inputs are sorted and
// de-duplicated in the output and that the caller's slices are untouched.
func TestBuildCanonicalInputs(t *testing.T) {
	roles := []string{"arn:aws:iam::222222222222:role/Z", breakGlass, "arn:aws:iam::222222222222:role/Z"}
	trails := []string{trail, "arn:aws:cloudtrail:eu-west-1:222222222222:trail/a-trail", trail}
	rolesBefore, trailsBefore := slices.Clone(roles), slices.Clone(trails)

	got, err := scp.Build(scp.Config{Bucket: bucket, BreakGlassRoles: roles, ProtectTrails: trails})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(rolesBefore, roles); diff != "" {
		t.Errorf("Build modified BreakGlassRoles (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(trailsBefore, trails); diff != "" {
		t.Errorf("Build modified ProtectTrails (-before +after):\n%s", diff)
	}
	want, err := scp.Build(scp.Config{
		Bucket:          bucket,
		BreakGlassRoles: []string{breakGlass, "arn:aws:iam::222222222222:role/Z"},
		ProtectTrails:   []string{"arn:aws:cloudtrail:eu-west-1:222222222222:trail/a-trail", trail},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := want[0].JSON()
	b, _ := got[0].JSON()
	if diff := cmp.Diff(string(a), string(b)); diff != "" {
		t.Errorf("order or duplicates in the input changed the output (-sorted input +shuffled input):\n%s", diff)
	}
	s, _ := statementBySid(t, got, scp.SidLogBucket)
	if diff := cmp.Diff([]string{breakGlass, "arn:aws:iam::222222222222:role/Z"}, conditionValues(s, "ArnNotLike", "aws:PrincipalArn")); diff != "" {
		t.Errorf("exemption list (-want +got):\n%s", diff)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		cfg    scp.Config
		want   []golden.Problem
	}{{
		name:   "no-bucket",
		reason: "the bucket is the one required field",
		cfg:    scp.Config{},
		want:   []golden.Problem{{Field: "Bucket", Value: "", Err: policy.ErrRequired}},
	}, {
		name:   "placeholder-bucket",
		reason: "the published placeholder is upper case, which S3 bucket names never are",
		cfg:    scp.Config{Bucket: "YOUR-BUCKET"},
		want:   []golden.Problem{{Field: "Bucket", Value: "YOUR-BUCKET", Err: policy.ErrBucketName}},
	}, {
		name:   "bucket-arn-instead-of-name",
		reason: "Bucket takes the name; the package writes the ARN",
		cfg:    scp.Config{Bucket: "arn:aws:s3:::gov-my-cloudtrail"},
		want:   []golden.Problem{{Field: "Bucket", Value: "arn:aws:s3:::gov-my-cloudtrail", Err: policy.ErrBucketName}},
	}, {
		name:   "exemption-is-a-user",
		reason: "only IAM roles can be exempted",
		cfg:    scp.Config{Bucket: bucket, BreakGlassRoles: []string{"arn:aws:iam::222222222222:user/alice"}},
		want:   []golden.Problem{{Field: "BreakGlassRoles[0]", Value: "arn:aws:iam::222222222222:user/alice", Err: policy.ErrARN}},
	}, {
		name:   "exemption-is-a-role-name",
		reason: "a bare name is not an ARN pattern",
		cfg:    scp.Config{Bucket: bucket, BreakGlassRoles: []string{"BreakGlass"}},
		want:   []golden.Problem{{Field: "BreakGlassRoles[0]", Value: "BreakGlass", Err: policy.ErrARN}},
	}, {
		name:   "exemption-wildcard-account",
		reason: "a wildcard account would exempt the role name in every account",
		cfg:    scp.Config{Bucket: bucket, BreakGlassRoles: []string{"arn:aws:iam::*:role/BreakGlass"}},
		want:   []golden.Problem{{Field: "BreakGlassRoles[0]", Value: "arn:aws:iam::*:role/BreakGlass", Err: policy.ErrARN}},
	}, {
		name:   "exemption-wildcard-path",
		reason: "* is allowed only in the role name",
		cfg:    scp.Config{Bucket: bucket, BreakGlassRoles: []string{"arn:aws:iam::222222222222:role/*/BreakGlass"}},
		want:   []golden.Problem{{Field: "BreakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/*/BreakGlass", Err: policy.ErrARN}},
	}, {
		name:   "exemption-every-role",
		reason: "role/* would exempt every role of the account",
		cfg:    scp.Config{Bucket: bucket, BreakGlassRoles: []string{"arn:aws:iam::222222222222:role/*"}},
		want:   []golden.Problem{{Field: "BreakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/*", Err: policy.ErrARN}},
	}, {
		name:   "exemption-question-mark",
		reason: "only * is accepted as a wildcard",
		cfg:    scp.Config{Bucket: bucket, BreakGlassRoles: []string{"arn:aws:iam::222222222222:role/BreakGlass?"}},
		want:   []golden.Problem{{Field: "BreakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/BreakGlass?", Err: policy.ErrARN}},
	}, {
		name:   "exemption-other-partition",
		reason: "an aws-us-gov role never matches in the aws partition",
		cfg:    scp.Config{Bucket: bucket, BreakGlassRoles: []string{breakGlass, "arn:aws-us-gov:iam::222222222222:role/BreakGlass"}},
		want:   []golden.Problem{{Field: "BreakGlassRoles[1]", Value: "arn:aws-us-gov:iam::222222222222:role/BreakGlass", Err: policy.ErrARN}},
	}, {
		name:   "exemption-bad-character",
		reason: "with * replaced, the name must be a valid role name",
		cfg:    scp.Config{Bucket: bucket, BreakGlassRoles: []string{"arn:aws:iam::222222222222:role/Break Glass*"}},
		want:   []golden.Problem{{Field: "BreakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/Break Glass*", Err: policy.ErrARN}},
	}, {
		name:   "malformed-trail",
		reason: "the trail resource needs the trail/ prefix",
		cfg:    scp.Config{Bucket: bucket, ProtectTrails: []string{"arn:aws:cloudtrail:eu-west-1:222222222222:security-trail"}},
		want:   []golden.Problem{{Field: "ProtectTrails[0]", Value: "arn:aws:cloudtrail:eu-west-1:222222222222:security-trail", Err: policy.ErrARN}},
	}, {
		name:   "trail-name-not-arn",
		reason: "ProtectTrails takes ARNs, because the SCP's Resource needs the account and home Region",
		cfg:    scp.Config{Bucket: bucket, ProtectTrails: []string{trail, "security-trail"}},
		want:   []golden.Problem{{Field: "ProtectTrails[1]", Value: "security-trail", Err: policy.ErrARN}},
	}, {
		name:   "organization-trail",
		reason: "a trail owned by the management account is beyond any SCP",
		cfg:    scp.Config{Bucket: bucket, ManagementAccount: mgmt, ProtectTrails: []string{"arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail"}},
		want:   []golden.Problem{{Field: "ProtectTrails[0]", Value: "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail", Err: policy.ErrConflict}},
	}, {
		name:   "malformed-key",
		reason: "an alias is not the key: it resolves in the caller's account and can be repointed",
		cfg:    scp.Config{Bucket: bucket, ProtectKeyARN: "arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail"},
		want:   []golden.Problem{{Field: "ProtectKeyARN", Value: "arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail", Err: policy.ErrARN}},
	}, {
		name:   "key-id-not-arn",
		reason: "a bare key ID does not say which account's key",
		cfg:    scp.Config{Bucket: bucket, ProtectKeyARN: "1234abcd-12ab-34cd-56ef-1234567890ab"},
		want:   []golden.Problem{{Field: "ProtectKeyARN", Value: "1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrARN}},
	}, {
		name:   "key-in-management-account",
		reason: "no SCP protects a key in the management account",
		cfg:    scp.Config{Bucket: bucket, ManagementAccount: mgmt, ProtectKeyARN: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
		want:   []golden.Problem{{Field: "ProtectKeyARN", Value: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrConflict}},
	}, {
		name:   "key-other-partition",
		reason: "the key must be in the configured partition",
		cfg:    scp.Config{Bucket: bucket, ProtectKeyARN: "arn:aws-cn:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
		want:   []golden.Problem{{Field: "ProtectKeyARN", Value: "arn:aws-cn:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrARN}},
	}, {
		name:   "log-account-is-management-account",
		reason: "SCPs never apply to the management account, so the policy would protect nothing",
		cfg:    scp.Config{Bucket: bucket, LogArchiveAccount: mgmt, ManagementAccount: mgmt},
		want:   []golden.Problem{{Field: "LogArchiveAccount", Value: mgmt, Err: policy.ErrConflict}},
	}, {
		name:   "bad-accounts",
		reason: "account IDs are 12 digits",
		cfg:    scp.Config{Bucket: bucket, LogArchiveAccount: "22222222222", ManagementAccount: "1111-1111-1111"},
		want: []golden.Problem{
			{Field: "LogArchiveAccount", Value: "22222222222", Err: policy.ErrAccountID},
			{Field: "ManagementAccount", Value: "1111-1111-1111", Err: policy.ErrAccountID},
		},
	}, {
		name:   "negative-size-limit",
		reason: "a size limit is a positive number of characters, or 0 for the default",
		cfg:    scp.Config{Bucket: bucket, SizeLimit: -1},
		want:   []golden.Problem{{Field: "SizeLimit", Value: "-1", Err: policy.ErrUnsupported}},
	}, {
		name:   "bad-partition",
		reason: "only aws, aws-cn and aws-us-gov",
		cfg:    scp.Config{Bucket: bucket, Partition: "aws-iso"},
		want:   []golden.Problem{{Field: "Partition", Value: "aws-iso", Err: policy.ErrPartition}},
	}, {
		name:   "all-at-once",
		reason: "every problem is reported, not just the first",
		cfg: scp.Config{
			Bucket:            "YOUR-BUCKET",
			BreakGlassRoles:   []string{"arn:aws:iam::222222222222:role/*"},
			ProtectTrails:     []string{"arn:aws:cloudtrail:eu-west-1:222222222222:security-trail"},
			ProtectKeyARN:     "arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail",
			LogArchiveAccount: mgmt,
			ManagementAccount: mgmt,
		},
		want: []golden.Problem{
			{Field: "Bucket", Value: "YOUR-BUCKET", Err: policy.ErrBucketName},
			{Field: "BreakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/*", Err: policy.ErrARN},
			{Field: "ProtectTrails[0]", Value: "arn:aws:cloudtrail:eu-west-1:222222222222:security-trail", Err: policy.ErrARN},
			{Field: "ProtectKeyARN", Value: "arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail", Err: policy.ErrARN},
			{Field: "LogArchiveAccount", Value: mgmt, Err: policy.ErrConflict},
		},
	}}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			docs, err := scp.Build(tt.cfg)
			golden.CheckProblems(t, docs, err, tt.want)
			// Build reports problems in the order of Config's fields.
			var got []string
			for _, e := range policy.Unjoin(err) {
				var fe *policy.FieldError
				if errors.As(e, &fe) {
					got = append(got, fe.Field)
				}
			}
			var want []string
			for _, w := range tt.want {
				want = append(want, w.Field)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("order of problems (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}
