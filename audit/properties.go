package audit

import (
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// Names of the properties, in the order of a [Report].
const (
	PropTrailWritesLogs     = "delivery/trail-writes-logs"
	PropTrailWritesDigests  = "delivery/trail-writes-digests"
	PropTrailReadsACL       = "delivery/trail-reads-bucket-acl"
	PropOnlyDeliveringTrail = "writes/only-delivering-trails"
	PropTLS                 = "writes/tls-required"
	PropSSEKMS              = "writes/sse-kms-required"
	PropRightKey            = "writes/right-key-required"
	PropTrailEncrypts       = "kms/trail-encrypts"
	PropOnlyIntendedDecrypt = "kms/only-intended-decrypt"
	PropReadersRead         = "reads/readers-read"
	PropOnlyIntendedReaders = "reads/only-intended-readers"
	PropVendorAssumes       = "vendor/assumes-with-external-id"
	PropExternalID          = "vendor/external-id-required"
	PropNoTampering         = "tamper/only-break-glass"
)

// The S3 condition keys of a CloudTrail delivery ("Amazon S3 bucket policy
// for CloudTrail",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html,
// read 2026-12-02; "Encrypting CloudTrail log files with AWS KMS keys",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html,
// read 2026-12-02: log and Insights files SSE-KMS under the trail's key,
// digest files SSE-S3).
const (
	keyACL   = "s3:x-amz-acl"
	keySSE   = "s3:x-amz-server-side-encryption"
	keyKeyID = "s3:x-amz-server-side-encryption-aws-kms-key-id"
	keyEC    = "kms:EncryptionContext:aws:cloudtrail:arn"
	keyExtID = "sts:ExternalId"
	keyVia   = "kms:ViaService"
)

// What may not happen to the logs, the bucket, the key and the trails
// without break-glass: the actions the properties of internal/properties
// test, which the scp package's doc sources.
var (
	tamperObject = []string{"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold", "s3:BypassGovernanceRetention"}
	tamperBucket = []string{"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning",
		"s3:PutEncryptionConfiguration", "s3:PutBucketObjectLockConfiguration", "s3:DeleteBucket"}
	tamperKey   = []string{"kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey", "kms:DisableKeyRotation"}
	tamperTrail = []string{"cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"}
)

// propertyOrder is the order of the properties in a report.
var propertyOrder = map[string]int{}

func init() {
	for i, p := range []string{PropTrailWritesLogs, PropTrailWritesDigests, PropTrailReadsACL, PropOnlyDeliveringTrail, PropTLS,
		PropSSEKMS, PropRightKey, PropTrailEncrypts, PropOnlyIntendedDecrypt, PropReadersRead, PropOnlyIntendedReaders,
		PropVendorAssumes, PropExternalID, PropNoTampering} {
		propertyOrder[p] = i
	}
}

// scopes are the property tests of resources and keys, registered before
// the representatives are derived so that each rule below is constant on
// every class of requests.
type scopes struct {
	objects, root, log, insight, digest matcher
	paths                               map[string][]matcher // by owner account: where its trails write
	trails                              map[string][]matcher // by owner account: its trails (aws:SourceArn, encryption context)
	breakGlass                          []matcher
	vendorRead                          []matcher
	topicTrails                         []matcher // aws:SourceArn of the trails that may publish to the topic (topic.go)
	logStreams                          []matcher // the log streams the CloudWatch Logs delivery role writes (logsrole.go)
}

// register records every test the properties make.
func (c *checker) register() {
	site := c.in.Site
	a := c.a
	p := string(site.Partition())
	bucket := site.BucketARN()
	root := site.LogPath()
	sc := &scopes{paths: map[string][]matcher{}, trails: map[string][]matcher{}}
	a.resources = append(a.resources, literalMatcher(bucket, false))
	sc.objects = a.scope(bucket + "/*")
	sc.root = a.scope(bucket + "/" + root + "/*")
	sc.log = a.scope(bucket + "/" + root + "/*/CloudTrail/*")
	sc.insight = a.scope(bucket + "/" + root + "/*/CloudTrail-Insight/*")
	sc.digest = a.scope(bucket + "/" + root + "/*/CloudTrail-Digest/*")
	org, hasOrg := site.Organization()
	for _, x := range site.OwnerAccounts() {
		a.account(x)
		sc.paths[x] = append(sc.paths[x], a.scope(bucket+"/"+root+"/"+x+"/*"))
		if hasOrg && x == org.ManagementAccount {
			sc.paths[x] = append(sc.paths[x], a.scope(bucket+"/"+root+"/"+org.ID+"/*"))
		}
		var ms []matcher
		if site.ExactTrails() {
			for _, t := range site.TrailARNs(x) {
				ms = append(ms, literalMatcher(t, false))
			}
		} else {
			// As the documents write it, with StringLike.
			ms = append(ms, globMatcher("arn:"+p+":cloudtrail:*:"+x+":trail/*", false))
		}
		sc.trails[x] = ms
		for _, m := range ms {
			a.value("aws:SourceArn", m)
			a.value(keyEC, m)
		}
	}
	a.account(site.LogArchiveAccount())
	for _, id := range c.in.DecryptAccounts {
		a.account(id)
	}
	if k, ok := site.Key(); ok {
		a.account(k.AccountID)
		a.resources = append(a.resources, literalMatcher(site.KeyARN(), false))
		a.value(keyKeyID, literalMatcher(site.KeyARN(), false))
	}
	a.value("aws:SecureTransport", literalMatcher("true", true))
	a.value(keySSE, literalMatcher("aws:kms", false))
	a.value(keySSE, literalMatcher("aws:kms:dsse", false))
	a.value(keySSE, literalMatcher("AES256", false))
	a.value(keyACL, literalMatcher("bucket-owner-full-control", false))
	for _, r := range site.Readers() {
		switch {
		case strings.Contains(r, ":role/"):
			a.rolePrincipal(r)
		case strings.Contains(r, ":user/"):
			a.userPrincipal(r)
		}
		if f := strings.SplitN(r, ":", 6); len(f) == 6 {
			a.account(f[4])
		}
	}
	if c.in.Vendor != nil {
		a.account(c.in.Vendor.Account)
		a.value(keyExtID, literalMatcher(c.in.Vendor.ExternalID, false))
		for _, r := range c.in.Vendor.Roles {
			a.rolePrincipal(r)
		}
		if c.in.VendorRoleARN != "" {
			a.rolePrincipal(c.in.VendorRoleARN)
			a.resources = append(a.resources, literalMatcher(c.in.VendorRoleARN, false))
		}
		ro := c.in.Vendor.ReadPolicy
		switch {
		case len(ro.LimitToAccounts) > 0:
			for _, id := range ro.LimitToAccounts {
				if hasOrg {
					sc.vendorRead = append(sc.vendorRead, a.scope(bucket+"/"+root+"/"+org.ID+"/"+id+"/*"))
				}
				if !ro.LimitToOrganization {
					sc.vendorRead = append(sc.vendorRead, a.scope(bucket+"/"+root+"/"+id+"/*"))
				}
			}
		case ro.LimitToOrganization && hasOrg:
			sc.vendorRead = append(sc.vendorRead, a.scope(bucket+"/"+root+"/"+org.ID+"/*"))
		default:
			sc.vendorRead = []matcher{sc.root}
		}
	}
	for _, bg := range site.BreakGlassRoles() {
		m := arnMatcher(bg, false) // the SCP's ArnNotLike
		a.roles = append(a.roles, m)
		sc.breakGlass = append(sc.breakGlass, m)
	}
	// policy/eval exempts service-linked roles from RCPs by their path.
	a.roles = append(a.roles, globMatcher("arn:"+p+":iam::*:role/aws-service-role/*", false))
	for _, t := range c.in.ProtectedTrails {
		a.resources = append(a.resources, literalMatcher(t, false))
	}
	c.sc = sc
	c.registerTopic()
	c.registerLogsRole()
}

// get returns the one value of key in ctx, matching its name without
// regard to case.
func get(ctx map[string][]string, key string) (string, bool) {
	for k, v := range ctx {
		if strings.EqualFold(k, key) && len(v) > 0 {
			return v[0], true
		}
	}
	return "", false
}

// anyMatch reports whether v matches one of ms, with c's cache.
func (c *checker) anyMatch(ms []matcher, v string) bool {
	for i := range ms {
		if c.match(&ms[i], v) {
			return true
		}
	}
	return false
}

// trailOwner returns the delivering account whose trail r acts for.
func (c *checker) trailOwner(r *rep) (string, bool) {
	if r.p.Type != eval.ServicePrincipal || r.p.Service != "cloudtrail.amazonaws.com" {
		return "", false
	}
	src, ok := get(r.ctx, "aws:SourceArn")
	if !ok {
		return "", false
	}
	for _, x := range c.in.Site.OwnerAccounts() {
		if c.anyMatch(c.sc.trails[x], src) {
			return x, true
		}
	}
	return "", false
}

// sameRole reports whether principal r is a session of role (an ARN): a
// role's name is unique in its account whatever its path ("IAM user,
// group, role, and policy names must be unique within the account. Names
// are not distinguished by case", IAM API Reference, CreateRole, RoleName,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html,
// read 2026-12-02 in the AWS SDK for Kotlin's copy; the path is no part of
// that rule), and sessions carry the name only. The comparison here is
// exact, not case-insensitive: two role ARNs that differ only in case
// cannot both name live roles, but which spelling AWS puts in a session's
// context is not said: verify in a sandbox.
func sameRole(r *rep, role string) bool {
	if r.p.Type != eval.AWSPrincipal || r.root || role == "" || !strings.Contains(r.roleARN, ":role/") {
		return false
	}
	return roleKey(r.roleARN) == roleKey(role)
}

// roleKey is a role ARN without its path.
func roleKey(arn string) string {
	i := strings.Index(arn, ":role/")
	if i < 0 {
		return arn
	}
	return arn[:i+6] + arn[strings.LastIndexByte(arn, '/')+1:]
}

// sameReader reports whether r is the reader x: a session of the role, the
// user (by its ARN), or for an account's root any IAM principal of that
// account, whose own IAM decides.
func sameReader(r *rep, x string) bool {
	if r.p.Type != eval.AWSPrincipal {
		return false
	}
	f := strings.SplitN(x, ":", 6)
	switch {
	case len(f) != 6:
		return false
	case f[5] == "root":
		return r.account == f[4]
	case strings.HasPrefix(f[5], "user/"):
		return r.roleARN == x
	}
	return sameRole(r, x)
}

// reader reports whether r is one of the readers or the vendor's role.
func (c *checker) reader(r *rep) bool {
	if sameRole(r, c.in.VendorRoleARN) {
		return true
	}
	for _, x := range c.in.Site.Readers() {
		if sameReader(r, x) {
			return true
		}
	}
	return false
}

func (c *checker) iamOf(r *rep, account string) bool {
	return r.p.Type == eval.AWSPrincipal && r.account == account
}

// resourceAccount is the account that owns resource.
func (c *checker) resourceAccount(resource string) string {
	f := strings.SplitN(resource, ":", 6)
	if len(f) == 6 && isAccountID(f[4]) {
		return f[4]
	}
	return c.in.Site.LogArchiveAccount() // the bucket and its objects
}

// pick returns the representative resources that match every one of ms.
func (c *checker) pick(ms ...*matcher) []string {
	var out []string
	for _, r := range c.s.resources {
		ok := true
		for i := range ms {
			if !c.match(ms[i], r) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

func allow(res eval.Result) string {
	if res.Decision == eval.Allow {
		return ""
	}
	return "Allow"
}

const deny = "a deny"

// properties returns every property the intent calls for.
func (c *checker) properties() []query {
	site := c.in.Site
	sc := c.sc
	bucket := site.BucketARN()
	_, hasKey := site.Key()
	keyARN := site.KeyARN()
	all := func(*rep) bool { return true }
	isLog := func(res string) bool {
		return (c.match(&sc.log, res) || c.match(&sc.insight, res)) && !c.match(&sc.digest, res)
	}
	delivering := func(r *rep) bool { _, ok := c.trailOwner(r); return ok }
	ownObjects := func(r *rep, want func(string) bool) []string {
		x, _ := c.trailOwner(r)
		var out []string
		for _, res := range c.pick(&sc.objects) {
			if c.anyMatch(sc.paths[x], res) && want(res) {
				out = append(out, res)
			}
		}
		return out
	}
	bucketOrObjects := func(_ *rep, action string) []string {
		switch action {
		case "s3:ListBucket", "s3:GetBucketAcl":
			return []string{bucket}
		}
		return c.pick(&sc.objects)
	}
	logWrite := map[string][]string{"aws:SecureTransport": {"true"}, keyACL: {"bucket-owner-full-control"}, keySSE: {"AES256"}, keyKeyID: nil}
	// A delivering trail's account is in the setup's organization, if it
	// has one: CloudTrail then sends that organization's ID as
	// aws:SourceOrgID (assumed of every delivering account).
	org, hasOrg := site.Organization()
	withOrg := func(m map[string][]string) map[string][]string {
		if !hasOrg {
			return m
		}
		out := map[string][]string{"aws:SourceOrgID": {org.ID}}
		for k, v := range m {
			out[k] = v
		}
		return out
	}
	if hasKey {
		logWrite[keySSE], logWrite[keyKeyID] = []string{"aws:kms"}, []string{keyARN}
	}
	need := []string{trailpolicy.NameBucketPolicy}
	var qs []query
	qs = append(qs,
		query{name: PropTrailWritesLogs, fixed: true, description: "each delivering trail can write its log and Insights files under its own path (TLS, bucket-owner-full-control" + map[bool]string{true: ", SSE-KMS under the key)", false: ")"}[hasKey],
			needs: need, actions: []string{"s3:PutObject"}, principal: delivering,
			resources: func(r *rep, _ string) []string {
				return ownObjects(r, func(res string) bool { return isLog(res) })
			},
			pin:  func(*rep) map[string][]string { return logWrite },
			want: func(_ *rep, _, _ string, _ map[string][]string, res eval.Result) string { return allow(res) }},
		query{name: PropTrailWritesDigests, fixed: true, description: "each delivering trail can write its digest files (SSE-S3) under its own path",
			needs: need, actions: []string{"s3:PutObject"}, principal: delivering,
			resources: func(r *rep, _ string) []string {
				return ownObjects(r, func(res string) bool {
					return c.match(&sc.digest, res) && !c.match(&sc.log, res) && !c.match(&sc.insight, res)
				})
			},
			pin: func(*rep) map[string][]string {
				return withOrg(map[string][]string{"aws:SecureTransport": {"true"}, keyACL: {"bucket-owner-full-control"}, keySSE: {"AES256"}, keyKeyID: nil})
			},
			want: func(_ *rep, _, _ string, _ map[string][]string, res eval.Result) string { return allow(res) }},
		query{name: PropTrailReadsACL, fixed: true, description: "each delivering trail can read the bucket ACL",
			needs: need, actions: []string{"s3:GetBucketAcl"}, principal: delivering,
			pin:       func(*rep) map[string][]string { return withOrg(nil) },
			resources: func(*rep, string) []string { return []string{bucket} },
			want:      func(_ *rep, _, _ string, _ map[string][]string, res eval.Result) string { return allow(res) }},
	)
	if hasKey {
		qs = append(qs,
			query{name: PropTrailEncrypts, fixed: true, description: "each delivering trail can describe the key and generate data keys under its own encryption context",
				needs: []string{trailpolicy.NameKeyPolicy}, actions: []string{"kms:GenerateDataKey", "kms:DescribeKey"}, principal: delivering,
				resources: func(*rep, string) []string { return []string{keyARN} },
				pin: func(r *rep) map[string][]string {
					src, _ := get(r.ctx, "aws:SourceArn")
					return withOrg(map[string][]string{keyEC: {src}})
				},
				want: func(_ *rep, _, _ string, _ map[string][]string, res eval.Result) string { return allow(res) }},
			query{name: PropOnlyIntendedDecrypt, description: "only the readers, the key's account" + map[bool]string{true: ", the decrypt accounts", false: ""}[len(c.in.DecryptAccounts) > 0] + " and each delivering account (its own trails' logs) decrypt",
				needs: []string{trailpolicy.NameKeyPolicy}, actions: []string{"kms:Decrypt"}, principal: all, expect: []string{keyEC},
				resources: func(*rep, string) []string { return []string{keyARN} },
				want: func(r *rep, _, _ string, ctx map[string][]string, out eval.Result) string {
					if out.Decision != eval.Allow || c.reader(r) {
						return ""
					}
					k, _ := site.Key()
					if c.iamOf(r, k.AccountID) {
						return ""
					}
					for _, a := range c.in.DecryptAccounts {
						if c.iamOf(r, a) {
							return ""
						}
					}
					ec, ok := get(ctx, keyEC)
					if _, trail := c.trailOwner(r); trail {
						return "" // keyPolicy.allowCloudTrailToDecryptForBucketKey: CloudTrail, for its own trails
					}
					for _, x := range site.OwnerAccounts() {
						if ok && c.iamOf(r, x) && c.anyMatch(sc.trails[x], ec) {
							return ""
						}
					}
					return deny
				}},
		)
	}
	// One enumeration of every S3 request on the bucket and its objects
	// for the properties about who may write, TLS, encryption and who
	// may read.
	s3Rules := []rule{
		{PropOnlyDeliveringTrail, "no principal but a delivering trail writes, and a trail only under its own account's path (principals of the bucket's account excepted: see " + PropNoTampering + ")", need,
			func(r *rep, action, res string, _ map[string][]string, out eval.Result) string {
				if action != "s3:PutObject" || out.Decision != eval.Allow || c.iamOf(r, site.LogArchiveAccount()) {
					return ""
				}
				if x, ok := c.trailOwner(r); ok && c.anyMatch(sc.paths[x], res) {
					return ""
				}
				return deny
			}},
		{PropTLS, "nothing is allowed on the bucket or its objects without TLS (aws:SecureTransport false)", need,
			func(_ *rep, _, _ string, ctx map[string][]string, out eval.Result) string {
				if v, _ := get(ctx, "aws:SecureTransport"); out.Decision == eval.Allow && v == "false" {
					return deny
				}
				return ""
			}},
	}
	if hasKey && !c.in.FirstCreate {
		s3Rules = append(s3Rules,
			rule{PropSSEKMS, "no log or Insights file is written without SSE-KMS (aws:kms, or the dual-layer aws:kms:dsse)", need,
				func(_ *rep, action, res string, ctx map[string][]string, out eval.Result) string {
					if v, _ := get(ctx, keySSE); action == "s3:PutObject" && isLog(res) && out.Decision == eval.Allow && v != "aws:kms" && v != "aws:kms:dsse" {
						return deny
					}
					return ""
				}},
			rule{PropRightKey, "no log or Insights file is written with SSE-KMS under another key (or none named)", need,
				func(_ *rep, action, res string, ctx map[string][]string, out eval.Result) string {
					sse, _ := get(ctx, keySSE)
					id, _ := get(ctx, keyKeyID)
					if action == "s3:PutObject" && isLog(res) && out.Decision == eval.Allow && (sse == "aws:kms" || sse == "aws:kms:dsse") && id != keyARN {
						return deny
					}
					return ""
				}})
	}
	s3Rules = append(s3Rules, rule{PropOnlyIntendedReaders, "only the readers, the vendor's role and principals of the bucket's account list or read the logs", need,
		func(r *rep, action, _ string, _ map[string][]string, out eval.Result) string {
			switch {
			case action != "s3:ListBucket" && action != "s3:GetObject":
				return ""
			case out.Decision != eval.Allow, c.reader(r), c.iamOf(r, site.LogArchiveAccount()):
				return ""
			case action == "s3:ListBucket" && c.in.CloudTrailMayList:
				if _, ok := c.trailOwner(r); ok {
					return ""
				}
			}
			return deny
		}})
	qs = append(qs, query{rules: s3Rules, actions: []string{"s3:PutObject", "s3:GetObject", "s3:ListBucket", "s3:DeleteObject", "s3:GetBucketAcl"},
		principal: all, resources: bucketOrObjects, expect: []string{"aws:SecureTransport", keySSE, keyKeyID}})
	readers := func(r *rep) bool {
		if !c.reader(r) {
			return false
		}
		// A reader of an organization's logs is taken to be in it, as
		// its account's aws:PrincipalOrgID says (the vendor's role is in
		// the log archive account).
		if v, ok := get(r.ctx, "aws:PrincipalOrgID"); hasOrg && (!ok || v != org.ID) {
			if _, tested := c.a.keys[keyPrincipalOrgID]; tested {
				return false
			}
		}
		if sameRole(r, c.in.VendorRoleARN) {
			return c.d.VendorReadPolicy != nil
		}
		_, ok := c.readerPolicies(r)
		return ok
	}
	readNeeds := need
	if hasKey {
		readNeeds = append([]string{trailpolicy.NameKeyPolicy}, need...)
	}
	if c.in.Vendor != nil {
		readNeeds = append(readNeeds, trailpolicy.NameVendorReadPolicy)
	}
	via := "s3." + site.BucketRegion() + ".amazonaws.com"
	if k, ok := site.Key(); ok {
		via = "s3." + k.Region + ".amazonaws.com"
	}
	readActions := []string{"s3:ListBucket", "s3:GetObject"}
	if hasKey {
		readActions = append(readActions, "kms:Decrypt")
	}
	if c.in.Vendor != nil || len(site.Readers()) > 0 {
		qs = append(qs,
			query{name: PropReadersRead, fixed: true, description: "the vendor's role and each reader given with its identity policies list the log root, read every log file and decrypt it",
				needs: readNeeds, actions: readActions, principal: readers, expect: []string{keyEC},
				resources: func(r *rep, action string) []string {
					switch action {
					case "s3:ListBucket":
						return []string{bucket}
					case "kms:Decrypt":
						return []string{keyARN}
					}
					scope := []matcher{sc.root}
					if sameRole(r, c.in.VendorRoleARN) {
						scope = sc.vendorRead
					}
					var out []string
					for _, res := range c.pick(&sc.objects) {
						if c.anyMatch(scope, res) {
							out = append(out, res)
						}
					}
					return out
				},
				pin: func(*rep) map[string][]string {
					return map[string][]string{"s3:prefix": {site.LogPath() + "/"}, keyVia: {via}}
				},
				want: func(_ *rep, action, _ string, ctx map[string][]string, res eval.Result) string {
					if action == "kms:Decrypt" {
						ec, ok := get(ctx, keyEC)
						delivered := false
						for _, x := range site.OwnerAccounts() {
							delivered = delivered || ok && c.anyMatch(sc.trails[x], ec)
						}
						if !delivered {
							return ""
						}
					}
					return allow(res)
				}},
		)
	}
	if c.in.Vendor != nil && c.in.VendorRoleARN != "" {
		v := c.in.Vendor
		vendorPrincipal := func(r *rep) bool {
			if r.p.Type != eval.AWSPrincipal || r.account != v.Account {
				return false
			}
			if len(v.Roles) == 0 {
				return !r.root
			}
			for _, x := range v.Roles {
				if sameRole(r, x) {
					return true
				}
			}
			return false
		}
		role := func(*rep, string) []string { return []string{c.in.VendorRoleARN} }
		tn := []string{trailpolicy.NameVendorTrustPolicy}
		qs = append(qs,
			query{name: PropVendorAssumes, fixed: true, description: "the vendor's principals assume its role with the external ID",
				needs: tn, actions: []string{"sts:AssumeRole"}, principal: vendorPrincipal, resources: role,
				pin:  func(*rep) map[string][]string { return map[string][]string{keyExtID: {v.ExternalID}} },
				want: func(_ *rep, _, _ string, _ map[string][]string, res eval.Result) string { return allow(res) }},
			query{name: PropExternalID, description: "nobody assumes the vendor's role but the vendor, and only with its external ID",
				needs: tn, actions: []string{"sts:AssumeRole"}, principal: all, resources: role, expect: []string{keyExtID},
				want: func(r *rep, _, _ string, ctx map[string][]string, out eval.Result) string {
					x, _ := get(ctx, keyExtID)
					switch {
					case out.Decision != eval.Allow, vendorPrincipal(r) && x == v.ExternalID:
						return ""
					case r.root && r.account == v.Account && x == v.ExternalID:
						// The vendor's root user: AWS refuses it
						// ("You cannot assume a role when you are signed
						// in as the AWS account root user",
						// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-api.html,
						// read 2026-12-02), whatever policy/eval decides.
						return ""
					}
					return deny
				}},
		)
	}
	qs = append(qs, c.topicProperties()...)
	qs = append(qs, c.logsRoleProperties()...)
	if c.in.OmitSCP {
		return c.defaults(qs)
	}
	tamperNeeds := []string{trailpolicy.NameSCP}
	qs = append(qs, query{name: PropNoTampering, description: "nobody but a break-glass role deletes a log, weakens the bucket" + map[bool]string{true: " or the key", false: ""}[c.in.ProtectKey] + map[bool]string{true: ", or stops or changes a protected trail", false: ""}[len(c.in.ProtectedTrails) > 0] + " (principals of accounts no SCP restricts, in their own account, excepted)",
		needs: tamperNeeds, actions: c.tamperActions(), principal: all,
		resources: func(_ *rep, action string) []string {
			switch {
			case contains(tamperObject, action):
				return c.pick(&sc.root)
			case contains(tamperBucket, action):
				return []string{bucket}
			case contains(tamperKey, action):
				return []string{keyARN}
			}
			return c.in.ProtectedTrails
		},
		want: func(r *rep, _, res string, _ map[string][]string, out eval.Result) string {
			switch {
			case out.Decision != eval.Allow, c.anyMatch(sc.breakGlass, r.roleARN) && r.p.Type == eval.AWSPrincipal && !r.root:
				return ""
			case r.p.Type == eval.AWSPrincipal && !c.scpApplies(r.account) && r.account == c.resourceAccount(res):
				return ""
			}
			return deny
		}})
	return c.defaults(qs)
}

// defaults fills in what the queries leave out.
func (c *checker) defaults(qs []query) []query {
	for i := range qs {
		if qs[i].resourceAccount == nil {
			qs[i].resourceAccount = c.resourceAccount
		}
		if qs[i].pin == nil {
			qs[i].pin = func(*rep) map[string][]string { return nil }
		}
	}
	return qs
}

func (c *checker) tamperActions() []string {
	out := append(append([]string{}, tamperObject...), tamperBucket...)
	if c.in.ProtectKey {
		out = append(out, tamperKey...)
	}
	if len(c.in.ProtectedTrails) > 0 {
		out = append(out, tamperTrail...)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
