package bucket_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// scaleFitPathVariable* are how many explicit accounts fit in one bucket
// policy for testBucket with AccountPathVariable, without and with a KMS
// key (issue 17's goal: at least 600). The package doc quotes them.
const (
	scaleFitPathVariable    = 650
	scaleFitPathVariableKMS = 627
)

func pathVariable(sc cloudtrail.SiteConfig) setup {
	return setup{SiteConfig: sc, Config: bucket.Config{Options: bucket.Options{AccountPathVariable: true}}}
}

func TestPathVariableGolden(t *testing.T) {
	tests := []struct {
		name, reason string
		cfg          setup
	}{
		{"path-variable", "one write statement for three accounts, ${aws:SourceAccount} in its path",
			pathVariable(cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: []string{acct3, mgmt, acct2}})},
		{"path-variable-exact-trails", "exact trails stay a StringEquals aws:SourceArn list beside the accounts",
			pathVariable(cloudtrail.SiteConfig{Bucket: testBucket, Prefix: "logs", Accounts: []string{mgmt, acct2}, Trails: []string{trailAudit, trailMain}})},
		{"path-variable-organization", "the organization trail keeps its own statement; the accounts and the management account share the variable one",
			pathVariable(cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Organization: org(), Accounts: []string{acct3}})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := bucket.Build(config(t, tc.cfg))
			if err != nil {
				t.Fatalf("Build (%s): %v", tc.reason, err)
			}
			golden.Check(t, doc, filepath.Join("testdata", tc.name+".golden.json"))
		})
	}
}

// TestPathVariableIsolation asks the evaluator, for every pair of owner
// accounts, whether the trail of one may write under the other's
// AWSLogs/<id>/ (only its own), and checks that accounts outside the list,
// requests without aws:SourceAccount and the S3KeyPrefix trick of the
// package doc ("AWSLogs/<A>" as a trail's prefix) get nothing.
func TestPathVariableIsolation(t *testing.T) {
	accounts := manyAccounts(40)
	if testing.Short() {
		accounts = accounts[:6]
	}
	doc := mustBuild(t, pathVariable(cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: accounts}))
	trail := func(a string) string { return "arn:aws:cloudtrail:eu-west-1:" + a + ":trail/main" }
	obj := func(path string) string {
		return "arn:aws:s3:::" + testBucket + "/" + path + "/CloudTrail/eu-west-1/2026/12/02/f.json.gz"
	}
	for _, writer := range accounts {
		for _, owner := range accounts {
			want := denied
			if writer == owner {
				want = allowed
			}
			if got := decide(t, doc, putLog(obj("AWSLogs/"+owner), trail(writer), "aws:kms", keyARN)); (got == allowed) != (want == allowed) {
				t.Errorf("trail of %s writing under AWSLogs/%s/: %v, want %v", writer, owner, got, want)
			}
		}
	}
	a, b := accounts[0], accounts[1]
	outsider := "999999999999"
	noAccount := putLog(obj("AWSLogs/"+a), trail(a), "aws:kms", keyARN)
	delete(noAccount.context, "aws:SourceAccount")
	aclBy := func(account string) request {
		return request{action: "s3:GetBucketAcl", arn: "arn:aws:s3:::" + testBucket,
			context: map[string]string{"aws:SourceArn": trail(account), "aws:SourceAccount": account, "aws:SecureTransport": "true"}}
	}
	notTrail := putLog(obj("AWSLogs/"+a), "arn:aws:cloudtrail:eu-west-1:"+a+":eventdatastore/x", "aws:kms", keyARN)
	cases := []struct {
		name, reason string
		req          request
		allow        bool
	}{
		{"prefix-trick", "B's trail with S3KeyPrefix AWSLogs/<A> lands at AWSLogs/<A>/AWSLogs/<B>/, outside AWSLogs/<B>/*",
			putLog(obj("AWSLogs/"+a+"/AWSLogs/"+b), trail(b), "aws:kms", keyARN), false},
		{"outsider-own-path", "an account not in the list, even under its own path",
			putLog(obj("AWSLogs/"+outsider), trail(outsider), "aws:kms", keyARN), false},
		{"no-source-account", "a variable with no value matches no resource",
			noAccount, false},
		{"not-a-trail", "the aws:SourceArn pattern admits trails, not event data stores", notTrail, false},
		{"wrong-key", "the encryption denies still apply", putLog(obj("AWSLogs/"+a), trail(a), "aws:kms", otherKey), false},
		{"acl-listed", "a listed account's trail reads the ACL", aclBy(b), true},
		{"acl-outsider", "an outsider's trail does not", aclBy(outsider), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := decide(t, doc, tc.req); (got == allowed) != tc.allow {
				t.Errorf("%s %s: %v, want allowed=%v (%s)", tc.req.action, tc.req.arn, got, tc.allow, tc.reason)
			}
		})
	}
}

// TestPathVariableScale: the compact shape fits at least 600 accounts in
// one 20 KB bucket policy (issue 17), the break points the package doc
// quotes, with the isolation of TestPathVariableIsolation spot-checked at
// the limit; one more account is a size error that names no other shape.
func TestPathVariableScale(t *testing.T) {
	for _, tc := range []struct {
		key string
		fit int
	}{{"", scaleFitPathVariable}, {keyARN, scaleFitPathVariableKMS}} {
		t.Run(fmt.Sprintf("kms=%t", tc.key != ""), func(t *testing.T) {
			if tc.fit < 600 {
				t.Errorf("%d accounts fit, issue 17's goal is 600", tc.fit)
			}
			all := manyAccounts(tc.fit + 1)
			doc := mustBuild(t, pathVariable(cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: tc.key, Accounts: all[:tc.fit]}))
			compact, _ := doc.CompactJSON()
			if size := policy.Size(policy.KindBucketPolicy, compact); size > policy.BucketPolicyLimit {
				t.Errorf("%d bytes, over %d", size, policy.BucketPolicyLimit)
			}
			first, last := all[0], all[tc.fit-1]
			put := func(writer, owner string) request {
				return putLog("arn:aws:s3:::"+testBucket+"/AWSLogs/"+owner+"/CloudTrail/x.json.gz",
					"arn:aws:cloudtrail:us-east-1:"+writer+":trail/t", "aws:kms", tc.key)
			}
			if got := decide(t, doc, put(last, last)); got != allowed {
				t.Errorf("the last account writing its own path: %v", got)
			}
			if got := decide(t, doc, put(last, first)); got == allowed {
				t.Errorf("the last account writing the first's path: allowed")
			}
			_, err := build(pathVariable(cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: tc.key, Accounts: all}))
			var se *policy.SizeError
			if !errors.As(err, &se) || se.Fit != tc.fit || se.Field != "accounts" {
				t.Fatalf("one account more: want a size error on accounts with %d fitting, got %v", tc.fit, err)
			}
			for _, bad := range []string{"accountPathVariable", "allowWritesAcrossAccountPrefixes"} {
				if strings.Contains(se.Hint, bad) {
					t.Errorf("with the option set the hint should not suggest %s: %s", bad, se.Hint)
				}
			}
			if !strings.Contains(se.Hint, "organization trail") {
				t.Errorf("hint lacks the organization trail: %s", se.Hint)
			}
		})
	}
}

// TestPathVariableHint: the default's size error names the option, how
// many accounts it fits and that it needs verifying, beside the
// organization trail.
func TestPathVariableHint(t *testing.T) {
	_, err := build(setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: manyAccounts(1000)}})
	for _, want := range []string{
		"organization trail (organization)",
		fmt.Sprintf("bucketPolicy.accountPathVariable fits %d", scaleFitPathVariableKMS),
		"verify it in a sandbox account",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("size error lacks %q: %v", want, err)
		}
	}
	_, err = build(setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN, Accounts: manyAccounts(100)}})
	if err == nil || !strings.Contains(err.Error(), "bucketPolicy.accountPathVariable fits all of them") {
		t.Errorf("100 accounts: want the option to fit all of them: %v", err)
	}
}

func TestPathVariableBadInput(t *testing.T) {
	const field = "bucketPolicy.accountPathVariable"
	tests := []struct {
		name, reason string
		cfg          setup
		want         []golden.Problem
	}{
		{"any-source-trail", "the variable needs aws:SourceAccount, which AllowAnySourceTrail drops",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt, acct2}},
				Config: bucket.Config{Options: bucket.Options{AccountPathVariable: true, AllowAnySourceTrail: true}}},
			[]golden.Problem{{Field: field, Value: "true", Err: policy.ErrConflict}}},
		{"source-org", "aws:SourceOrgID already writes one statement",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Organization: org(), Accounts: []string{acct2}},
				Config: bucket.Config{Options: bucket.Options{AccountPathVariable: true, AllowAnySourceInOrganization: true}}},
			[]golden.Problem{{Field: field, Value: "true", Err: policy.ErrConflict}}},
		{"across-prefixes", "two shapes of one write statement, one isolating and one not",
			setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt, acct2}},
				Config: bucket.Config{Options: bucket.Options{AccountPathVariable: true, AllowWritesAcrossAccountPrefixes: true}}},
			[]golden.Problem{{Field: field, Value: "true", Err: policy.ErrConflict}}},
		{"organization-only", "an organization trail alone has nothing to compact",
			pathVariable(cloudtrail.SiteConfig{Bucket: testBucket, Organization: org()}),
			[]golden.Problem{{Field: field, Value: "true", Err: policy.ErrConflict}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := build(tc.cfg)
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}

// TestPathVariableWithSourceAccount: with AllowAnySourceInAccounts the
// compact shape keeps the account list alone, no trail pattern.
func TestPathVariableWithSourceAccount(t *testing.T) {
	doc := mustBuild(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Accounts: []string{mgmt, acct2}},
		Config: bucket.Config{Options: bucket.Options{AccountPathVariable: true, AllowAnySourceInAccounts: true}}})
	js, _ := doc.CompactJSON()
	if strings.Contains(string(js), "aws:SourceArn") {
		t.Errorf("aws:SourceArn in a policy that admits any CloudTrail resource of the accounts: %s", js)
	}
	store := putLog("arn:aws:s3:::"+testBucket+"/AWSLogs/"+acct2+"/CloudTrail/x.json.gz", "arn:aws:cloudtrail:us-east-1:"+acct2+":eventdatastore/x", "", "")
	if got := decide(t, doc, store); got != allowed {
		t.Errorf("an event data store of a listed account under its own path: %v, want Allow", got)
	}
	store.arn = "arn:aws:s3:::" + testBucket + "/AWSLogs/" + mgmt + "/CloudTrail/x.json.gz"
	if got := decide(t, doc, store); got == allowed {
		t.Errorf("under another account's path: allowed")
	}
}
