package bucket_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
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
		cfg    bucket.Config
		want   int
	}{
		{"patterns", "default: a write statement per account with its aws:SourceArn pattern", bucket.Config{Sources: policy.Sources{Accounts: all}}, 50},
		{"patterns-kms", "default with a KMS key", bucket.Config{KMSKeyARN: keyARN, Sources: policy.Sources{Accounts: all}}, 48},
		{"exact-trails", "one named trail per account", bucket.Config{Sources: policy.Sources{Accounts: all, Trails: trailsOf(all)}}, 46},
		{"exact-trails-kms", "one named trail per account, KMS key", bucket.Config{KMSKeyARN: keyARN, Sources: policy.Sources{Accounts: all, Trails: trailsOf(all)}}, 44},
		{"source-account", "aws:SourceAccount", bucket.Config{AllowAnySourceInAccounts: true, Sources: policy.Sources{Accounts: all}}, 60},
		{"source-account-kms", "aws:SourceAccount, KMS key", bucket.Config{AllowAnySourceInAccounts: true, KMSKeyARN: keyARN, Sources: policy.Sources{Accounts: all}}, 58},
		{"across-patterns", "one write statement for all accounts (AllowWritesAcrossAccountPrefixes)",
			bucket.Config{AllowWritesAcrossAccountPrefixes: true, Sources: policy.Sources{Accounts: all}}, 131},
		{"across-patterns-kms", "one write statement, KMS key",
			bucket.Config{AllowWritesAcrossAccountPrefixes: true, KMSKeyARN: keyARN, Sources: policy.Sources{Accounts: all}}, 127},
		{"across-exact-trails", "one write statement, one named trail per account",
			bucket.Config{AllowWritesAcrossAccountPrefixes: true, Sources: policy.Sources{Accounts: all, Trails: trailsOf(all)}}, 99},
		{"across-exact-trails-kms", "one write statement, one named trail per account, KMS key",
			bucket.Config{AllowWritesAcrossAccountPrefixes: true, KMSKeyARN: keyARN, Sources: policy.Sources{Accounts: all, Trails: trailsOf(all)}}, 96},
		{"across-source-account", "one write statement, aws:SourceAccount",
			bucket.Config{AllowWritesAcrossAccountPrefixes: true, AllowAnySourceInAccounts: true, Sources: policy.Sources{Accounts: all}}, 214},
		{"across-source-account-kms", "one write statement, aws:SourceAccount, KMS key",
			bucket.Config{AllowWritesAcrossAccountPrefixes: true, AllowAnySourceInAccounts: true, KMSKeyARN: keyARN, Sources: policy.Sources{Accounts: all}}, 208},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Bucket = testBucket
			doc, err := bucket.Build(tc.cfg)
			if doc != nil {
				t.Errorf("Build returned a document over the limit")
			}
			var se *bucket.SizeError
			if !errors.As(err, &se) {
				t.Fatalf("want *bucket.SizeError, got %v", err)
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
			if _, err := bucket.Build(n); err != nil {
				t.Errorf("%d accounts should fit: %v", se.Fit, err)
			}
			n.Accounts = all[:se.Fit+1]
			if len(tc.cfg.Trails) > 0 {
				n.Trails = tc.cfg.Trails[:se.Fit+1]
			}
			if _, err := bucket.Build(n); !errors.Is(err, policy.ErrSize) {
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
		{"kms-key", "plus the two encryption denies", keyARN, 1792},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustBuild(t, bucket.Config{Bucket: testBucket, KMSKeyARN: tc.key, Sources: policy.Sources{Organization: org()}})
			b, _ := doc.CompactJSON()
			if got := policy.Size(policy.KindBucketPolicy, b); got != tc.want {
				t.Errorf("%s: %d bytes, package doc says %d", tc.reason, got, tc.want)
			}
		})
	}
}

func TestSizeError(t *testing.T) {
	_, err := bucket.Build(bucket.Config{Bucket: testBucket, Sources: policy.Sources{Accounts: manyAccounts(300)}})
	var ps *policy.SizeError
	if !errors.As(err, &ps) {
		t.Fatalf("errors.As(*policy.SizeError) failed: %v", err)
	}
	if !errors.Is(err, policy.ErrSize) {
		t.Errorf("error does not wrap policy.ErrSize: %v", err)
	}
	if ps.Limit != policy.BucketPolicyLimit || ps.Size <= ps.Limit || ps.Unit != "bytes" {
		t.Errorf("measurement %+v", ps)
	}
	for _, want := range []string{`Accounts: "300 accounts"`, "50 of them fit", "organization trail", fmt.Sprint(ps.Size),
		"AllowWritesAcrossAccountPrefixes fits 131"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q: %s", want, err)
		}
	}

	// With an organization, the advice is about the account list.
	_, err = bucket.Build(bucket.Config{Bucket: testBucket, Sources: policy.Sources{Organization: org(), Accounts: manyAccounts(300)}})
	var se *bucket.SizeError
	if !errors.As(err, &se) || !se.Organization || !strings.Contains(err.Error(), "AWSLogs/<o-id>/") {
		t.Errorf("organization size error: %v", err)
	}
	// The management account's write path and the organization statement
	// take room, so fewer accounts fit than without the organization.
	if se != nil && (se.Fit != 48 || se.FitAcrossPrefixes != 128) {
		t.Errorf("organization size error: %d fit (%d across prefixes), want 48 (128)", se.Fit, se.FitAcrossPrefixes)
	}
}

func TestLimits(t *testing.T) {
	cfg := bucket.Config{Bucket: testBucket, KMSKeyARN: keyARN, Sources: policy.Sources{Organization: org()}}
	doc := mustBuild(t, cfg)
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
	if !strings.HasPrefix(err.Error(), "Limits.BucketPolicy: ") {
		t.Errorf("without an account list the error should name the limit: %v", err)
	}
}
