package format_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/intrinsics"
	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/format"
)

// The created key's logical ID and the name of its output and parameter.
const (
	cfnKeyID   = "CloudTrailLogsKey"
	cfnKeyName = "CloudTrailLogsKeyArn"
)

// resolveSub resolves an Fn::Sub string of the templates: the created
// key's Arn attribute and parameter are its placeholder ARN, ${!x} is the
// literal ${x}; any other variable fails t.
func resolveSub(t testing.TB, s string) string {
	t.Helper()
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i+2:]
		if rest, ok := strings.CutPrefix(s, "!"); ok {
			b.WriteString("${")
			s = rest
			continue
		}
		name, rest, ok := strings.Cut(s, "}")
		if !ok || name != cfnKeyID+".Arn" && name != cfnKeyName {
			t.Errorf("Fn::Sub names ${%s}, which is neither the created key's ARN nor an escaped policy variable", name)
		}
		b.WriteString(testPlannedKey)
		s = rest
	}
}

// resolveIntrinsics returns the generic JSON value v with every intrinsic
// function of the templates replaced by the value the documents hold: the
// created key's placeholder ARN. Any other function fails t.
func resolveIntrinsics(t testing.TB, v any) any {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 1 {
			for k, arg := range v {
				switch k {
				case "Fn::GetAtt":
					if !cmp.Equal(arg, []any{cfnKeyID, "Arn"}) {
						t.Errorf("Fn::GetAtt of %v, not of the created key's ARN", arg)
					}
					return testPlannedKey
				case "Ref":
					if arg != cfnKeyName {
						t.Errorf("Ref of %v in a policy, not of the key's parameter", arg)
					}
					return testPlannedKey
				case "Fn::Sub":
					s, _ := arg.(string)
					return resolveSub(t, s)
				}
			}
		}
		out := map[string]any{}
		for k, e := range v {
			out[k] = resolveIntrinsics(t, e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = resolveIntrinsics(t, e)
		}
		return out
	}
	return v
}

// checkGoformation parses a template with goformation, the typed model of
// CloudFormation's resource specification: every resource must be of a
// known type and hold only properties of that type, with the right value
// types. Its intrinsic function processor resolves the created key's
// !GetAtt, !Ref and !Sub to the key's placeholder ARN and Ref VendorRole to
// the role's name. Then each document of docs must be the policy property
// of its resource, equal as a JSON value to [policy.Document.JSON]; and the
// template's DependsOn, Parameters, Outputs and Description must agree with
// the documents.
func checkGoformation(t *testing.T, data []byte, f format.TemplateFormat, docs cloudtrail.Documents) {
	t.Helper()
	var roleARN string // the vendor's role, which the bucket and key policies may name
	// roles maps each role's logical ID to its target.
	roles := map[string]cloudtrail.Target{}
	createsKey := false
	for _, d := range docs {
		switch d.Target.Kind {
		case cloudtrail.RoleTrustTarget:
			id, _ := cfnRoleIDs(d.Target)
			roles[id] = d.Target
			if d.Target.ResourceName == "" {
				roleARN = d.Target.RoleARN
			}
		case cloudtrail.KeyPolicyTarget:
			createsKey = d.Target.CreateKey
		}
	}
	opts := &intrinsics.ProcessorOptions{IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{
		"Fn::GetAtt": func(_ string, in, _ any) any {
			for id, r := range roles {
				if cmp.Equal(in, []any{id, "Arn"}) || in == id+".Arn" {
					return r.RoleARN
				}
			}
			if !cmp.Equal(in, []any{cfnKeyID, "Arn"}) && in != cfnKeyID+".Arn" {
				t.Errorf("goformation: Fn::GetAtt of %v", in)
			}
			return testPlannedKey
		},
		"Ref": func(_ string, in, _ any) any {
			if in == cfnKeyName {
				return testPlannedKey
			}
			if id, ok := in.(string); ok {
				if r, ok := roles[id]; ok {
					return r.RoleName
				}
			}
			t.Errorf("goformation: Ref of %v", in)
			return nil
		},
		"Fn::Sub": func(_ string, in, _ any) any {
			s, ok := in.(string)
			if !ok {
				t.Errorf("goformation: Fn::Sub of %T", in)
			}
			return resolveSub(t, s)
		},
	}}
	parse := goformation.ParseJSONWithOptions
	if f == format.YAML {
		parse = goformation.ParseYAMLWithOptions
	}
	tmpl, err := parse(data, opts)
	if err != nil {
		t.Fatalf("goformation does not read the template: %v", err)
	}
	if len(tmpl.Resources) != len(docs) {
		t.Errorf("goformation reads %d resources, want one for each of the %d documents", len(tmpl.Resources), len(docs))
	}
	// compare checks that a policy property equals doc's JSON rendering.
	compare := func(where string, got any, d cloudtrail.Document) {
		t.Helper()
		js, err := json.Marshal(got)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if diff := cmp.Diff(generic(t, renderJSON(t, d.Policy)), generic(t, js)); diff != "" {
			t.Errorf("goformation: %s differs from the JSON rendering of %s (-want +got):\n%s", where, d.Name, diff)
		}
	}
	// wantDependsOn is DependsOn of a resource whose document is d.
	wantDependsOn := func(d cloudtrail.Document) []string {
		if roleARN != "" && strings.Contains(string(renderJSON(t, d.Policy)), `"`+roleARN+`"`) {
			return []string{"VendorRole"}
		}
		return nil
	}
	namedPolicies := false // readers' policies, IAM resources with names
	for _, d := range docs {
		tg := d.Target
		switch tg.Kind {
		case cloudtrail.BucketPolicyTarget:
			r, err := tmpl.GetS3BucketPolicyWithName("CloudTrailLogsBucketPolicy")
			if err != nil {
				t.Errorf("goformation: %v", err)
				continue
			}
			compare("CloudTrailLogsBucketPolicy.PolicyDocument", r.PolicyDocument, d)
			if r.Bucket != tg.Bucket {
				t.Errorf("goformation: Bucket %q, want %q", r.Bucket, tg.Bucket)
			}
			if diff := cmp.Diff(wantDependsOn(d), r.AWSCloudFormationDependsOn); diff != "" {
				t.Errorf("goformation: the bucket policy's DependsOn differs (-want +got):\n%s", diff)
			}
		case cloudtrail.KeyPolicyTarget:
			r, err := tmpl.GetKMSKeyWithName(cfnKeyID)
			if err != nil {
				t.Errorf("goformation: %v", err)
				continue
			}
			compare(cfnKeyID+".KeyPolicy", r.KeyPolicy, d)
			if r.EnableKeyRotation == nil || !*r.EnableKeyRotation || r.AWSCloudFormationDeletionPolicy != "Retain" || r.AWSCloudFormationUpdateReplacePolicy != "Retain" {
				t.Errorf("goformation: the key is not rotated and retained")
			}
			if diff := cmp.Diff(wantDependsOn(d), r.AWSCloudFormationDependsOn); diff != "" {
				t.Errorf("goformation: the key's DependsOn differs (-want +got):\n%s", diff)
			}
		case cloudtrail.RoleTrustTarget:
			id, _ := cfnRoleIDs(tg)
			r, err := tmpl.GetIAMRoleWithName(id)
			if err != nil {
				t.Errorf("goformation: %v", err)
				continue
			}
			compare(id+".AssumeRolePolicyDocument", r.AssumeRolePolicyDocument, d)
			if r.RoleName == nil || *r.RoleName != tg.RoleName || len(r.Policies) != 0 {
				t.Errorf("goformation: the role is not named %s or has inline Policies", tg.RoleName)
			}
			if tg.ResourceName != "" {
				// The role's ARN is an output, for the service that needs it.
				out, ok := tmpl.Outputs[id+"Arn"]
				if !ok || out.Value != tg.RoleARN {
					t.Errorf("goformation: output %sArn = %v (present %v), want the role's ARN %s", id, out.Value, ok, tg.RoleARN)
				}
			}
		case cloudtrail.RolePolicyTarget:
			_, id := cfnRoleIDs(tg)
			r, err := tmpl.GetIAMRolePolicyWithName(id)
			if err != nil {
				t.Errorf("goformation: %v", err)
				continue
			}
			compare(id+".PolicyDocument", r.PolicyDocument, d)
			if r.RoleName != tg.RoleName || r.PolicyName != tg.PolicyName {
				t.Errorf("goformation: the role policy is %s of %s, want %s of %s", r.PolicyName, r.RoleName, tg.PolicyName, tg.RoleName)
			}
		case cloudtrail.TopicPolicyTarget:
			r, err := tmpl.GetSNSTopicPolicyWithName("CloudTrailTopicPolicy")
			if err != nil {
				t.Errorf("goformation: %v", err)
				continue
			}
			compare("CloudTrailTopicPolicy.PolicyDocument", r.PolicyDocument, d)
			if !cmp.Equal(r.Topics, []string{tg.TopicARN}) {
				t.Errorf("goformation: the topic policy's Topics are %v, want [%s]", r.Topics, tg.TopicARN)
			}
		case cloudtrail.ExistingRolePolicyTarget:
			namedPolicies = true
			found := false
			for id, r := range tmpl.GetAllIAMRolePolicyResources() {
				if r.RoleName == tg.RoleName {
					found = true
					compare(id+".PolicyDocument", r.PolicyDocument, d)
					if r.PolicyName != tg.PolicyName {
						t.Errorf("goformation: %s is named %s, want %s", id, r.PolicyName, tg.PolicyName)
					}
				}
			}
			if !found {
				t.Errorf("goformation: no role policy of the existing role %s", tg.RoleName)
			}
		case cloudtrail.UserPolicyTarget:
			namedPolicies = true
			found := false
			for id, r := range tmpl.GetAllIAMUserPolicyResources() {
				if r.UserName == tg.UserName {
					found = true
					compare(id+".PolicyDocument", r.PolicyDocument, d)
					if r.PolicyName != tg.PolicyName {
						t.Errorf("goformation: %s is named %s, want %s", id, r.PolicyName, tg.PolicyName)
					}
				}
			}
			if !found {
				t.Errorf("goformation: no user policy of the user %s", tg.UserName)
			}
		case cloudtrail.ManagedPolicyTarget:
			namedPolicies = true
			found := false
			for id, r := range tmpl.GetAllIAMManagedPolicyResources() {
				if r.ManagedPolicyName != nil && *r.ManagedPolicyName == tg.PolicyName {
					found = true
					compare(id+".PolicyDocument", r.PolicyDocument, d)
				}
			}
			if !found {
				t.Errorf("goformation: no managed policy named %s", tg.PolicyName)
			}
		case cloudtrail.OrganizationPolicyTarget:
			found := false
			for id, r := range tmpl.GetAllOrganizationsPolicyResources() {
				if r.Name == tg.PolicyName {
					found = true
					compare(id+".Content", r.Content, d)
					if r.Type != tg.PolicyType || len(r.TargetIds) != 0 {
						t.Errorf("goformation: %s has type %s or targets %v", id, r.Type, r.TargetIds)
					}
				}
			}
			if !found {
				t.Errorf("goformation: no organization policy named %s", tg.PolicyName)
			}
		}
	}
	checkKeyParameterAndOutput(t, tmpl, createsKey)
	if got, want := strings.Contains(tmpl.Description, "--capabilities CAPABILITY_NAMED_IAM"), len(roles) > 0 || namedPolicies; got != want {
		t.Errorf("goformation: the Description says CAPABILITY_NAMED_IAM: %v, want %v (a template with a named role or named policies needs it)", got, want)
	}
}

// checkKeyParameterAndOutput checks the output of a template that creates
// the key, or the parameter of one that names it: its pattern must admit
// the key's ARN and refuse a key of another account or Region.
func checkKeyParameterAndOutput(t *testing.T, tmpl *cloudformation.Template, createsKey bool) {
	t.Helper()
	out, hasOutput := tmpl.Outputs[cfnKeyName]
	if hasOutput != createsKey {
		t.Errorf("goformation: output %s present: %v, want %v", cfnKeyName, hasOutput, createsKey)
	}
	if hasOutput && out.Value != testPlannedKey {
		t.Errorf("goformation: output %s = %v, want the created key's ARN", cfnKeyName, out.Value)
	}
	param, hasParam := tmpl.Parameters[cfnKeyName]
	if hasParam && createsKey {
		t.Errorf("goformation: a template that creates the key takes its ARN as parameter %s", cfnKeyName)
	}
	if !hasParam {
		return
	}
	if param.Type != "String" || param.AllowedPattern == nil || param.Description == nil {
		t.Fatalf("goformation: parameter %s has type %q, pattern %v, description %v", cfnKeyName, param.Type, param.AllowedPattern, param.Description)
	}
	// CloudFormation matches the pattern against the whole value.
	re := regexp.MustCompile("^(?:" + *param.AllowedPattern + ")$")
	for arn, want := range map[string]bool{
		testPlannedKey: true,
		"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab": true,
		"arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab": false,
		"arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab": false,
		"arn:aws:kms:us-east-1:111122223333:alias/cloudtrail":                         false,
	} {
		if re.MatchString(arn) != want {
			t.Errorf("goformation: parameter %s admits %s: %v, want %v", cfnKeyName, arn, !want, want)
		}
	}
	if !strings.Contains(*param.Description, "output "+cfnKeyName) || !strings.Contains(tmpl.Description, "parameter "+cfnKeyName) {
		t.Errorf("goformation: the parameter's and template's Descriptions do not say to pass the output %s", cfnKeyName)
	}
}

// cfnRoleIDs returns the logical IDs of the role of target t and of its
// policy, as [format.CloudFormation] documents them: VendorRole and
// VendorReadPolicy for the vendor's role (no resource name), the resource
// name's words capitalised for another (cloudwatch_logs:
// CloudWatchLogsRole, CloudWatchLogsRolePolicy).
func cfnRoleIDs(t cloudtrail.Target) (role, rolePolicy string) {
	switch t.ResourceName {
	case "":
		return "VendorRole", "VendorReadPolicy"
	case "cloudwatch_logs":
		return "CloudWatchLogsRole", "CloudWatchLogsRolePolicy"
	}
	return "", ""
}
