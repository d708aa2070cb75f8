package format

import (
	"fmt"
	"regexp"
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

// resource is one resource of the output: a document with what the formats
// derive from its target.
type resource struct {
	// field is the document's path in the input, "docs[2]", for errors.
	field  string
	doc    *policy.Document
	target cloudtrail.Target
	// inline is the role's inline policy (RoleTrustTarget only), which the
	// formats write with the role rather than at its own place in the list.
	inline *resource
	// tfName and cfnID are the Terraform resource name and CloudFormation
	// logical ID of an organization policy, and description its
	// description; the other kinds have fixed ones.
	tfName, cfnID, description string
}

// prepare checks docs and returns the resources to write, in output order:
// the order of docs, except that a role's inline policy goes with its role.
// It reports every problem at once, with field paths from docs ("docs[2]",
// "docs[2].target.bucket"), and returns no resources with an error.
func prepare(docs cloudtrail.Documents) ([]resource, error) {
	var p policy.Problems
	if len(docs) == 0 {
		p.Addf(policy.ErrRequired, "docs", "", "is empty: pass at least one document")
		return nil, p.Err()
	}
	var (
		out []*resource
		// first holds the index in docs of the first document of each kind
		// with a fixed resource address, which may occur once.
		first = map[cloudtrail.TargetKind]int{}
		// roles maps a role name to its trust policy's resource; inline
		// holds the role policies, attached to their roles below.
		roles  = map[string]*resource{}
		inline []*resource
		// orgs counts the organization policies of each policy type, for
		// their descriptions.
		orgs = map[string]int{}
	)
	for i, d := range docs {
		f := fmt.Sprintf("docs[%d]", i)
		t := d.Target
		want, known := t.DocumentKind()
		switch {
		case !known && t.Kind == cloudtrail.OrganizationPolicyTarget:
			p.Addf(policy.ErrUnsupported, f+".target.policyType", t.PolicyType, "is not an organization policy type the library writes: use %s", cloudtrail.ServiceControlPolicy)
			continue
		case !known:
			p.Addf(policy.ErrUnsupported, f+".target.kind", fmt.Sprint(int(t.Kind)), "is not a target kind the formats write: use a bucket policy, key policy, role trust policy, role policy or organization policy target")
			continue
		}
		switch {
		case d.Policy == nil:
			p.Addf(policy.ErrRequired, f+".policy", "", "is nil: every document of the list needs its policy")
		case d.Policy.Kind != want:
			p.Addf(policy.ErrUnsupported, f+".policy.kind", d.Policy.Kind.String(), "is not allowed here: the document of a %s target must be %s", t.Kind, withArticle(want.String()))
		}
		if t.Kind != cloudtrail.OrganizationPolicyTarget {
			if j, dup := first[t.Kind]; dup {
				p.Addf(policy.ErrConflict, f, d.Name, "is a second %s target (the first is docs[%d]): the formats write one, at a fixed resource address", t.Kind, j)
				continue
			}
			first[t.Kind] = i
		}
		r := &resource{field: f, doc: d.Policy, target: t}
		switch t.Kind {
		case cloudtrail.BucketPolicyTarget:
			if t.Bucket == "" {
				p.Addf(policy.ErrRequired, f+".target.bucket", "", "is empty: the bucket policy needs the name of the bucket it is attached to")
			} else {
				p.Add(policy.CheckBucketName(f+".target.bucket", t.Bucket))
			}
		case cloudtrail.RoleTrustTarget:
			if t.RoleName == "" {
				p.Addf(policy.ErrRequired, f+".target.roleName", "", "is empty: the trust policy needs the name of the role it belongs to")
			} else {
				p.Add(policy.CheckRoleName(f+".target.roleName", t.RoleName))
			}
			roles[t.RoleName] = r
		case cloudtrail.RolePolicyTarget:
			p.Add(checkInlinePolicyName(f+".target.policyName", t.PolicyName))
			inline = append(inline, r)
			continue // written with its role
		case cloudtrail.OrganizationPolicyTarget:
			p.Add(checkOrganizationPolicyName(f+".target.policyName", t.PolicyName))
			r.tfName, r.cfnID = tfResourceName(t.PolicyName), cfnLogicalID(t.PolicyName)
			orgs[t.PolicyType]++
		}
		out = append(out, r)
	}
	for _, r := range inline {
		role, ok := roles[r.target.RoleName]
		if !ok {
			p.Addf(policy.ErrRequired, r.field+".target.roleName", r.target.RoleName, "names no role of the list: the inline policy is attached to its role, so the list must hold the role's trust policy (a role trust target with the same role name)")
			continue
		}
		role.inline = r
	}
	checkOrganizationNames(&p, out)
	if err := p.Err(); err != nil {
		return nil, err
	}
	seen := map[string]int{}
	res := make([]resource, len(out))
	for i, r := range out {
		if r.target.Kind == cloudtrail.OrganizationPolicyTarget {
			seen[r.target.PolicyType]++
			r.description = orgDescription(seen[r.target.PolicyType], orgs[r.target.PolicyType])
		}
		res[i] = *r
	}
	return res, nil
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
var awsWords = map[string]string{"cloudtrail": "CloudTrail"}

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
