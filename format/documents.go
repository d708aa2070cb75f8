package format

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// ReadPolicyName is the name today's setups give the vendor role's inline
// policy. [Terraform] and [CloudFormation] no longer use it: they write the
// [cloudtrail.Target.PolicyName] of the role policy they are given. Inline
// policy names are unique only within their role, so a fixed name cannot
// collide.
const ReadPolicyName = "cloudtrail-log-read"

// accountRoles lists the accounts that apply documents, in the order the
// outputs write them ([ByAccount], [TerraformProviders]).
var accountRoles = []cloudtrail.AccountRole{cloudtrail.LogArchiveAccount, cloudtrail.KeyAccount, cloudtrail.ManagementAccount, cloudtrail.TrailAccount}

// knownRole reports whether the formats write for account role r: one of
// accountRoles, or a reader's account ([cloudtrail.ReaderAccount]).
func knownRole(r cloudtrail.AccountRole) bool {
	_, reader := r.ReaderAccountID()
	return reader || slices.Contains(accountRoles, r)
}

// isReaderTarget reports whether k is the target of a reader's identity
// policy, attached to a principal that exists already.
func isReaderTarget(k cloudtrail.TargetKind) bool {
	return k == cloudtrail.ExistingRolePolicyTarget || k == cloudtrail.UserPolicyTarget || k == cloudtrail.ManagedPolicyTarget
}

// appliedIn returns the account that applies a document of target t:
// t.AppliedIn, or for a target without one, the account that applies its
// kind in a site whose key is in the log archive account (the management
// account for an organization policy, the log archive account otherwise).
func appliedIn(t cloudtrail.Target) cloudtrail.AccountRole {
	switch {
	case t.AppliedIn != "":
		return t.AppliedIn
	case t.Kind == cloudtrail.OrganizationPolicyTarget:
		return cloudtrail.ManagementAccount
	}
	return cloudtrail.LogArchiveAccount
}

// AccountDocuments is the part of a list of documents that one account
// applies: one Terraform provider configuration, one CloudFormation stack.
type AccountDocuments struct {
	// Role is the part the account plays in the site: the documents'
	// Target.AppliedIn, or for a target without one, the account its kind
	// defaults to (the management account for an organization policy, the
	// log archive account for the others).
	Role cloudtrail.AccountRole
	// Account is the account's 12-digit ID, the first Target.Account of
	// Docs that is set; empty when none is.
	Account string
	// Docs are the documents the account applies, in the order of the
	// list.
	Docs cloudtrail.Documents
}

// ByAccount splits docs by the account that applies each document, so that
// each part can be written as one CloudFormation template (see
// [CloudFormation], which refuses a list that spans accounts) or one file.
// The parts come in a fixed order, the log archive account's first, then
// the key account's, the management account's and a trail account's (the
// owner of the SNS topic or the CloudWatch Logs role), then those of any other
// Target.AppliedIn in the order of docs (which [Terraform] and
// [CloudFormation] refuse, naming the document); the documents of a part
// keep their order. A role's policies go with their role as long as they
// name the same account, which the writers require. ByAccount does not
// check the documents and does not change docs.
func ByAccount(docs cloudtrail.Documents) []AccountDocuments {
	roles := slices.Clone(accountRoles)
	for _, d := range docs {
		if r := appliedIn(d.Target); !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	var out []AccountDocuments
	for _, r := range roles {
		g := AccountDocuments{Role: r}
		for _, d := range docs {
			if appliedIn(d.Target) != r {
				continue
			}
			g.Docs = append(g.Docs, d)
			if g.Account == "" {
				g.Account = d.Target.Account
			}
		}
		if len(g.Docs) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// resource is one resource of the output: a document with what the formats
// derive from its target.
type resource struct {
	// field is the document's path in the input, "docs[2]", for errors.
	field  string
	doc    *policy.Document
	target cloudtrail.Target
	// role is the account that applies the resource ([appliedIn]).
	role cloudtrail.AccountRole
	// val is the document as an ordered tree, in which every string that
	// holds the created key's placeholder ARN is a key reference
	// ([withKeyRefs]); namesKey reports that it holds one.
	val      value
	namesKey bool
	// dependsOnRole reports that the document, a bucket or key policy,
	// names the ARN of the role the list creates: S3 and KMS refuse a
	// policy whose principal does not exist yet, so the resource must wait
	// for the role.
	dependsOnRole bool
	// inline is the role's inline policy (RoleTrustTarget only), which the
	// formats write with the role rather than at its own place in the list.
	inline *resource
	// tfName and cfnID are the Terraform resource name and CloudFormation
	// logical ID of an organization policy, and description its
	// description; the other kinds have fixed ones.
	tfName, cfnID, description string
}

// plan is what [prepare] found in a list of documents: the resources to
// write and what they share.
type plan struct {
	// resources are in output order.
	resources []resource
	// accounts maps each account role of the list to its account ID, empty
	// when no document says.
	accounts map[cloudtrail.AccountRole]string
	// keyARN is the placeholder ARN by which the documents name the key the
	// output creates, empty when none does and the list creates no key.
	keyARN string
	// createsKey reports that the list holds the created key (a key policy
	// target with CreateKey).
	createsKey bool
}

// prepare checks docs and returns the resources to write, in output order:
// the order of docs, except that a role's inline policy goes with its role.
// It reports every problem at once, with field paths from docs ("docs[2]",
// "docs[2].target.bucket"), and returns no plan with an error. With cfn it
// also applies the rules of a CloudFormation template: one account, and no
// existing key.
func prepare(docs cloudtrail.Documents, cfn bool) (*plan, error) {
	var p policy.Problems
	if len(docs) == 0 {
		p.Addf(policy.ErrRequired, "docs", "", "is empty: pass at least one document")
		return nil, p.Err()
	}
	var (
		out []*resource
		// all holds every resource, role policies included, in the order of
		// docs.
		all []*resource
		// first holds the index in docs of the first document of each kind
		// with a fixed resource address (a role's: of each role's resource
		// name), which may occur once.
		first = map[string]int{}
		// roles maps a role (resource name and role name, [roleKey]) to its
		// trust policy's resource; inline holds the role policies, attached
		// to their roles below.
		roles  = map[string]*resource{}
		inline []*resource
		// orgs counts the organization policies of each policy type, for
		// their descriptions.
		orgs = map[string]int{}
		// accountFrom holds the index in docs of the document that gave each
		// account role its ID.
		accountFrom             = map[cloudtrail.AccountRole]int{}
		pl                      = &plan{accounts: map[cloudtrail.AccountRole]string{}}
		createdKey, existingKey *resource
		renderErr               error
	)
	for i, d := range docs {
		f := fmt.Sprintf("docs[%d]", i)
		t := d.Target
		want, known := t.DocumentKind()
		switch {
		case !known && t.Kind == cloudtrail.OrganizationPolicyTarget:
			p.Addf(policy.ErrUnsupported, f+".target.policyType", t.PolicyType, "is not an organization policy type the library writes: use %s or %s", cloudtrail.ServiceControlPolicy, cloudtrail.ResourceControlPolicy)
			continue
		case !known:
			p.Addf(policy.ErrUnsupported, f+".target.kind", fmt.Sprint(int(t.Kind)), "is not a target kind the formats write: use a bucket policy, key policy, role trust policy, role policy, organization policy, topic policy, existing role policy, user policy or managed policy target")
			continue
		}
		policyOK := false
		switch {
		case d.Policy == nil:
			p.Addf(policy.ErrRequired, f+".policy", "", "is nil: every document of the list needs its policy")
		case d.Policy.Kind != want:
			p.Addf(policy.ErrUnsupported, f+".policy.kind", d.Policy.Kind.String(), "is not allowed here: the document of a %s target must be %s", t.Kind, withArticle(want.String()))
		default:
			policyOK = true
		}
		if t.Kind != cloudtrail.OrganizationPolicyTarget && !isReaderTarget(t.Kind) {
			address := fmt.Sprint(int(t.Kind))
			if t.Kind == cloudtrail.RoleTrustTarget || t.Kind == cloudtrail.RolePolicyTarget {
				address += "/" + t.ResourceName
			}
			if j, dup := first[address]; dup {
				p.Addf(policy.ErrConflict, f, d.Name, "is a second %s target (the first is docs[%d]): the formats write one, at a fixed resource address", t.Kind, j)
				continue
			}
			first[address] = i
		}
		r := &resource{field: f, doc: d.Policy, target: t, role: appliedIn(t)}
		all = append(all, r)
		checkAccount(&p, i, t, r.role, pl.accounts, accountFrom)
		if policyOK {
			v, err := tree(f, d.Policy)
			if err != nil && renderErr == nil {
				renderErr = err
			}
			r.val = v
		}
		switch t.Kind {
		case cloudtrail.BucketPolicyTarget:
			if t.Bucket == "" {
				p.Addf(policy.ErrRequired, f+".target.bucket", "", "is empty: the bucket policy needs the name of the bucket it is attached to")
			} else {
				p.Add(policy.CheckBucketName(f+".target.bucket", t.Bucket))
			}
		case cloudtrail.KeyPolicyTarget:
			checkKeyTarget(&p, f, d.Name, t, cfn)
			if t.CreateKey {
				createdKey, pl.createsKey = r, true
			} else {
				existingKey = r
			}
		case cloudtrail.RoleTrustTarget:
			if t.RoleName == "" {
				p.Addf(policy.ErrRequired, f+".target.roleName", "", "is empty: the trust policy needs the name of the role it belongs to")
			} else {
				p.Add(policy.CheckRoleName(f+".target.roleName", t.RoleName))
			}
			if t.ResourceName != "" {
				p.Add(checkRoleResourceName(f+".target.resourceName", t.ResourceName))
			}
			roles[roleKey(t)] = r
		case cloudtrail.RolePolicyTarget:
			p.Add(checkInlinePolicyName(f+".target.policyName", t.PolicyName))
			inline = append(inline, r)
			continue // written with its role
		case cloudtrail.TopicPolicyTarget:
			p.Add(checkTopicTarget(f+".target.topicARN", t.TopicARN))
		case cloudtrail.OrganizationPolicyTarget:
			p.Add(checkOrganizationPolicyName(f+".target.policyName", t.PolicyName))
			r.tfName, r.cfnID = tfResourceName(t.PolicyName), cfnLogicalID(t.PolicyName)
			orgs[t.PolicyType]++
		case cloudtrail.ExistingRolePolicyTarget, cloudtrail.UserPolicyTarget, cloudtrail.ManagedPolicyTarget:
			checkReaderTarget(&p, f, t)
			r.tfName, r.cfnID = readerResourceNames(t)
		}
		out = append(out, r)
	}
	for _, r := range inline {
		role, ok := roles[roleKey(r.target)]
		if !ok {
			p.Addf(policy.ErrRequired, r.field+".target.roleName", r.target.RoleName, "names no role of the list: the inline policy is attached to its role, so the list must hold the role's trust policy (a role trust target with the same role name)")
			continue
		}
		if r.role != role.role {
			p.Addf(policy.ErrConflict, r.field+".target.appliedIn", string(r.role), "is not %s, which applies its role (%s): an inline policy is applied with its role", role.role.Description(), role.field)
		}
		role.inline = r
	}
	pl.keyARN = checkKeyRefs(&p, all, createdKey, existingKey)
	// The bucket and key policies wait for the vendor's role when they name
	// it; no bucket or key policy names another role.
	for _, role := range out {
		if role.target.Kind != cloudtrail.RoleTrustTarget || role.target.RoleARN == "" || role.target.ResourceName != "" {
			continue
		}
		for _, r := range out {
			if k := r.target.Kind; k == cloudtrail.BucketPolicyTarget || k == cloudtrail.KeyPolicyTarget {
				r.dependsOnRole = r.dependsOnRole || anyString(r.val, func(s string) bool { return s == role.target.RoleARN })
			}
		}
	}
	checkOrganizationNames(&p, out)
	checkReaderNames(&p, out)
	if cfn {
		checkOneAccount(&p, all)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if renderErr != nil {
		return nil, renderErr
	}
	seen := map[string]int{}
	pl.resources = make([]resource, len(out))
	for i, r := range out {
		if r.target.Kind == cloudtrail.OrganizationPolicyTarget {
			seen[r.target.PolicyType]++
			r.description = orgDescription(seen[r.target.PolicyType], orgs[r.target.PolicyType])
		}
		pl.resources[i] = *r
	}
	return pl, nil
}

// checkAccount checks the account that applies document i (target t, role
// role): a known Target.AppliedIn, a valid Target.Account, and one account
// ID per role, recorded in ids (and the index of the document that gave it
// in from).
func checkAccount(p *policy.Problems, i int, t cloudtrail.Target, role cloudtrail.AccountRole, ids map[cloudtrail.AccountRole]string, from map[cloudtrail.AccountRole]int) {
	f := fmt.Sprintf("docs[%d].target", i)
	if t.AppliedIn != "" && !knownRole(t.AppliedIn) {
		p.Addf(policy.ErrUnsupported, f+".appliedIn", string(t.AppliedIn), "is not an account the formats write for: use %s, %s, %s, %s or %s", cloudtrail.LogArchiveAccount, cloudtrail.KeyAccount, cloudtrail.ManagementAccount, cloudtrail.TrailAccount, cloudtrail.ReaderAccount("<account>"))
	}
	if id, ok := t.AppliedIn.ReaderAccountID(); ok && t.Account != "" && t.Account != id {
		p.Addf(policy.ErrConflict, f+".account", t.Account, "is not %s, the account its role %s names", id, t.AppliedIn)
	}
	if t.Account == "" {
		return
	}
	if err := policy.CheckAccountID(f+".account", t.Account); err != nil {
		p.Add(err)
		return
	}
	switch id, ok := ids[role]; {
	case !ok:
		ids[role], from[role] = t.Account, i
	case id != t.Account:
		p.Addf(policy.ErrConflict, f+".account", t.Account, "is not %s, the account of docs[%d], which %s also applies: one account applies the documents of one role (one provider configuration in Terraform, one stack in CloudFormation)", id, from[role], role.Description())
	}
}

// checkKeyTarget checks the target of a key policy: the ARN of an existing
// key (Terraform sets the policy of that key) and, for CloudFormation, that
// the template creates the key.
func checkKeyTarget(p *policy.Problems, f, name string, t cloudtrail.Target, cfn bool) {
	switch {
	case t.KeyARN == "" && !t.CreateKey:
		p.Addf(policy.ErrRequired, f+".target.keyARN", "", "is empty: the policy of an existing key (createKey false) needs the key's ARN")
	case t.KeyARN != "":
		if _, err := policy.ParseKeyARN(f+".target.keyARN", t.KeyARN); err != nil {
			p.Add(err)
		} else if !t.CreateKey && plannedKeyPattern.MatchString(t.KeyARN) {
			p.Addf(policy.ErrConflict, f+".target.keyARN", t.KeyARN, "is the placeholder ARN of a key the output creates (key ID %s), but createKey is false: set createKey, or name the existing key", cloudtrail.PlannedKeyID)
		}
	}
	if cfn && !t.CreateKey {
		arn := t.KeyARN
		if arn == "" {
			arn = "<key ARN>"
		}
		if name == "" {
			name = "key-policy"
		}
		// AWS::KMS::Key creates a key; CloudFormation has no resource for
		// the policy of a key it did not create
		// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kms-key.html).
		p.Addf(policy.ErrUnsupported, f+".target.createKey", "false", "means an existing key, and CloudFormation cannot set the policy of a key it does not own (AWS::KMS::Key only creates keys): apply the policy in the key's account with %s, or set createKey to let the template create the key", PutKeyPolicyCommand(arn, name+".json"))
	}
}

// checkKeyRefs finds the placeholder ARN by which the documents name the
// key the output creates (the created key's Target.KeyARN, or any ARN of
// key ID [cloudtrail.PlannedKeyID]), replaces it with key references in
// every resource, and returns it. It reports a second placeholder, the
// placeholder's key ID outside its ARN (nothing can refer to it), the
// created key's own policy naming it (a key cannot refer to itself), and a
// list that names it but sets the policy of an existing key.
func checkKeyRefs(p *policy.Problems, all []*resource, createdKey, existingKey *resource) string {
	planned, by := "", ""
	// reported holds the resources that name a second key, whose leftover
	// key ID is no second problem.
	reported := map[*resource]bool{}
	if createdKey != nil && createdKey.target.KeyARN != "" {
		planned, by = createdKey.target.KeyARN, createdKey.field+".target.keyARN"
	}
	for _, r := range all {
		for _, k := range plannedKeys(r.val) {
			switch {
			case planned == "":
				planned, by = k, r.field+".policy"
			case k != planned && !reported[r]:
				reported[r] = true
				p.Addf(policy.ErrConflict, r.field+".policy", k, "names a key the output creates, but %s names another, %s: a list creates one key", by, planned)
			}
		}
	}
	if planned == "" {
		return ""
	}
	keyID := planned[strings.LastIndex(planned, "/")+1:]
	for _, r := range all {
		r.val, r.namesKey = withKeyRefs(r.val, planned)
		if !reported[r] && anyString(r.val, func(s string) bool { return strings.Contains(s, keyID) }) {
			p.Addf(policy.ErrUnsupported, r.field+".policy", keyID, "holds the key ID of the key the output creates other than in its whole ARN %s: only the ARN can be written as a reference to the key, whose ID exists only once the key does", planned)
		}
	}
	if createdKey != nil && createdKey.namesKey {
		p.Addf(policy.ErrUnsupported, createdKey.field+".policy", planned, "names the key it is the policy of, which cannot refer to itself: a key policy names its own key as \"*\"")
	}
	if existingKey != nil {
		for _, r := range all {
			if r.namesKey {
				p.Addf(policy.ErrConflict, r.field+".policy", planned, "names a key the output creates, but %s sets the policy of the existing key %s: name the existing key, or create the key (createKey)", existingKey.field, existingKey.target.KeyARN)
				break
			}
		}
	}
	return planned
}

// checkOneAccount reports the first document of each account other than
// the first document's: a CloudFormation template is deployed as one stack,
// in one account.
func checkOneAccount(p *policy.Problems, all []*resource) {
	if len(all) == 0 {
		return
	}
	base := all[0]
	seen := map[cloudtrail.AccountRole]bool{base.role: true}
	for _, r := range all[1:] {
		if seen[r.role] {
			continue
		}
		seen[r.role] = true
		p.Addf(policy.ErrConflict, r.field+".target.appliedIn", string(r.role), "is not %s, which applies %s: a CloudFormation template is deployed as one stack in one account, so write one template for each account's documents (format.ByAccount splits the list)", base.role.Description(), base.field)
	}
}

// checkOrganizationNames reports organization policies whose Terraform
// resource names or CloudFormation logical IDs coincide with an earlier
// resource's, which would make the output invalid.
func checkOrganizationNames(p *policy.Problems, rs []*resource) {
	tf := map[string]string{}
	cfn := map[string]string{
		cfnBucketPolicy: "the bucket policy",
		cfnKey:          "the key",
		cfnRole:         "the role",
		cfnReadPolicy:   "the role's policy",
		cfnTopicPolicy:  "the topic policy",
	}
	for _, r := range rs {
		if r.target.Kind == cloudtrail.RoleTrustTarget && r.target.ResourceName != "" {
			_, _, roleID, policyID := roleNames(r.target)
			cfn[roleID], cfn[policyID] = r.field, r.field
		}
	}
	for _, r := range rs {
		if r.target.Kind != cloudtrail.OrganizationPolicyTarget || checkOrganizationPolicyName("", r.target.PolicyName) != nil {
			continue // an invalid name is reported by itself
		}
		f := r.field + ".target.policyName"
		if other, dup := tf[r.tfName]; dup {
			p.Addf(policy.ErrConflict, f, r.target.PolicyName, "gives the Terraform resource name %s, as %s does: give the organization policies names that differ in more than punctuation", r.tfName, other)
			continue
		}
		if other, dup := cfn[r.cfnID]; dup {
			p.Addf(policy.ErrConflict, f, r.target.PolicyName, "gives the CloudFormation logical ID %s, as %s does: give the organization policies names that differ in more than case and punctuation", r.cfnID, other)
			continue
		}
		tf[r.tfName], cfn[r.cfnID] = r.field, r.field
	}
}

var inlinePolicyNamePattern = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)

// checkInlinePolicyName applies IAM's rules for the name of a role's inline
// policy: 1 to 128 characters of ASCII letters, digits and _+=,.@-
// (IAM API Reference, PutRolePolicy, PolicyName).
func checkInlinePolicyName(field, name string) error {
	if name == "" {
		return policy.NewFieldError(policy.ErrRequired, field, name, "is empty: the role policy needs its name, 1 to 128 letters, digits or _+=,.@-")
	}
	if !inlinePolicyNamePattern.MatchString(name) {
		return policy.NewFieldError(policy.ErrUnsupported, field, name, "is not an IAM policy name: 1 to 128 letters, digits or _+=,.@-")
	}
	return nil
}

// checkOrganizationPolicyName applies the AWS Organizations rule for a
// policy name: 1 to 128 characters (AWS Organizations API Reference,
// CreatePolicy, Name). The formats also need a letter or digit in it, to
// derive the resource's name from.
func checkOrganizationPolicyName(field, name string) error {
	switch n := utf8.RuneCountInString(name); {
	case name == "":
		return policy.NewFieldError(policy.ErrRequired, field, name, "is empty: an organization policy needs a name of 1 to 128 characters")
	case n > 128:
		return policy.NewFieldError(policy.ErrUnsupported, field, name, fmt.Sprintf("has %d characters: an organization policy name has at most 128", n))
	case !strings.ContainsFunc(name, isASCIIAlnum):
		return policy.NewFieldError(policy.ErrUnsupported, field, name, "holds no letter or digit: the resource's name is derived from the policy name")
	}
	return nil
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// tfResourceName derives an organization policy's Terraform resource name
// from its policy name: every character other than an ASCII letter, digit
// or underscore becomes an underscore ("protect-cloudtrail-1" is
// protect_cloudtrail_1), with an underscore in front of a leading digit,
// which Terraform does not allow there.
func tfResourceName(name string) string {
	b := []byte(strings.Map(func(r rune) rune {
		if isASCIIAlnum(r) || r == '_' {
			return r
		}
		return '_'
	}, name))
	if len(b) > 0 && b[0] >= '0' && b[0] <= '9' {
		return "_" + string(b)
	}
	return string(b)
}

// awsWords spells the words of a policy name that name an AWS service as
// AWS does, in CloudFormation logical IDs.
var awsWords = map[string]string{"cloudtrail": "CloudTrail", "cloudwatch": "CloudWatch"}

// cfnLogicalID derives an organization policy's CloudFormation logical ID
// (letters and digits only) from its policy name: the name's words,
// separated by anything other than a letter or digit, each capitalised
// (service names as AWS spells them), then "Policy", then the name's last
// word if it is a number. "protect-cloudtrail" is ProtectCloudTrailPolicy,
// "protect-cloudtrail-2" ProtectCloudTrailPolicy2.
func cfnLogicalID(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !isASCIIAlnum(r) })
	number := ""
	if n := len(words); n > 0 && strings.Trim(words[n-1], "0123456789") == "" {
		number, words = words[n-1], words[:n-1]
	}
	var b strings.Builder
	for _, w := range words {
		if s, ok := awsWords[strings.ToLower(w)]; ok {
			b.WriteString(s)
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String() + "Policy" + number
}

// withArticle returns s after "a" or "an".
func withArticle(s string) string {
	if s != "" && strings.IndexByte("aeiou", s[0]) >= 0 {
		return "an " + s
	}
	return "a " + s
}

// orgDescription describes organization policy i (1-based) of the n of its
// type in the list.
func orgDescription(i, n int) string {
	if n == 1 {
		return "Protects the CloudTrail logging setup (trailpolicy)"
	}
	return fmt.Sprintf("Protects the CloudTrail logging setup (trailpolicy), part %d of %d", i, n)
}

// tree renders doc in the policy renderer's key order and reads it back as
// an ordered value, so that every format embeds exactly what
// [policy.Document.JSON] prints.
func tree(field string, doc *policy.Document) (value, error) {
	b, err := doc.CompactJSON()
	if err != nil {
		return value{}, fmt.Errorf("%s: %w", field, err)
	}
	v, err := parseJSON(b)
	if err != nil {
		return value{}, fmt.Errorf("%s: read rendered %s: %w", field, doc.Kind, err)
	}
	return v, nil
}

// roleKey identifies a role of the list: its resource name and role name.
func roleKey(t cloudtrail.Target) string { return t.ResourceName + "/" + t.RoleName }

var roleResourceNamePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// checkRoleResourceName checks a role's [cloudtrail.Target.ResourceName],
// which becomes a Terraform resource name and, capitalised, a
// CloudFormation logical ID: lower-case letters, digits and underscores,
// starting with a letter. "vendor" and "vendor_read" are the vendor role's.
func checkRoleResourceName(field, name string) error {
	switch {
	case !roleResourceNamePattern.MatchString(name):
		return policy.NewFieldError(policy.ErrUnsupported, field, name, "is not a resource name the formats write: 1 to 64 lower-case letters, digits or _, starting with a letter")
	case name == tfRole || name == tfReadPolicy:
		return policy.NewFieldError(policy.ErrConflict, field, name, "is the vendor role's resource name: leave it empty for the vendor's role, or choose another")
	}
	return nil
}

// checkTopicTarget checks the ARN of a topic policy's topic: an SNS topic
// ARN with a Region and an account.
func checkTopicTarget(field, arn string) error {
	if arn == "" {
		return policy.NewFieldError(policy.ErrRequired, field, arn, "is empty: the topic policy needs the ARN of the topic it is attached to")
	}
	a, err := policy.ParseARN(field, arn)
	if err != nil {
		return err
	}
	if a.Service != "sns" || a.Region == "" || a.AccountID == "" || strings.Contains(a.Resource, ":") {
		return policy.NewFieldError(policy.ErrARN, field, arn, "is not an SNS topic ARN: want arn:<partition>:sns:<Region>:<account>:<topic name>")
	}
	return nil
}

// roleNames returns the Terraform resource names of role r's aws_iam_role
// and aws_iam_role_policy, and the CloudFormation logical IDs of its
// AWS::IAM::Role and AWS::IAM::RolePolicy: the vendor role's fixed ones for
// an empty [cloudtrail.Target.ResourceName], else derived from it
// (cloudwatch_logs: CloudWatchLogsRole and CloudWatchLogsRolePolicy).
func roleNames(t cloudtrail.Target) (tfRoleName, tfPolicyName, cfnRoleID, cfnPolicyID string) {
	if t.ResourceName == "" {
		return tfRole, tfReadPolicy, cfnRole, cfnReadPolicy
	}
	id := strings.TrimSuffix(cfnLogicalID(t.ResourceName), "Policy") + "Role"
	return t.ResourceName, t.ResourceName, id, id + "Policy"
}

// checkReaderTarget checks the target of a reader's identity policy: the
// name of the existing role or user it is attached to (IAM's name rules,
// 1 to 64 letters, digits or _+=,.@-, IAM API Reference, CreateRole and
// CreateUser, RoleName and UserName), the policy's name (inline and managed
// policy names follow the same rule, 1 to 128 characters; PutRolePolicy,
// PutUserPolicy, CreatePolicy, PolicyName) and the account, which the
// resource names and the managed policy's account need.
func checkReaderTarget(p *policy.Problems, f string, t cloudtrail.Target) {
	switch t.Kind {
	case cloudtrail.ExistingRolePolicyTarget:
		if t.RoleName == "" {
			p.Addf(policy.ErrRequired, f+".target.roleName", "", "is empty: the policy of an existing role needs the role's name")
		} else {
			p.Add(policy.CheckRoleName(f+".target.roleName", t.RoleName))
		}
	case cloudtrail.UserPolicyTarget:
		if t.UserName == "" {
			p.Addf(policy.ErrRequired, f+".target.userName", "", "is empty: the policy of a user needs the user's name")
		} else if policy.CheckRoleName("", t.UserName) != nil {
			p.Addf(policy.ErrUnsupported, f+".target.userName", t.UserName, "is not an IAM user name: 1 to 64 letters, digits or _+=,.@-")
		}
	}
	p.Add(checkInlinePolicyName(f+".target.policyName", t.PolicyName))
	if t.Account == "" {
		p.Addf(policy.ErrRequired, f+".target.account", "", "is empty: a reader's policy is applied in the reader's account, whose 12-digit ID the resource names")
	}
}

// readerResourceNames derives the Terraform resource name and the
// CloudFormation logical ID of a reader's policy from its target: the
// account, the kind of principal and its name, so that they stay when
// other readers come or go (reader_444455556666_role_Audit,
// Reader444455556666RoleAuditReadPolicy).
func readerResourceNames(t cloudtrail.Target) (tf, cfn string) {
	kind, name := "root", ""
	switch t.Kind {
	case cloudtrail.ExistingRolePolicyTarget:
		kind, name = "role", t.RoleName
	case cloudtrail.UserPolicyTarget:
		kind, name = "user", t.UserName
	}
	words := []string{"reader", t.Account, kind}
	if name != "" {
		words = append(words, name)
	}
	tf = tfResourceName(strings.Join(words, "_"))
	alnum := strings.Map(func(r rune) rune {
		if isASCIIAlnum(r) {
			return r
		}
		return -1
	}, name)
	if alnum != "" {
		// IAM names are unique whatever their case, so capitals add no clash.
		alnum = strings.ToUpper(alnum[:1]) + alnum[1:]
	}
	cfn = "Reader" + t.Account + strings.ToUpper(kind[:1]) + kind[1:] + alnum + "ReadPolicy"
	return tf, cfn
}

// checkReaderNames reports readers' policies whose Terraform resource
// names or CloudFormation logical IDs coincide with an earlier resource's:
// names that differ only in punctuation (Audit.Team, Audit_Team) give the
// same one.
func checkReaderNames(p *policy.Problems, rs []*resource) {
	tf := map[string]string{}
	cfn := map[string]string{}
	for _, r := range rs {
		if r.cfnID != "" && !isReaderTarget(r.target.Kind) {
			cfn[r.cfnID] = r.field
		}
	}
	for _, r := range rs {
		if !isReaderTarget(r.target.Kind) || r.tfName == "" {
			continue
		}
		if other, dup := tf[r.tfName]; dup {
			p.Addf(policy.ErrConflict, r.field+".target", r.tfName, "gives the Terraform resource name %s, as %s does: the readers' names differ only in punctuation; write one of their policies yourself", r.tfName, other)
			continue
		}
		if other, dup := cfn[r.cfnID]; dup {
			p.Addf(policy.ErrConflict, r.field+".target", r.cfnID, "gives the CloudFormation logical ID %s, as %s does: the readers' names differ only in punctuation; write one of their policies yourself", r.cfnID, other)
			continue
		}
		tf[r.tfName], cfn[r.cfnID] = r.field, r.field
	}
}
