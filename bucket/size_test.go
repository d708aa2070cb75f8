package bucket_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

func manyAccounts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%012d", 100000000000+i)
	}
	return out
}

func trailsOf(accounts []string) []string {
	out := make([]string, len(accounts))
	for i, a := range accounts {
		out[i] = "arn:aws:cloudtrail:us-east-1:" + a + ":trail/management-events"
	}
	return out
}

// TestDocumentedBreakPoints keeps the numbers in the package doc true: how
// many explicit accounts fit in 20,480 bytes for the bucket
// "example-cloudtrail-logs" without a prefix. Changing the statements
// changes these numbers; update doc.go with them.
func TestDocumentedBreakPoints(t *testing.T) {
	all := manyAccounts(400)
	tests := []struct {
		name   string
		reason string
		cfg    setup
		want   int
	}{
		{"patterns", "default: a write statement per account with its aws:SourceArn pattern", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: all}}, 50},
		{"patterns-kms", "default with a KMS key", setup{SiteConfig: cloudtrail.SiteConfig{KMSKeyARN: keyARN, Accounts: all}}, 48},
		{"exact-trails", "one named trail per account", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: all, Trails: trailsOf(all)}}, 46},
		{"exact-trails-kms", "one named trail per account, KMS key", setup{SiteConfig: cloudtrail.SiteConfig{KMSKeyARN: keyARN, Accounts: all, Trails: trailsOf(all)}}, 44},
		{"source-account", "aws:SourceAccount", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: all},
			Config: bucket.Config{Options: bucket.Options{AllowAnySourceInAccounts: true}}}, 60},
		{"source-account-kms", "aws:SourceAccount, KMS key", setup{SiteConfig: cloudtrail.SiteConfig{KMSKeyARN: keyARN, Accounts: all},
			Config: bucket.Config{Options: bucket.Options{AllowAnySourceInAccounts: true}}}, 58},
		{"across-patterns", "one write statement for all accounts (AllowWritesAcrossAccountPrefixes)",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: all}, Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true}}}, 131},
		{"across-patterns-kms", "one write statement, KMS key",
			setup{SiteConfig: cloudtrail.SiteConfig{KMSKeyARN: keyARN, Accounts: all}, Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true}}}, 126},
		{"across-exact-trails", "one write statement, one named trail per account",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: all, Trails: trailsOf(all)}, Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true}}}, 99},
		{"across-exact-trails-kms", "one write statement, one named trail per account, KMS key",
			setup{SiteConfig: cloudtrail.SiteConfig{KMSKeyARN: keyARN, Accounts: all, Trails: trailsOf(all)},
				Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true}}}, 96},
		{"across-source-account", "one write statement, aws:SourceAccount",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: all},
				Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true, AllowAnySourceInAccounts: true}}}, 214},
		{"across-source-account-kms", "one write statement, aws:SourceAccount, KMS key",
			setup{SiteConfig: cloudtrail.SiteConfig{KMSKeyARN: keyARN, Accounts: all},
				Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true, AllowAnySourceInAccounts: true}}}, 207},
		{"source-org", "aws:SourceOrgID: one write statement for all accounts, the organization's, one condition value",
			setup{SiteConfig: cloudtrail.SiteConfig{Organization: org(), Accounts: all},
				Config: bucket.Config{Options: bucket.Options{AllowAnySourceInOrganization: true}}}, 312},
		{"source-org-kms", "aws:SourceOrgID, KMS key",
			setup{SiteConfig: cloudtrail.SiteConfig{KMSKeyARN: keyARN, Organization: org(), Accounts: all},
				Config: bucket.Config{Options: bucket.Options{AllowAnySourceInOrganization: true}}}, 300},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Bucket = testBucket
			doc, err := bucket.Build(config(t, tc.cfg))
			if doc != nil {
				t.Errorf("Build returned a document over the limit")
			}
			var se *policy.SizeError
			if !errors.As(err, &se) || se.Field != "accounts" {
				t.Fatalf("want *policy.SizeError on accounts, got %v", err)
			}
			if se.Fit != tc.want {
				t.Errorf("%s: %d accounts fit, package doc says %d", tc.reason, se.Fit, tc.want)
			}
			// The count is exact: that many build, one more does not.
			n := tc.cfg
			n.Accounts = all[:se.Fit]
			if len(tc.cfg.Trails) > 0 {
				n.Trails = tc.cfg.Trails[:se.Fit]
			}
			if _, err := bucket.Build(config(t, n)); err != nil {
				t.Errorf("%d accounts should fit: %v", se.Fit, err)
			}
			n.Accounts = all[:se.Fit+1]
			if len(tc.cfg.Trails) > 0 {
				n.Trails = tc.cfg.Trails[:se.Fit+1]
			}
			if _, err := bucket.Build(config(t, n)); !errors.Is(err, policy.ErrSize) {
				t.Errorf("%d accounts should not fit, got %v", se.Fit+1, err)
			}
		})
	}
}

// TestDocumentedOrganizationSize keeps the organization sizes in the package
// doc true (23-character bucket name, o-exampleorgid, no prefix).
func TestDocumentedOrganizationSize(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		key    string
		want   int
	}{
		{"no-key", "allow statements and the TLS deny", "", 1230},
		{"kms-key", "plus the two encryption denies", keyARN, 1936},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustBuild(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: tc.key, Organization: org()}})
			b, _ := doc.CompactJSON()
			if got := policy.Size(policy.KindBucketPolicy, b); got != tc.want {
				t.Errorf("%s: %d bytes, package doc says %d", tc.reason, got, tc.want)
			}
		})
	}
}

func TestSizeError(t *testing.T) {
	_, err := build(setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: manyAccounts(300)}})
	var ps *policy.SizeError
	if !errors.As(err, &ps) {
		t.Fatalf("errors.As(*policy.SizeError) failed: %v", err)
	}
	if !errors.Is(err, policy.ErrSize) {
		t.Errorf("error does not wrap policy.ErrSize: %v", err)
	}
	if ps.Limit != policy.BucketPolicyLimit || ps.Size <= ps.Limit || ps.Unit != "bytes" || ps.Kind != policy.KindBucketPolicy {
		t.Errorf("measurement %+v", ps)
	}
	if ps.Field != "accounts" || ps.Noun != "accounts" || ps.Count != 300 || ps.Fit != 50 {
		t.Errorf("account list %q: %d %s, %d fit; want accounts: 300 accounts, 50 fit", ps.Field, ps.Count, ps.Noun, ps.Fit)
	}
	for _, want := range []string{`accounts: "300 accounts"`, "50 of them fit", "organization trail", fmt.Sprint(ps.Size),
		"allowWritesAcrossAccountPrefixes fits 131"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %s", want, err)
		}
	}

	// With an organization, the advice is about the account list.
	_, err = build(setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Organization: org(), Accounts: manyAccounts(300)}})
	var se *policy.SizeError
	if !errors.As(err, &se) || !strings.Contains(se.Hint, "AWSLogs/<o-id>/") || strings.Contains(se.Hint, "organization trail (organization)") {
		t.Errorf("organization size error: %v", err)
	}
	// The management account's write path and the organization statement
	// take room, so fewer accounts fit than without the organization.
	if se != nil && (se.Fit != 48 || !strings.Contains(se.Hint, "allowWritesAcrossAccountPrefixes fits 128 ")) {
		t.Errorf("organization size error: %d fit (%s), want 48 (128 across prefixes)", se.Fit, se.Hint)
	}
}

// TestLimits: a limit the policy meets exactly passes; one byte less fails
// with a size error that names no account list (an organization trail's
// policy has none) and says that the limit is too small.
func TestLimits(t *testing.T) {
	cfg := config(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org()}})
	doc, err := bucket.Build(cfg)
	if err != nil {
		t.Fatal(err)
	}
	compact, _ := doc.CompactJSON()

	cfg.Limits = policy.Limits{BucketPolicy: len(compact)}
	if _, err := bucket.Build(cfg); err != nil {
		t.Errorf("a limit equal to the size must pass: %v", err)
	}
	cfg.Limits = policy.Limits{BucketPolicy: len(compact) - 1}
	got, err := bucket.Build(cfg)
	if got != nil || !errors.Is(err, policy.ErrSize) {
		t.Fatalf("a limit one byte short must fail with ErrSize, got %v", err)
	}
	var se *policy.SizeError
	if !errors.As(err, &se) || se.Field != "" || se.Limit != len(compact)-1 || se.Over() != 1 {
		t.Fatalf("want a document-level *policy.SizeError one byte over %d, got %v", len(compact)-1, err)
	}
	for _, want := range []string{"document: bucket policy is ", fmt.Sprintf("the limit of %d bytes is too small", len(compact)-1), "does not depend on an account list"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("without an account list the error should say the limit is too small (%q): %v", want, err)
		}
	}

	// With accounts that are not what makes the policy too large (it is over
	// the limit even without them), the error says so too.
	withAccounts := config(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org(), Accounts: []string{acct2, acct3}}})
	withAccounts.Limits = cfg.Limits
	_, err = bucket.Build(withAccounts)
	if !errors.As(err, &se) || se.Field != "" || !strings.Contains(se.Hint, "is over it even without its 2 accounts") {
		t.Errorf("a policy over the limit without its accounts: want a document-level size error, got %v", err)
	}
}
