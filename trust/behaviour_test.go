package trust_test

import (
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
	"github.com/trailpolicy/trailpolicy/trust"
)

// These tests ask the built policies what they allow, with the policy/eval
// evaluator, instead of only comparing their JSON: the goldens show what the
// policies say, these show that it means what the package documentation
// claims.

const (
	bucket       = "example-ct-logs"
	readerRole   = "arn:aws:iam::123456789012:role/CloudTrailLogReader"
	vendorRole   = "arn:aws:iam::998877665544:role/AnyCompanyAnalyst"
	productTrail = "arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events"
)

// mustBuild returns a function that passes a builder's document through and
// stops the test on its error, so that must(trust.BuildX(cfg)) reads in one line.
func mustBuild(t *testing.T) func(*policy.Document, error) *policy.Document {
	return func(doc *policy.Document, err error) *policy.Document {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
}

func TestReadPolicyBehaviour(t *testing.T) {
	must := mustBuild(t)
	keySite := siteWith(func(c *cloudtrail.SiteConfig) { c.KMSKeyARN = keyARN })
	orgSite := siteWith(func(c *cloudtrail.SiteConfig) {
		c.Organization = &cloudtrail.Organization{ID: orgID, ManagementAccount: production}
	})
	cnSite := siteWith(func(c *cloudtrail.SiteConfig) {
		c.Partition = policy.PartitionChina
		c.KMSKeyARN = "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	})
	least := must(trust.BuildReadPolicy(trust.ReadConfig{Site: keySite}))
	broad := must(trust.BuildReadPolicy(trust.ReadConfig{Site: keySite, ReadOptions: trust.ReadOptions{BroadActions: true}}))
	subset := must(trust.BuildReadPolicy(trust.ReadConfig{Site: orgSite, ReadOptions: trust.ReadOptions{LimitToAccounts: []string{dev}, LimitToOrganization: true}}))
	cn := must(trust.BuildReadPolicy(trust.ReadConfig{Site: cnSite}))

	// The key policy AWS creates by default: the key's account delegates
	// to IAM, so the role's identity policy decides.
	keyPolicy := policy.New(policy.KindKeyPolicy, iampolicy.Statement{
		Sid:       "EnableIAMPolicies",
		Effect:    iampolicy.EffectAllow,
		Principal: policy.AWSPrincipal(policy.AccountRootARN(policy.PartitionAWS, production)),
		Action:    policy.Strings("kms:*"),
		Resource:  policy.Strings("*"),
	})
	object := func(key string) string { return policy.ObjectARN(policy.PartitionAWS, bucket, key) }
	logFile := "AWSLogs/123456789012/CloudTrail/us-east-1/2014/07/31/123456789012_CloudTrail_us-east-1_20140731T0000Z_a.json.gz"
	fromS3 := map[string][]string{
		cloudtrail.EncryptionContextKey: {productTrail},
		"kms:ViaService":                {"s3.us-east-1.amazonaws.com"},
	}

	cases := []struct {
		name     string
		reason   string
		identity *policy.Document
		action   string
		resource string
		context  map[string][]string
		want     eval.Decision
	}{
		{"list-awslogs", "browsing starts at AWSLogs/", least, "s3:ListBucket", policy.BucketARN("aws", bucket),
			map[string][]string{"s3:prefix": {"AWSLogs/"}}, eval.Allow},
		{"list-deeper", "any depth under AWSLogs/", least, "s3:ListBucket", policy.BucketARN("aws", bucket),
			map[string][]string{"s3:prefix": {"AWSLogs/123456789012/CloudTrail/us-east-1/"}}, eval.Allow},
		{"list-root", "no listing of the whole bucket (no s3:prefix in the request)", least, "s3:ListBucket", policy.BucketARN("aws", bucket),
			nil, eval.ImplicitDeny},
		{"list-other-prefix", "nothing outside the log path", least, "s3:ListBucket", policy.BucketARN("aws", bucket),
			map[string][]string{"s3:prefix": {"config/"}}, eval.ImplicitDeny},
		{"get-log-file", "the log files", least, "s3:GetObject", object(logFile), nil, eval.Allow},
		{"get-digest-file", "digest files, for validation", least, "s3:GetObject",
			object("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2014/07/31/digest.json.gz"), nil, eval.Allow},
		{"get-outside", "no object outside AWSLogs/", least, "s3:GetObject", object("config/secret.json"), nil, eval.ImplicitDeny},
		{"put-log-file", "read only", least, "s3:PutObject", object(logFile), nil, eval.ImplicitDeny},
		{"delete-log-file", "read only", least, "s3:DeleteObject", object(logFile), nil, eval.ImplicitDeny},
		{"get-acl-least", "the exact actions do not include object ACLs", least, "s3:GetObjectAcl", object(logFile), nil, eval.ImplicitDeny},
		{"get-acl-broad", "s3:Get* does", broad, "s3:GetObjectAcl", object(logFile), nil, eval.Allow},
		{"bucket-policy-broad", "s3:Get* on the bucket is held back by the s3:prefix condition", broad, "s3:GetBucketPolicy",
			policy.BucketARN("aws", bucket), nil, eval.ImplicitDeny},
		{"decrypt-via-s3", "S3 decrypting a CloudTrail log file for the role", least, "kms:Decrypt", keyARN, fromS3, eval.Allow},
		{"decrypt-direct", "not by calling KMS directly", least, "kms:Decrypt", keyARN,
			map[string][]string{cloudtrail.EncryptionContextKey: {productTrail}}, eval.ImplicitDeny},
		{"decrypt-other-data", "not data CloudTrail did not encrypt", least, "kms:Decrypt", keyARN,
			map[string][]string{"kms:ViaService": {"s3.us-east-1.amazonaws.com"}, "kms:EncryptionContext:aws:s3:arn": {object("config/x")}}, eval.ImplicitDeny},
		{"decrypt-other-region", "only through S3 in the key's Region", least, "kms:Decrypt", keyARN,
			map[string][]string{cloudtrail.EncryptionContextKey: {productTrail}, "kms:ViaService": {"s3.eu-west-1.amazonaws.com"}}, eval.ImplicitDeny},
		{"subset-own-trail", "the chosen account's files", subset, "s3:GetObject",
			object("AWSLogs/999988887777/CloudTrail/us-east-1/2024/01/01/f.json.gz"), nil, eval.Allow},
		{"subset-organization-trail", "the chosen account's files from the organization trail", subset, "s3:GetObject",
			object("AWSLogs/o-exampleorgid/999988887777/CloudTrail/us-east-1/2024/01/01/f.json.gz"), nil, eval.Allow},
		{"subset-other-account", "not another account's files", subset, "s3:GetObject", object(logFile), nil, eval.ImplicitDeny},
		{"subset-list-other-accounts", "no listing that reveals the other accounts", subset, "s3:ListBucket", policy.BucketARN("aws", bucket),
			map[string][]string{"s3:prefix": {"AWSLogs/o-exampleorgid/"}}, eval.ImplicitDeny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var keyDoc *policy.Document
			if tc.action == "kms:Decrypt" {
				keyDoc = keyPolicy
			}
			res, err := eval.Evaluate(eval.Request{
				Principal:       eval.Principal{ARN: readerRole},
				Action:          tc.action,
				Resource:        tc.resource,
				ResourceAccount: production,
				Context:         tc.context,
			}, eval.Policies{Resource: keyDoc, Identity: []*policy.Document{tc.identity}})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if res.Decision != tc.want {
				t.Errorf("%s: %s on %s = %v (%s), want %v", tc.reason, tc.action, tc.resource, res.Decision, res.Reason, tc.want)
			}
		})
	}

	// aws-cn has no kms:ViaService condition (see s3ViaService), so the
	// decrypt statement still needs the CloudTrail encryption context.
	cnKey := "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	cnKeyPolicy := policy.New(policy.KindKeyPolicy, iampolicy.Statement{
		Effect: iampolicy.EffectAllow, Principal: policy.AWSPrincipal(policy.AccountRootARN(policy.PartitionChina, production)),
		Action: policy.Strings("kms:*"), Resource: policy.Strings("*"),
	})
	for _, c := range []struct {
		ctx  map[string][]string
		want eval.Decision
	}{
		{map[string][]string{cloudtrail.EncryptionContextKey: {"arn:aws-cn:cloudtrail:cn-north-1:123456789012:trail/t"}}, eval.Allow},
		{map[string][]string{"kms:ViaService": {"s3.cn-north-1.amazonaws.com.cn"}}, eval.ImplicitDeny},
	} {
		res, err := eval.Evaluate(eval.Request{
			Principal: eval.Principal{ARN: "arn:aws-cn:iam::123456789012:role/CloudTrailLogReader"}, Action: "kms:Decrypt",
			Resource: cnKey, ResourceAccount: production, Context: c.ctx,
		}, eval.Policies{Resource: cnKeyPolicy, Identity: []*policy.Document{cn}})
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		if res.Decision != c.want {
			t.Errorf("aws-cn kms:Decrypt with %v = %v (%s), want %v", c.ctx, res.Decision, res.Reason, c.want)
		}
	}
}

func TestTrustPolicyBehaviour(t *testing.T) {
	must := mustBuild(t)
	roleARN, ok := vendorConfig().RoleARN()
	if !ok {
		t.Fatal("vendorConfig has no role ARN")
	}
	byRoot := must(trust.BuildTrustPolicy(vendorConfig()))
	rolesCfg := vendorConfig()
	rolesCfg.Vendor.Roles = []string{vendorRole}
	byRole := must(trust.BuildTrustPolicy(rolesCfg))

	// The vendor's side of the cross-account grant: its own administrators
	// let the analyst role assume the customer's role.
	vendorSide := policy.New(policy.KindIdentityPolicy, iampolicy.Statement{
		Effect: iampolicy.EffectAllow, Action: policy.Strings("sts:AssumeRole"), Resource: policy.Strings(roleARN),
	})
	withID := func(id string) map[string][]string { return map[string][]string{"sts:ExternalId": {id}} }

	cases := []struct {
		name      string
		reason    string
		trust     *policy.Document
		principal string
		context   map[string][]string
		want      eval.Decision
	}{
		{"root-right-id", "the vendor with this customer's external ID", byRoot, vendorRole, withID(externalID), eval.Allow},
		{"root-no-id", "the confused deputy: no external ID", byRoot, vendorRole, nil, eval.ImplicitDeny},
		{"root-other-id", "another customer's external ID", byRoot, vendorRole, withID("8900-545"), eval.ImplicitDeny},
		{"other-account", "nobody outside the vendor's account", byRoot, "arn:aws:iam::111122223333:role/AnyCompanyAnalyst",
			withID(externalID), eval.ImplicitDeny},
		{"named-role", "a named vendor role", byRole, vendorRole, withID(externalID), eval.Allow},
		{"unnamed-role", "other roles of the vendor are not trusted when roles are named", byRole,
			"arn:aws:iam::998877665544:role/Intern", withID(externalID), eval.ImplicitDeny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := eval.Evaluate(eval.Request{
				Principal:       eval.Principal{ARN: tc.principal},
				Action:          "sts:AssumeRole",
				Resource:        roleARN,
				ResourceAccount: production,
				Context:         tc.context,
			}, eval.Policies{Resource: tc.trust, Identity: []*policy.Document{vendorSide}})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if res.Decision != tc.want {
				t.Errorf("%s: %v (%s), want %v", tc.reason, res.Decision, res.Reason, tc.want)
			}
		})
	}
}
