package scp_test

import (
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
	"github.com/trailpolicy/trailpolicy/scp"
)

// These tests ask the SCPs what they do, with policy/eval, instead of only
// comparing JSON: an administrator of the log-archive account (allowed
// everything by its identity policy) tries to destroy the logs.

const (
	logObject  = "arn:aws:s3:::gov-my-cloudtrail/AWSLogs/o-exampleorgid/333333333333/CloudTrail/eu-west-1/2026/11/25/log.json.gz"
	bucketARN  = "arn:aws:s3:::gov-my-cloudtrail"
	adminRole  = "arn:aws:iam::222222222222:role/Admin"
	adminSess  = "arn:aws:sts::222222222222:assumed-role/Admin/mallory"
	glassSess  = "arn:aws:sts::222222222222:assumed-role/BreakGlass/alice"
	otherAdmin = "arn:aws:iam::333333333333:role/Admin"
	otherSess  = "arn:aws:sts::333333333333:assumed-role/Admin/bob"
)

// administratorAccess is the identity policy of every IAM caller below.
func administratorAccess() *policy.Document {
	return policy.New(policy.KindIdentityPolicy, iampolicy.Statement{
		Effect: iampolicy.EffectAllow, Action: policy.Strings("*"), Resource: policy.Strings("*"),
	})
}

// cloudTrailBucketPolicy lets CloudTrail deliver, as the bucket policy does.
func cloudTrailBucketPolicy() *policy.Document {
	return policy.New(policy.KindBucketPolicy, iampolicy.Statement{
		Sid: "AWSCloudTrailWrite", Effect: iampolicy.EffectAllow, Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"),
		Action: policy.Strings("s3:PutObject"), Resource: policy.Strings(bucketARN + "/AWSLogs/*"),
	})
}

// keyPolicy delegates the key to the account's IAM policies.
func keyPolicy() *policy.Document {
	return policy.New(policy.KindKeyPolicy, iampolicy.Statement{
		Sid: "EnableIAMPolicies", Effect: iampolicy.EffectAllow, Principal: policy.AWSPrincipal("arn:aws:iam::222222222222:root"),
		Action: policy.Strings("kms:*"), Resource: policy.Strings("*"),
	})
}

func TestSCPBehaviour(t *testing.T) {
	// setup is a site and the SCP's config, built with buildSetup.
	type setup struct {
		site cloudtrail.SiteConfig
		cfg  scp.Config
	}
	everything := setup{
		site: cloudtrail.SiteConfig{
			Bucket:            bucket,
			Accounts:          []string{logAccount},
			BreakGlassRoles:   []string{breakGlass},
			KMSKeyARN:         keyARN,
			LogArchiveAccount: logAccount,
		},
		cfg: scp.Config{Options: scp.Options{ProtectTrails: []string{trail}}},
	}
	plain := func(cfg scp.Config) *setup { return &setup{site: site(bucket), cfg: cfg} }
	// orgTrail is the organization trail, owned by the management account;
	// the CloudTrail delegated administrator is a member account (here
	// 333333333333) that may manage it.
	const orgTrail = "arn:aws:cloudtrail:us-east-1:" + mgmt + ":trail/org-trail"
	// controlTower writes break-glass roles and protected trails as AWS
	// Control Tower's SCPs do.
	const ctTrail = "arn:aws:cloudtrail:us-east-1:333333333333:trail/aws-controltower-BaselineCloudTrail"
	controlTower := setup{
		site: cloudtrail.SiteConfig{Bucket: bucket, Accounts: []string{logAccount}, BreakGlassRoles: []string{"arn:aws:iam::*:role/AWSControlTowerExecution"}},
		cfg:  scp.Config{Options: scp.Options{ProtectTrails: []string{"arn:aws:cloudtrail:*:*:trail/aws-controltower-*"}}},
	}
	// creation is everything with DenyTrailCreationAndTagging.
	creation := everything
	creation.cfg.Options.DenyTrailCreationAndTagging = true
	organization := setup{site: cloudtrail.SiteConfig{
		Bucket: bucket, Accounts: []string{logAccount, "333333333333"}, Organization: org(),
		Trails:          []string{trail, orgTrail, "arn:aws:cloudtrail:eu-west-1:333333333333:trail/app"},
		BreakGlassRoles: []string{breakGlass}, LogArchiveAccount: logAccount,
	}}
	published := golden.Fixture(t, policy.KindSCP, fixture)
	patchBucketName.apply(t, published)

	type call struct {
		principal, session string // role ARN (for aws:PrincipalArn) and caller ARN
		service            string // service principal instead of a role
		action, resource   string
		resourceAccount    string
		resourcePolicy     *policy.Document
	}
	admin := func(action, resource string) call {
		return call{principal: adminRole, session: adminSess, action: action, resource: resource, resourceAccount: logAccount}
	}
	tests := []struct {
		name   string
		reason string
		cfg    *setup           // built with buildSetup; nil means use scps
		scps   *policy.Document // a document used as is
		call   call
		want   eval.Decision
	}{{
		name:   "delete-log-object",
		reason: "the correction: the object ARN makes s3:DeleteObject match",
		cfg:    plain(scp.Config{}),
		call:   admin("s3:DeleteObject", logObject),
		want:   eval.ExplicitDeny,
	}, {
		name:   "delete-log-version",
		reason: "permanent deletion of a version",
		cfg:    plain(scp.Config{}),
		call:   admin("s3:DeleteObjectVersion", logObject),
		want:   eval.ExplicitDeny,
	}, {
		name:   "published-delete-log-object",
		reason: "the published SCP names only the bucket, so deleting a log file is allowed",
		scps:   published,
		call:   admin("s3:DeleteObject", logObject),
		want:   eval.Allow,
	}, {
		name:   "allow-object-deletion-reproduces-it",
		reason: "AllowObjectDeletion leaves the same hole",
		cfg:    plain(scp.Config{AllowObjectDeletion: true}),
		call:   admin("s3:DeleteObject", logObject),
		want:   eval.Allow,
	}, {
		name:   "published-account-public-access-block",
		reason: "the published SCP lists s3:PutAccountPublicAccessBlock on a bucket ARN, which never matches",
		scps:   published,
		call:   admin("s3:PutAccountPublicAccessBlock", "*"),
		want:   eval.Allow,
	}, {
		name:   "account-public-access-block",
		reason: "the action's own statement with Resource \"*\" denies it",
		cfg:    plain(scp.Config{}),
		call:   admin("s3:PutAccountPublicAccessBlock", "*"),
		want:   eval.ExplicitDeny,
	}, {
		name:   "account-public-access-block-other-account",
		reason: "with logArchiveAccount set, the account-level statement spares other accounts",
		cfg:    &everything,
		call:   call{principal: otherAdmin, session: otherSess, action: "s3:PutAccountPublicAccessBlock", resource: "*", resourceAccount: "333333333333"},
		want:   eval.Allow,
	}, {
		name:   "delete-bucket",
		reason: "bucket-level actions match the bucket ARN",
		cfg:    plain(scp.Config{}),
		call:   admin("s3:DeleteBucket", bucketARN),
		want:   eval.ExplicitDeny,
	}, {
		name:   "overwrite-log-object",
		reason: "s3:PutObject by an account principal is denied by default",
		cfg:    plain(scp.Config{}),
		call:   admin("s3:PutObject", logObject),
		want:   eval.ExplicitDeny,
	}, {
		name:   "allow-object-overwrite",
		reason: "AllowObjectOverwrite lets account principals write again",
		cfg:    plain(scp.Config{Options: scp.Options{AllowObjectOverwrite: true}}),
		call:   admin("s3:PutObject", logObject),
		want:   eval.Allow,
	}, {
		name:   "cloudtrail-delivers",
		reason: "SCPs do not restrict service principals, so denying s3:PutObject leaves delivery alone",
		cfg:    &everything,
		call:   call{service: "cloudtrail.amazonaws.com", action: "s3:PutObject", resource: logObject, resourcePolicy: cloudTrailBucketPolicy()},
		want:   eval.Allow,
	}, {
		name:   "read-log-object",
		reason: "reading is not the SCP's business",
		cfg:    &everything,
		call:   admin("s3:GetObject", logObject),
		want:   eval.Allow,
	}, {
		name:   "break-glass-deletes",
		reason: "the exempted role may still change everything; that is what the exemption means",
		cfg:    &everything,
		call:   call{principal: breakGlass, session: glassSess, action: "s3:DeleteObject", resource: logObject, resourceAccount: logAccount},
		want:   eval.Allow,
	}, {
		name:   "admin-with-break-glass-configured",
		reason: "every role but the exempted one is still denied",
		cfg:    &everything,
		call:   admin("s3:DeleteObject", logObject),
		want:   eval.ExplicitDeny,
	}, {
		name:   "stop-protected-trail",
		reason: "the trail statement denies cloudtrail:StopLogging on the named trail",
		cfg:    &everything,
		call:   admin("cloudtrail:StopLogging", trail),
		want:   eval.ExplicitDeny,
	}, {
		name:   "stop-other-trail",
		reason: "trails not named are not protected",
		cfg:    &everything,
		call:   admin("cloudtrail:StopLogging", "arn:aws:cloudtrail:eu-west-1:222222222222:trail/scratch"),
		want:   eval.Allow,
	}, {
		name:   "delegated-admin-stops-organization-trail",
		reason: "the organization trail lives in the management account, but the delegated administrator is a member account: the SCP denies it StopLogging on that trail",
		cfg:    &organization,
		call:   call{principal: otherAdmin, session: otherSess, action: "cloudtrail:StopLogging", resource: orgTrail, resourceAccount: "333333333333"},
		want:   eval.ExplicitDeny,
	}, {
		name:   "delegated-admin-updates-organization-trail",
		reason: "nor may it point the organization trail at another bucket",
		cfg:    &organization,
		call:   call{principal: otherAdmin, session: otherSess, action: "cloudtrail:UpdateTrail", resource: orgTrail, resourceAccount: "333333333333"},
		want:   eval.ExplicitDeny,
	}, {
		name:   "break-glass-stops-organization-trail",
		reason: "the break-glass role is exempt here too",
		cfg:    &organization,
		call:   call{principal: breakGlass, session: glassSess, action: "cloudtrail:StopLogging", resource: orgTrail, resourceAccount: logAccount},
		want:   eval.Allow,
	}, {
		name:   "control-tower-exempt",
		reason: "Control Tower's break-glass form, arn:aws:iam::*:role/AWSControlTowerExecution, exempts that role in any account",
		cfg:    &controlTower,
		call:   call{principal: "arn:aws:iam::333333333333:role/AWSControlTowerExecution", session: "arn:aws:sts::333333333333:assumed-role/AWSControlTowerExecution/ct", action: "cloudtrail:StopLogging", resource: ctTrail, resourceAccount: "333333333333"},
		want:   eval.Allow,
	}, {
		name:   "control-tower-trail-pattern",
		reason: "everybody else is denied on every trail the pattern arn:aws:cloudtrail:*:*:trail/aws-controltower-* names",
		cfg:    &controlTower,
		call:   call{principal: otherAdmin, session: otherSess, action: "cloudtrail:StopLogging", resource: ctTrail, resourceAccount: "333333333333"},
		want:   eval.ExplicitDeny,
	}, {
		name:   "control-tower-other-trail",
		reason: "a trail outside the pattern is not protected",
		cfg:    &controlTower,
		call:   call{principal: otherAdmin, session: otherSess, action: "cloudtrail:StopLogging", resource: "arn:aws:cloudtrail:us-east-1:333333333333:trail/scratch", resourceAccount: "333333333333"},
		want:   eval.Allow,
	}, {
		name:   "create-protected-trail-by-default",
		reason: "by default the SCP leaves trail creation alone, as it does tags",
		cfg:    &everything,
		call:   admin("cloudtrail:CreateTrail", trail),
		want:   eval.Allow,
	}, {
		name:   "create-protected-trail",
		reason: "DenyTrailCreationAndTagging denies creating a trail under a protected trail's ARN",
		cfg:    &creation,
		call:   admin("cloudtrail:CreateTrail", trail),
		want:   eval.ExplicitDeny,
	}, {
		name:   "start-protected-trail",
		reason: "and restarting it",
		cfg:    &creation,
		call:   admin("cloudtrail:StartLogging", trail),
		want:   eval.ExplicitDeny,
	}, {
		name:   "tag-protected-trail",
		reason: "and adding its tags",
		cfg:    &creation,
		call:   admin("cloudtrail:AddTags", trail),
		want:   eval.ExplicitDeny,
	}, {
		name:   "untag-protected-trail",
		reason: "and removing them",
		cfg:    &creation,
		call:   admin("cloudtrail:RemoveTags", trail),
		want:   eval.ExplicitDeny,
	}, {
		name:   "create-other-trail",
		reason: "a trail that is not protected may still be created: the deny names the protected trails, not Resource \"*\" as the tutorial",
		cfg:    &creation,
		call:   admin("cloudtrail:CreateTrail", "arn:aws:cloudtrail:eu-west-1:222222222222:trail/scratch"),
		want:   eval.Allow,
	}, {
		name:   "break-glass-creates-protected-trail",
		reason: "the break-glass role is exempted from the added actions too",
		cfg:    &creation,
		call:   call{principal: breakGlass, session: glassSess, action: "cloudtrail:CreateTrail", resource: trail, resourceAccount: logAccount},
		want:   eval.Allow,
	}, {
		name:   "schedule-key-deletion",
		reason: "the key statement denies scheduling deletion of the log key",
		cfg:    &everything,
		call:   call{principal: adminRole, session: adminSess, action: "kms:ScheduleKeyDeletion", resource: keyARN, resourceAccount: logAccount, resourcePolicy: keyPolicy()},
		want:   eval.ExplicitDeny,
	}, {
		name:   "decrypt-with-key",
		reason: "using the key is not denied",
		cfg:    &everything,
		call:   call{principal: adminRole, session: adminSess, action: "kms:Decrypt", resource: keyARN, resourceAccount: logAccount, resourcePolicy: keyPolicy()},
		want:   eval.Allow,
	}}
	seen := map[string]bool{}
	for _, tt := range tests {
		if seen[tt.name] {
			t.Fatalf("duplicate test name %q", tt.name)
		}
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			scps := []*policy.Document{tt.scps}
			if tt.cfg != nil {
				var err error
				if scps, err = buildSetup(tt.cfg.site, tt.cfg.cfg); err != nil {
					t.Fatal(err)
				}
			}
			c := tt.call
			req := eval.Request{Action: c.action, Resource: c.resource, ResourceAccount: c.resourceAccount}
			if c.service != "" {
				req.Principal = eval.Principal{Type: eval.ServicePrincipal, Service: c.service}
			} else {
				req.Principal = eval.Principal{Type: eval.AWSPrincipal, ARN: c.session}
				req.Context = map[string][]string{
					"aws:PrincipalArn":     {c.principal},
					"aws:PrincipalAccount": {c.resourceAccount},
				}
			}
			got, err := eval.Evaluate(req, eval.Policies{
				Resource: c.resourcePolicy,
				Identity: []*policy.Document{administratorAccess()},
				SCPs:     scps,
			})
			if err != nil {
				t.Fatal(err)
			}
			if got.Decision != tt.want {
				t.Errorf("%s %s by %s%s: %v, want %v (%s)\nreason given: %s\nmatched: %v",
					c.action, c.resource, c.session, c.service, got.Decision, tt.want, tt.reason, got.Reason, got.Matched)
			}
		})
	}
}
