package rcp_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/rcp"
	"github.com/trailpolicy/trailpolicy/scp"
)

// The scenario: the organization o-a1b2c3d4e5 whose management account
// 111111111111 owns the organization trail; the log archive account
// 222222222222 owns the bucket; the security account 333333333333 the key.
const (
	bucket     = "org-cloudtrail-logs"
	mgmt       = "111111111111"
	logAccount = "222222222222"
	keyAccount = "333333333333"
	outside    = "444444444444"
	orgID      = "o-a1b2c3d4e5"
	keyARN     = "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	breakGlass = "arn:aws:iam::*:role/BreakGlass"
	orgTrail   = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"
)

// orgSite is the organization-trail site with a key and a break-glass role.
func orgSite() cloudtrail.SiteConfig {
	return cloudtrail.SiteConfig{
		Bucket:            bucket,
		LogArchiveAccount: logAccount,
		Organization:      &cloudtrail.Organization{ID: orgID, ManagementAccount: mgmt},
		KMSKeyARN:         keyARN,
		BreakGlassRoles:   []string{breakGlass},
	}
}

// buildSetup builds the RCPs as a setup does: cloudtrail.New validates the
// shared values, rcp.Build its own options. It returns the problems of
// both, without the one that only says the site is incomplete.
func buildSetup(sc cloudtrail.SiteConfig, opts rcp.Options) ([]*policy.Document, error) {
	s, siteErr := cloudtrail.New(sc)
	docs, err := rcp.Build(rcp.Config{Site: s, Options: opts})
	var errs []error
	for _, e := range policy.Unjoin(errors.Join(siteErr, err)) {
		if !errors.Is(e, cloudtrail.ErrIncompleteSite) {
			errs = append(errs, e)
		}
	}
	return docs, errors.Join(errs...)
}

func mustBuild(t testing.TB, sc cloudtrail.SiteConfig, opts rcp.Options) []*policy.Document {
	t.Helper()
	docs, err := buildSetup(sc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func statement(t *testing.T, docs []*policy.Document, sid string) (iampolicy.Statement, bool) {
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

func conditionValues(s iampolicy.Statement, op, k string) []string {
	v := s.Condition[op][k]
	if v == nil {
		return nil
	}
	strs, _, _ := v.Values()
	return strs
}

func TestBuild(t *testing.T) {
	everything := orgSite()
	everything.Accounts = []string{outside}
	everything.Trails = []string{orgTrail, "arn:aws:cloudtrail:us-east-1:444444444444:trail/own"}
	noKey := orgSite()
	noKey.KMSKeyARN = ""
	tests := []struct {
		name   string
		reason string
		site   cloudtrail.SiteConfig
		opts   rcp.Options
		golden string
		check  func(t *testing.T, docs []*policy.Document)
	}{{
		name:   "organization-trail",
		reason: "the default: the five statements on the bucket, its objects and the key",
		site:   orgSite(),
		golden: "testdata/default.golden.json",
		check: func(t *testing.T, docs []*policy.Document) {
			s, _ := statement(t, docs, rcp.SidConfusedDeputy)
			if diff := cmp.Diff([]string{"arn:aws:cloudtrail:*:111111111111:trail/*"}, conditionValues(s, "ArnNotLikeIfExists", "aws:SourceArn")); diff != "" {
				t.Errorf("CloudTrail's exemption must be the organization trail's account (-want +got):\n%s", diff)
			}
			for _, sid := range []string{rcp.SidLogBucket, rcp.SidLogKey} {
				s, _ := statement(t, docs, sid)
				if diff := cmp.Diff([]string{breakGlass}, conditionValues(s, "ArnNotLike", "aws:PrincipalArn")); diff != "" {
					t.Errorf("%s: break-glass exemption (-want +got):\n%s", sid, diff)
				}
			}
		},
	}, {
		name:   "trusted-accounts-and-exact-trails",
		reason: "rcp.trustedAccounts joins both perimeter statements, sorted and once each; exact trails exempt CloudTrail by ARN",
		site:   everything,
		opts:   rcp.Options{TrustedAccounts: []string{outside, "555555555555", outside}},
		golden: "testdata/trusted-accounts.golden.json",
		check: func(t *testing.T, docs []*policy.Document) {
			want := []string{outside, "555555555555"}
			ids, _ := statement(t, docs, rcp.SidOrgIdentities)
			if diff := cmp.Diff(want, conditionValues(ids, "StringNotEqualsIfExists", "aws:PrincipalAccount")); diff != "" {
				t.Errorf("identity statement (-want +got):\n%s", diff)
			}
			svc, _ := statement(t, docs, rcp.SidConfusedDeputy)
			if diff := cmp.Diff(want, conditionValues(svc, "StringNotEqualsIfExists", "aws:SourceAccount")); diff != "" {
				t.Errorf("confused-deputy statement (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(everything.Trails, conditionValues(svc, "ArnNotLikeIfExists", "aws:SourceArn")); diff != "" {
				t.Errorf("trail exemption (-want +got):\n%s", diff)
			}
		},
	}, {
		name:   "no-key",
		reason: "without a key: no kms:* and no key statement",
		site:   noKey,
		check: func(t *testing.T, docs []*policy.Document) {
			if _, ok := statement(t, docs, rcp.SidLogKey); ok {
				t.Error("key statement without a key")
			}
			s, _ := statement(t, docs, rcp.SidOrgIdentities)
			if diff := cmp.Diff([]string{"s3:*"}, values(s.Action)); diff != "" {
				t.Errorf("Action (-want +got):\n%s", diff)
			}
		},
	}, {
		name:   "leave-key-unprotected",
		reason: "a key in the management account is left out with rcp.leaveKeyUnprotected",
		site: func() cloudtrail.SiteConfig {
			c := orgSite()
			c.KMSKeyARN = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
			return c
		}(),
		opts: rcp.Options{LeaveKeyUnprotected: true},
		check: func(t *testing.T, docs []*policy.Document) {
			for _, d := range docs {
				for _, s := range d.Statements {
					for _, r := range values(s.Resource) {
						if strings.Contains(r, ":kms:") {
							t.Errorf("%s names the key %s", s.Sid, r)
						}
					}
				}
			}
		},
	}, {
		name:   "allow-object-overwrite",
		reason: "rcp.allowObjectOverwrite drops s3:PutObject and nothing else",
		site:   orgSite(),
		opts:   rcp.Options{AllowObjectOverwrite: true},
		check: func(t *testing.T, docs []*policy.Document) {
			s, _ := statement(t, docs, rcp.SidLogBucket)
			want := scp.Strings(scp.BucketActions(), scp.S3PutObject)
			if diff := cmp.Diff(want, values(s.Action)); diff != "" {
				t.Errorf("Action (-want +got):\n%s", diff)
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := mustBuild(t, tt.site, tt.opts)
			if len(docs) != 1 {
				t.Fatalf("got %d documents, want 1", len(docs))
			}
			golden.CheckEmitted(t, docs[0], policy.Limits{})
			if tt.golden != "" {
				golden.Check(t, docs[0], tt.golden)
			}
			for _, s := range docs[0].Statements {
				if s.Effect != iampolicy.EffectDeny {
					t.Errorf("%s: Effect %q; a customer RCP only denies", s.Sid, s.Effect)
				}
			}
			tt.check(t, docs)
		})
	}
}

// TestTamperingActionsAreTheSCPs: the RCP denies what the SCP denies
// member principals, from the same list.
func TestTamperingActionsAreTheSCPs(t *testing.T) {
	sc := orgSite()
	s, err := cloudtrail.New(sc)
	if err != nil {
		t.Fatal(err)
	}
	scps, err := scp.Build(scp.Config{Site: s})
	if err != nil {
		t.Fatal(err)
	}
	rcps := mustBuild(t, sc, rcp.Options{})
	for _, sid := range []string{scp.SidLogBucket, scp.SidLogKey} {
		want, _ := statement(t, scps, sid)
		got, ok := statement(t, rcps, sid)
		if !ok {
			t.Fatalf("RCP lacks %s", sid)
		}
		if diff := cmp.Diff(values(want.Action), values(got.Action)); diff != "" {
			t.Errorf("%s actions (-scp +rcp):\n%s", sid, diff)
		}
		if diff := cmp.Diff(values(want.Resource), values(got.Resource)); diff != "" {
			t.Errorf("%s resources (-scp +rcp):\n%s", sid, diff)
		}
		if diff := cmp.Diff(conditionValues(want, "ArnNotLike", "aws:PrincipalArn"), conditionValues(got, "ArnNotLike", "aws:PrincipalArn")); diff != "" {
			t.Errorf("%s break-glass exemption (-scp +rcp):\n%s", sid, diff)
		}
	}
}

func TestBuildOmit(t *testing.T) {
	docs, err := rcp.Build(rcp.Config{Options: rcp.Options{Omit: true}})
	if docs != nil || err != nil {
		t.Errorf("Omit: got %v, %v; want nil, nil", docs, err)
	}
}

func TestBuildIncompleteSite(t *testing.T) {
	docs, err := rcp.Build(rcp.Config{})
	if docs != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite) {
		t.Errorf("nil Site: got %v, %v; want no document and ErrIncompleteSite", docs, err)
	}
	bad := orgSite()
	bad.Organization.ID = "org-1"
	docs, err = buildSetup(bad, rcp.Options{})
	golden.CheckProblems(t, docs, err, []golden.Problem{{Field: "organization.id", Value: "org-1", Err: policy.ErrOrgID}})
}

func TestBuildErrors(t *testing.T) {
	noOrg := orgSite()
	noOrg.Organization, noOrg.Accounts = nil, []string{logAccount}
	mgmtBucket := orgSite()
	mgmtBucket.LogArchiveAccount = mgmt
	mgmtBucket.KMSKeyARN = ""
	mgmtKey := orgSite()
	mgmtKey.KMSKeyARN = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	tests := []struct {
		name   string
		reason string
		site   cloudtrail.SiteConfig
		opts   rcp.Options
		want   []golden.Problem
	}{
		{name: "no organization", reason: "an RCP names the organization's ID and is attached in it",
			site: noOrg, want: []golden.Problem{{Field: "organization", Value: "", Err: policy.ErrRequired}}},
		{name: "bucket in the management account", reason: "RCPs never apply to the management account's resources",
			site: mgmtBucket, want: []golden.Problem{{Field: "logArchiveAccount", Value: mgmt, Err: policy.ErrConflict}}},
		{name: "key in the management account", reason: "the key would be named but never guarded",
			site: mgmtKey, want: []golden.Problem{{Field: "kmsKeyArn", Value: mgmtKey.KMSKeyARN, Err: policy.ErrConflict}}},
		{name: "bad trusted accounts", reason: "each is named by its index, all at once",
			site: orgSite(), opts: rcp.Options{TrustedAccounts: []string{"12345", "", outside}},
			want: []golden.Problem{
				{Field: "rcp.trustedAccounts[0]", Value: "12345", Err: policy.ErrAccountID},
				{Field: "rcp.trustedAccounts[1]", Value: "", Err: policy.ErrRequired},
			}},
		{name: "every problem at once", reason: "the site's and the options' problems together",
			site: noOrg, opts: rcp.Options{TrustedAccounts: []string{"x"}},
			want: []golden.Problem{
				{Field: "organization", Value: "", Err: policy.ErrRequired},
				{Field: "rcp.trustedAccounts[0]", Value: "x", Err: policy.ErrAccountID},
			}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate case %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			docs, err := buildSetup(tt.site, tt.opts)
			golden.CheckProblems(t, docs, err, tt.want)
		})
	}
}

// TestBuildTooLarge: many exact trails make the confused-deputy statement
// too large for one RCP on its own; the error says which statement and what
// it grows with.
func TestBuildTooLarge(t *testing.T) {
	sc := orgSite()
	sc.Trails = []string{orgTrail}
	for i := range 120 {
		sc.Trails = append(sc.Trails, fmt.Sprintf("arn:aws:cloudtrail:eu-west-1:111111111111:trail/trail-with-a-long-name-%03d", i))
	}
	docs, err := buildSetup(sc, rcp.Options{})
	var se *policy.SizeError
	if docs != nil || !errors.As(err, &se) {
		t.Fatalf("got %d documents and %v; want a *policy.SizeError", len(docs), err)
	}
	if !strings.Contains(se.Hint, rcp.SidConfusedDeputy) || !strings.Contains(se.Hint, "trails") || se.Limit != policy.RCPLimit {
		t.Errorf("size error %v: want the statement, what it grows with, and the RCP quota", se)
	}
}

// TestBuildSplits: statements that do not fit together are spread over
// several RCPs, each within the quota, in order.
func TestBuildSplits(t *testing.T) {
	sc := orgSite()
	sc.Trails = []string{orgTrail}
	for i := range 40 {
		sc.Trails = append(sc.Trails, fmt.Sprintf("arn:aws:cloudtrail:eu-west-1:111111111111:trail/trail-%03d", i))
	}
	docs := mustBuild(t, sc, rcp.Options{})
	if len(docs) < 2 {
		t.Fatalf("got %d documents, want the statements split over several", len(docs))
	}
	var sids []string
	for _, d := range docs {
		golden.CheckEmitted(t, d, policy.Limits{})
		for _, s := range d.Statements {
			sids = append(sids, s.Sid)
		}
	}
	want := []string{rcp.SidOrgIdentities, rcp.SidConfusedDeputy, rcp.SidSecureTransport, rcp.SidLogBucket, rcp.SidLogKey}
	if !slices.Equal(sids, want) {
		t.Errorf("statements over the documents = %v, want %v", sids, want)
	}
}

// TestStatementsShareNoLists: changing one statement's list leaves the
// others as built.
func TestStatementsShareNoLists(t *testing.T) {
	sc := orgSite()
	docs := mustBuild(t, sc, rcp.Options{TrustedAccounts: []string{outside}})
	before, _ := docs[0].JSON()
	for _, s := range docs[0].Statements[:1] {
		s.Action.Values()[0] = "changed:*"
		s.Resource.Values()[0] = "changed"
		strs, _, _ := s.Condition["StringNotEqualsIfExists"]["aws:PrincipalAccount"].Values()
		strs[0] = "000000000000"
	}
	for _, s := range docs[0].Statements[1:] {
		for _, v := range append(values(s.Action), values(s.Resource)...) {
			if strings.HasPrefix(v, "changed") {
				t.Fatalf("%s shares a list with the first statement (before: %s)", s.Sid, before)
			}
		}
		if got := conditionValues(s, "StringNotEqualsIfExists", "aws:SourceAccount"); slices.Contains(got, "000000000000") {
			t.Fatalf("%s shares the trusted accounts with the first statement", s.Sid)
		}
	}
}
