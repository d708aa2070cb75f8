package scp_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
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
	orgID      = "o-exampleorgid"
)

// site returns the smallest valid logging site of the bucket: one
// delivering account, the log account.
func site(bucketName string) cloudtrail.SiteConfig {
	return cloudtrail.SiteConfig{Bucket: bucketName, Accounts: []string{logAccount}}
}

// org returns the organization whose management account is mgmt.
func org() *cloudtrail.Organization {
	return &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt}
}

// buildSetup builds the SCPs as the setup does: cloudtrail.New validates
// the shared values of sc, then scp.Build (cfg.Site set to the result)
// checks the SCP's own options. It returns Build's documents and the
// problems of both, without the one that only says the site is incomplete
// (whose problems New reported), so that a test sees what a user sees.
func buildSetup(sc cloudtrail.SiteConfig, cfg scp.Config) ([]*policy.Document, error) {
	s, siteErr := cloudtrail.New(sc)
	cfg.Site = s
	docs, err := scp.Build(cfg)
	var errs []error
	for _, e := range policy.Unjoin(errors.Join(siteErr, err)) {
		if !errors.Is(e, cloudtrail.ErrIncompleteSite) {
			errs = append(errs, e)
		}
	}
	return docs, errors.Join(errs...)
}

// mustBuild is buildSetup for valid input: it fails t on any problem.
func mustBuild(t testing.TB, sc cloudtrail.SiteConfig, cfg scp.Config) []*policy.Document {
	t.Helper()
	docs, err := buildSetup(sc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

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
	// everything is a site whose every shared value the SCP uses is set.
	everything := cloudtrail.SiteConfig{
		Bucket:            bucket,
		Accounts:          []string{logAccount},
		Organization:      org(),
		LogArchiveAccount: logAccount,
		KMSKeyARN:         keyARN,
		BreakGlassRoles:   []string{breakGlass},
	}
	withTrails := everything
	withTrails.Trails = []string{trail, "arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail"}
	checkEverything := func(t *testing.T, docs []*policy.Document) {
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
	}
	tests := []struct {
		name   string
		reason string
		site   cloudtrail.SiteConfig
		cfg    scp.Config // Site is set from site
		golden string     // testdata file for the only document; "" for none
		check  func(t *testing.T, docs []*policy.Document)
	}{{
		name:   "default",
		reason: "the corrected anti-deletion SCP: bucket and objects, plus the account-level statement",
		site:   site(bucket),
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
		name:   "trail-creation-and-tagging",
		reason: "DenyTrailCreationAndTagging: CreateTrail, StartLogging, AddTags and RemoveTags join DenyTrailTampering, sorted, on the same trail and exemption",
		site:   everything,
		cfg:    scp.Config{Options: scp.Options{ProtectTrails: []string{trail}, DenyTrailCreationAndTagging: true}},
		golden: "testdata/trail-creation-and-tagging.golden.json",
		check: func(t *testing.T, docs []*policy.Document) {
			tr, _ := statementBySid(t, docs, scp.SidTrails)
			want := []string{"cloudtrail:AddTags", "cloudtrail:CreateTrail", "cloudtrail:DeleteTrail", "cloudtrail:PutEventConfiguration",
				"cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors", "cloudtrail:RemoveTags", "cloudtrail:StartLogging",
				"cloudtrail:StopLogging", "cloudtrail:UpdateTrail"}
			if diff := cmp.Diff(want, values(tr.Action)); diff != "" {
				t.Errorf("trail statement Action (-want +got):\n%s", diff)
			}
		},
	}, {
		name:   "everything",
		reason: "break-glass role, trail and key protection, and the log archive account narrowing the account-level statement",
		site:   everything,
		cfg:    scp.Config{Options: scp.Options{ProtectTrails: []string{trail}}},
		golden: "testdata/protect-all.golden.json",
		check:  checkEverything,
	}, {
		name:   "site-trails",
		reason: "the site's trails are protected, the organization trail of the management account too: the CloudTrail delegated administrator, a member account, may manage it",
		site:   withTrails,
		golden: "testdata/site-trails.golden.json",
		check: func(t *testing.T, docs []*policy.Document) {
			tr, _ := statementBySid(t, docs, scp.SidTrails)
			if diff := cmp.Diff(withTrails.Trails, values(tr.Resource)); diff != "" {
				t.Errorf("trail statement Resource (-want +got):\n%s", diff)
			}
		},
	}, {
		name:   "leave-key-unprotected",
		reason: "scp.leaveKeyUnprotected drops the key statement, also for a key in the management account",
		site: func() cloudtrail.SiteConfig {
			c := everything
			c.KMSKeyARN = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			return c
		}(),
		cfg: scp.Config{Options: scp.Options{LeaveKeyUnprotected: true}},
		check: func(t *testing.T, docs []*policy.Document) {
			if _, ok := statementBySid(t, docs, scp.SidLogKey); ok {
				t.Errorf("statement %s emitted with LeaveKeyUnprotected", scp.SidLogKey)
			}
		},
	}, {
		name:   "allow-object-overwrite",
		reason: "AllowObjectOverwrite drops s3:PutObject and nothing else",
		site:   site(bucket),
		cfg:    scp.Config{Options: scp.Options{AllowObjectOverwrite: true}},
		check: func(t *testing.T, docs []*policy.Document) {
			def := mustBuild(t, site(bucket), scp.Config{})
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
		site:   site(bucket),
		cfg:    scp.Config{AllowObjectDeletion: true},
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
		site: cloudtrail.SiteConfig{
			Partition:       policy.PartitionChina,
			Bucket:          bucket,
			Accounts:        []string{logAccount},
			BreakGlassRoles: []string{"arn:aws-cn:iam::222222222222:role/BreakGlass"},
			KMSKeyARN:       "arn:aws-cn:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		},
		cfg: scp.Config{Options: scp.Options{ProtectTrails: []string{"arn:aws-cn:cloudtrail:cn-north-1:222222222222:trail/org-logs"}}},
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
		site: cloudtrail.SiteConfig{Bucket: bucket, Accounts: []string{logAccount}, BreakGlassRoles: []string{
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
		reason: "a management account that differs from everything protected changes nothing in the output",
		site:   cloudtrail.SiteConfig{Bucket: bucket, Organization: org()},
		check: func(t *testing.T, docs []*policy.Document) {
			def := mustBuild(t, site(bucket), scp.Config{})
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
			docs, err := buildSetup(tt.site, tt.cfg)
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

// TestBuildOmit checks that scp.omit builds nothing and reports nothing,
// whatever else is set.
func TestBuildOmit(t *testing.T) {
	s, err := cloudtrail.New(site(bucket))
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []scp.Config{
		{Site: s, Options: scp.Options{Omit: true}},
		{Site: s, Options: scp.Options{Omit: true, SizeLimit: -1, ProtectTrails: []string{"security-trail"}}},
		{Options: scp.Options{Omit: true}},
	} {
		docs, err := scp.Build(cfg)
		if docs != nil || err != nil {
			t.Errorf("Build(%+v) = %v, %v; want nil, nil", cfg.Options, docs, err)
		}
	}
}

// TestBuildIncompleteSite checks that Build refuses a nil Site and one that
// cloudtrail.New returned with an error, and still checks its own options
// against what such a Site holds.
func TestBuildIncompleteSite(t *testing.T) {
	docs, err := scp.Build(scp.Config{})
	if docs != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite) {
		t.Errorf("Build with a nil Site = %v, %v; want no document and an error wrapping ErrIncompleteSite", docs, err)
	}

	// The bucket is wrong; the management account and log archive account
	// are valid, so the SCP's own checks still see them.
	s, siteErr := cloudtrail.New(cloudtrail.SiteConfig{Bucket: "YOUR-BUCKET", Organization: org(), LogArchiveAccount: mgmt})
	if siteErr == nil {
		t.Fatal("test setup: cloudtrail.New accepted an invalid bucket")
	}
	docs, err = scp.Build(scp.Config{Site: s, Options: scp.Options{SizeLimit: -1}})
	if docs != nil {
		t.Errorf("Build returned documents from an incomplete site")
	}
	if !errors.Is(err, cloudtrail.ErrIncompleteSite) {
		t.Errorf("error %v does not wrap ErrIncompleteSite", err)
	}
	var fields []string
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if errors.As(e, &fe) && !errors.Is(e, cloudtrail.ErrIncompleteSite) {
			fields = append(fields, fe.Field)
		}
	}
	if diff := cmp.Diff([]string{"logArchiveAccount", "scp.sizeLimit"}, fields); diff != "" {
		t.Errorf("the SCP's own problems with an incomplete site (-want +got):\n%s\nerror: %v", diff, err)
	}
}

// TestBuildCanonicalInputs checks that set-like inputs are sorted and
// de-duplicated in the output and that the caller's slices are untouched.
func TestBuildCanonicalInputs(t *testing.T) {
	roles := []string{"arn:aws:iam::222222222222:role/Z", breakGlass, "arn:aws:iam::222222222222:role/Z"}
	trails := []string{trail, "arn:aws:cloudtrail:eu-west-1:222222222222:trail/a-trail", trail}
	rolesBefore, trailsBefore := slices.Clone(roles), slices.Clone(trails)

	sc := site(bucket)
	sc.BreakGlassRoles = roles
	got := mustBuild(t, sc, scp.Config{Options: scp.Options{ProtectTrails: trails}})
	if diff := cmp.Diff(rolesBefore, roles); diff != "" {
		t.Errorf("Build modified breakGlassRoles (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(trailsBefore, trails); diff != "" {
		t.Errorf("Build modified scp.protectTrails (-before +after):\n%s", diff)
	}
	sorted := site(bucket)
	sorted.BreakGlassRoles = []string{breakGlass, "arn:aws:iam::222222222222:role/Z"}
	want := mustBuild(t, sorted, scp.Config{Options: scp.Options{
		ProtectTrails: []string{"arn:aws:cloudtrail:eu-west-1:222222222222:trail/a-trail", trail},
	}})
	a, _ := want[0].JSON()
	b, _ := got[0].JSON()
	if diff := cmp.Diff(string(a), string(b)); diff != "" {
		t.Errorf("order or duplicates in the input changed the output (-sorted input +shuffled input):\n%s", diff)
	}
	s, _ := statementBySid(t, got, scp.SidLogBucket)
	if diff := cmp.Diff([]string{breakGlass, "arn:aws:iam::222222222222:role/Z"}, conditionValues(s, "ArnNotLike", "aws:PrincipalArn")); diff != "" {
		t.Errorf("exemption list (-want +got):\n%s", diff)
	}
	// A trail both in the site and in scp.protectTrails is protected once.
	both := site(bucket)
	both.Trails = []string{trail}
	docs := mustBuild(t, both, scp.Config{Options: scp.Options{ProtectTrails: []string{trail}}})
	tr, _ := statementBySid(t, docs, scp.SidTrails)
	if diff := cmp.Diff([]string{trail}, values(tr.Resource)); diff != "" {
		t.Errorf("trail statement Resource (-want +got):\n%s", diff)
	}
}

func TestBuildErrors(t *testing.T) {
	withRoles := func(roles ...string) cloudtrail.SiteConfig {
		c := site(bucket)
		c.BreakGlassRoles = roles
		return c
	}
	withKey := func(key string) cloudtrail.SiteConfig {
		c := site(bucket)
		c.KMSKeyARN = key
		return c
	}
	protect := func(trails ...string) scp.Config {
		return scp.Config{Options: scp.Options{ProtectTrails: trails}}
	}
	tests := []struct {
		name   string
		reason string
		site   cloudtrail.SiteConfig
		cfg    scp.Config // Site is set from site
		want   []golden.Problem
		says   string // when set, the error must contain it
	}{{
		name:   "no-bucket",
		reason: "the bucket is the one required field",
		site:   cloudtrail.SiteConfig{Accounts: []string{logAccount}},
		want:   []golden.Problem{{Field: "bucket", Value: "", Err: policy.ErrRequired}},
	}, {
		name:   "trail-creation-without-trails",
		reason: "the added actions are denied on the protected trails, so without any they would deny nothing",
		site:   site(bucket),
		cfg:    scp.Config{Options: scp.Options{DenyTrailCreationAndTagging: true}},
		want:   []golden.Problem{{Field: "scp.denyTrailCreationAndTagging", Value: "true", Err: policy.ErrConflict}},
	}, {
		name:   "placeholder-bucket",
		reason: "the published placeholder is upper case, which S3 bucket names never are",
		site:   site("YOUR-BUCKET"),
		want:   []golden.Problem{{Field: "bucket", Value: "YOUR-BUCKET", Err: policy.ErrBucketName}},
	}, {
		name:   "bucket-arn-instead-of-name",
		reason: "bucket takes the name; the package writes the ARN",
		site:   site("arn:aws:s3:::gov-my-cloudtrail"),
		want:   []golden.Problem{{Field: "bucket", Value: "arn:aws:s3:::gov-my-cloudtrail", Err: policy.ErrBucketName}},
	}, {
		name:   "exemption-is-a-user",
		reason: "only IAM roles can be exempted",
		site:   withRoles("arn:aws:iam::222222222222:user/alice"),
		want:   []golden.Problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::222222222222:user/alice", Err: policy.ErrARN}},
	}, {
		name:   "exemption-is-a-role-name",
		reason: "a bare name is not an ARN pattern",
		site:   withRoles("BreakGlass"),
		want:   []golden.Problem{{Field: "breakGlassRoles[0]", Value: "BreakGlass", Err: policy.ErrARN}},
	}, {
		name:   "exemption-partial-account",
		reason: "the account is 12 digits or * (every account, as Control Tower writes it), never part of one",
		site:   withRoles("arn:aws:iam::2222*:role/BreakGlass"),
		want:   []golden.Problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::2222*:role/BreakGlass", Err: policy.ErrARN}},
	}, {
		name:   "exemption-every-role-of-every-account",
		reason: "role/* in every account would exempt everyone",
		site:   withRoles("arn:aws:iam::*:role/*"),
		want:   []golden.Problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::*:role/*", Err: policy.ErrARN}},
	}, {
		name:   "trail-pattern-question-mark",
		reason: "a trail pattern takes * only",
		site:   site(bucket),
		cfg:    protect("arn:aws:cloudtrail:*:*:trail/aws-controltower-?"),
		want:   []golden.Problem{{Field: "scp.protectTrails[0]", Value: "arn:aws:cloudtrail:*:*:trail/aws-controltower-?", Err: policy.ErrARN}},
	}, {
		name:   "trail-pattern-partial-account",
		reason: "the account of a trail pattern is 12 digits or *",
		site:   site(bucket),
		cfg:    protect("arn:aws:cloudtrail:*:12*:trail/x*"),
		want:   []golden.Problem{{Field: "scp.protectTrails[0]", Value: "arn:aws:cloudtrail:*:12*:trail/x*", Err: policy.ErrARN}},
	}, {
		name:   "exemption-wildcard-path",
		reason: "* is allowed only in the role name",
		site:   withRoles("arn:aws:iam::222222222222:role/*/BreakGlass"),
		want:   []golden.Problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/*/BreakGlass", Err: policy.ErrARN}},
	}, {
		name:   "exemption-every-role",
		reason: "role/* would exempt every role of the account",
		site:   withRoles("arn:aws:iam::222222222222:role/*"),
		want:   []golden.Problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/*", Err: policy.ErrARN}},
	}, {
		name:   "exemption-question-mark",
		reason: "only * is accepted as a wildcard",
		site:   withRoles("arn:aws:iam::222222222222:role/BreakGlass?"),
		want:   []golden.Problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/BreakGlass?", Err: policy.ErrARN}},
	}, {
		name:   "exemption-other-partition",
		reason: "an aws-us-gov role never matches in the aws partition",
		site:   withRoles(breakGlass, "arn:aws-us-gov:iam::222222222222:role/BreakGlass"),
		want:   []golden.Problem{{Field: "breakGlassRoles[1]", Value: "arn:aws-us-gov:iam::222222222222:role/BreakGlass", Err: policy.ErrARN}},
	}, {
		name:   "exemption-bad-character",
		reason: "with * replaced, the name must be a valid role name",
		site:   withRoles("arn:aws:iam::222222222222:role/Break Glass*"),
		want:   []golden.Problem{{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/Break Glass*", Err: policy.ErrARN}},
	}, {
		name:   "malformed-trail",
		reason: "the trail resource needs the trail/ prefix",
		site:   site(bucket),
		cfg:    protect("arn:aws:cloudtrail:eu-west-1:222222222222:security-trail"),
		want:   []golden.Problem{{Field: "scp.protectTrails[0]", Value: "arn:aws:cloudtrail:eu-west-1:222222222222:security-trail", Err: policy.ErrARN}},
	}, {
		name:   "trail-name-not-arn",
		reason: "scp.protectTrails takes ARNs, because the SCP's Resource needs the account and home Region",
		site:   site(bucket),
		cfg:    protect(trail, "security-trail"),
		want:   []golden.Problem{{Field: "scp.protectTrails[1]", Value: "security-trail", Err: policy.ErrARN}},
	}, {
		name:   "trail-other-partition",
		reason: "a protected trail must be in the setup's partition",
		site:   site(bucket),
		cfg:    protect("arn:aws-cn:cloudtrail:cn-north-1:222222222222:trail/org-logs"),
		want:   []golden.Problem{{Field: "scp.protectTrails[0]", Value: "arn:aws-cn:cloudtrail:cn-north-1:222222222222:trail/org-logs", Err: policy.ErrARN}},
	}, {
		name:   "malformed-key",
		reason: "an alias is not the key: it resolves in the caller's account and can be repointed",
		site:   withKey("arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail"),
		want:   []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail", Err: policy.ErrARN}},
	}, {
		name:   "key-id-not-arn",
		reason: "a bare key ID does not say which account's key",
		site:   withKey("1234abcd-12ab-34cd-56ef-1234567890ab"),
		want:   []golden.Problem{{Field: "kmsKeyArn", Value: "1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrARN}},
	}, {
		name:   "key-in-management-account",
		reason: "no SCP protects a key in the management account; the error says how to leave it out",
		site:   cloudtrail.SiteConfig{Bucket: bucket, Organization: org(), KMSKeyARN: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
		want:   []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrConflict}},
		says:   "set scp.leaveKeyUnprotected",
	}, {
		name:   "key-other-partition",
		reason: "the key must be in the configured partition",
		site:   withKey("arn:aws-cn:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		want:   []golden.Problem{{Field: "kmsKeyArn", Value: "arn:aws-cn:kms:cn-north-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab", Err: policy.ErrARN}},
	}, {
		name:   "log-account-is-management-account",
		reason: "SCPs never apply to the management account, so the policy would protect nothing",
		site:   cloudtrail.SiteConfig{Bucket: bucket, LogArchiveAccount: mgmt, Organization: org()},
		want:   []golden.Problem{{Field: "logArchiveAccount", Value: mgmt, Err: policy.ErrConflict}},
	}, {
		name:   "bad-accounts",
		reason: "account IDs are 12 digits",
		site: cloudtrail.SiteConfig{Bucket: bucket, LogArchiveAccount: "22222222222",
			Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: "1111-1111-1111"}},
		want: []golden.Problem{
			{Field: "logArchiveAccount", Value: "22222222222", Err: policy.ErrAccountID},
			{Field: "organization.managementAccount", Value: "1111-1111-1111", Err: policy.ErrAccountID},
		},
	}, {
		name:   "negative-size-limit",
		reason: "a size limit is a positive number of characters, or 0 for the default",
		site:   site(bucket),
		cfg:    scp.Config{Options: scp.Options{SizeLimit: -1}},
		want:   []golden.Problem{{Field: "scp.sizeLimit", Value: "-1", Err: policy.ErrUnsupported}},
	}, {
		name:   "bad-partition",
		reason: "only aws, aws-cn and aws-us-gov",
		site:   cloudtrail.SiteConfig{Partition: "aws-iso", Bucket: bucket, Accounts: []string{logAccount}},
		want:   []golden.Problem{{Field: "partition", Value: "aws-iso", Err: policy.ErrPartition}},
	}, {
		name:   "all-at-once",
		reason: "every problem is reported, not just the first: the site's, then the SCP's own",
		site: cloudtrail.SiteConfig{
			Bucket:            "YOUR-BUCKET",
			BreakGlassRoles:   []string{"arn:aws:iam::222222222222:role/*"},
			KMSKeyARN:         "arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail",
			LogArchiveAccount: mgmt,
			Organization:      org(),
		},
		cfg: protect("arn:aws:cloudtrail:eu-west-1:222222222222:security-trail"),
		want: []golden.Problem{
			{Field: "bucket", Value: "YOUR-BUCKET", Err: policy.ErrBucketName},
			{Field: "kmsKeyArn", Value: "arn:aws:kms:eu-west-1:222222222222:alias/cloudtrail", Err: policy.ErrARN},
			{Field: "breakGlassRoles[0]", Value: "arn:aws:iam::222222222222:role/*", Err: policy.ErrARN},
			{Field: "scp.protectTrails[0]", Value: "arn:aws:cloudtrail:eu-west-1:222222222222:security-trail", Err: policy.ErrARN},
			{Field: "logArchiveAccount", Value: mgmt, Err: policy.ErrConflict},
		},
	}}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			docs, err := buildSetup(tt.site, tt.cfg)
			golden.CheckProblems(t, docs, err, tt.want)
			if tt.says != "" && (err == nil || !strings.Contains(err.Error(), tt.says)) {
				t.Errorf("error %v does not say %q (%s)", err, tt.says, tt.reason)
			}
			// The site's problems come first, in the order cloudtrail.New
			// reports them, then the SCP's own, in the order of Options.
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
