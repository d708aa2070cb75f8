package cloudtrail

import (
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy/policy"
)

// TargetKind says what a document is attached to once deployed.
type TargetKind int

// The kinds of deployment target.
const (
	// BucketPolicyTarget: the policy of the bucket [Target.Bucket].
	BucketPolicyTarget TargetKind = iota + 1
	// KeyPolicyTarget: the policy of the KMS key [Target.KeyARN].
	KeyPolicyTarget
	// RoleTrustTarget: the trust policy of the role [Target.RoleName].
	RoleTrustTarget
	// RolePolicyTarget: the inline permissions policy [Target.PolicyName] of
	// the role [Target.RoleName].
	RolePolicyTarget
	// OrganizationPolicyTarget: an AWS Organizations policy of type
	// [Target.PolicyType] named [Target.PolicyName], created unattached in
	// the management account.
	OrganizationPolicyTarget
	// TopicPolicyTarget: the access policy of the existing SNS topic
	// [Target.TopicARN].
	TopicPolicyTarget
)

// String names the kind, as "bucket policy".
func (k TargetKind) String() string {
	switch k {
	case BucketPolicyTarget:
		return "bucket policy"
	case KeyPolicyTarget:
		return "key policy"
	case RoleTrustTarget:
		return "role trust policy"
	case RolePolicyTarget:
		return "role policy"
	case OrganizationPolicyTarget:
		return "organization policy"
	case TopicPolicyTarget:
		return "topic policy"
	}
	if name, ok := readerTargetKinds[k]; ok {
		return name
	}
	return "unknown target"
}

// Organization policy types, as AWS Organizations names them
// (AWS Organizations API Reference, CreatePolicy, Type).
const (
	ServiceControlPolicy = "SERVICE_CONTROL_POLICY"
	// ResourceControlPolicy is the type of a resource control policy.
	ResourceControlPolicy = "RESOURCE_CONTROL_POLICY"
)

// organizationPolicyKinds maps each organization policy type the library
// writes to the kind of its document: the one place a new type registers.
var organizationPolicyKinds = map[string]policy.Kind{
	ServiceControlPolicy:  policy.KindSCP,
	ResourceControlPolicy: policy.KindRCP,
}

// DocumentKind returns the only kind of document target t takes, and false
// for an unknown target kind or organization policy type: a key policy in
// the bucket policy's place would be attached to the wrong resource and be
// rejected by AWS, or worse, accepted.
func (t Target) DocumentKind() (policy.Kind, bool) {
	switch t.Kind {
	case BucketPolicyTarget:
		return policy.KindBucketPolicy, true
	case KeyPolicyTarget:
		return policy.KindKeyPolicy, true
	case RoleTrustTarget:
		return policy.KindTrustPolicy, true
	case RolePolicyTarget:
		return policy.KindIdentityPolicy, true
	case OrganizationPolicyTarget:
		k, ok := organizationPolicyKinds[t.PolicyType]
		return k, ok
	case TopicPolicyTarget:
		return policy.KindTopicPolicy, true
	}
	if _, ok := readerTargetKinds[t.Kind]; ok {
		return policy.KindIdentityPolicy, true
	}
	return 0, false
}

// AccountRole names the account that applies a document by its part in the
// site, so that outputs can group what each account applies (a Terraform
// provider alias, a CloudFormation template) and say so.
type AccountRole string

// The accounts that apply documents.
const (
	// LogArchiveAccount owns the bucket, the vendor's role and, unless the
	// key lives elsewhere, the key.
	LogArchiveAccount AccountRole = "log-archive-account"
	// KeyAccount owns the KMS key when it is not the log archive account
	// (as in AWS's Security Reference Architecture, a security account).
	KeyAccount AccountRole = "key-account"
	// ManagementAccount creates the organization policies.
	ManagementAccount AccountRole = "management-account"
	// TrailAccount owns a trail, and with it the trail's SNS topic and
	// CloudWatch Logs delivery role, when it is neither the management
	// account nor the log archive account (which apply them when they own
	// the trail).
	TrailAccount AccountRole = "trail-account"
)

// Description says which account the role is, as "the log archive
// account" or "the reader account 444455556666".
func (r AccountRole) Description() string { return "the " + strings.ReplaceAll(string(r), "-", " ") }

// Target is where a document goes once deployed: the resource it is
// attached to and the account that applies it. Only the fields of its Kind
// are set.
type Target struct {
	// Kind says what the document is attached to.
	Kind TargetKind
	// Account is the 12-digit ID of the account that applies the document:
	// the log archive account for the bucket policy and the vendor's role,
	// the key's account for the key policy, the management account for
	// organization policies, the topic's and the log group's account (a
	// trail owner) for the topic policy and the CloudWatch Logs delivery
	// role. Empty when the setup does not say.
	Account string
	// AppliedIn is the part the applying account plays in the site; never
	// empty for a target made by a Site's methods.
	AppliedIn AccountRole
	// Bucket is the bucket's name (BucketPolicyTarget).
	Bucket string
	// KeyARN is the key's ARN (KeyPolicyTarget). For a key the output
	// creates (CreateKey), it is a placeholder the other documents name
	// too ([PlannedKeyID]); outputs replace it with a reference to the
	// created key.
	KeyARN string
	// CreateKey reports that the output creates the key (KeyPolicyTarget),
	// rather than setting the policy of an existing one.
	CreateKey bool
	// RoleName and RoleARN name the role (RoleTrustTarget, RolePolicyTarget,
	// ExistingRolePolicyTarget); RoleName has no path.
	RoleName, RoleARN string
	// UserName is the IAM user's name, without its path (UserPolicyTarget).
	UserName string
	// PolicyName is the inline policy's name (RolePolicyTarget,
	// ExistingRolePolicyTarget, UserPolicyTarget), the managed policy's
	// (ManagedPolicyTarget) or the organization policy's name
	// (OrganizationPolicyTarget).
	PolicyName string
	// PolicyType is the organization policy's type, such as
	// [ServiceControlPolicy] (OrganizationPolicyTarget).
	PolicyType string
	// TopicARN is the SNS topic's ARN (TopicPolicyTarget).
	TopicARN string
	// ResourceName names a role's resources in the outputs (RoleTrustTarget,
	// RolePolicyTarget), as a Terraform resource name such as
	// "cloudwatch_logs"; CloudFormation's logical IDs are derived from it.
	// Empty for the vendor's role, whose names are fixed (aws_iam_role.vendor,
	// VendorRole), so that the outputs of earlier setups keep their
	// addresses.
	ResourceName string
}

// Document is one named document of a site with its deployment target.
type Document struct {
	// Name is the document's name as the command line spells it, such as
	// "bucket-policy" or "scp-2".
	Name string
	// Policy is the document itself.
	Policy *policy.Document
	// Target is where it is deployed.
	Target Target
}

// Documents is the list of a site's documents, in a fixed order.
type Documents []Document

// Names returns the names of the documents, in order.
func (ds Documents) Names() []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Name
	}
	return out
}

// Get returns the document named name, and false when there is none.
func (ds Documents) Get(name string) (Document, bool) {
	i := slices.IndexFunc(ds, func(d Document) bool { return d.Name == name })
	if i < 0 {
		return Document{}, false
	}
	return ds[i], true
}

// Of returns the documents whose targets are of kind k, in order.
func (ds Documents) Of(k TargetKind) Documents {
	var out Documents
	for _, d := range ds {
		if d.Target.Kind == k {
			out = append(out, d)
		}
	}
	return out
}

// BucketPolicyTarget returns the target of the site's bucket policy.
func (s *Site) BucketPolicyTarget() Target {
	return Target{Kind: BucketPolicyTarget, Account: s.logArchive, AppliedIn: LogArchiveAccount, Bucket: s.bucket}
}

// KeyPolicyTarget returns the target of the site's key policy; its Account
// is the key's account.
func (s *Site) KeyPolicyTarget() Target {
	t := Target{Kind: KeyPolicyTarget, AppliedIn: LogArchiveAccount, CreateKey: s.createKey}
	if s.key != nil {
		t.Account, t.KeyARN = s.key.AccountID, s.key.String()
		if s.logArchive != "" && t.Account != s.logArchive {
			t.AppliedIn = KeyAccount
		}
	}
	return t
}

// RoleTarget returns the target of a policy of the role roleName in the log
// archive account: its trust policy (RoleTrustTarget, policyName empty) or
// its inline policy policyName (RolePolicyTarget).
func (s *Site) RoleTarget(kind TargetKind, roleName, policyName string) Target {
	t := Target{Kind: kind, Account: s.logArchive, AppliedIn: LogArchiveAccount, RoleName: roleName, PolicyName: policyName}
	if s.logArchive != "" {
		t.RoleARN = policy.RoleARN(s.part, s.logArchive, roleName)
	}
	return t
}

// OrganizationPolicyTarget returns the target of an organization policy of
// the given type and name, applied from the management account.
func (s *Site) OrganizationPolicyTarget(policyType, name string) Target {
	return Target{Kind: OrganizationPolicyTarget, Account: s.ManagementAccount(), AppliedIn: ManagementAccount, PolicyType: policyType, PolicyName: name}
}

// TopicPolicyTarget returns the target of the topic policy of the site's
// SNS topic, applied by the topic's account; a Target without a topic when
// the site has none.
func (s *Site) TopicPolicyTarget() Target {
	t := Target{Kind: TopicPolicyTarget}
	if a, ok := s.SNSTopic(); ok {
		t.Account, t.AppliedIn, t.TopicARN = a.AccountID, s.AccountRoleOf(a.AccountID), a.String()
	} else {
		t.AppliedIn = TrailAccount
	}
	return t
}

// TrailRoleTarget returns the target of a policy of the role roleName in
// account, a trail owner (the CloudWatch Logs delivery role lives in the
// trail's account): its trust policy (RoleTrustTarget, policyName empty) or
// its inline policy policyName (RolePolicyTarget). resourceName names the
// role's resources in the outputs ([Target.ResourceName]).
func (s *Site) TrailRoleTarget(kind TargetKind, account, roleName, policyName, resourceName string) Target {
	t := Target{Kind: kind, Account: account, AppliedIn: s.AccountRoleOf(account), RoleName: roleName, PolicyName: policyName, ResourceName: resourceName}
	if account != "" {
		t.RoleARN = policy.RoleARN(s.part, account, roleName)
	}
	return t
}

// The targets of the readers' identity policies, which attach a policy to
// a principal that exists already (see [Site.ReaderPolicyTarget]).
const (
	// ExistingRolePolicyTarget: the inline permissions policy
	// [Target.PolicyName] of the existing role [Target.RoleName] (ARN
	// [Target.RoleARN]), which the output does not create.
	ExistingRolePolicyTarget TargetKind = iota + 100
	// UserPolicyTarget: the inline policy [Target.PolicyName] of the
	// existing IAM user [Target.UserName].
	UserPolicyTarget
	// ManagedPolicyTarget: a customer managed policy [Target.PolicyName],
	// created unattached in [Target.Account], for that account's
	// administrators to attach to whom they choose.
	ManagedPolicyTarget
)

// readerTargetKinds are the names of the readers' target kinds, for
// [TargetKind.String], and each the one kind of document it takes.
var readerTargetKinds = map[TargetKind]string{
	ExistingRolePolicyTarget: "existing role policy",
	UserPolicyTarget:         "user policy",
	ManagedPolicyTarget:      "managed policy",
}

// readerAccountPrefix opens the [AccountRole] of a reader's account that
// plays no other part in the site.
const readerAccountPrefix = "reader-account-"

// ReaderAccount returns the role of account id when it applies only the
// identity policy of a reader, such as an audit account: one provider
// configuration, one CloudFormation stack per reader account.
func ReaderAccount(id string) AccountRole { return AccountRole(readerAccountPrefix + id) }

// ReaderAccountID returns the account ID of a role made by
// [ReaderAccount], and false for any other role.
func (r AccountRole) ReaderAccountID() (string, bool) {
	id, ok := strings.CutPrefix(string(r), readerAccountPrefix)
	return id, ok && policy.CheckAccountID("", id) == nil
}

// ReaderPolicyName is the name of every reader's identity policy: inline
// policy names are unique only within their role or user, and an account
// has one root, so one managed policy of that name.
const ReaderPolicyName = "cloudtrail-log-read"

// ReaderPolicyTarget returns the target of the identity policy of reader
// r, applied in the reader's account:
//
//   - a role: its inline policy (ExistingRolePolicyTarget), on the role as
//     it exists, as the vendor role has its own;
//   - a user: its inline policy (UserPolicyTarget);
//   - an account root: a customer managed policy (ManagedPolicyTarget),
//     because an identity policy attaches to "IAM identities (users,
//     groups to which users belong, or roles)", not to the root user, and
//     the account stands for whoever its administrators choose: they
//     attach the managed policy to those identities, which a managed
//     policy, unlike an inline one, can serve several of ("Policies and
//     permissions in AWS Identity and Access Management",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html,
//     read 2026-12-02).
//
// The applying account is the part the reader's account already plays
// (the log archive, key or management account) or else
// [ReaderAccount](id).
func (s *Site) ReaderPolicyTarget(r Reader) Target {
	t := Target{Account: r.Account, AppliedIn: ReaderAccount(r.Account), PolicyName: ReaderPolicyName}
	switch {
	case s.logArchive != "" && r.Account == s.logArchive:
		t.AppliedIn = LogArchiveAccount
	case s.key != nil && r.Account == s.key.AccountID:
		t.AppliedIn = s.KeyPolicyTarget().AppliedIn
	case r.Account == s.ManagementAccount():
		t.AppliedIn = ManagementAccount
	}
	switch r.Kind {
	case ReaderRole:
		t.Kind, t.RoleName, t.RoleARN = ExistingRolePolicyTarget, r.Name, r.ARN
	case ReaderUser:
		t.Kind, t.UserName = UserPolicyTarget, r.Name
	default:
		t.Kind = ManagedPolicyTarget
	}
	return t
}
