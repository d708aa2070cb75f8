package rcp_test

import (
	"fmt"
	"maps"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
	"github.com/trailpolicy/trailpolicy/rcp"
	"github.com/trailpolicy/trailpolicy/trust"
)

// These tests ask the RCP what it does, through policy/eval, together with
// the bucket policy, key policy and read policy built from the same setup
// (trailpolicy.Setup.Build), as AWS evaluates them: each request carries
// the condition keys AWS sends for its caller.
//
// The world: the organization o-a1b2c3d4e5 has the management account
// 111111111111 (organization trail), the log archive account 222222222222
// (bucket, reader and vendor roles, break-glass role) and the security
// account 333333333333 (key). 444444444444 delivers with a trail of its
// own but is not a member; 777777777777 is an unrelated account.
const (
	evMgmt     = "111111111111"
	evLog      = "222222222222"
	evSec      = "333333333333"
	evNonMem   = "444444444444"
	evOutsider = "777777777777"
	evKey      = "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	evOrgTrail = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"
	evOwnTrail = "arn:aws:cloudtrail:us-east-1:444444444444:trail/own"
	evReader   = "arn:aws:iam::222222222222:role/SecurityAudit"
	evGlass    = "arn:aws:iam::222222222222:role/BreakGlass"
)

var evMembers = []string{evMgmt, evLog, evSec}

func evSetup(rcpOpts rcp.Options) trailpolicy.Setup {
	return trailpolicy.Setup{
		SiteConfig: cloudtrail.SiteConfig{
			Bucket:            bucket,
			BucketRegion:      "eu-west-1",
			LogArchiveAccount: evLog,
			Accounts:          []string{evNonMem},
			Organization:      &cloudtrail.Organization{ID: orgID, ManagementAccount: evMgmt},
			KMSKeyARN:         evKey,
			Readers:           []string{evReader},
			BreakGlassRoles:   []string{evGlass},
		},
		Vendor: &trust.Vendor{Account: "888888888888", ExternalID: "vendor-ext-01"},
		RCP:    rcpOpts,
	}
}

// evWorld is the bundle of a setup and the documents the tests use.
type evWorld struct {
	bucketPolicy, keyPolicy, readPolicy *policy.Document
	vendorRole                          string
	rcps                                []*policy.Document
}

func evBuild(t *testing.T, s trailpolicy.Setup) evWorld {
	t.Helper()
	b, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	get := func(name string) cloudtrail.Document {
		ds, ok := b.Select(name)
		if !ok || len(ds) != 1 {
			t.Fatalf("setup has %d %s documents", len(ds), name)
		}
		return ds[0]
	}
	w := evWorld{bucketPolicy: get(trailpolicy.NameBucketPolicy).Policy, keyPolicy: get(trailpolicy.NameKeyPolicy).Policy}
	read := get(trailpolicy.NameVendorReadPolicy)
	w.readPolicy, w.vendorRole = read.Policy, read.Target.RoleARN
	rcps, _ := b.Select(trailpolicy.NameRCP)
	for _, d := range rcps {
		w.rcps = append(w.rcps, d.Policy)
	}
	if len(w.rcps) == 0 {
		t.Fatal("the setup has an organization but no RCP")
	}
	return w
}

// caller is who asks, with the keys AWS sets for it.
type evCaller struct {
	principal eval.Principal
	context   map[string][]string
}

// session is a role session of account; AWS sets aws:PrincipalOrgID for
// principals of member accounts only.
func session(roleARN string) evCaller {
	a, err := policy.ParseRoleARN("role", roleARN)
	if err != nil {
		panic(err)
	}
	ctx := map[string][]string{
		"aws:PrincipalArn":          {roleARN},
		"aws:PrincipalAccount":      {a.AccountID},
		"aws:PrincipalIsAWSService": {"false"},
		"aws:SecureTransport":       {"true"},
	}
	for _, m := range evMembers {
		if m == a.AccountID {
			ctx["aws:PrincipalOrgID"] = []string{orgID}
		}
	}
	name := a.Resource[len("role/"):]
	return evCaller{principal: eval.Principal{ARN: fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/s", a.AccountID, name)}, context: ctx}
}

// serviceFor is an AWS service acting for sourceArn; aws:SourceOrgID is
// set when the source account is a member.
func serviceFor(name, sourceArn string) evCaller {
	a, err := policy.ParseARN("source", sourceArn)
	if err != nil {
		panic(err)
	}
	ctx := map[string][]string{
		"aws:SourceArn":             {sourceArn},
		"aws:SourceAccount":         {a.AccountID},
		"aws:PrincipalIsAWSService": {"true"},
		"aws:SecureTransport":       {"true"},
	}
	for _, m := range evMembers {
		if m == a.AccountID {
			ctx["aws:SourceOrgID"] = []string{orgID}
		}
	}
	return evCaller{principal: eval.Principal{Type: eval.ServicePrincipal, Service: name}, context: ctx}
}

func (c evCaller) with(extra map[string][]string) evCaller {
	ctx := maps.Clone(c.context)
	for k, v := range extra {
		if v == nil {
			delete(ctx, k)
			continue
		}
		ctx[k] = v
	}
	return evCaller{principal: c.principal, context: ctx}
}

func identity(actions ...string) *policy.Document {
	return policy.New(policy.KindIdentityPolicy, iampolicy.Statement{Effect: iampolicy.EffectAllow, Action: policy.List(actions...), Resource: policy.Strings("*")})
}

// grant returns doc with an extra Allow of actions to principal on
// resources: a bucket or key policy that says yes where it should not.
func grant(doc *policy.Document, principal string, actions []string, resources ...string) *policy.Document {
	cp := *doc
	cp.Statements = append(append([]iampolicy.Statement(nil), doc.Statements...), iampolicy.Statement{
		Sid: "TooGenerous", Effect: iampolicy.EffectAllow, Principal: policy.AWSPrincipal(principal),
		Action: policy.List(actions...), Resource: policy.List(resources...),
	})
	return &cp
}

func TestRCPBehaviour(t *testing.T) {
	w := evBuild(t, evSetup(rcp.Options{}))
	trusted := evBuild(t, evSetup(rcp.Options{TrustedAccounts: []string{evOutsider}}))
	bucketARN := policy.BucketARN(policy.PartitionAWS, bucket)
	orgLog := bucketARN + "/AWSLogs/" + orgID + "/" + evSec + "/CloudTrail/eu-west-1/2026/12/02/" + evSec + "_CloudTrail_eu-west-1_x.json.gz"
	ownLog := bucketARN + "/AWSLogs/" + evNonMem + "/CloudTrail/us-east-1/2026/12/02/" + evNonMem + "_CloudTrail_us-east-1_x.json.gz"
	delivery := map[string][]string{
		"s3:x-amz-acl":                                   {"bucket-owner-full-control"},
		"s3:x-amz-server-side-encryption":                {"aws:kms"},
		"s3:x-amz-server-side-encryption-aws-kms-key-id": {evKey},
	}
	decrypt := func(trail string) map[string][]string {
		return map[string][]string{
			"kms:EncryptionContext:aws:cloudtrail:arn": {trail},
			"kms:ViaService": {"s3.eu-west-1.amazonaws.com"},
		}
	}
	outsiderRole := "arn:aws:iam::777777777777:role/Admin"
	mgmtAdmin := "arn:aws:iam::111111111111:role/Admin"
	logAdmin := "arn:aws:iam::222222222222:role/Admin"
	admin := identity("*")

	type call struct {
		caller   evCaller
		action   string
		resource string
		identity []*policy.Document
		policy   *policy.Document // the bucket or key policy
	}
	tests := []struct {
		name   string
		reason string
		call   call
		rcps   []*policy.Document // nil: w.rcps
		want   eval.Decision
		// without is the decision with no RCP: for a deny, the control that
		// shows the RCP, not another policy, refuses.
		without eval.Decision
	}{{
		name: "outsider-reads-log", reason: "a bucket policy that grants an outside account is overruled",
		call: call{session(outsiderRole), "s3:GetObject", orgLog, []*policy.Document{admin}, grant(w.bucketPolicy, policy.AccountRootARN(policy.PartitionAWS, evOutsider), []string{"s3:GetObject"}, bucketARN+"/*")},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "outsider-lists-bucket", reason: "the bucket ARN is guarded too",
		call: call{session(outsiderRole), "s3:ListBucket", bucketARN, []*policy.Document{admin}, grant(w.bucketPolicy, policy.AccountRootARN(policy.PartitionAWS, evOutsider), []string{"s3:ListBucket"}, bucketARN)},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "outsider-decrypts", reason: "a key policy that grants an outside account is overruled",
		call: call{session(outsiderRole).with(decrypt(evOrgTrail)), "kms:Decrypt", evKey, []*policy.Document{admin}, grant(w.keyPolicy, policy.AccountRootARN(policy.PartitionAWS, evOutsider), []string{"kms:Decrypt"}, "*")},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "trusted-outsider-reads", reason: "rcp.trustedAccounts lets that account through where its policies allow",
		call: call{session(outsiderRole), "s3:GetObject", orgLog, []*policy.Document{admin}, grant(w.bucketPolicy, policy.AccountRootARN(policy.PartitionAWS, evOutsider), []string{"s3:GetObject"}, bucketARN+"/*")},
		rcps: trusted.rcps, want: eval.Allow, without: eval.Allow,
	}, {
		name: "anonymous-reads", reason: "a public bucket policy is overruled: an unsigned request belongs to no organization",
		call: call{evCaller{principal: eval.Principal{Type: eval.AnonymousPrincipal}, context: map[string][]string{"aws:SecureTransport": {"true"}}},
			"s3:GetObject", orgLog, nil, func() *policy.Document {
				d := *w.bucketPolicy
				d.Statements = append(append([]iampolicy.Statement(nil), d.Statements...), iampolicy.Statement{Sid: "Public", Effect: iampolicy.EffectAllow,
					Principal: policy.Everyone(), Action: policy.Strings("s3:GetObject"), Resource: policy.Strings(bucketARN + "/*")})
				return &d
			}()},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "org-trail-delivers", reason: "CloudTrail writes the organization trail's log file",
		call: call{serviceFor("cloudtrail.amazonaws.com", evOrgTrail).with(delivery), "s3:PutObject", orgLog, nil, w.bucketPolicy},
		want: eval.Allow, without: eval.Allow,
	}, {
		name: "non-member-trail-delivers", reason: "a delivering account outside the organization still delivers: its trail is exempt by aws:SourceArn",
		call: call{serviceFor("cloudtrail.amazonaws.com", evOwnTrail).with(delivery), "s3:PutObject", ownLog, nil, w.bucketPolicy},
		want: eval.Allow, without: eval.Allow,
	}, {
		name: "org-trail-encrypts", reason: "CloudTrail's kms:GenerateDataKey for the log file",
		call: call{serviceFor("cloudtrail.amazonaws.com", evOrgTrail).with(map[string][]string{"kms:EncryptionContext:aws:cloudtrail:arn": {evOrgTrail}}), "kms:GenerateDataKey", evKey, nil, w.keyPolicy},
		want: eval.Allow, without: eval.Allow,
	}, {
		name: "non-member-trail-encrypts", reason: "the same for the non-member's trail",
		call: call{serviceFor("cloudtrail.amazonaws.com", evOwnTrail).with(map[string][]string{"kms:EncryptionContext:aws:cloudtrail:arn": {evOwnTrail}}), "kms:GenerateDataKey", evKey, nil, w.keyPolicy},
		want: eval.Allow, without: eval.Allow,
	}, {
		name: "confused-deputy", reason: "CloudTrail acting for a trail of an outside account is denied where a bucket policy would let it write",
		call: call{serviceFor("cloudtrail.amazonaws.com", "arn:aws:cloudtrail:us-east-1:777777777777:trail/evil").with(delivery), "s3:PutObject", orgLog, nil,
			func() *policy.Document {
				d := *w.bucketPolicy
				d.Statements = append(append([]iampolicy.Statement(nil), d.Statements...), iampolicy.Statement{Sid: "AnyTrail", Effect: iampolicy.EffectAllow,
					Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"), Action: policy.Strings("s3:PutObject"), Resource: policy.Strings(bucketARN + "/*")})
				return &d
			}()},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "reader-reads", reason: "the log archive account's reader gets the log file",
		call: call{session(evReader), "s3:GetObject", orgLog, []*policy.Document{w.readPolicy}, w.bucketPolicy},
		want: eval.Allow, without: eval.Allow,
	}, {
		name: "reader-decrypts", reason: "and decrypts it with the key of the security account",
		call: call{session(evReader).with(decrypt(evOrgTrail)), "kms:Decrypt", evKey, []*policy.Document{w.readPolicy}, w.keyPolicy},
		want: eval.Allow, without: eval.Allow,
	}, {
		name: "vendor-reads", reason: "the vendor's role is in the log archive account, inside the organization",
		call: call{session(w.vendorRole), "s3:GetObject", orgLog, []*policy.Document{w.readPolicy}, w.bucketPolicy},
		want: eval.Allow, without: eval.Allow,
	}, {
		name: "vendor-decrypts", reason: "and it decrypts",
		call: call{session(w.vendorRole).with(decrypt(evOrgTrail)), "kms:Decrypt", evKey, []*policy.Document{w.readPolicy}, w.keyPolicy},
		want: eval.Allow, without: eval.Allow,
	}, {
		name: "reader-without-tls", reason: "DenyInsecureTransport: also on the key, where the key policy has no such deny",
		call: call{session(evReader).with(decrypt(evOrgTrail)).with(map[string][]string{"aws:SecureTransport": {"false"}}), "kms:Decrypt", evKey, []*policy.Document{w.readPolicy}, w.keyPolicy},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "member-admin-deletes-log", reason: "an administrator of the log archive account cannot delete a log, SCP or not",
		call: call{session(logAdmin), "s3:DeleteObject", orgLog, []*policy.Document{admin}, w.bucketPolicy},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "member-admin-suspends-versioning", reason: "nor weaken the bucket",
		call: call{session(logAdmin), "s3:PutBucketVersioning", bucketARN, []*policy.Document{admin}, w.bucketPolicy},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "key-admin-schedules-deletion", reason: "nor an administrator of the key's account delete the key",
		call: call{session("arn:aws:iam::333333333333:role/Admin"), "kms:ScheduleKeyDeletion", evKey, []*policy.Document{admin}, w.keyPolicy},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "management-admin-deletes-log", reason: "the management account's principals, whom no SCP restricts, are denied by the RCP",
		call: call{session(mgmtAdmin), "s3:DeleteObject", orgLog, []*policy.Document{admin}, grant(w.bucketPolicy, policy.AccountRootARN(policy.PartitionAWS, evMgmt), []string{"s3:*"}, bucketARN+"/*")},
		want: eval.ExplicitDeny, without: eval.Allow,
	}, {
		name: "break-glass-deletes-log", reason: "the break-glass role is exempt, as in the SCP",
		call: call{session(evGlass), "s3:DeleteObject", orgLog, []*policy.Document{admin}, w.bucketPolicy},
		want: eval.Allow, without: eval.Allow,
	}, {
		name: "break-glass-replaces-key-policy", reason: "also for the key",
		call: call{session("arn:aws:iam::222222222222:role/BreakGlass"), "kms:PutKeyPolicy", evKey, []*policy.Document{admin},
			grant(w.keyPolicy, policy.AccountRootARN(policy.PartitionAWS, evLog), []string{"kms:PutKeyPolicy"}, "*")},
		want: eval.Allow, without: eval.Allow,
	}}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate case %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			c := tt.call
			resAccount := evLog
			if c.resource == evKey {
				resAccount = evSec
			}
			req := eval.Request{Principal: c.caller.principal, Action: c.action, Resource: c.resource, ResourceAccount: resAccount, Context: c.caller.context}
			rcps := tt.rcps
			if rcps == nil {
				rcps = w.rcps
			}
			for _, run := range []struct {
				rcps []*policy.Document
				want eval.Decision
			}{{nil, tt.without}, {rcps, tt.want}} {
				res, err := eval.Evaluate(req, eval.Policies{Resource: c.policy, Identity: c.identity, RCPs: run.rcps, ManagementAccount: evMgmt})
				if err != nil {
					t.Fatal(err)
				}
				if res.Decision != run.want {
					t.Errorf("with %d RCPs: %s, want %s (%s): %s; deciding %v", len(run.rcps), res.Decision, run.want, tt.reason, res.Reason, res.Deciding)
				}
				if run.rcps != nil && res.Decision == eval.ExplicitDeny {
					for _, d := range res.Deciding {
						if d.Policy[:3] != "rcp" {
							t.Errorf("denied by %s, want the RCP alone", d)
						}
					}
				}
			}
		})
	}
}
