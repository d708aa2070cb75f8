package properties_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// scenarios are the setups whose default documents must have every property:
// one account, three accounts, and an organization trail (with the key in a
// separate security account, as in the AWS Security Reference Architecture),
// each with and without a KMS key.
func scenarios() []setup {
	single := setup{
		name:         "single-account",
		bucket:       "example-single-trail-logs",
		logAccount:   acctA,
		accounts:     []string{acctA},
		keyAdmins:    []string{policy.RoleARN(part, acctA, "KeyAdmin")},
		securityTeam: policy.RoleARN(part, acctA, "SecurityTeam"),
		vendor:       acctVendor,
		externalID:   "vendor-assigned-4242",
		scpAccounts:  []string{acctA},
		breakGlass:   []string{policy.RoleARN(part, acctA, "BreakGlass")},
		protectTrail: true,
	}
	multi := setup{
		name:         "multi-account",
		bucket:       "example-multi-trail-logs",
		prefix:       "cloudtrail",
		logAccount:   acctA,
		accounts:     []string{acctA, acctB, acctC},
		keyAdmins:    []string{policy.RoleARN(part, acctA, "KeyAdmin")},
		securityTeam: policy.RoleARN(part, acctB, "SecurityTeam"),
		vendor:       acctVendor,
		externalID:   "vendor-assigned-4242",
		scpAccounts:  []string{acctA, acctB, acctC},
		breakGlass: []string{policy.RoleARN(part, acctA, "BreakGlass"), policy.RoleARN(part, acctB, "BreakGlass"),
			policy.RoleARN(part, acctC, "BreakGlass")},
		protectTrail: true,
	}
	org := setup{
		name:         "organization",
		bucket:       "example-org-trail-logs",
		logAccount:   acctLog,
		org:          &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA},
		members:      []string{acctLog, acctSec, acctMember},
		keyAdmins:    []string{policy.RoleARN(part, acctSec, "KeyAdmin")},
		securityTeam: policy.RoleARN(part, acctSec, "SecurityTeam"),
		vendor:       acctVendor,
		externalID:   "vendor-assigned-4242",
		scpAccounts:  []string{acctLog, acctSec},
		breakGlass:   []string{policy.RoleARN(part, acctLog, "BreakGlass"), policy.RoleARN(part, acctSec, "BreakGlass")},
	}
	keys := map[string]string{
		single.name: policy.KeyARN(part, homeRegion, acctA, keyID),
		multi.name:  policy.KeyARN(part, homeRegion, acctA, keyID),
		org.name:    policy.KeyARN(part, homeRegion, acctSec, keyID),
	}
	var out []setup
	for _, s := range []setup{single, multi, org} {
		plain := s
		plain.name += "/no-kms"
		withKey := s
		withKey.name += "/kms"
		withKey.keyARN = keys[s.name]
		out = append(out, plain, withKey)
	}
	return out
}

// TestDefaults runs every property against the default documents of every
// scenario. A failure names the property, the request, and each step's
// decision with the statements that decided it.
func TestDefaults(t *testing.T) {
	total := 0
	t.Cleanup(func() { t.Logf("%d requests evaluated over %d scenarios", total, len(scenarios())) })
	for _, s := range scenarios() {
		w := build(t, s)
		checks := w.checks()
		if got, want := properties(checks), allProperties(s); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("%s: the generators test properties %v, want %v", s.name, got, want)
		}
		failed, n := run(t, checks)
		total += n
		t.Run(s.name, func(t *testing.T) {
			t.Logf("%d checks, %d requests evaluated", len(checks), n)
			count := map[string]int{}
			for _, c := range checks {
				count[c.property]++
			}
			for _, p := range allProperties(s) {
				t.Run(p, func(t *testing.T) {
					if f := failed[p]; len(f) > 0 {
						t.Errorf("fails for %d of %d requests, e.g.:\n%s", len(f), count[p], examples(f, 3))
					}
				})
			}
		})
	}
}

// examples describes up to n failures.
func examples(f []outcome, n int) string {
	var b strings.Builder
	for i, o := range f {
		if i == n {
			fmt.Fprintf(&b, "\t... and %d more\n", len(f)-n)
			break
		}
		fmt.Fprintf(&b, "\t%s\n", o.describe())
	}
	return b.String()
}

// TestNoWriteIntoAnotherAccountsPrefix: a trail owner chooses its trail's
// S3KeyPrefix, so a delivering account B can make CloudTrail write its logs
// to [prefix/]AWSLogs/<A>/AWSLogs/<B>/CloudTrail/…, inside A's prefix, by
// setting S3KeyPrefix to [prefix/]AWSLogs/<A>. The default bucket policy of
// every scenario must refuse that write for every pair of owner accounts,
// while each trail still writes its own logs under its own path (the
// bucket/own-prefix-only property covers the plain paths; this covers the
// nested key).
func TestNoWriteIntoAnotherAccountsPrefix(t *testing.T) {
	pairs := 0
	for _, s := range scenarios() {
		w := build(t, s)
		t.Run(s.name, func(t *testing.T) {
			var checks []check
			for _, writer := range w.owners() {
				for _, trail := range w.trailsOf(writer) {
					if trail == w.orgTrail() {
						continue // writes under AWSLogs/<o-id>/, its own statement's path
					}
					c := cloudTrail(trail)
					for _, victim := range w.owners() {
						own := write{enc: w.encryptions(logFile)[0], tls: true, acl: true}
						key := logKey(w.logRoot()+"/"+victim+"/AWSLogs", writer, writer, homeRegion)
						checks = append(checks, w.s3Check(propOwnPrefix, c, "s3:PutObject", w.objectARN(key), writer == victim, own.context()))
						if writer != victim {
							pairs++
						}
					}
				}
			}
			failed, _ := run(t, checks)
			if f := failed[propOwnPrefix]; len(f) > 0 {
				t.Errorf("%d of %d nested writes decided wrongly, e.g.:\n%s", len(f), len(checks), examples(f, 3))
			}
		})
	}
	if pairs == 0 {
		t.Fatal("no scenario has two owner accounts: the test proves nothing")
	}
}

// TestReaderOutsideBucketAccount is the three-yeses property for a reader
// that lives in another account than the bucket: the site's readers
// (cloudtrail.SiteConfig.Readers) may be roles of any delivering account, so
// the multi-account setup may name the security team's read role in account
// 222222222222 while the bucket is in 111111111111. Across accounts the
// bucket policy must say yes as well ("Cross-account policy evaluation
// logic",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html):
// the bucket policy built from that site names the role, because it is
// outside the log archive account, and with it the reader reads every
// delivered log file; without it the same read is refused by the bucket
// policy alone, which is why the grant exists.
func TestReaderOutsideBucketAccount(t *testing.T) {
	var s setup
	for _, sc := range scenarios() {
		if sc.name == "multi-account/kms" {
			s = sc
		}
	}
	w := build(t, s)
	readerARN := policy.RoleARN(part, acctB, "CloudTrailSecurityReader")
	if accountOf(readerARN) == w.logAccount {
		t.Fatalf("the reader must be outside the bucket's account %s", w.logAccount)
	}
	// The same setup with the reader among the site's readers: its key
	// policy and bucket policy, built from that site as the library builds
	// them, replace the world's.
	withReader := s
	withReader.name += " with a reader in delivering account " + acctB
	withReader.readers = append(slices.Clone(s.readers), readerARN)
	wr := build(t, withReader)
	keyPolicy, bucketPolicy := wr.keyPolicy, wr.bucketPolicy
	reader := w.session(acctB, "CloudTrailSecurityReader", w.readerRead)
	var withGrant, withoutGrant []check
	for _, o := range w.objects() {
		if o.kind != logFile || !w.owns(o.owner) || !strings.HasPrefix(o.key, w.logRoot()+"/") {
			continue
		}
		read := func(bucketPolicy *policy.Document) []step {
			get := request(reader, "s3:GetObject", w.objectARN(o.key), w.logAccount, tls(true))
			dec := request(reader, "kms:Decrypt", w.keyARN, w.keyAccount(), map[string][]string{
				"kms:EncryptionContext:aws:cloudtrail:arn": {o.trail},
				"kms:CallerAccount":                        {acctB},
				"kms:ViaService":                           {"s3." + homeRegion + ".amazonaws.com"},
			})
			return []step{
				{req: get, pol: eval.Policies{Resource: bucketPolicy, Identity: reader.identity, SCPs: w.scpsFor(acctB)}},
				{req: dec, pol: eval.Policies{Resource: keyPolicy, Identity: reader.identity, SCPs: w.scpsFor(acctB)}},
			}
		}
		what := reader.name + " reads " + o.key
		withGrant = append(withGrant, check{property: propThreeYeses, what: what, want: true, steps: read(bucketPolicy)})
		withoutGrant = append(withoutGrant, check{property: propNoBucketPolicy, what: what + " with a bucket policy that names no reader",
			want: false, steps: read(w.bucketPolicy)})
	}
	if len(withGrant) == 0 {
		t.Fatal("no log file to read: the test proves nothing")
	}
	failed, _ := run(t, append(withGrant, withoutGrant...))
	for _, p := range []string{propThreeYeses, propNoBucketPolicy} {
		if f := failed[p]; len(f) > 0 {
			t.Errorf("%s: %d requests decided wrongly, e.g.:\n%s", p, len(f), examples(f, 2))
		}
	}
	// The reader's other powers stay those of its read policy: the same
	// read checks as for the log account's read roles, now across accounts.
	w.bucketPolicy, w.keyPolicy = bucketPolicy, keyPolicy
	readFailed, _ := run(t, w.readChecksFor(reader))
	for p, f := range readFailed {
		t.Errorf("%s: %d requests decided wrongly, e.g.:\n%s", p, len(f), examples(f, 2))
	}
}
