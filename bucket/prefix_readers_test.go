package bucket_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// TestWritesStayInOwnPrefix: by default a trail of one delivering account
// cannot write under another delivering account's AWSLogs/<account>/, in
// every source-condition mode, with and without a bucket prefix; this
// includes the key CloudTrail writes when account B sets its trail's
// S3KeyPrefix to A's path ([prefix/]AWSLogs/<A>), which lands inside A's
// prefix. AllowWritesAcrossAccountPrefixes lets both through: the weakening
// it is named for.
func TestWritesStayInOwnPrefix(t *testing.T) {
	trailOf := func(a string) string { return "arn:aws:cloudtrail:us-east-1:" + a + ":trail/main" }
	modes := []struct {
		name   string
		reason string
		cfg    setup
	}{
		{"patterns", "default: StringLike aws:SourceArn per account", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt, acct2, acct3}}}},
		{"exact-trails", "StringEquals on each account's own trail",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt, acct2, acct3}, Trails: []string{trailOf(mgmt), trailOf(acct2), trailOf(acct3)}}}},
		{"source-account", "aws:SourceAccount per account", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt, acct2, acct3}},
			Config: bucket.Config{Options: bucket.Options{AllowAnySourceInAccounts: true}}}},
		{"organization-and-account", "the management account's own path and a delivering account's",
			setup{SiteConfig: cloudtrail.SiteConfig{Organization: org(), Accounts: []string{acct3}}}},
	}
	for _, m := range modes {
		for _, prefix := range []string{"", "logs"} {
			for _, across := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/prefix=%q/across=%t", m.name, prefix, across), func(t *testing.T) {
					cfg := m.cfg
					cfg.Bucket, cfg.Prefix, cfg.AllowWritesAcrossAccountPrefixes = testBucket, prefix, across
					doc := mustBuild(t, cfg)
					root := "arn:aws:s3:::" + testBucket + "/" + cloudtrail.LogPath(prefix) + "/"
					owners := newSite(t, cfg.SiteConfig).OwnerAccounts()
					for _, writer := range owners {
						for _, victim := range owners {
							own := root + victim + "/CloudTrail/us-east-1/2026/05/01/" + writer + "_CloudTrail_us-east-1_20260501T1205Z_x.json.gz"
							injected := root + victim + "/AWSLogs/" + writer + "/CloudTrail/us-east-1/2026/05/01/" + writer + "_CloudTrail_us-east-1_20260501T1205Z_x.json.gz"
							want := allowed
							if writer != victim && !across {
								want = implicitDeny
							}
							for _, obj := range []string{own, injected} {
								if got := decide(t, doc, putLog(obj, trailOf(writer), "", "")); got != want {
									t.Errorf("trail of %s writes %s: %s, want %s (%s)", writer, obj, got, want, m.reason)
								}
							}
						}
					}
				})
			}
		}
	}
}

// TestWriteStatementsPerAccount: one account keeps AWS's Sid; several get
// one statement each, named by account, suffix included; the compact option
// gives back the single statement.
func TestWriteStatementsPerAccount(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		cfg    setup
		want   []string
	}{
		{"one-account", "one account: AWSCloudTrailWrite as on AWS's page", setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{mgmt}}},
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "DenyInsecureTransport"}},
		{"organization", "the management account alone, plus the organization statement", setup{SiteConfig: cloudtrail.SiteConfig{Organization: org()}},
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "AWSCloudTrailOrganizationWrite", "DenyInsecureTransport"}},
		{"three-accounts-suffix", "one statement per account in account order, then the suffix",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{acct3, mgmt, acct2}}, Config: bucket.Config{Options: bucket.Options{SidSuffix: "20131101"}}},
			[]string{"AWSCloudTrailAclCheck20131101", "AWSCloudTrailWrite11111111111120131101", "AWSCloudTrailWrite22222222222220131101",
				"AWSCloudTrailWrite33333333333320131101", "DenyInsecureTransport20131101"}},
		{"across", "AllowWritesAcrossAccountPrefixes: one statement for all",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{acct3, mgmt, acct2}}, Config: bucket.Config{Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true}}},
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "DenyInsecureTransport"}},
		{"any-source-trail", "without a source condition, statements per account would isolate nothing: one statement",
			setup{SiteConfig: cloudtrail.SiteConfig{Accounts: []string{acct3, mgmt, acct2}}, Config: bucket.Config{Options: bucket.Options{AllowAnySourceTrail: true}}},
			[]string{"AWSCloudTrailAclCheck", "AWSCloudTrailWrite", "DenyInsecureTransport"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Bucket = testBucket
			if diff := cmp.Diff(tc.want, sids(mustBuild(t, tc.cfg))); diff != "" {
				t.Errorf("Sids (%s) (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

// readPolicy is the reader role's identity policy that package trust writes
// by default (trust.BuildReadPolicy with only a partition, a bucket and a
// prefix), copied here so that these tests build without another builder
// package. Keep it in step with trust/read.go.
func readPolicy(t *testing.T, part policy.Partition, bucketName, prefix string) *policy.Document {
	t.Helper()
	logPath := cloudtrail.LogPath(prefix)
	bucketARN := policy.BucketARN(part, bucketName)
	doc, err := policy.Decode(policy.KindIdentityPolicy, []byte(`{
		"Version": "2012-10-17",
		"Statement": [
			{
				"Sid": "ListCloudTrailLogFiles",
				"Effect": "Allow",
				"Action": "s3:ListBucket",
				"Resource": "`+bucketARN+`",
				"Condition": {"StringLike": {"s3:prefix": "`+logPath+`/*"}}
			},
			{
				"Sid": "ReadCloudTrailLogFiles",
				"Effect": "Allow",
				"Action": "s3:GetObject",
				"Resource": "`+policy.ObjectARN(part, bucketName, logPath+"/*")+`"
			}
		]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestReaders asks the bucket policy what a reader role in another account
// than the bucket's may do, with the identity policy the trust package
// writes for it (see readPolicy): list and get under [prefix/]AWSLogs/, nothing else, and
// nothing at all without the bucket policy's grant (across accounts both
// sides must allow).
func TestReaders(t *testing.T) {
	const prefix = "logs/cloudtrail"
	bucketAccount := mgmt
	cfg := setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Prefix: prefix, Readers: []string{reader2}, Accounts: []string{mgmt, acct2}}}
	doc := mustBuild(t, cfg)
	cfg.Readers = nil
	without := mustBuild(t, cfg)
	identity := readPolicy(t, policy.PartitionAWS, testBucket, prefix)
	bucketARN := "arn:aws:s3:::" + testBucket
	logObj := bucketARN + "/" + prefix + "/AWSLogs/" + acct2 + "/CloudTrail/us-east-1/2026/05/01/f.json.gz"
	session := func(account, role string) eval.Principal {
		return eval.Principal{ARN: "arn:aws:sts::" + account + ":assumed-role/" + role + "/s"}
	}
	reader := session(acct2, "SecurityReader")
	tests := []struct {
		name      string
		reason    string
		principal eval.Principal
		bucketPol *policy.Document
		action    string
		resource  string
		s3prefix  []string
		want      eval.Decision
	}{
		{"list-log-root", "listing AWSLogs/ itself", reader, doc, "s3:ListBucket", bucketARN, []string{prefix + "/AWSLogs/"}, eval.Allow},
		{"list-account", "listing one account's folder", reader, doc, "s3:ListBucket", bucketARN, []string{prefix + "/AWSLogs/" + mgmt + "/CloudTrail/"}, eval.Allow},
		{"list-no-prefix", "listing the whole bucket", reader, doc, "s3:ListBucket", bucketARN, nil, eval.ImplicitDeny},
		{"list-other-folder", "another folder", reader, doc, "s3:ListBucket", bucketARN, []string{"notes/"}, eval.ImplicitDeny},
		{"list-sibling", "a sibling that starts like the log root", reader, doc, "s3:ListBucket", bucketARN, []string{prefix + "/AWSLogsEvil/"}, eval.ImplicitDeny},
		{"get-log", "a log file", reader, doc, "s3:GetObject", logObj, nil, eval.Allow},
		{"get-other", "an object outside AWSLogs/", reader, doc, "s3:GetObject", bucketARN + "/notes/readme.txt", nil, eval.ImplicitDeny},
		{"put-log", "readers never write", reader, doc, "s3:PutObject", logObj, nil, eval.ImplicitDeny},
		{"delete-log", "readers never delete", reader, doc, "s3:DeleteObject", logObj, nil, eval.ImplicitDeny},
		{"get-acl", "nor read ACLs", reader, doc, "s3:GetObjectAcl", logObj, nil, eval.ImplicitDeny},
		{"other-role", "another role of the reader's account, with the same identity policy", session(acct2, "Developer"), doc, "s3:GetObject", logObj, nil, eval.ImplicitDeny},
		{"without-grant", "the same reader when the bucket policy names no reader: the finding this option fixes", reader, without, "s3:GetObject", logObj, nil, eval.ImplicitDeny},
		{"without-grant-list", "the same for listing", reader, without, "s3:ListBucket", bucketARN, []string{prefix + "/AWSLogs/"}, eval.ImplicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := map[string][]string{"aws:SecureTransport": {"true"}}
			if tc.s3prefix != nil {
				ctx["s3:prefix"] = tc.s3prefix
			}
			req := eval.Request{Principal: tc.principal, Action: tc.action, Resource: tc.resource, ResourceAccount: bucketAccount, Context: ctx}
			res, err := eval.Evaluate(req, eval.Policies{Resource: tc.bucketPol, Identity: []*policy.Document{identity}})
			if err != nil {
				t.Fatal(err)
			}
			if res.Decision != tc.want {
				t.Errorf("%s %s: %s, want %s (%s): %s", tc.action, tc.resource, res.Decision, tc.want, tc.reason, res.Reason)
			}
		})
	}
	// Over plain HTTP the TLS deny still wins.
	req := eval.Request{Principal: reader, Action: "s3:GetObject", Resource: logObj, ResourceAccount: bucketAccount,
		Context: map[string][]string{"aws:SecureTransport": {"false"}}}
	if res, _ := eval.Evaluate(req, eval.Policies{Resource: doc, Identity: []*policy.Document{identity}}); res.Decision != eval.ExplicitDeny {
		t.Errorf("reader over HTTP: %s, want ExplicitDeny", res.Decision)
	}
}

// TestReadersMatchReadPolicy: the bucket policy's reader statements grant
// exactly the actions, resources and conditions of the trust package's
// default read policy (see readPolicy), so the two sides of a cross-account
// read agree.
func TestReadersMatchReadPolicy(t *testing.T) {
	for _, prefix := range []string{"", "logs/cloudtrail"} {
		for _, part := range policy.Partitions() {
			t.Run(fmt.Sprintf("%s/%q", part, prefix), func(t *testing.T) {
				reader := policy.RoleARN(part, acct2, "SecurityReader")
				doc := mustBuild(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, Prefix: prefix, Readers: []string{reader}, Partition: part, Accounts: []string{mgmt}}})
				read := readPolicy(t, part, testBucket, prefix)
				pairs := [][2]string{{bucket.SidReadersList, "ListCloudTrailLogFiles"}, {bucket.SidReadersRead, "ReadCloudTrailLogFiles"}}
				for _, p := range pairs {
					ours := statement(t, doc, p[0])
					theirs := statement(t, read, p[1])
					if diff := cmp.Diff(theirs.Action.Values(), ours.Action.Values()); diff != "" {
						t.Errorf("%s actions (-read policy +bucket policy):\n%s", p[0], diff)
					}
					if diff := cmp.Diff(theirs.Resource.Values(), ours.Resource.Values()); diff != "" {
						t.Errorf("%s resources (-read policy +bucket policy):\n%s", p[0], diff)
					}
					if diff := cmp.Diff(conditions(theirs), conditions(ours)); diff != "" {
						t.Errorf("%s conditions (-read policy +bucket policy):\n%s", p[0], diff)
					}
					if diff := cmp.Diff([]string{reader}, ours.Principal.AWS().Values()); diff != "" {
						t.Errorf("%s principal (-want +got):\n%s", p[0], diff)
					}
				}
			})
		}
	}
}

// TestReadersOutsideLogArchive: the bucket policy grants the Site's readers
// outside the log archive account, the bucket's: across accounts S3 needs
// the bucket policy's yes, but within the bucket's account the identity
// policy suffices, and a grant would let the role read even after its
// identity policy is detached. Without a log archive account the bucket's
// account is unknown, so every reader is granted.
func TestReadersOutsideLogArchive(t *testing.T) {
	inArchive := policy.RoleARN(policy.PartitionAWS, mgmt, "ArchiveReader")
	tests := []struct {
		name       string
		reason     string
		logArchive string
		readers    []string
		want       []string // the granted readers; nil for no reader statements
	}{
		{"no-log-archive", "the bucket's account is unknown: every reader is granted", "", []string{reader2, inArchive}, []string{inArchive, reader2}},
		{"log-archive", "the reader in the bucket's account needs no grant", mgmt, []string{reader2, inArchive}, []string{reader2}},
		{"only-log-archive", "no reader outside the bucket's account: no reader statements", mgmt, []string{inArchive}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustBuild(t, setup{SiteConfig: cloudtrail.SiteConfig{Bucket: testBucket, KMSKeyARN: keyARN,
				LogArchiveAccount: tc.logArchive, Accounts: []string{mgmt, acct2}, Readers: tc.readers}})
			for _, sid := range []string{bucket.SidReadersList, bucket.SidReadersRead} {
				if tc.want == nil {
					if slices.Contains(sids(doc), sid) {
						t.Errorf("%s present (%s)", sid, tc.reason)
					}
					continue
				}
				if diff := cmp.Diff(tc.want, statement(t, doc, sid).Principal.AWS().Values()); diff != "" {
					t.Errorf("%s principals (%s) (-want +got):\n%s", sid, tc.reason, diff)
				}
			}
			if tc.logArchive == "" {
				return
			}
			// The reader in the bucket's account still reads, with its
			// identity policy alone.
			logObj := "arn:aws:s3:::" + testBucket + "/AWSLogs/" + acct2 + "/CloudTrail/us-east-1/2026/05/01/f.json.gz"
			req := eval.Request{Principal: eval.Principal{ARN: "arn:aws:sts::" + mgmt + ":assumed-role/ArchiveReader/s"},
				Action: "s3:GetObject", Resource: logObj, ResourceAccount: mgmt,
				Context: map[string][]string{"aws:SecureTransport": {"true"}}}
			identity := readPolicy(t, policy.PartitionAWS, testBucket, "")
			if res, err := eval.Evaluate(req, eval.Policies{Resource: doc, Identity: []*policy.Document{identity}}); err != nil || res.Decision != eval.Allow {
				t.Errorf("reader in the log archive account: %v %v, want Allow", res.Decision, err)
			}
		})
	}
}
