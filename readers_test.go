package trailpolicy_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
	"github.com/trailpolicy/trailpolicy/trust"
)

// The accounts of the readers' setup, as AWS's Security Reference
// Architecture places them: the organization trail in the management
// account, the bucket in a log archive account, the key and the security
// team in an audit account, and readers in two more member accounts that
// the setup names nowhere else.
const (
	rdMgmt      = "111111111111"
	rdLogs      = "222222222222"
	rdAudit     = "333333333333"
	rdUsers     = "444444444444"
	rdWhole     = "555555555555"
	rdOutside   = "666666666666"
	rdBucket    = "org-cloudtrail-logs"
	rdKey       = "arn:aws:kms:us-east-1:" + rdAudit + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	rdOrgTrail  = "arn:aws:cloudtrail:us-east-1:" + rdMgmt + ":trail/org"
	rdLogObject = "AWSLogs/o-exampleorgid/" + rdUsers + "/CloudTrail/us-east-1/2026/12/02/" + rdUsers + "_CloudTrail_us-east-1_20261202T0000Z_x.json.gz"
)

func readersSetup() trailpolicy.Setup {
	return trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{
		Bucket:            rdBucket,
		BucketRegion:      "us-east-1",
		LogArchiveAccount: rdLogs,
		Organization:      &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: rdMgmt},
		KMSKeyARN:         rdKey,
		Readers: []string{
			"arn:aws:iam::" + rdAudit + ":role/SecurityAudit",
			"arn:aws:iam::" + rdUsers + ":user/alice",
			"arn:aws:iam::" + rdWhole + ":root",
			"arn:aws:iam::" + rdLogs + ":role/LogArchiveReader",
			// A mistyped account, outside the organization: membership
			// cannot be checked locally, so AWS checks it.
			"arn:aws:iam::" + rdOutside + ":role/SecurityAudit",
		},
	}}
}

// TestReadersInAnyAccount asks the evaluator what a security engineer
// would of a setup whose readers live in accounts of the organization that
// deliver nothing: each reader, with the identity policy the setup writes
// for it, can list the log files, get one and decrypt it; a principal the
// setup does not name, in the same account and with the same identity
// policy, cannot read the logs. A whole account as a reader (its root)
// lets any principal of it that the account's administrators attach the
// managed policy to, and nobody else there.
func TestReadersInAnyAccount(t *testing.T) {
	b, err := readersSetup().Build()
	if err != nil {
		t.Fatal(err)
	}
	bucketPolicy, _ := b.Documents.Get(trailpolicy.NameBucketPolicy)
	// The resource control policies guard the bucket and the key as well.
	var rcps []*policy.Document
	if docs, ok := b.Select(trailpolicy.NameRCP); ok {
		for _, d := range docs {
			rcps = append(rcps, d.Policy)
		}
	}
	keyPolicy, _ := b.Documents.Get(trailpolicy.NameKeyPolicy)
	readerDoc := func(name string) *policy.Document {
		t.Helper()
		d, ok := b.Documents.Get(name)
		if !ok {
			t.Fatalf("no document %s among %v", name, b.Names())
		}
		return d.Policy
	}
	// An identity policy that allows everything: what an administrator
	// of the reader's account could give anyone there.
	everything, err := policy.Decode(policy.KindIdentityPolicy, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","kms:*"],"Resource":"*"}]}`))
	if err != nil {
		t.Fatal(err)
	}

	// org is the caller's aws:PrincipalOrgID, which AWS sets for a
	// principal of a member account and leaves out otherwise.
	org := func(principal string, ctx map[string][]string) map[string][]string {
		if !strings.Contains(principal, "::"+rdOutside+":") {
			ctx["aws:PrincipalOrgID"] = []string{"o-exampleorgid"}
		}
		return ctx
	}
	list := func(principal string) eval.Request {
		return eval.Request{Principal: eval.Principal{ARN: principal}, Action: "s3:ListBucket", Resource: "arn:aws:s3:::" + rdBucket, ResourceAccount: rdLogs,
			Context: org(principal, map[string][]string{"s3:prefix": {"AWSLogs/o-exampleorgid/" + rdUsers + "/"}, "aws:SecureTransport": {"true"}})}
	}
	get := func(principal string) eval.Request {
		return eval.Request{Principal: eval.Principal{ARN: principal}, Action: "s3:GetObject", Resource: "arn:aws:s3:::" + rdBucket + "/" + rdLogObject, ResourceAccount: rdLogs,
			Context: org(principal, map[string][]string{"aws:SecureTransport": {"true"}})}
	}
	decrypt := func(principal string) eval.Request {
		// S3 calls KMS as the caller, through S3 in the key's Region, with the
		// trail ARN in the encryption context.
		return eval.Request{Principal: eval.Principal{ARN: principal}, Action: "kms:Decrypt", Resource: rdKey, ResourceAccount: rdAudit,
			Context: org(principal, map[string][]string{cloudtrail.EncryptionContextKey: {rdOrgTrail}, "kms:ViaService": {"s3.us-east-1.amazonaws.com"}, "aws:SecureTransport": {"true"}})}
	}
	type step struct {
		what string
		req  eval.Request
		res  *policy.Document
	}
	steps := func(principal string) []step {
		return []step{
			{"list", list(principal), bucketPolicy.Policy},
			{"get", get(principal), bucketPolicy.Policy},
			{"decrypt", decrypt(principal), keyPolicy.Policy},
		}
	}
	allowAll := []eval.Decision{eval.Allow, eval.Allow, eval.Allow}
	tests := []struct {
		name      string
		reason    string
		principal string
		identity  *policy.Document
		want      []eval.Decision // list, get, decrypt
	}{
		{"audit-role", "a role in the key's account, named in the bucket and key policies",
			"arn:aws:iam::" + rdAudit + ":role/SecurityAudit", readerDoc("reader-read-policy-" + rdAudit + "-role-SecurityAudit"), allowAll},
		{"audit-other-role", "the bucket policy does not name it; the key account's IAM may let it decrypt (the root statement), which reads nothing without the bucket",
			"arn:aws:iam::" + rdAudit + ":role/Intruder", everything, []eval.Decision{eval.ImplicitDeny, eval.ImplicitDeny, eval.Allow}},
		{"user", "an IAM user reader in an account that delivers nothing",
			"arn:aws:iam::" + rdUsers + ":user/alice", readerDoc("reader-read-policy-" + rdUsers + "-user-alice"), allowAll},
		{"other-user", "another user of the same account, with the same policy: named nowhere",
			"arn:aws:iam::" + rdUsers + ":user/bob", readerDoc("reader-read-policy-" + rdUsers + "-user-alice"), []eval.Decision{eval.ImplicitDeny, eval.ImplicitDeny, eval.ImplicitDeny}},
		{"other-user-everything", "an administrator of the user's account cannot grant it either",
			"arn:aws:iam::" + rdUsers + ":role/Admin", everything, []eval.Decision{eval.ImplicitDeny, eval.ImplicitDeny, eval.ImplicitDeny}},
		{"whole-account", "a role of the root reader's account with the managed policy attached",
			"arn:aws:iam::" + rdWhole + ":role/Analyst", readerDoc("reader-read-policy-" + rdWhole + "-root"), allowAll},
		{"whole-account-without-policy", "a role of that account without the managed policy",
			"arn:aws:iam::" + rdWhole + ":role/Analyst", nil, []eval.Decision{eval.ImplicitDeny, eval.ImplicitDeny, eval.ImplicitDeny}},
		{"log-archive-role", "a reader in the bucket's account: its identity policy suffices in the bucket; the key policy names it",
			"arn:aws:iam::" + rdLogs + ":role/LogArchiveReader", readerDoc("reader-read-policy-" + rdLogs + "-role-LogArchiveReader"), allowAll},
		{"log-archive-other-role", "the bucket's account may let anyone list and get, but the key policy names only the reader: the logs stay sealed",
			"arn:aws:iam::" + rdLogs + ":role/Other", everything, []eval.Decision{eval.Allow, eval.Allow, eval.ImplicitDeny}},
		{"outside-the-organization", "a reader in an account outside the organization (a mistyped ID) is named, but aws:PrincipalOrgID keeps it out",
			"arn:aws:iam::" + rdOutside + ":role/SecurityAudit", readerDoc("reader-read-policy-" + rdOutside + "-role-SecurityAudit"), []eval.Decision{eval.ImplicitDeny, eval.ImplicitDeny, eval.ImplicitDeny}},
		{"outside-the-organization-everything", "nor can its account's administrators let it in",
			"arn:aws:iam::" + rdOutside + ":role/Admin", everything, []eval.Decision{eval.ImplicitDeny, eval.ImplicitDeny, eval.ImplicitDeny}},
	}
	// Without the RCPs (rcp.omit, or a setup of listed accounts) the
	// bucket and key policies alone must give the same answers; the RCPs
	// may turn a denial explicit, never an allow into a denial here.
	if len(rcps) == 0 {
		t.Fatal("the setup has an organization but no RCP")
	}
	for _, withRCPs := range []bool{false, true} {
		for _, tc := range tests {
			t.Run(fmt.Sprintf("%s/rcps=%t", tc.name, withRCPs), func(t *testing.T) {
				var got []eval.Decision
				for _, s := range steps(tc.principal) {
					p := eval.Policies{Resource: s.res}
					if withRCPs {
						p.RCPs = rcps
					}
					if tc.identity != nil {
						p.Identity = []*policy.Document{tc.identity}
					}
					res, err := eval.Evaluate(s.req, p)
					if err != nil {
						t.Fatalf("%s: %v", s.what, err)
					}
					d := res.Decision
					if d == eval.ExplicitDeny && withRCPs {
						d = eval.ImplicitDeny // denied either way
					}
					got = append(got, d)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%s: list, get, decrypt (-want +got):\n%s", tc.reason, diff)
				}
			})
		}
	}
}

// TestReaderDocuments: each reader gets its read policy, named by the
// reader and attached where AWS lets it be: a role's and a user's inline
// policy, a managed policy for a whole account; each applied by the
// account the reader lives in, by its part in the site when it has one.
func TestReaderDocuments(t *testing.T) {
	b, err := readersSetup().Build()
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Name      string
		Kind      cloudtrail.TargetKind
		AppliedIn cloudtrail.AccountRole
		Account   string
		Role      string
		User      string
		Policy    string
	}
	var got []row
	docs, ok := b.Select(trailpolicy.NameReaderReadPolicy)
	if !ok {
		t.Fatalf("Select(%q) found none among %v", trailpolicy.NameReaderReadPolicy, b.Names())
	}
	for _, d := range docs {
		tg := d.Target
		got = append(got, row{d.Name, tg.Kind, tg.AppliedIn, tg.Account, tg.RoleName, tg.UserName, tg.PolicyName})
		if k, ok := tg.DocumentKind(); !ok || k != d.Policy.Kind {
			t.Errorf("%s: a %s target takes %v, the document is a %s", d.Name, tg.Kind, k, d.Policy.Kind)
		}
	}
	want := []row{
		{"reader-read-policy-" + rdLogs + "-role-LogArchiveReader", cloudtrail.ExistingRolePolicyTarget, cloudtrail.LogArchiveAccount, rdLogs, "LogArchiveReader", "", "cloudtrail-log-read"},
		{"reader-read-policy-" + rdAudit + "-role-SecurityAudit", cloudtrail.ExistingRolePolicyTarget, cloudtrail.KeyAccount, rdAudit, "SecurityAudit", "", "cloudtrail-log-read"},
		{"reader-read-policy-" + rdUsers + "-user-alice", cloudtrail.UserPolicyTarget, cloudtrail.ReaderAccount(rdUsers), rdUsers, "", "alice", "cloudtrail-log-read"},
		{"reader-read-policy-" + rdWhole + "-root", cloudtrail.ManagedPolicyTarget, cloudtrail.ReaderAccount(rdWhole), rdWhole, "", "", "cloudtrail-log-read"},
		{"reader-read-policy-" + rdOutside + "-role-SecurityAudit", cloudtrail.ExistingRolePolicyTarget, cloudtrail.ReaderAccount(rdOutside), rdOutside, "SecurityAudit", "", "cloudtrail-log-read"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reader documents (-want +got):\n%s", diff)
	}

	// Adding a reader in the middle renames no other reader's document.
	s := readersSetup()
	s.Readers = append([]string{"arn:aws:iam::" + rdUsers + ":user/aaron"}, s.Readers...)
	b2, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range want {
		if _, ok := b2.Documents.Get(r.Name); !ok {
			t.Errorf("with another reader, %s is gone: %v", r.Name, b2.Names())
		}
	}

	// The vendor's role, listed as a reader too, keeps only its own policy.
	s = readersSetup()
	s.Vendor = &trust.Vendor{Account: "998877665544", ExternalID: "8900-544"}
	s.Readers = append(s.Readers, "arn:aws:iam::"+rdLogs+":role/CloudTrailLogReader")
	b3, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b3.Documents.Get("reader-read-policy-" + rdLogs + "-role-CloudTrailLogReader"); ok {
		t.Errorf("the vendor's role got a reader read policy besides %s", trailpolicy.NameVendorReadPolicy)
	}
}

// TestEUSCSetup: a whole setup in the AWS European Sovereign Cloud builds,
// every ARN of every document is in the aws-eusc partition, and the
// readers' decrypt statement leaves kms:ViaService out, whose value there
// no AWS page gives; a key in a commercial Region is refused.
func TestEUSCSetup(t *testing.T) {
	s := readersSetup()
	s.Partition = policy.PartitionEUSC
	s.BucketRegion = "eusc-de-east-1"
	s.KMSKeyARN = "arn:aws-eusc:kms:eusc-de-east-1:" + rdAudit + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	for i, r := range s.Readers {
		s.Readers[i] = strings.Replace(r, "arn:aws:", "arn:aws-eusc:", 1)
	}
	s.Vendor = &trust.Vendor{Account: "998877665544", ExternalID: "8900-544"}
	b, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	arn := regexp.MustCompile(`"arn:[a-z-]+:`)
	for _, d := range b.Documents {
		js, err := d.Policy.JSON()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range arn.FindAllString(string(js), -1) {
			if m != `"arn:aws-eusc:` {
				t.Errorf("%s names an ARN of another partition: %s", d.Name, m)
			}
		}
		if strings.HasPrefix(d.Name, trailpolicy.NameReaderReadPolicy+"-") && strings.Contains(string(js), "kms:ViaService") {
			t.Errorf("%s conditions on kms:ViaService, whose aws-eusc value is not published", d.Name)
		}
	}
	s.KMSKeyARN = "arn:aws-eusc:kms:eu-central-1:" + rdAudit + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
	if _, err := s.Build(); err == nil || !strings.Contains(err.Error(), "kmsKeyArn") {
		t.Errorf("a key in eu-central-1 under aws-eusc: %v, want a kmsKeyArn problem", err)
	}
}
