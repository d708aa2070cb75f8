package trailpolicy

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/logsrole"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/rcp"
	"github.com/trailpolicy/trailpolicy/scp"
	"github.com/trailpolicy/trailpolicy/snstopic"
	"github.com/trailpolicy/trailpolicy/trust"
)

// Names of the documents of a [Bundle], as the CLI and [Bundle.Select] spell
// them. Several SCPs are named "scp-1", "scp-2", ...; one is "scp"; RCPs
// likewise "rcp", or "rcp-1", "rcp-2", ....
const (
	NameBucketPolicy      = "bucket-policy"
	NameKeyPolicy         = "key-policy"
	NameVendorTrustPolicy = "vendor-trust-policy"
	NameVendorReadPolicy  = "vendor-read-policy"
	NameSCP               = "scp"
	NameRCP               = "rcp"
	// NameReaderReadPolicy names all the readers' identity policies; each
	// is named by its reader ([ReaderReadPolicyName]).
	NameReaderReadPolicy = "reader-read-policy"
	NameTopicPolicy      = "topic-policy"
	NameLogsRoleTrust    = "logs-role-trust-policy"
	NameLogsRolePolicy   = "logs-role-policy"
)

// VendorReadPolicyName is the name of the vendor role's inline read policy.
// Inline policy names are unique only within their role, so a fixed name
// cannot collide.
const VendorReadPolicyName = "cloudtrail-log-read"

// documentKind is one kind of document a setup can call for: the one place
// a new kind registers. build returns its documents, none when the setup
// calls for none; missing says which setup field would call for it.
type documentKind struct {
	name    string
	missing *policy.FieldError
	build   func(s Setup, site *cloudtrail.Site) (cloudtrail.Documents, error)
}

// documentKinds lists every kind, in the order a [Bundle] keeps them.
var documentKinds = []documentKind{
	{NameBucketPolicy, nil, Setup.bucketPolicy},
	{NameKeyPolicy, policy.NewFieldError(policy.ErrRequired, "kmsKeyArn", "", "is empty: the setup calls for no key policy; set kmsKeyArn (-kms-key-arn) to the key's ARN"), Setup.keyPolicy},
	{NameVendorTrustPolicy, errNoVendor, Setup.vendorTrustPolicy},
	{NameVendorReadPolicy, errNoVendor, Setup.vendorReadPolicy},
	{NameSCP, policy.NewFieldError(policy.ErrConflict, "scp.omit", "true", "leaves the SCP out: the setup calls for no SCP"), Setup.scps},
	{NameRCP, policy.NewFieldError(policy.ErrRequired, "organization", "", "is not set, or rcp.omit is: the setup calls for the RCP only with an organization (organization.id, organization.managementAccount) and without rcp.omit"), Setup.rcps},
	{NameReaderReadPolicy, policy.NewFieldError(policy.ErrRequired, "readers", "", "is empty: the setup calls for no reader read policy; name the readers (-readers) and the key (kmsKeyArn)"), Setup.readerReadPolicies},
	{NameTopicPolicy, policy.NewFieldError(policy.ErrRequired, "snsTopicArn", "", "is empty: the setup calls for no topic policy; set snsTopicArn to the ARN of the SNS topic the trails notify"), Setup.topicPolicy},
	{NameLogsRoleTrust, errNoLogGroup, Setup.logsRoleTrust},
	{NameLogsRolePolicy, errNoLogGroup, Setup.logsRolePolicy},
}

// organizationPolicyNames maps the name of each kind of organization policy
// a setup may split over several documents to its policy type, so that
// [Bundle.Select] of "scp" returns every SCP and of "rcp" every RCP.
var organizationPolicyNames = map[string]string{
	NameSCP: cloudtrail.ServiceControlPolicy,
	NameRCP: cloudtrail.ResourceControlPolicy,
}

var errNoLogGroup = policy.NewFieldError(policy.ErrRequired, "cloudWatchLogsGroupArn", "", "is empty: the setup calls for no CloudWatch Logs delivery role; set cloudWatchLogsGroupArn to the ARN of the log group the trails send events to")

var errNoVendor = policy.NewFieldError(policy.ErrRequired, "vendor", "", "is not set: the setup calls for no vendor role; set vendor.account and vendor.externalId (-vendor-account, -external-id)")

// DocumentNames lists every document name a setup can call for, in the order
// a [Bundle] keeps them.
func DocumentNames() []string {
	out := make([]string, len(documentKinds))
	for i, k := range documentKinds {
		out[i] = k.name
	}
	return out
}

// Bundle is every document one [Setup] calls for, each with its deployment
// target, and the validated site they were built from.
type Bundle struct {
	// Site is the validated logging site.
	Site *cloudtrail.Site
	// Documents are the documents in [DocumentNames] order; several SCPs
	// follow each other.
	Documents cloudtrail.Documents
}

// Names returns the names of the documents present, in order; none for a
// nil Bundle.
func (b *Bundle) Names() []string {
	if b == nil {
		return nil
	}
	return b.Documents.Names()
}

// Select returns the documents of one name: one document, for "scp" every
// SCP ("scp-2" names the second of several), for "rcp" every RCP, or for
// "reader-read-policy" every reader's read policy. It reports false for an
// unknown name or a document the setup does not call for, and for a nil
// Bundle.
func (b *Bundle) Select(name string) (cloudtrail.Documents, bool) {
	if b == nil {
		return nil, false
	}
	if d, ok := b.Documents.Get(name); ok {
		return cloudtrail.Documents{d}, true
	}
	if name == NameReaderReadPolicy {
		var out cloudtrail.Documents
		for _, d := range b.Documents {
			if strings.HasPrefix(d.Name, NameReaderReadPolicy+"-") {
				out = append(out, d)
			}
		}
		return out, len(out) > 0
	}
	policyType, ok := organizationPolicyNames[name]
	if !ok {
		return nil, false
	}
	var out cloudtrail.Documents
	for _, d := range b.Documents.Of(cloudtrail.OrganizationPolicyTarget) {
		if d.Target.PolicyType == policyType {
			out = append(out, d)
		}
	}
	return out, len(out) > 0
}

// Deployable returns what deploying the documents of name takes: those
// documents, plus every other policy of a role among them, because a role
// is created with its trust policy and its inline policies together.
func (b *Bundle) Deployable(name string) (cloudtrail.Documents, bool) {
	docs, ok := b.Select(name)
	if !ok {
		return nil, false
	}
	// Only the roles the output creates: a reader's existing role is no
	// role of the list, whatever its name.
	created := func(t cloudtrail.Target) bool {
		return t.RoleName != "" && (t.Kind == cloudtrail.RoleTrustTarget || t.Kind == cloudtrail.RolePolicyTarget)
	}
	var roles []string
	for _, d := range docs {
		if created(d.Target) {
			roles = append(roles, d.Target.RoleName)
		}
	}
	if len(roles) == 0 {
		return docs, true
	}
	var out cloudtrail.Documents
	for _, d := range b.Documents {
		if slices.Contains(docs.Names(), d.Name) || created(d.Target) && slices.Contains(roles, d.Target.RoleName) {
			out = append(out, d)
		}
	}
	return out, true
}

// MissingDocument explains why a setup calls for no document of name, with
// the setup field that would call for it: a *policy.FieldError.
func MissingDocument(name string) error {
	for _, k := range documentKinds {
		if k.name == name && k.missing != nil {
			return k.missing
		}
	}
	if strings.HasPrefix(name, NameReaderReadPolicy+"-") {
		return policy.NewFieldError(policy.ErrUnsupported, "readers", name, "names no reader of this setup: a reader's read policy is reader-read-policy-<account>-role-<name>, -user-<name> or -root (reader-read-policy prints them all)")
	}
	if strings.HasPrefix(name, NameRCP+"-") {
		return policy.NewFieldError(policy.ErrUnsupported, "rcp", name, "names no RCP of this setup: the RCPs are rcp (one document), rcp-1, rcp-2, ... (several)")
	}
	return policy.NewFieldError(policy.ErrUnsupported, "scp", name, "names no SCP of this setup: the SCPs are scp (one document), scp-1, scp-2, ... (several)")
}

// DocumentError is a problem a builder found with a document itself rather
// than with one input field, such as a policy over its size limit. Document
// is the document's name, such as "bucket-policy".
type DocumentError struct {
	Document string
	Err      error
}

// Error reads like "bucket-policy: document: bucket policy is 20600 bytes ...".
func (e *DocumentError) Error() string {
	switch {
	case e == nil:
		return "<nil>"
	case e.Err == nil:
		return e.Document + ": <nil>"
	}
	return e.Document + ": " + e.Err.Error()
}

// Unwrap returns the builder's error; nil for a nil DocumentError.
func (e *DocumentError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Build validates the setup and returns every document it calls for, each
// built by its package (bucket, kmskey, trust, scp, rcp) from the same validated
// [cloudtrail.Site]. Every problem comes back at once (joined with
// errors.Join), each once, with the field paths of the setup file
// ("vendor.externalId", "accounts[2]"): the shared values are checked once,
// by [cloudtrail.New], and each builder checks its own options. A problem
// with a whole document (a size limit) is a [DocumentError]. No document is
// returned with an error.
func (s Setup) Build() (*Bundle, error) {
	site, err := cloudtrail.New(s.SiteConfig)
	var p policy.Problems
	p.Add(err)
	var docs cloudtrail.Documents
	for _, k := range documentKinds {
		ds, err := k.build(s, site)
		for _, e := range policy.Unjoin(err) {
			p.Add(documentProblem(k.name, e))
		}
		docs = append(docs, ds...)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return &Bundle{Site: site, Documents: docs}, nil
}

// documentProblem returns one problem of the builder of document name as the
// user sees it: nil for a builder's refusal of an incomplete site (whose
// problems cloudtrail.New reported), a field problem as it is, and a problem
// of the document itself as a [DocumentError].
func documentProblem(name string, e error) error {
	var fe *policy.FieldError
	var se *policy.SizeError
	switch {
	case errors.Is(e, cloudtrail.ErrIncompleteSite):
		return nil
	case errors.As(e, &fe) && e == error(fe), errors.As(e, &se) && e == error(se) && se.Field != "":
		return e
	}
	return &DocumentError{Document: name, Err: e}
}

// one returns doc as the one document name with target, or err.
func one(name string, target cloudtrail.Target, doc *policy.Document, err error) (cloudtrail.Documents, error) {
	if err != nil {
		return nil, err
	}
	return cloudtrail.Documents{{Name: name, Policy: doc, Target: target}}, nil
}

// bucketPolicy: always.
func (s Setup) bucketPolicy(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	doc, err := bucket.Build(bucket.Config{Site: site, OmitEncryptionDeniesForFirstCreate: s.OmitEncryptionDeniesForFirstCreate, Options: s.BucketPolicy})
	return one(NameBucketPolicy, site.BucketPolicyTarget(), doc, err)
}

// keyPolicy: with a key, existing (kmsKeyArn) or created (createKey). The vendor's role may decrypt like a reader:
// without it in the key policy the vendor could list the logs but not read
// them. Key administrators and readers without a key are refused, because
// both are key policy principals.
func (s Setup) keyPolicy(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.KMSKeyARN == "" && !s.CreateKey {
		var p policy.Problems
		if len(s.KeyAdministrators) > 0 {
			p.Addf(policy.ErrConflict, "keyAdministrators", s.KeyAdministrators[0], "is set but kmsKeyArn is empty: key administrators need a key")
		}
		if len(s.Readers) > 0 {
			p.Addf(policy.ErrConflict, "readers", s.Readers[0], "is set but kmsKeyArn is empty: readers are key policy readers, whose accounts the key policy checks; without a key, give each reader s3:GetObject in its own IAM policy and, outside the bucket's account, in the bucket policy")
		}
		if field, value, ok := firstSet("keyPolicy", s.KeyPolicy); ok {
			p.Addf(policy.ErrConflict, field, value, "is set but kmsKeyArn is empty: the keyPolicy block holds options of the key policy, which only a key calls for")
		}
		return nil, p.Err()
	}
	cfg := kmskey.Config{Site: site, KeyAdministrators: s.KeyAdministrators, Options: s.KeyPolicy}
	if s.Vendor != nil {
		cfg.VendorRoleARN, _ = s.vendorConfig(site).RoleARN()
	}
	doc, err := kmskey.Build(cfg)
	return one(NameKeyPolicy, site.KeyPolicyTarget(), doc, err)
}

// firstSet returns the setup path and value of the first field of the
// option block opts (a struct of bool, string and string-list fields with
// JSON tags) that is not its zero value, under block, and false when every
// field is.
func firstSet(block string, opts any) (field, value string, ok bool) {
	v := reflect.ValueOf(opts)
	for i := range v.NumField() {
		f := v.Field(i)
		if f.IsZero() || f.Kind() == reflect.Slice && f.Len() == 0 {
			continue
		}
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if f.Kind() == reflect.Slice {
			return fmt.Sprintf("%s.%s[0]", block, name), fmt.Sprint(f.Index(0).Interface()), true
		}
		return block + "." + name, fmt.Sprint(f.Interface()), true
	}
	return "", "", false
}

func (s Setup) vendorConfig(site *cloudtrail.Site) trust.VendorConfig {
	return trust.VendorConfig{Site: site, Vendor: *s.Vendor}
}

// vendorTrustPolicy: with a vendor, the trust policy of its role.
func (s Setup) vendorTrustPolicy(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.Vendor == nil {
		return nil, nil
	}
	cfg := s.vendorConfig(site)
	doc, err := trust.BuildTrustPolicy(cfg)
	return one(NameVendorTrustPolicy, site.RoleTarget(cloudtrail.RoleTrustTarget, cfg.RoleName(), ""), doc, err)
}

// vendorReadPolicy: with a vendor, its role's read policy.
func (s Setup) vendorReadPolicy(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.Vendor == nil {
		return nil, nil
	}
	doc, err := trust.BuildReadPolicy(trust.ReadConfig{Site: site, ReadOptions: s.Vendor.ReadPolicy})
	return one(NameVendorReadPolicy, site.RoleTarget(cloudtrail.RolePolicyTarget, s.vendorConfig(site).RoleName(), VendorReadPolicyName), doc, err)
}

// scps: unless omitted; several when the statements do not fit in one.
func (s Setup) scps(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	docs, err := scp.Build(scp.Config{Site: site, Options: s.SCP})
	return organizationPolicies(site, NameSCP, "protect-cloudtrail", cloudtrail.ServiceControlPolicy, docs, err)
}

// RCPPolicyName is the name of the resource control policy (of the first
// of several), distinct from the SCP's "protect-cloudtrail".
const RCPPolicyName = "protect-cloudtrail-rcp"

// rcps: with an organization, unless omitted; several when the statements
// do not fit in one. Options of the rcp block without an organization are
// refused, as keyPolicy options without a key are.
func (s Setup) rcps(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.RCP.Omit {
		return nil, nil
	}
	if s.Organization == nil {
		if field, value, ok := firstSet("rcp", s.RCP); ok {
			return nil, policy.NewFieldError(policy.ErrConflict, field, value, "is set but organization is not: the rcp block holds options of the resource control policy, which only an organization calls for")
		}
		return nil, nil
	}
	docs, err := rcp.Build(rcp.Config{Site: site, Options: s.RCP})
	return organizationPolicies(site, NameRCP, RCPPolicyName, cloudtrail.ResourceControlPolicy, docs, err)
}

// organizationPolicies names the organization policies of one kind, or
// returns err: one is called name, several name-1, name-2, ...; their
// policy names are policyName, policyName-2, ...
//
// The first policy keeps the name of a single one, so that its Terraform
// address and CloudFormation logical ID stay when the statements outgrow one
// policy: a renamed resource is destroyed and created again.
func organizationPolicies(site *cloudtrail.Site, name, policyName, policyType string, docs []*policy.Document, err error) (cloudtrail.Documents, error) {
	if err != nil {
		return nil, err
	}
	var out cloudtrail.Documents
	for i, d := range docs {
		n, pn := name, policyName
		if len(docs) > 1 {
			n = fmt.Sprintf("%s-%d", name, i+1)
		}
		if i > 0 {
			pn = fmt.Sprintf("%s-%d", policyName, i+1)
		}
		out = append(out, cloudtrail.Document{Name: n, Policy: d, Target: site.OrganizationPolicyTarget(policyType, pn)})
	}
	return out, nil
}

// ReaderReadPolicyName is the document name of reader r's read policy:
// reader-read-policy-<account>-role-<name>, -user-<name> or -root. It is
// named by the reader rather than numbered, so that adding or removing
// another reader renames nothing: a Terraform resource or CloudFormation
// logical ID derived from a renamed document would be destroyed and
// created again. No two readers share a name: "IAM user, group, role, and
// policy names must be unique within the account. Names are not
// distinguished by case" (IAM API Reference, CreateRole and CreateUser,
// RoleName and UserName,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html,
// read 2026-12-02), whatever their path.
func ReaderReadPolicyName(r cloudtrail.Reader) string {
	n := NameReaderReadPolicy + "-" + r.Account + "-" + r.Kind.String()
	if r.Name != "" {
		n += "-" + r.Name
	}
	return n
}

// readerReadPolicies: with readers, one identity policy each (the vendor's
// role has its own, vendor-read-policy), the read policy package trust
// writes for the vendor: list and get the log files, decrypt them with the
// key through S3. Readers need it in their own account whatever the bucket
// and key policies say: within the bucket's account the bucket policy
// leaves them out, and across accounts both sides must allow.
func (s Setup) readerReadPolicies(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if site == nil || len(site.Readers()) == 0 {
		return nil, nil
	}
	vendorRole := ""
	if s.Vendor != nil {
		vendorRole, _ = s.vendorConfig(site).RoleARN()
	}
	var out cloudtrail.Documents
	for _, r := range site.ParsedReaders() {
		if r.ARN == vendorRole {
			continue
		}
		doc, err := trust.BuildReadPolicy(trust.ReadConfig{Site: site})
		if err != nil {
			return nil, err
		}
		out = append(out, cloudtrail.Document{Name: ReaderReadPolicyName(r), Policy: doc, Target: site.ReaderPolicyTarget(r)})
	}
	return out, nil
}

// LogsRoleResourceName names the CloudWatch Logs delivery role's resources
// in the Terraform and CloudFormation outputs
// ([cloudtrail.Target.ResourceName]).
const LogsRoleResourceName = "cloudwatch_logs"

// topicPolicy: with an SNS topic (snsTopicArn), its access policy.
func (s Setup) topicPolicy(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.SNSTopicARN == "" {
		return nil, nil
	}
	doc, err := snstopic.Build(snstopic.Config{Site: site})
	return one(NameTopicPolicy, site.TopicPolicyTarget(), doc, err)
}

func (s Setup) logsRoleConfig(site *cloudtrail.Site) logsrole.Config {
	return logsrole.Config{Site: site, Options: s.LogsRole}
}

// logsRoleTarget returns the target of a policy of the delivery role, in the
// log group's account.
func (s Setup) logsRoleTarget(site *cloudtrail.Site, kind cloudtrail.TargetKind, policyName string) cloudtrail.Target {
	cfg := s.logsRoleConfig(site)
	return site.TrailRoleTarget(kind, cfg.Account(), cfg.RoleName(), policyName, LogsRoleResourceName)
}

// logsRoleTrust: with a log group (cloudWatchLogsGroupArn), the delivery
// role's trust policy.
func (s Setup) logsRoleTrust(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.CloudWatchLogsGroupARN == "" {
		return nil, s.logsRoleUnused()
	}
	doc, err := logsrole.BuildTrustPolicy(s.logsRoleConfig(site))
	target := s.logsRoleTarget(site, cloudtrail.RoleTrustTarget, "")
	return one(NameLogsRoleTrust, target, doc, err)
}

// logsRolePolicy: with a log group, the delivery role's permissions policy.
func (s Setup) logsRolePolicy(site *cloudtrail.Site) (cloudtrail.Documents, error) {
	if s.CloudWatchLogsGroupARN == "" {
		return nil, nil
	}
	// The trust policy's build reported the role's problems already.
	if _, err := logsrole.BuildTrustPolicy(s.logsRoleConfig(site)); err != nil {
		return nil, nil
	}
	doc, err := logsrole.BuildRolePolicy(s.logsRoleConfig(site))
	return one(NameLogsRolePolicy, s.logsRoleTarget(site, cloudtrail.RolePolicyTarget, logsrole.PolicyName), doc, err)
}

// logsRoleUnused refuses logsRole options without a log group, which would
// otherwise be dropped without a word.
func (s Setup) logsRoleUnused() error {
	if field, value, ok := firstSet("logsRole", s.LogsRole); ok {
		return policy.NewFieldError(policy.ErrConflict, field, value, "is set but cloudWatchLogsGroupArn is empty: the logsRole block holds options of the CloudWatch Logs delivery role, which only a log group calls for")
	}
	return nil
}
