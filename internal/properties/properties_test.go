package properties_test

import (
	"fmt"
	"slices"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// The properties. Each generator below loops over callers, actions,
// resources and context variants, and decides from the property alone (who
// the caller is, what the object is, which context it sends) whether the
// request must be allowed. The names are what the published-document table
// refers to.
const (
	// Delivery: the bucket policy.
	propTrailWritesLogs    = "bucket/trail-writes-own-logs"                      // a delivering trail writes its log files (right ACL, key, TLS)
	propTrailWritesDigests = "bucket/trail-writes-own-digests"                   // ... and its digest files, SSE-S3
	propTrailReadsACL      = "bucket/trail-reads-bucket-acl"                     // ... and reads the bucket ACL first
	propTLS                = "bucket/tls-required"                               // nothing without aws:SecureTransport
	propNoOtherTrail       = "bucket/no-other-trail-writes"                      // trails of other accounts write nothing
	propOwnPrefix          = "bucket/own-prefix-only"                            // a delivering trail writes only under its own AWSLogs/<id>/
	propOwnerFullControl   = "bucket/owner-full-control-required"                // no write without s3:x-amz-acl bucket-owner-full-control
	propNeedsKMS           = "bucket/log-without-sse-kms-denied"                 // with a key: no log file without SSE-KMS
	propNeedsRightKey      = "bucket/log-with-other-key-denied"                  // with a key: no log file under another key
	propNoOtherService     = "bucket/no-other-service-writes"                    // config, s3, delivery.logs ... write nothing
	propNoAnonymous        = "bucket/no-anonymous-access"                        // anonymous callers write nothing
	propNoOutsideIAM       = "bucket/no-outside-iam-writes"                      // IAM principals of other accounts write nothing
	propSCPSparesTrail     = "scp/never-blocks-cloudtrail"                       // no SCP statement touches CloudTrail's delivery
	propTrailEncrypts      = "kms/trail-encrypts"                                // delivering trails may GenerateDataKey* with their context
	propTrailDescribes     = "kms/trail-describes-key"                           // ... and DescribeKey
	propKMSNoOtherTrail    = "kms/no-other-trail-uses-key"                       // other accounts' trails may do neither
	propKMSNoOtherService  = "kms/no-other-service-uses-key"                     // other services may not use the key
	propIntendedDecrypt    = "kms/intended-principals-decrypt"                   // the intended principals decrypt
	propOnlyIntended       = "kms/only-intended-principals-decrypt"              // nobody else does
	propAdmins             = "kms/admins-administer"                             // administrators and the key account root manage the key
	propOnlyAdmins         = "kms/only-admins-administer"                        // nobody else does
	propVendorAssumes      = "trust/vendor-assumes-with-external-id"             // the vendor assumes its role with its external ID
	propOnlyVendorAccount  = "trust/only-vendor-account-assumes"                 // no other account does
	propExternalID         = "trust/external-id-required"                        // not without the right external ID
	propTeamAssumes        = "trust/security-team-assumes-reader-role"           // the security team assumes its read role
	propOnlyTeam           = "trust/only-security-team-assumes-reader-role"      // nobody else, nor from outside the organization
	propReaderReads        = "read/reader-lists-and-reads-logs"                  // a read role lists and gets under AWSLogs/
	propReaderNothingElse  = "read/reader-does-nothing-else"                     // and does nothing else
	propThreeYeses         = "yes/bucket-key-and-identity-allow-the-read"        // bucket, key and identity policy allow a read
	propNoIdentity         = "yes/read-fails-without-identity-policy"            // without the identity policy it fails
	propNoKeyPolicy        = "yes/read-fails-without-key-policy"                 // without the key policy it fails
	propNoBucketPolicy     = "yes/read-needs-bucket-policy-only-across-accounts" // without the bucket policy it fails only across accounts
	propNoTampering        = "scp/no-tampering-in-account"                       // no principal of an attached account destroys or reconfigures
	propBreakGlass         = "scp/break-glass-role-may-change"                   // except the break-glass role
	propReadsWork          = "scp/reads-still-work"                              // and reads still work
)

// allProperties returns the properties every world of setup s must test
// (each must generate at least one check, or it proves nothing).
func allProperties(s setup) []string {
	out := []string{
		propTrailWritesLogs, propTrailWritesDigests, propTrailReadsACL, propTLS, propNoOtherTrail, propOwnPrefix,
		propOwnerFullControl, propNoOtherService, propNoAnonymous, propNoOutsideIAM, propSCPSparesTrail,
		propVendorAssumes, propOnlyVendorAccount, propExternalID, propTeamAssumes, propOnlyTeam,
		propReaderReads, propReaderNothingElse, propThreeYeses, propNoIdentity, propNoBucketPolicy,
		propNoTampering, propBreakGlass, propReadsWork,
	}
	if s.kms() {
		out = append(out, propNeedsKMS, propNeedsRightKey, propTrailEncrypts, propTrailDescribes, propKMSNoOtherTrail,
			propKMSNoOtherService, propIntendedDecrypt, propOnlyIntended, propAdmins, propOnlyAdmins, propNoKeyPolicy)
	}
	slices.Sort(out)
	return out
}

// checks generates every check of every property for w.
func (w *world) checks() []check {
	return slices.Concat(w.deliveryChecks(), w.kmsChecks(), w.trustChecks(), w.readChecks(), w.yesChecks(), w.scpChecks())
}

// ---------------------------------------------------------------------------
// Objects and the encryption of a write.

type objectKind int

const (
	logFile objectKind = iota
	digestFile
	otherFile
)

// object is an S3 object of the bucket. owner is the account whose trails
// write it (AWSLogs/<owner>/…, or the management account for
// AWSLogs/<o-id>/<member>/…), "" for an object no trail writes; trail is the
// trail whose log it is (the KMS encryption context of a log file).
type object struct {
	key   string
	kind  objectKind
	owner string
	trail string
}

// logKey and digestKey are the object keys CloudTrail writes ("Finding your
// CloudTrail log files",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html;
// "CloudTrail digest file structure",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
// id is an account or <o-id>/<account>.
func logKey(root, id, account, region string) string {
	return fmt.Sprintf("%s/%s/CloudTrail/%s/2026/05/01/%s_CloudTrail_%s_20260501T1205Z_Ab12Cd34Ef56Gh78.json.gz", root, id, region, account, region)
}

// insightKey is an Insights events file, which CloudTrail delivers "to the
// /CloudTrail-Insight folder" encrypted like the log files ("Delivery of
// Insights events",
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-understanding.html).
func insightKey(root, id, account, region string) string {
	return fmt.Sprintf("%s/%s/CloudTrail-Insight/%s/2026/05/01/%s_CloudTrail-Insight_%s_20260501T1205Z_Ab12Cd34Ef56Gh78.json.gz", root, id, region, account, region)
}

func digestKey(root, id, account string) string {
	return fmt.Sprintf("%s/%s/CloudTrail-Digest/%s/2026/05/01/%s_CloudTrail-Digest_%s_main_%s_20260501T120000Z.json.gz", root, id, homeRegion, account, homeRegion, homeRegion)
}

// objects returns the objects the checks write and read: log files (two
// Regions for delivering accounts) and digest files under every account's
// path and, for an organization, every member's path under the organization
// ID; a path under another organization's ID; and objects no trail writes,
// beside or outside the log root.
func (w *world) objects() []object {
	root := w.logRoot()
	var out []object
	add := func(id, account, owner, trail string, regions ...string) {
		for _, r := range regions {
			out = append(out, object{key: logKey(root, id, account, r), kind: logFile, owner: owner, trail: trail})
		}
		out = append(out, object{key: insightKey(root, id, account, homeRegion), kind: logFile, owner: owner, trail: trail})
		out = append(out, object{key: digestKey(root, id, account), kind: digestFile, owner: owner, trail: trail})
	}
	for _, a := range w.universe() {
		regions := []string{homeRegion}
		if w.owns(a) {
			regions = append(regions, "ap-southeast-2")
		}
		add(a, a, a, cloudtrail.TrailARN(part, homeRegion, a, "main"), regions...)
	}
	if w.org != nil {
		for _, m := range append([]string{w.mgmt()}, w.members...) {
			add(w.org.ID+"/"+m, m, w.mgmt(), w.orgTrail(), homeRegion)
		}
		m := w.members[0]
		out = append(out, object{key: logKey(root, otherOrgID+"/"+m, m, homeRegion), kind: logFile})
	}
	first := w.owners()[0]
	out = append(out,
		object{key: "notes/readme.txt", kind: otherFile},
		object{key: root + "/readme.txt", kind: otherFile},
		object{key: logKey(root+"Evil", first, first, homeRegion), kind: otherFile},
	)
	if w.prefix != "" {
		out = append(out, object{key: logKey("AWSLogs", first, first, homeRegion), kind: otherFile})
	}
	return out
}

// encryption is the server-side encryption a PutObject asks for.
type encryption struct {
	name  string
	sse   string // s3:x-amz-server-side-encryption, "" for none
	keyID string // s3:x-amz-server-side-encryption-aws-kms-key-id, "" for none
}

func (w *world) encryptions(k objectKind) []encryption {
	none := encryption{name: "no SSE"}
	s3 := encryption{name: "SSE-S3", sse: "AES256"}
	if !w.kms() {
		return []encryption{none, s3}
	}
	if k == digestFile {
		// The property: digest files are SSE-S3 even when log files are
		// SSE-KMS ("Encrypting CloudTrail log files with AWS KMS keys",
		// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html).
		return []encryption{s3}
	}
	return []encryption{
		{name: "SSE-KMS", sse: "aws:kms", keyID: w.keyARN},
		{name: "SSE-KMS other key", sse: "aws:kms", keyID: otherKey},
		{name: "SSE-KMS no key ID", sse: "aws:kms"},
		none, s3,
	}
}

// write is one PutObject's variable part.
type write struct {
	enc encryption
	tls bool
	acl bool // s3:x-amz-acl = bucket-owner-full-control
}

func (v write) String() string {
	return fmt.Sprintf("%s tls=%t acl=%t", v.enc.name, v.tls, v.acl)
}

// writes varies one factor at a time from the write CloudTrail makes: every
// encryption, then without TLS, then without the ACL.
func (w *world) writes(k objectKind) []write {
	encs := w.encryptions(k)
	var out []write
	for _, e := range encs {
		out = append(out, write{enc: e, tls: true, acl: true})
	}
	return append(out, write{enc: encs[0], tls: false, acl: true}, write{enc: encs[0], tls: true, acl: false})
}

func (v write) context() map[string][]string {
	ctx := tls(v.tls)
	if v.acl {
		ctx["s3:x-amz-acl"] = []string{"bucket-owner-full-control"}
	}
	if v.enc.sse != "" {
		ctx["s3:x-amz-server-side-encryption"] = []string{v.enc.sse}
	}
	if v.enc.keyID != "" {
		ctx["s3:x-amz-server-side-encryption-aws-kms-key-id"] = []string{v.enc.keyID}
	}
	return ctx
}

// s3Check is a check of one S3 request by c on the bucket under the bucket
// policy, c's identity policies and the SCPs of c's account.
func (w *world) s3Check(prop string, c caller, action, arn string, want bool, ctx ...map[string][]string) check {
	req := request(c, action, arn, w.logAccount, ctx...)
	return check{property: prop, what: fmt.Sprintf("%s %s %s %v", c.name, action, arn, ctxString(req.Context)), want: want,
		steps: []step{{req: req, pol: w.s3Policies(c)}}}
}

func (w *world) s3Policies(c caller) eval.Policies {
	return eval.Policies{Resource: w.bucketPolicy, Identity: c.identity, SCPs: w.scpsFor(c.account)}
}

// ---------------------------------------------------------------------------
// Delivery.

// deliveryChecks: every trail of every account writes every object with
// every write variant and reads the bucket ACL; other services, anonymous
// callers and IAM principals of other accounts try the same.
func (w *world) deliveryChecks() []check {
	var out []check
	objects := w.objects()
	for _, trail := range w.allTrails() {
		c := cloudTrail(trail)
		account := accountOf(trail)
		for _, o := range objects {
			for _, v := range w.writes(o.kind) {
				prop, want := w.trailWrite(account, o, v)
				out = append(out, w.s3Check(prop, c, "s3:PutObject", w.objectARN(o.key), want, v.context()))
				if want {
					// The same delivery under the SCPs, with a bucket
					// policy that lets CloudTrail write anything, so that
					// only the SCPs could refuse it: SCPs never restrict a
					// service principal.
					chk := w.s3Check(propSCPSparesTrail, c, "s3:PutObject", w.objectARN(o.key), true, v.context())
					chk.steps[0].pol = eval.Policies{Resource: cloudTrailMayWrite(w.bucket), SCPs: w.scps}
					out = append(out, chk)
				}
			}
		}
		for _, on := range []bool{true, false} {
			prop, want := propTrailReadsACL, true
			switch {
			case !on:
				prop, want = propTLS, false
			case !w.owns(account):
				prop, want = propNoOtherTrail, false
			}
			out = append(out, w.s3Check(prop, c, "s3:GetBucketAcl", w.bucketARN(), want, tls(on)))
		}
	}

	// Callers that must write nothing, each with the most favourable
	// request: TLS, the ACL and the right encryption.
	firstTrail := w.trailsOf(w.owners()[0])[0]
	var others []caller
	for _, svc := range []string{"config.amazonaws.com", "s3.amazonaws.com", "delivery.logs.amazonaws.com", "logging.s3.amazonaws.com"} {
		others = append(others, service(svc, firstTrail))
	}
	others = append(others, anonymous())
	for _, a := range w.universe() {
		if a != w.logAccount {
			others = append(others, w.session(a, "Admin", administratorAccess), w.rootUser(a))
		}
	}
	for _, c := range others {
		prop := propNoOtherService
		switch c.principal.Type {
		case eval.AnonymousPrincipal:
			prop = propNoAnonymous
		case eval.AWSPrincipal:
			prop = propNoOutsideIAM
		}
		for _, o := range objects {
			v := w.writes(o.kind)[0]
			out = append(out, w.s3Check(prop, c, "s3:PutObject", w.objectARN(o.key), false, v.context()))
		}
		out = append(out, w.s3Check(prop, c, "s3:GetBucketAcl", w.bucketARN(), false, tls(true)))
	}
	return out
}

// cloudTrailMayWrite is a bucket policy that lets CloudTrail write any object.
func cloudTrailMayWrite(bucketName string) *policy.Document {
	return policy.New(policy.KindBucketPolicy, iampolicy.Statement{
		Effect: iampolicy.EffectAllow, Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"),
		Action: policy.Strings("s3:PutObject"), Resource: policy.Strings(policy.ObjectARN(part, bucketName, "*")),
	})
}

// trailWrite decides a PutObject by a trail of account: allowed only for a
// delivering account's trail, on its own path, with TLS, the ACL and (with a
// key) SSE-KMS under the key for log files; digest files are SSE-S3.
func (w *world) trailWrite(account string, o object, v write) (string, bool) {
	switch {
	case !v.tls:
		return propTLS, false
	case !w.owns(account):
		return propNoOtherTrail, false
	case o.owner != account || o.kind == otherFile:
		return propOwnPrefix, false
	case !v.acl:
		return propOwnerFullControl, false
	case o.kind == logFile && w.kms() && v.enc.sse != "aws:kms":
		return propNeedsKMS, false
	case o.kind == logFile && w.kms() && v.enc.keyID != w.keyARN:
		return propNeedsRightKey, false
	case o.kind == logFile:
		return propTrailWritesLogs, true
	}
	return propTrailWritesDigests, true
}

// ---------------------------------------------------------------------------
// The KMS key.

// kmsCaller is a caller of the key, with what the property needs to know
// about it.
type kmsCaller struct {
	caller
	reader   bool // one of the read roles, with its read policy
	decrypts bool // has an identity policy allowing kms:Decrypt on the key
	admin    bool // a named key administrator (no identity policy)
}

func (w *world) kmsCallers() []kmsCaller {
	decrypt := identityPolicy([]string{"kms:Decrypt"}, w.keyARN)
	var out []kmsCaller
	for _, a := range w.universe() {
		out = append(out,
			kmsCaller{caller: w.session(a, "LogAnalyst", decrypt), decrypts: true},
			kmsCaller{caller: w.session(a, "Intern")},
			kmsCaller{caller: w.rootUser(a)},
		)
	}
	for _, a := range w.keyAdmins {
		out = append(out, kmsCaller{caller: w.principalFromARN(a), admin: true})
	}
	return append(out,
		kmsCaller{caller: w.vendorSession(), reader: true},
		kmsCaller{caller: w.readerSession(), reader: true})
}

// vendorSession and readerSession are sessions of the two read roles, with
// their read policies.
func (w *world) vendorSession() caller {
	name := w.vendorRole
	if name == "" {
		name = "CloudTrailLogReader"
	}
	c := w.session(w.logAccount, name, w.vendorRead)
	c.name = "vendor role " + c.name
	return c
}

func (w *world) readerSession() caller {
	arn := w.readerRoleARN()
	c := w.session(w.logAccount, arn[strings.LastIndex(arn, "/")+1:], w.readerRead)
	c.name = "security reader role " + c.name
	return c
}

// mayDecrypt is the decrypt property: a log file may be decrypted by the key
// account's root; by principals of the key's account whose IAM policies allow
// it (the key policy delegates to that account's IAM, which AWS's default key
// policy does and which keeps the key manageable); by the read roles, for
// every delivered log file; and by principals of a delivering account for
// that account's own trails' log files, with an IAM policy allowing it when
// they are in another account than the key (AWS requires both sides across
// accounts). Nobody else, key administrators included.
func (w *world) mayDecrypt(c kmsCaller, ec string) bool {
	ka := w.keyAccount()
	if c.root && c.account == ka {
		return true
	}
	delivered := ec != "" && w.owns(accountOf(ec))
	identity := c.root || c.decrypts || (c.reader && ec != "")
	direct := delivered && (c.reader || accountOf(ec) == c.account)
	if c.account == ka {
		return direct || identity
	}
	return direct && identity
}

func (w *world) kmsChecks() []check {
	if !w.kms() {
		return nil
	}
	key, ka := w.keyARN, w.keyAccount()
	kmsCheck := func(prop string, c caller, action string, want bool, identity []*policy.Document, ctx map[string][]string) check {
		req := request(c, action, key, ka, ctx)
		return check{property: prop, what: fmt.Sprintf("%s %s %v", c.name, action, ctxString(req.Context)), want: want,
			steps: []step{{req: req, pol: eval.Policies{Resource: w.keyPolicy, Identity: identity, SCPs: w.scpsFor(c.account)}}}}
	}
	ecKey := "kms:EncryptionContext:aws:cloudtrail:arn"
	var out []check

	// CloudTrail encrypts for its trails (the encryption context is the
	// trail's ARN, as is aws:SourceArn) and describes the key.
	for _, trail := range w.allTrails() {
		c := cloudTrail(trail)
		enc, desc, want := propTrailEncrypts, propTrailDescribes, true
		if !w.owns(accountOf(trail)) {
			enc, desc, want = propKMSNoOtherTrail, propKMSNoOtherTrail, false
		}
		out = append(out,
			kmsCheck(enc, c, "kms:GenerateDataKey", want, nil, map[string][]string{ecKey: {trail}}),
			kmsCheck(desc, c, "kms:DescribeKey", want, nil, nil))
	}
	firstTrail := w.trailsOf(w.owners()[0])[0]
	for _, svc := range []string{"config.amazonaws.com", "s3.amazonaws.com", "logs.amazonaws.com"} {
		c := service(svc, firstTrail)
		for _, action := range []string{"kms:GenerateDataKey", "kms:Decrypt"} {
			out = append(out, kmsCheck(propKMSNoOtherService, c, action, false, nil, map[string][]string{ecKey: {firstTrail}}))
		}
	}

	// Decrypt: every caller, every trail's encryption context and none.
	ecs := []string{""}
	for _, a := range w.universe() {
		ecs = append(ecs, cloudtrail.TrailARN(part, homeRegion, a, "main"))
	}
	if w.org != nil {
		ecs = append(ecs, w.orgTrail())
	}
	via := "s3." + homeRegion + ".amazonaws.com"
	callers := w.kmsCallers()
	for _, c := range callers {
		for _, ec := range ecs {
			ctx := map[string][]string{"kms:CallerAccount": {c.account}, "kms:ViaService": {via}}
			if ec != "" {
				ctx[ecKey] = []string{ec}
			}
			want := w.mayDecrypt(c, ec)
			prop := propIntendedDecrypt
			if !want {
				prop = propOnlyIntended
			}
			out = append(out, kmsCheck(prop, c.caller, "kms:Decrypt", want, c.identity, ctx))
		}
	}

	// Administration, under the key policy alone: the SCP's key
	// statement, which stops administrators too, is the SCP property's.
	for _, c := range callers {
		want := c.admin || (c.root && c.account == ka)
		prop := propAdmins
		if !want {
			prop = propOnlyAdmins
		}
		for _, action := range []string{"kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:CancelKeyDeletion", "kms:EnableKeyRotation"} {
			chk := kmsCheck(prop, c.caller, action, want, c.identity, map[string][]string{"kms:CallerAccount": {c.account}})
			chk.steps[0].pol.SCPs = nil
			out = append(out, chk)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Assuming the read roles.

func (w *world) trustChecks() []check {
	vendorRole := w.vendorRoleARN()
	readerRole := w.readerRoleARN()
	assume := func(role string) *policy.Document { return identityPolicy([]string{"sts:AssumeRole"}, role) }
	var out []check
	stsCheck := func(prop string, c caller, role string, trustPolicy *policy.Document, want bool, ctx map[string][]string) check {
		req := request(c, "sts:AssumeRole", role, w.logAccount, ctx)
		return check{property: prop, what: fmt.Sprintf("%s sts:AssumeRole %s %v", c.name, role, ctxString(req.Context)), want: want,
			steps: []step{{req: req, pol: eval.Policies{Resource: trustPolicy, Identity: c.identity, SCPs: w.scpsFor(c.account)}}}}
	}

	// The vendor role: only the vendor's account, only with its external ID.
	team := w.principalFromARN(w.securityTeam, assume(vendorRole))
	vendorCallers := []caller{
		w.rootUser(w.vendor),
		w.session(w.vendor, "VendorIngest", assume(vendorRole)),
		w.rootUser(acctOutsider),
		w.session(acctOutsider, "VendorIngest", assume(vendorRole)),
		team,
		w.session(w.logAccount, "Admin", administratorAccess),
	}
	externalIDs := []struct {
		name string
		ctx  map[string][]string
	}{
		{"right external ID", map[string][]string{"sts:ExternalId": {w.externalID}}},
		{"wrong external ID", map[string][]string{"sts:ExternalId": {w.externalID + "0"}}},
		{"no external ID", nil},
	}
	for _, c := range vendorCallers {
		for i, x := range externalIDs {
			right := i == 0
			// The vendor's root user never can: "You cannot assume a role
			// when you are signed in as the AWS account root user"
			// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-api.html).
			want := c.account == w.vendor && right && !c.root
			prop := propVendorAssumes
			switch {
			case c.account != w.vendor:
				prop = propOnlyVendorAccount
			case !right:
				prop = propExternalID
			}
			out = append(out, stsCheck(prop, c, vendorRole, w.vendorTrust, want, x.ctx))
		}
	}

	// The security team's read role: only the security team's role, and,
	// with an organization, only while its account is a member.
	teamARN := w.securityTeam
	teamAccount := accountOf(teamARN)
	teamRole := teamARN[strings.LastIndex(teamARN, "/")+1:]
	type readerCaller struct {
		c    caller
		want bool
	}
	readerCallers := []readerCaller{
		{w.session(teamAccount, teamRole, assume(readerRole)), true},
		{w.session(teamAccount, "Developer", assume(readerRole)), false},
		{w.rootUser(w.vendor), false},
		{w.session(acctOutsider, teamRole, assume(readerRole)), false},
	}
	if w.org != nil {
		// The same role once its account has left the organization.
		left := w.session(teamAccount, teamRole, assume(readerRole))
		left.name += " (account outside the organization)"
		delete(left.context, "aws:PrincipalOrgID")
		readerCallers = append(readerCallers, readerCaller{left, false})
	}
	if teamAccount != w.logAccount {
		readerCallers = append(readerCallers, readerCaller{w.session(w.logAccount, "Admin", administratorAccess), false})
	}
	for _, rc := range readerCallers {
		prop := propTeamAssumes
		if !rc.want {
			prop = propOnlyTeam
		}
		out = append(out, stsCheck(prop, rc.c, readerRole, w.readerTrust, rc.want, map[string][]string{"sts:ExternalId": {w.externalID}}))
		out = append(out, stsCheck(prop, rc.c, readerRole, w.readerTrust, rc.want, nil))
	}
	return out
}

// ---------------------------------------------------------------------------
// What the read roles may do with their read policies.

var (
	bucketActions = []string{"s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads", "s3:GetBucketAcl",
		"s3:GetBucketPolicy", "s3:GetBucketLocation", "s3:PutBucketPolicy", "s3:PutLifecycleConfiguration", "s3:DeleteBucket"}
	objectActions = []string{"s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAcl", "s3:GetObjectTagging", "s3:PutObject",
		"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl", "s3:RestoreObject"}
)

func (w *world) readChecks() []check {
	var out []check
	for _, c := range []caller{w.vendorSession(), w.readerSession()} {
		out = append(out, w.readChecksFor(c)...)
	}
	return out
}

// readChecksFor is what read role c may and may not do with its read policy
// under the bucket policy and SCPs: list under AWSLogs/ and get the files
// there, nothing else, and nothing in another bucket or over plain HTTP.
func (w *world) readChecksFor(c caller) []check {
	root := w.logRoot() + "/"
	first := w.owners()[0]
	prefixes := []struct {
		name  string
		value []string // nil: no s3:prefix in the request
	}{
		{"no prefix", nil},
		{"empty prefix", []string{""}},
		{"log root", []string{root}},
		{"account path", []string{root + first + "/CloudTrail/"}},
		{"log root without slash", []string{w.logRoot()}},
		{"other folder", []string{"notes/"}},
		{"sibling folder", []string{w.logRoot() + "Evil/"}},
	}
	var out []check
	for _, action := range bucketActions {
		listing := action == "s3:ListBucket" || action == "s3:ListBucketVersions"
		for _, p := range prefixes {
			if !listing && p.value != nil {
				continue // s3:prefix is a key of the two listing actions only
			}
			want := action == "s3:ListBucket" && p.value != nil && strings.HasPrefix(p.value[0], root)
			out = append(out, w.readCheck(c, action, w.bucketARN(), w.logAccount, want, map[string][]string{"s3:prefix": p.value}))
		}
	}
	for _, o := range w.objects() {
		for _, action := range objectActions {
			want := action == "s3:GetObject" && strings.HasPrefix(o.key, root)
			out = append(out, w.readCheck(c, action, w.objectARN(o.key), w.logAccount, want, nil))
		}
	}
	// Another bucket, with the same key layout, in another account.
	other := policy.ObjectARN(part, "another-bucket", logKey(w.logRoot(), first, first, homeRegion))
	out = append(out,
		w.readCheck(c, "s3:GetObject", other, acctOutsider, false, nil),
		w.readCheck(c, "s3:ListBucket", policy.BucketARN(part, "another-bucket"), acctOutsider, false, map[string][]string{"s3:prefix": {root}}))
	// Without TLS the reads are refused.
	log := w.objects()[0]
	out = append(out,
		w.readCheck(c, "s3:GetObject", w.objectARN(log.key), w.logAccount, false, tls(false)),
		w.readCheck(c, "s3:ListBucket", w.bucketARN(), w.logAccount, false, tls(false), map[string][]string{"s3:prefix": {root}}))
	return out
}

// readCheck is a request by a read role; it must be allowed exactly when
// want, and a refused TLS request counts for the TLS property.
func (w *world) readCheck(c caller, action, arn, resourceAccount string, want bool, ctx ...map[string][]string) check {
	all := append([]map[string][]string{tls(true)}, ctx...)
	req := request(c, action, arn, resourceAccount, all...)
	prop := propReaderNothingElse
	if want {
		prop = propReaderReads
	}
	if req.Context["aws:SecureTransport"][0] == "false" {
		prop = propTLS
	}
	pol := w.s3Policies(c)
	if resourceAccount != w.logAccount {
		pol.Resource = nil // another bucket, whose policy grants nothing
	}
	return check{property: prop, what: fmt.Sprintf("%s %s %s %v", c.name, action, arn, ctxString(req.Context)), want: want,
		steps: []step{{req: req, pol: pol}}}
}

// ---------------------------------------------------------------------------
// The three yeses.

// yesChecks: for each read role and each delivered log file, reading it
// (s3:GetObject, and with a key kms:Decrypt under the log's encryption
// context) is allowed with the bucket policy, the key policy and the role's
// identity policy; it fails without the identity policy, or without the key
// policy's grants; without the bucket policy it fails only for a reader in
// another account than the bucket's, because within one account an identity
// policy alone may allow (AWS's evaluation logic).
func (w *world) yesChecks() []check {
	var out []check
	for _, c := range []caller{w.vendorSession(), w.readerSession()} {
		for _, o := range w.objects() {
			if o.kind != logFile || !w.owns(o.owner) || !strings.HasPrefix(o.key, w.logRoot()+"/") {
				continue
			}
			read := func(bucketPolicy, keyPolicy *policy.Document, identity []*policy.Document) []step {
				get := request(c, "s3:GetObject", w.objectARN(o.key), w.logAccount, tls(true))
				steps := []step{{req: get, pol: eval.Policies{Resource: bucketPolicy, Identity: identity, SCPs: w.scpsFor(c.account)}}}
				if w.kms() {
					dec := request(c, "kms:Decrypt", w.keyARN, w.keyAccount(), map[string][]string{
						"kms:EncryptionContext:aws:cloudtrail:arn": {o.trail},
						"kms:CallerAccount":                        {c.account},
						"kms:ViaService":                           {"s3." + homeRegion + ".amazonaws.com"},
					})
					steps = append(steps, step{req: dec, pol: eval.Policies{Resource: keyPolicy, Identity: identity, SCPs: w.scpsFor(c.account)}})
				}
				return steps
			}
			what := fmt.Sprintf("%s reads %s", c.name, o.key)
			out = append(out,
				check{property: propThreeYeses, what: what, want: true, steps: read(w.bucketPolicy, w.keyPolicy, c.identity)},
				check{property: propNoIdentity, what: what + " without its identity policy", want: false, steps: read(w.bucketPolicy, w.keyPolicy, nil)},
				check{property: propNoBucketPolicy, what: what + " without a bucket policy", want: c.account == w.logAccount,
					steps: read(nil, w.keyPolicy, c.identity)},
			)
			if w.kms() {
				out = append(out, check{property: propNoKeyPolicy, what: what + " with a key policy that grants nothing", want: false,
					steps: read(w.bucketPolicy, policy.New(policy.KindKeyPolicy), c.identity)})
			}
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// The SCP.

// tamperActions are what no principal of the log-archive account may do to
// the bucket or its objects: delete a log object or a version, change the
// bucket policy, lifecycle, versioning, encryption or Object Lock, delete
// the bucket.
var (
	tamperBucket = []string{"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning",
		"s3:PutEncryptionConfiguration", "s3:PutBucketObjectLockConfiguration", "s3:DeleteBucket"}
	tamperObject = []string{"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold", "s3:BypassGovernanceRetention"}
	tamperKey    = []string{"kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey", "kms:DisableKeyRotation"}
	tamperTrail  = []string{"cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"}
)

func (w *world) scpChecks() []check {
	var out []check
	objects := w.objects()
	for _, account := range w.scpAccounts {
		// Every caller may do everything its IAM policy allows (the
		// administrators' AdministratorAccess), except what the SCP stops.
		callers := []caller{
			w.session(account, "Admin", administratorAccess),
			w.session(account, "Developer", administratorAccess),
			w.session(account, "BreakGlassCopy", administratorAccess),
			w.rootUser(account),
		}
		for _, bg := range w.breakGlass {
			if accountOf(bg) == account {
				callers = append(callers, w.principalFromARN(bg, administratorAccess))
			}
		}
		for _, c := range callers {
			glass := slices.Contains(w.breakGlass, c.roleARN)
			prop := propNoTampering
			if glass {
				prop = propBreakGlass
			}
			tamper := func(action, arn, resourceAccount string, resourcePolicy *policy.Document) {
				req := request(c, action, arn, resourceAccount, tls(true))
				out = append(out, check{property: prop, what: fmt.Sprintf("%s %s %s", c.name, action, arn), want: glass,
					steps: []step{{req: req, pol: eval.Policies{Resource: resourcePolicy, Identity: c.identity, SCPs: w.scps}}}})
			}
			if account == w.logAccount {
				for _, action := range tamperBucket {
					tamper(action, w.bucketARN(), account, w.bucketPolicy)
				}
				for _, o := range objects {
					if o.kind == otherFile || !w.owns(o.owner) {
						continue
					}
					for _, action := range tamperObject {
						tamper(action, w.objectARN(o.key), account, w.bucketPolicy)
					}
				}
				// Reads still work, for everyone.
				read := w.s3Check(propReadsWork, c, "s3:GetObject", w.objectARN(objects[0].key), true, tls(true))
				read.steps[0].pol.SCPs = w.scps
				list := w.s3Check(propReadsWork, c, "s3:ListBucket", w.bucketARN(), true, tls(true), map[string][]string{"s3:prefix": {w.logRoot() + "/"}})
				list.steps[0].pol.SCPs = w.scps
				out = append(out, read, list)
			}
			if w.kms() && account == w.keyAccount() && w.protectsKey() {
				for _, action := range tamperKey {
					tamper(action, w.keyARN, account, w.keyPolicy)
				}
			}
			for _, trail := range w.protectedTrails() {
				if accountOf(trail) == account {
					for _, action := range tamperTrail {
						tamper(action, trail, account, nil)
					}
				}
			}
		}
	}
	return out
}

// ctxString prints a request context compactly and in a stable order.
func ctxString(ctx map[string][]string) string {
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+"="+strings.Join(ctx[k], ","))
	}
	return "{" + strings.Join(parts, " ") + "}"
}
