package kmskey_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// scaleFitPathVariable is how many delivering accounts other than the
// key's fit in one key policy with AccountPathVariable (issue 17's goal:
// at least 600). The package doc quotes it.
const scaleFitPathVariable = 702

func pathVariableOpts() kmskey.Config {
	return kmskey.Config{Options: kmskey.Options{AccountPathVariable: true}}
}

func TestPathVariableGolden(t *testing.T) {
	tests := []struct {
		name, reason string
		site         cloudtrail.SiteConfig
	}{
		{"path-variable", "encrypt and describe keyed by ${aws:SourceAccount}, one decrypt statement keyed by ${kms:CallerAccount}",
			cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: []string{acctC, acctA, acctB}}},
		{"path-variable-exact-trails", "exact trails stay lists in the encrypt context and aws:SourceArn; decryption is by the caller's account",
			cloudtrail.SiteConfig{KMSKeyARN: keyA, Accounts: []string{acctA, acctB}, Trails: []string{trailOf(acctA), trailOf(acctB)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := build(tc.site, pathVariableOpts())
			if err != nil {
				t.Fatalf("Build (%s): %v", tc.reason, err)
			}
			golden.Check(t, doc, filepath.Join("testdata", tc.name+".golden.json"))
		})
	}
}

// TestPathVariableIsolation asks the evaluator, for every pair of
// delivering accounts, whether a principal of one may decrypt the logs of
// the other's trail (only its own), and whether CloudTrail may encrypt for
// a trail of one account while called for another (never), and checks
// that accounts outside the list and requests without the variables'
// keys get nothing.
func TestPathVariableIsolation(t *testing.T) {
	accounts := scaleAccounts(30)
	if testing.Short() {
		accounts = accounts[:5]
	}
	doc := mustBuild(t, cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: accounts}, pathVariableOpts())
	identity := allowKeyUse(keySec)
	role := func(a string) string { return policy.RoleARN(policy.PartitionAWS, a, "LogReader") }
	call := func(action, source, contextTrail string) evalRequest {
		r := cloudTrailCall(action, source, contextTrail)
		r.key = keySec
		return r
	}
	for _, x := range accounts {
		for _, y := range accounts {
			want := "ImplicitDeny"
			if x == y {
				want = "Allow"
			}
			r := decryptBy(role(x), keySec, trailOf(y))
			if got := decide(t, r, doc, identity); got != want {
				t.Errorf("a principal of %s decrypting logs of %s's trail: %s, want %s", x, y, got, want)
			}
			if got := decide(t, call("kms:GenerateDataKey", trailOf(x), trailOf(y)), doc, nil); got != want {
				t.Errorf("CloudTrail for %s's trail encrypting with %s's trail as context: %s, want %s", x, y, got, want)
			}
		}
	}
	a := accounts[0]
	outsider := "999999999999"
	noCaller := decryptBy(role(a), keySec, trailOf(a))
	delete(noCaller.context, "kms:CallerAccount")
	noSource := call("kms:GenerateDataKey", trailOf(a), trailOf(a))
	delete(noSource.context, "aws:SourceAccount")
	cases := []struct {
		name, reason string
		req          evalRequest
		identity     bool
		want         string
	}{
		{"outsider-decrypts-own", "an account not in the list, even for its own trail", decryptBy(role(outsider), keySec, trailOf(outsider)), true, "ImplicitDeny"},
		{"outsider-encrypts", "CloudTrail for an outsider's trail", call("kms:GenerateDataKey", trailOf(outsider), trailOf(outsider)), false, "ImplicitDeny"},
		{"describe-listed", "CloudTrail describes the key for a listed account's trail", call("kms:DescribeKey", trailOf(a), ""), false, "Allow"},
		{"describe-outsider", "not for an outsider's", call("kms:DescribeKey", trailOf(outsider), ""), false, "ImplicitDeny"},
		{"no-caller-account", "a variable with no value matches nothing", noCaller, true, "ImplicitDeny"},
		{"no-source-account", "a variable with no value matches nothing", noSource, false, "ImplicitDeny"},
		{"event-data-store", "the aws:SourceArn pattern admits trails only",
			call("kms:GenerateDataKey", "arn:aws:cloudtrail:us-east-1:"+a+":eventdatastore/x", trailOf(a)), false, "ImplicitDeny"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var id *policy.Document
			if tc.identity {
				id = identity
			}
			if got := decide(t, tc.req, doc, id); got != tc.want {
				t.Errorf("%s: %s, want %s (%s)", tc.req.action, got, tc.want, tc.reason)
			}
		})
	}
}

// TestPathVariableScale: at least 600 accounts in one 32 KB key policy
// (issue 17); one more is a size error; and the default's size error
// names the option and how many it fits.
func TestPathVariableScale(t *testing.T) {
	if scaleFitPathVariable < 600 {
		t.Errorf("%d accounts fit, issue 17's goal is 600", scaleFitPathVariable)
	}
	all := scaleAccounts(scaleFitPathVariable + 1)
	doc := mustBuild(t, cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: all[:scaleFitPathVariable]}, pathVariableOpts())
	last := all[scaleFitPathVariable-1]
	if got := decide(t, decryptBy(policy.RoleARN(policy.PartitionAWS, last, "R"), keySec, trailOf(last)), doc, allowKeyUse(keySec)); got != "Allow" {
		t.Errorf("the last account decrypting its own logs: %s", got)
	}
	if got := decide(t, decryptBy(policy.RoleARN(policy.PartitionAWS, last, "R"), keySec, trailOf(all[0])), doc, allowKeyUse(keySec)); got == "Allow" {
		t.Errorf("the last account decrypting the first's logs: allowed")
	}
	_, err := build(cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: all}, pathVariableOpts())
	var se *policy.SizeError
	if !errors.As(err, &se) || se.Fit != scaleFitPathVariable || se.Field != "accounts" {
		t.Fatalf("one account more: want a size error on accounts with %d fitting, got %v", scaleFitPathVariable, err)
	}
	if strings.Contains(se.Hint, "accountPathVariable") || !strings.Contains(se.Hint, "organization trail") {
		t.Errorf("with the option set the hint names the organization trail, not the option: %s", se.Hint)
	}
	_, err = build(cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: scaleAccounts(1000)}, kmskey.Config{})
	for _, want := range []string{"keyPolicy.accountPathVariable fits 702", "verify it in a sandbox account", "organization trail"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("default size error lacks %q: %v", want, err)
		}
	}
}

func TestPathVariableBadInput(t *testing.T) {
	const field = "keyPolicy.accountPathVariable"
	tests := []struct {
		name, reason string
		site         cloudtrail.SiteConfig
		opts         kmskey.Options
		want         []golden.Problem
	}{
		{"omit-source-arn", "the variables need aws:SourceAccount, which omitSourceArn drops",
			cloudtrail.SiteConfig{KMSKeyARN: keyA, Accounts: []string{acctA, acctB}},
			kmskey.Options{AccountPathVariable: true, OmitSourceArn: true},
			[]golden.Problem{{Field: field, Value: "true", Err: policy.ErrConflict}}},
		{"organization-only", "an organization trail alone has nothing to compact",
			cloudtrail.SiteConfig{KMSKeyARN: keyA, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA}},
			kmskey.Options{AccountPathVariable: true},
			[]golden.Problem{{Field: field, Value: "true", Err: policy.ErrConflict}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := build(tc.site, kmskey.Config{Options: tc.opts})
			golden.CheckProblems(t, doc, err, tc.want)
		})
	}
}
