package policy_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

var sentinels = []error{
	policy.ErrRequired, policy.ErrAccountID, policy.ErrOrgID, policy.ErrPartition, policy.ErrRegion,
	policy.ErrBucketName, policy.ErrARN, policy.ErrExternalID,
	policy.ErrRoleName, policy.ErrConflict, policy.ErrSize, policy.ErrSchema, policy.ErrSid,
	policy.ErrPrincipal, policy.ErrCharacter, policy.ErrUnsupported,
}

// problems describes each error in err as "field: sentinel", so a test can
// compare the whole list, duplicates included.
func problems(err error) []string {
	var out []string
	for _, e := range policy.Unjoin(err) {
		field := "(not a FieldError)"
		var fe *policy.FieldError
		var se *policy.SizeError
		switch {
		case errors.As(e, &fe):
			field = fe.Field
		case errors.As(e, &se):
			field = "(size)"
		}
		sentinel := "(no sentinel)"
		for _, s := range sentinels {
			if errors.Is(e, s) {
				sentinel = s.Error()
				break
			}
		}
		out = append(out, field+": "+sentinel)
	}
	slices.Sort(out)
	return out
}

func p(field string, sentinel error) string { return field + ": " + sentinel.Error() }

// asBuilt returns a document with d's statements as if built in Go rather
// than decoded: Validate checks it with the typed checks, not the schema.
func asBuilt(d *policy.Document) *policy.Document {
	return &policy.Document{Kind: d.Kind, Version: d.Version, ID: d.ID, Statements: d.Statements}
}

// errorLines returns the message of each problem in err, in order.
func errorLines(err error) []string {
	var out []string
	for _, e := range policy.Unjoin(err) {
		out = append(out, e.Error())
	}
	return out
}

// Valid documents of each kind, written by hand.
const (
	validBucket = `{"Version":"2012-10-17","Statement":[
		{"Sid":"AWSCloudTrailAclCheck","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::logs"},
		{"Sid":"AWSCloudTrailWrite","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/AWSLogs/111122223333/*",
		 "Condition":{"StringEquals":{"s3:x-amz-acl":"bucket-owner-full-control","aws:SourceAccount":"111122223333"}}}]}`
	validKey = `{"Version":"2012-10-17","Id":"Key policy created by CloudTrail","Statement":[
		{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`
	validTrust = `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"abc-123"}}}]}`
	validIdentity = `{"Version":"2012-10-17","Statement":[
		{"Sid":"ReadLogs","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}]}`
	validSCP = `{"Version":"2012-10-17","Statement":[
		{"Sid":"DenyLogDeletion","Effect":"Deny","Action":["s3:DeleteObject","s3:DeleteBucket"],"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"]}]}`
	validRCP = `{"Version":"2012-10-17","Statement":[
		{"Sid":"DenyOutsideOrg","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"],
		 "Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}`
)

func TestValidateAcceptsValidDocuments(t *testing.T) {
	for _, tc := range []struct {
		kind policy.Kind
		doc  string
	}{
		{policy.KindBucketPolicy, validBucket},
		{policy.KindKeyPolicy, validKey},
		{policy.KindTrustPolicy, validTrust},
		{policy.KindIdentityPolicy, validIdentity},
		{policy.KindSCP, validSCP},
		{policy.KindRCP, validRCP},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			d := mustDecode(t, tc.kind, tc.doc)
			if err := d.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
			if err := asBuilt(d).Validate(); err != nil {
				t.Errorf("Validate, built in Go: %v", err)
			}
		})
	}
}

func TestValidateRejects(t *testing.T) {
	const (
		allow = `"Effect":"Allow"`
		star  = `"Principal":"*"`
		act   = `"Action":"s3:GetObject"`
		res   = `"Resource":"arn:aws:s3:::logs/*"`
	)
	doc := func(stmts ...string) string {
		return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
	}
	stmt := func(elements ...string) string { return "{" + strings.Join(elements, ",") + "}" }
	tests := []struct {
		name      string
		kind      policy.Kind
		doc       string
		want      []string // problems(err), sorted
		reasonHas string   // part of the first error's message
		reason    string
	}{
		{name: "no Effect", kind: policy.KindBucketPolicy, doc: doc(stmt(star, act, res)),
			want: []string{p("Statement[0].Effect", policy.ErrSchema)}, reasonHas: `"Allow", "Deny"`, reason: "Effect is required"},
		{name: "lower-case Effect", kind: policy.KindSCP, doc: doc(stmt(`"Effect":"deny"`, act, res)),
			want: []string{p("Statement[0].Effect", policy.ErrSchema)}, reasonHas: `"deny"`, reason: "the Effect value is case-sensitive"},
		{name: "bad Version", kind: policy.KindBucketPolicy, doc: `{"Version":"2012-10-18","Statement":[` + stmt(allow, star, act, res) + `]}`,
			want: []string{p("Version", policy.ErrSchema)}, reasonHas: "2012-10-17", reason: "two versions exist"},
		{name: "Principal in an SCP", kind: policy.KindSCP, doc: doc(stmt(allow, star, act, res)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: "must be absent: a service control policy", reason: "SCPs apply to the accounts they are attached to"},
		{name: "NotPrincipal in an SCP", kind: policy.KindSCP, doc: doc(stmt(`"Effect":"Deny"`, `"NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"}`, act, res)),
			want: []string{p("Statement[0].NotPrincipal", policy.ErrPrincipal)}, reasonHas: "must be absent", reason: "NotPrincipal is a principal too"},
		{name: "Principal in an identity policy", kind: policy.KindIdentityPolicy, doc: doc(stmt(allow, `"Principal":{"AWS":"arn:aws:iam::111122223333:root"}`, act, res)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: "must be absent: an identity policy", reason: "identity policies apply to their holder"},
		{name: "no Principal in a bucket policy", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, act, res)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: "is missing: every statement of a bucket policy", reason: "resource policies name who they allow"},
		{name: "no Principal in a key policy", kind: policy.KindKeyPolicy, doc: doc(stmt(allow, `"Action":"kms:*"`, `"Resource":"*"`)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: "a key policy", reason: "resource policies name who they allow"},
		{name: "no Principal in a trust policy", kind: policy.KindTrustPolicy, doc: doc(stmt(allow, `"Action":"sts:AssumeRole"`)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: "a trust policy", reason: "a trust policy names who may assume the role"},
		{name: "second statement without Principal", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, star, act, res), stmt(allow, act, res)),
			want: []string{p("Statement[1].Principal", policy.ErrPrincipal)}, reasonHas: "is missing", reason: "the path names the statement"},
		{name: "Resource in a trust policy", kind: policy.KindTrustPolicy, doc: doc(stmt(allow, star, `"Action":"sts:AssumeRole"`, `"Resource":"*"`)),
			want: []string{p("Statement[0].Resource", policy.ErrSchema)}, reasonHas: "must be absent", reason: "the resource of a trust policy is its role"},
		{name: "both Action and NotAction", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, star, act, `"NotAction":"s3:DeleteObject"`, res)),
			want: []string{p("Statement[0].NotAction", policy.ErrSchema)}, reasonHas: "must not appear together with Action", reason: "the grammar allows one of the two"},
		{name: "both Resource and NotResource", kind: policy.KindIdentityPolicy, doc: doc(stmt(allow, act, res, `"NotResource":"arn:aws:s3:::other/*"`)),
			want: []string{p("Statement[0].NotResource", policy.ErrSchema)}, reasonHas: "must not appear together with Resource", reason: "the grammar allows one of the two"},
		{name: "both Principal and NotPrincipal", kind: policy.KindBucketPolicy, doc: doc(stmt(`"Effect":"Deny"`, star, `"NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"}`, act, res)),
			want: []string{p("Statement[0].NotPrincipal", policy.ErrSchema)}, reasonHas: "must not appear together with Principal", reason: "the grammar allows one of the two"},
		{name: "two problems in one trust statement", kind: policy.KindTrustPolicy, doc: doc(stmt(allow, star, `"NotPrincipal":"*"`, `"Action":"sts:AssumeRole"`, `"Resource":"*"`)),
			want: []string{p("Statement[0].NotPrincipal", policy.ErrSchema), p("Statement[0].Resource", policy.ErrSchema)}, reasonHas: "", reason: "distinct problems in one statement are both reported"},
		{name: "no Action", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, star, res)),
			want: []string{p("Statement[0]", policy.ErrSchema)}, reasonHas: "Action is required", reason: "a statement names actions"},
		{name: "no Resource in an SCP", kind: policy.KindSCP, doc: doc(stmt(allow, act)),
			want: []string{p("Statement[0]", policy.ErrSchema)}, reasonHas: "Resource is required", reason: "an SCP names resources"},
		{name: "empty Action list", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, star, `"Action":[]`, res)),
			want: []string{p("Statement[0].Action", policy.ErrSchema)}, reasonHas: "at least 1", reason: "an empty list matches nothing"},
		{name: "empty Action string", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, star, `"Action":""`, res)),
			want: []string{p("Statement[0].Action", policy.ErrSchema)}, reasonHas: "", reason: "an empty action is a typo"},
		{name: "empty string in Resource list", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, star, act, `"Resource":["arn:aws:s3:::logs",""]`)),
			want: []string{p("Statement[0].Resource[1]", policy.ErrSchema)}, reasonHas: "", reason: "the path names the list element"},
		{name: "empty Statement list", kind: policy.KindSCP, doc: doc(),
			want: []string{p("Statement", policy.ErrSchema)}, reasonHas: "at least 1", reason: "a policy has statements"},
		{name: "empty Principal", kind: policy.KindBucketPolicy, doc: doc(stmt(`"Effect":"Deny"`, `"Principal":""`, act, res)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: "is empty", reason: "a published typo for \"*\""},
		{name: "empty Principal object", kind: policy.KindBucketPolicy, doc: doc(stmt(`"Effect":"Deny"`, `"Principal":{}`, act, res)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: "is empty", reason: "names no one"},
		{name: "empty AWS principal list", kind: policy.KindKeyPolicy, doc: doc(stmt(allow, `"Principal":{"AWS":[]}`, `"Action":"kms:*"`, `"Resource":"*"`)),
			want: []string{p("Statement[0].Principal.AWS", policy.ErrSchema)}, reasonHas: "at least 1", reason: "names no one"},
		{name: "empty condition operator", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, star, act, res, `"Condition":{"StringEquals":{}}`)),
			want: []string{p("Statement[0].Condition.StringEquals", policy.ErrSchema)}, reasonHas: "at least 1", reason: "an operator without keys is a mistake"},
		{name: "condition operator with a space", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, star, act, res, `"Condition":{"String Equals":{"aws:SourceAccount":"111122223333"}}`)),
			want: []string{p("Statement[0].Condition", policy.ErrSchema)}, reasonHas: `"String Equals"`, reason: "one bad name is one error, not two"},
		{name: "null condition value", kind: policy.KindSCP, doc: doc(stmt(allow, act, res, `"Condition":{"StringEquals":{"aws:PrincipalTag/team":null}}`)),
			want: []string{p("Statement[0].Condition.StringEquals.aws:PrincipalTag/team", policy.ErrSchema)}, reasonHas: "given: null", reason: "a key without a value matches nothing; it used to panic"},
		{name: "duplicate Sid", kind: policy.KindBucketPolicy, doc: doc(stmt(`"Sid":"Write"`, allow, star, act, res), stmt(`"Sid":"Write"`, allow, star, act, res)),
			want: []string{p("Statement[1].Sid", policy.ErrSid)}, reasonHas: "repeats the Sid of Statement[0]", reason: "the error names both statements"},
		{name: "Sid used three times", kind: policy.KindSCP, doc: doc(stmt(`"Sid":"A"`, allow, act, res), stmt(`"Sid":"B"`, allow, act, res), stmt(`"Sid":"A"`, allow, act, res), stmt(`"Sid":"A"`, allow, act, res)),
			want: []string{p("Statement[2].Sid", policy.ErrSid), p("Statement[3].Sid", policy.ErrSid)}, reasonHas: "Statement[0]", reason: "each repeat points at the first"},
		{name: "space in a bucket policy Sid", kind: policy.KindBucketPolicy, doc: doc(stmt(`"Sid":"Allow Write"`, allow, star, act, res)),
			want: []string{p("Statement[0].Sid", policy.ErrSid)}, reasonHas: "letters A-Z, a-z and digits 0-9", reason: "IAM Sids are alphanumeric"},
		{name: "hyphen in a key policy Sid", kind: policy.KindKeyPolicy, doc: doc(stmt(`"Sid":"Allow-CloudTrail"`, allow, star, `"Action":"kms:*"`, `"Resource":"*"`)),
			want: []string{p("Statement[0].Sid", policy.ErrSid)}, reasonHas: "digits 0-9 and spaces", reason: "key policies add only spaces"},
		{name: "line separator", kind: policy.KindBucketPolicy, doc: doc(stmt(allow, star, act, `"Resource":"arn:aws:s3:::logs/\u2028*"`)),
			want: []string{p("Statement[0].Resource", policy.ErrCharacter)}, reasonHas: "U+2028", reason: "outside U+0020 to U+00FF"},
		{name: "emoji in a condition value", kind: policy.KindSCP, doc: doc(stmt(allow, act, res, `"Condition":{"StringEquals":{"aws:PrincipalTag/team":"logs 🪵"}}`)),
			want: []string{p("Statement[0].Condition.StringEquals.aws:PrincipalTag/team", policy.ErrCharacter)}, reasonHas: "U+1FAB5", reason: "outside U+0020 to U+00FF"},
		{name: "control character", kind: policy.KindIdentityPolicy, doc: doc(stmt(allow, act, `"Resource":"arn:aws:s3:::logs/\u0001"`)),
			want: []string{p("Statement[0].Resource", policy.ErrCharacter)}, reasonHas: "U+0001", reason: "only tab, LF and CR below U+0020"},
		{name: "Allow in an RCP", kind: policy.KindRCP, doc: doc(stmt(allow, star, act, res)),
			want: []string{p("Statement[0].Effect", policy.ErrSchema)}, reasonHas: `must be "Deny"`, reason: "Allow is reserved for RCPFullAWSAccess"},
		{name: "lower-case Effect in an RCP", kind: policy.KindRCP, doc: doc(stmt(`"Effect":"deny"`, star, act, res)),
			want: []string{p("Statement[0].Effect", policy.ErrSchema), p("Statement[0].Effect", policy.ErrSchema)}, reasonHas: "", reason: "neither an effect nor Deny: both rules are broken"},
		{name: "account principal in an RCP", kind: policy.KindRCP, doc: doc(stmt(`"Effect":"Deny"`, `"Principal":{"AWS":"arn:aws:iam::111122223333:root"}`, act, res)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: `must be "*" in a resource control policy`, reason: "an RCP names whom it denies in conditions"},
		{name: "string principal in an RCP", kind: policy.KindRCP, doc: doc(stmt(`"Effect":"Deny"`, `"Principal":"111122223333"`, act, res)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: `must be "*"`, reason: "one message, not the resource-policy one too"},
		{name: "no Principal in an RCP", kind: policy.KindRCP, doc: doc(stmt(`"Effect":"Deny"`, act, res)),
			want: []string{p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: "is missing: every statement of a resource control policy", reason: "RCP statements name Principal \"*\""},
		{name: "NotPrincipal in an RCP", kind: policy.KindRCP, doc: doc(stmt(`"Effect":"Deny"`, `"NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"}`, act, res)),
			want: []string{p("Statement[0].NotPrincipal", policy.ErrPrincipal), p("Statement[0].Principal", policy.ErrPrincipal)}, reasonHas: "must be absent: a resource control policy names Principal", reason: "RCPs do not support NotPrincipal"},
		{name: "NotAction in an RCP", kind: policy.KindRCP, doc: doc(stmt(`"Effect":"Deny"`, star, `"NotAction":"s3:GetObject"`, res)),
			want: []string{p("Statement[0].NotAction", policy.ErrSchema)}, reasonHas: "do not support NotAction", reason: "RCPs do not support NotAction"},
		{name: "old Version in an RCP", kind: policy.KindRCP, doc: `{"Version":"2008-10-17","Statement":[` + stmt(`"Effect":"Deny"`, star, act, res) + `]}`,
			want: []string{p("Version", policy.ErrSchema)}, reasonHas: `must be "2012-10-17"`, reason: "every RCP has Version 2012-10-17"},
		{name: "Action star in an RCP", kind: policy.KindRCP, doc: doc(stmt(`"Effect":"Deny"`, star, `"Action":"*"`, res)),
			want: []string{p("Statement[0].Action", policy.ErrSchema)}, reasonHas: `Statement[0].Action: "*" is not allowed in a resource control policy of your own: name the service`, reason: "a customer managed RCP cannot use \"*\" in Action"},
		{name: "Action star listed in an RCP", kind: policy.KindRCP, doc: doc(stmt(`"Effect":"Deny"`, star, `"Action":["s3:*","*","kms:*","*"]`, res)),
			want: []string{p("Statement[0].Action[1]", policy.ErrSchema), p("Statement[0].Action[3]", policy.ErrSchema)}, reasonHas: `Statement[0].Action[1]: "*"`, reason: "each listed \"*\" is named, not the list"},
		{name: "emoji in a condition key", kind: policy.KindSCP, doc: doc(stmt(allow, act, res, `"Condition":{"StringEquals":{"aws:PrincipalTag/🪵":"x"}}`)),
			want: []string{p("Statement[0].Condition.StringEquals key", policy.ErrCharacter)}, reasonHas: "U+1FAB5", reason: "keys are checked too"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if seen[tc.name] {
			t.Fatalf("duplicate case name %q", tc.name)
		}
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			d := mustDecode(t, tc.kind, tc.doc)
			err := d.Validate()
			if err == nil {
				t.Fatalf("Validate accepted the document (%s)", tc.reason)
			}
			// The same statements built in Go take the typed checks, and
			// must come to the same errors, word for word.
			if diff := cmp.Diff(errorLines(err), errorLines(asBuilt(d).Validate())); diff != "" {
				t.Errorf("built in Go, the document gets other errors (-decoded +built):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s\nerror: %v", diff, err)
			}
			errs := policy.Unjoin(err)
			if !strings.Contains(errs[0].Error(), tc.reasonHas) {
				t.Errorf("first error %q does not say %q", errs[0], tc.reasonHas)
			}
			for _, e := range errs {
				var fe *policy.FieldError
				if errors.As(e, &fe) && !strings.HasPrefix(e.Error(), fe.Field+": ") {
					t.Errorf("error %q does not start with its field path", e)
				}
			}
		})
	}
}

// TestValidateActionStarOutsideRCPs: the rule against Action "*" is an
// RCP's; SCPs and identity policies may deny or allow every action.
func TestValidateActionStarOutsideRCPs(t *testing.T) {
	for _, tc := range []struct {
		kind policy.Kind
		doc  string
	}{
		{policy.KindSCP, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}`},
		{policy.KindIdentityPolicy, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["*"],"Resource":"*"}]}`},
	} {
		if err := mustDecode(t, tc.kind, tc.doc).Validate(); err != nil {
			t.Errorf("%s with Action \"*\": %v", tc.kind, err)
		}
	}
}

func TestValidateSidByKind(t *testing.T) {
	stmt := iampolicy.Statement{Effect: "Allow", Principal: policy.AWSPrincipal("arn:aws:iam::111122223333:root"), Action: policy.Strings("kms:*"), Resource: policy.Strings("*")}
	stmt.Sid = "Enable IAM User Permissions"
	if err := policy.New(policy.KindKeyPolicy, stmt).Validate(); err != nil {
		t.Errorf("key policy with a space in a Sid: %v", err)
	}
	for _, k := range []policy.Kind{policy.KindBucketPolicy, policy.KindTrustPolicy} {
		s := stmt
		if k == policy.KindTrustPolicy {
			s.Resource, s.Action = nil, policy.Strings("sts:AssumeRole")
		}
		if got, want := problems(policy.New(k, s).Validate()), []string{p("Statement[0].Sid", policy.ErrSid)}; !cmp.Equal(want, got) {
			t.Errorf("%s with a space in a Sid: problems %v, want %v", k, got, want)
		}
	}
}

func TestValidateCharacters(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		ok          bool
	}{
		{"Latin-1 letter", "café", true},
		{"Latin-1 top", "ÿ", true},
		{"tab", "a\tb", true},
		{"line feed", "a\nb", true},
		{"carriage return", "a\rb", true},
		{"Latin Extended-A", "ā", false},
		{"line separator", "\u2028", false},
		{"emoji", "🪵", false},
		{"fullwidth digit", "１", false},
		{"escape", "\x1b", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := policy.New(policy.KindSCP, iampolicy.Statement{Effect: "Deny", Action: policy.Strings("s3:*"), Resource: policy.Strings("*"),
				Condition: policy.Conditions{}.With("StringNotEquals", "aws:PrincipalTag/team", tc.value)})
			got := problems(d.Validate())
			var want []string
			if !tc.ok {
				want = []string{p("Statement[0].Condition.StringNotEquals.aws:PrincipalTag/team", policy.ErrCharacter)}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%q (-want +got):\n%s", tc.value, diff)
			}
		})
	}
}

func TestValidateUnknownKind(t *testing.T) {
	d := &policy.Document{Kind: 0, Statements: []iampolicy.Statement{{Effect: "Allow"}}}
	errs := policy.Unjoin(d.Validate())
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
	}
	golden.CheckFieldError(t, errs[0], "Kind", "Kind(0)", policy.ErrUnsupported, "not a kind")
}

// TestValidateReportsEverything builds a document with three unrelated
// problems in three statements and expects all three, one error each.
func TestValidateReportsEverything(t *testing.T) {
	d := mustDecode(t, policy.KindBucketPolicy, `{"Version":"2012-10-17","Statement":[
		{"Sid":"A","Effect":"Permit","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"},
		{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"},
		{"Sid":"C","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/🪵"}]}`)
	err := d.Validate()
	want := []string{
		p("Statement[0].Effect", policy.ErrSchema),
		p("Statement[1].Sid", policy.ErrSid),
		p("Statement[2].Resource", policy.ErrCharacter),
	}
	if diff := cmp.Diff(want, problems(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s\nerror: %v", diff, err)
	}
	for _, s := range []error{policy.ErrSchema, policy.ErrSid, policy.ErrCharacter} {
		if !errors.Is(err, s) {
			t.Errorf("joined error does not wrap %q", s)
		}
	}
}

// padded returns a valid document of kind k whose compact form is exactly
// size long in the unit its limit counts, padding a Resource or condition
// value with copies of pad (a one-character string) and then "a"s for what
// is left when pad is wider than one unit.
func padded(t *testing.T, k policy.Kind, size int, pad string) *policy.Document {
	t.Helper()
	fill := func(n int) string {
		per := policy.Size(k, []byte(pad))
		return strings.Repeat(pad, n/per) + strings.Repeat("a", n%per)
	}
	build := func(n int) *policy.Document {
		s := iampolicy.Statement{Sid: "Pad", Effect: "Deny", Action: policy.Strings("s3:*"),
			Resource: policy.Strings("arn:aws:s3:::logs/" + fill(n))}
		switch k {
		case policy.KindBucketPolicy, policy.KindKeyPolicy, policy.KindRCP:
			s.Principal = policy.Everyone()
		case policy.KindTrustPolicy:
			s.Principal, s.Resource, s.Action = policy.Everyone(), nil, policy.Strings("sts:AssumeRole")
			s.Condition = policy.Conditions{}.With("StringEquals", "sts:ExternalId", fill(n))
		}
		return policy.New(k, s)
	}
	base := policy.Size(k, []byte(mustCompact(t, build(0))))
	d := build(size - base)
	if got := policy.Size(k, []byte(mustCompact(t, d))); got != size {
		t.Fatalf("padded %s measures %d, want %d", k, got, size)
	}
	return d
}

func TestSizeLimits(t *testing.T) {
	for _, tc := range []struct {
		kind  policy.Kind
		limit int
		unit  string
	}{
		{policy.KindBucketPolicy, 20480, "bytes"},
		{policy.KindKeyPolicy, 32768, "bytes"},
		{policy.KindTrustPolicy, 2048, "characters"},
		{policy.KindIdentityPolicy, 6144, "characters"},
		{policy.KindSCP, 10240, "characters"},
		{policy.KindRCP, 5120, "characters"},
	} {
		t.Run(tc.kind.String(), func(t *testing.T) {
			if err := padded(t, tc.kind, tc.limit, "a").Validate(); err != nil {
				t.Errorf("at exactly %d %s: %v", tc.limit, tc.unit, err)
			}
			err := padded(t, tc.kind, tc.limit+1, "a").Validate()
			var se *policy.SizeError
			if !errors.As(err, &se) {
				t.Fatalf("one over the limit: got %v, want a *policy.SizeError", err)
			}
			want := policy.SizeError{Kind: tc.kind, Size: tc.limit + 1, Limit: tc.limit, Unit: tc.unit}
			if diff := cmp.Diff(want, *se); diff != "" {
				t.Errorf("SizeError (-want +got):\n%s", diff)
			}
			if se.Over() != 1 || !errors.Is(err, policy.ErrSize) {
				t.Errorf("Over() = %d, errors.Is(ErrSize) = %v; want 1, true", se.Over(), errors.Is(err, policy.ErrSize))
			}
			if len(policy.Unjoin(err)) != 1 {
				t.Errorf("want only the size error, got %v", err)
			}
			wantMsg := fmt.Sprintf("document: %s is %d %s in compact form, 1 over the limit of %d", tc.kind, tc.limit+1, tc.unit, tc.limit)
			if se.Error() != wantMsg {
				t.Errorf("message %q, want %q", se.Error(), wantMsg)
			}
		})
	}
}

// TestSizeCountsCharactersOrBytes uses "é" (two bytes, one character): an
// SCP is measured in characters, a bucket policy in bytes.
func TestSizeCountsCharactersOrBytes(t *testing.T) {
	scp := padded(t, policy.KindSCP, policy.SCPLimit, "é")
	compact := mustCompact(t, scp)
	if len(compact) <= policy.SCPLimit+1000 {
		t.Fatalf("test document is only %d bytes; it must be well over the limit in bytes", len(compact))
	}
	if err := scp.Validate(); err != nil {
		t.Errorf("SCP of %d characters (%d bytes): %v", policy.SCPLimit, len(compact), err)
	}
	var se *policy.SizeError
	if err := padded(t, policy.KindSCP, policy.SCPLimit+1, "é").Validate(); !errors.As(err, &se) || se.Over() != 1 || se.Unit != "characters" {
		t.Errorf("SCP one character over: got %v", err)
	}

	bucket := padded(t, policy.KindBucketPolicy, policy.BucketPolicyLimit+1, "é")
	if n := len([]rune(mustCompact(t, bucket))); n > policy.BucketPolicyLimit {
		t.Fatalf("test document has %d characters; it must be under the limit in characters", n)
	}
	if err := bucket.Validate(); !errors.As(err, &se) || se.Over() != 1 || se.Unit != "bytes" {
		t.Errorf("bucket policy one byte over (in fewer characters): got %v", err)
	}

	if got := policy.Size(policy.KindSCP, []byte("é")); got != 1 {
		t.Errorf("Size(SCP, é) = %d, want 1", got)
	}
	if got := policy.Size(policy.KindKeyPolicy, []byte("é")); got != 2 {
		t.Errorf("Size(key policy, é) = %d, want 2", got)
	}
}

func TestLimitsOverride(t *testing.T) {
	legacy := policy.Limits{SCP: policy.SCPLimitBefore20260515}
	d := padded(t, policy.KindSCP, policy.SCPLimitBefore20260515+1, "a")
	if err := d.Validate(); err != nil {
		t.Errorf("5,121 characters under today's limit: %v", err)
	}
	var se *policy.SizeError
	if err := d.ValidateWithLimits(legacy); !errors.As(err, &se) || se.Limit != 5120 || se.Over() != 1 {
		t.Errorf("5,121 characters under the legacy limit: got %v, want 1 over 5120", err)
	}
	if err := padded(t, policy.KindSCP, policy.SCPLimitBefore20260515, "a").ValidateWithLimits(legacy); err != nil {
		t.Errorf("5,120 characters under the legacy limit: %v", err)
	}

	raised := policy.Limits{TrustPolicy: policy.TrustPolicyLimitRaised}
	trust := padded(t, policy.KindTrustPolicy, 3000, "a")
	if err := trust.Validate(); !errors.As(err, &se) || se.Limit != policy.TrustPolicyLimit {
		t.Errorf("3,000-character trust policy under the default limit: got %v", err)
	}
	if err := trust.ValidateWithLimits(raised); err != nil {
		t.Errorf("3,000-character trust policy under the raised limit: %v", err)
	}

	small := policy.Limits{BucketPolicy: 500}
	if err := padded(t, policy.KindBucketPolicy, 501, "a").ValidateWithLimits(small); !errors.As(err, &se) || se.Limit != 500 {
		t.Errorf("override to 500 bytes: got %v", err)
	}
}

func TestLimitsFor(t *testing.T) {
	type limit struct {
		Max  int
		Unit string
	}
	var got []limit
	l := policy.Limits{KeyPolicy: 100} // others zero: fall back to defaults
	for _, k := range append(policy.Kinds(), policy.Kind(0)) {
		max, unit := l.For(k)
		got = append(got, limit{max, unit})
	}
	want := []limit{{20480, "bytes"}, {100, "bytes"}, {2048, "characters"}, {6144, "characters"}, {10240, "characters"}, {5120, "characters"}, {30720, "bytes"}, {0, ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("For (-want +got):\n%s", diff)
	}
}

func TestValidateJSONDirectly(t *testing.T) {
	if err := policy.ValidateJSON(policy.KindSCP, []byte(validSCP)); err != nil {
		t.Errorf("valid SCP: %v", err)
	}
	// The schema alone refuses what the Go types cannot express.
	err := policy.ValidateJSON(policy.KindSCP, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Extra":1}]}`))
	if diff := cmp.Diff([]string{p("Statement[0]", policy.ErrSchema)}, problems(err)); diff != "" {
		t.Errorf("unknown element (-want +got):\n%s", diff)
	}
	err = policy.ValidateJSON(policy.KindSCP, []byte(`{"Version":`))
	if diff := cmp.Diff([]string{p("document", policy.ErrSchema)}, problems(err)); diff != "" {
		t.Errorf("broken JSON (-want +got):\n%s", diff)
	}
	if err := policy.ValidateJSON(policy.Kind(42), []byte(validSCP)); !errors.Is(err, policy.ErrUnsupported) {
		t.Errorf("unknown kind: got %v, want ErrUnsupported", err)
	}
}

// TestValidateErrorOrder checks that errors come in document order (index
// 2 before index 10) and in the same order every time, although the schema
// library visits object members in map order.
func TestValidateErrorOrder(t *testing.T) {
	var stmts []string
	for i := range 12 {
		effect := "Allow"
		if i == 2 || i == 10 {
			effect = "Maybe"
		}
		stmts = append(stmts, `{"Effect":"`+effect+`","Principal":"*","Action":"s3:GetObject","Resource":"*",
			"Condition":{"StringEquals":{"a":"x"}`+map[bool]string{true: `,"Bad 1":{"a":"x"},"Bad 2":{"a":"x"},"Bad 3":{"a":"x"}`}[i == 0]+`}}`)
	}
	d := mustDecode(t, policy.KindBucketPolicy, `{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`)
	var first []string
	for run := range 10 {
		var got []string
		for _, e := range policy.Unjoin(d.Validate()) {
			got = append(got, e.Error())
		}
		if run == 0 {
			first = got
			continue
		}
		if diff := cmp.Diff(first, got); diff != "" {
			t.Fatalf("run %d reports differently (-first +got):\n%s", run, diff)
		}
	}
	var fields []string
	for _, msg := range first {
		fields = append(fields, msg[:strings.Index(msg, ":")])
	}
	want := []string{"Statement[0].Condition", "Statement[0].Condition", "Statement[0].Condition", "Statement[2].Effect", "Statement[10].Effect"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("error order (-want +got):\n%s\n%s", diff, strings.Join(first, "\n"))
	}
}
