package format_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/trailpolicy/trailpolicy/format"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// tfPolicy is one policy the Terraform output must hold: attribute attr of
// the block at address holds jsonencode(doc).
type tfPolicy struct {
	address, attr string
	doc           *policy.Document
}

// tfCase is one Terraform rendering test.
type tfCase struct {
	name   string
	reason string
	docs   format.Documents
	// blocks are the addresses of every block in file order; nested blocks
	// are written "<resource address>/<block type>".
	blocks []string
	// policies are the jsonencode attributes, in any order.
	policies []tfPolicy
	// attrs are the other attributes: a string, a bool, or for a reference
	// the traversal written "ref:a.b.c".
	attrs map[string]map[string]any
}

func tfCases(t *testing.T) []tfCase {
	full := fullSetup(t)
	tricky := trickyPolicy(t)
	key := keyPolicy(t)
	scp := scps(t)[0]
	return []tfCase{{
		name:   "setup",
		reason: "every kind of document, with two SCPs that must be numbered",
		docs:   full,
		blocks: []string{
			"aws_s3_bucket_policy.cloudtrail_logs",
			"aws_kms_key.cloudtrail_logs",
			"aws_kms_key.cloudtrail_logs/lifecycle",
			"aws_iam_role.vendor",
			"aws_iam_role_policy.vendor_read",
			"aws_organizations_policy.protect_cloudtrail_1",
			"aws_organizations_policy.protect_cloudtrail_2",
		},
		policies: []tfPolicy{
			{"aws_s3_bucket_policy.cloudtrail_logs", "policy", full.BucketPolicy},
			{"aws_kms_key.cloudtrail_logs", "policy", full.KeyPolicy},
			{"aws_iam_role.vendor", "assume_role_policy", full.TrustPolicy},
			{"aws_iam_role_policy.vendor_read", "policy", full.ReadPolicy},
			{"aws_organizations_policy.protect_cloudtrail_1", "content", full.SCPs[0]},
			{"aws_organizations_policy.protect_cloudtrail_2", "content", full.SCPs[1]},
		},
		attrs: map[string]map[string]any{
			"aws_s3_bucket_policy.cloudtrail_logs":  {"bucket": "example-ct-logs"},
			"aws_kms_key.cloudtrail_logs":           {"description": "Encrypts the CloudTrail log files (trailpolicy)", "enable_key_rotation": true},
			"aws_kms_key.cloudtrail_logs/lifecycle": {"prevent_destroy": true},
			"aws_iam_role.vendor":                   {"name": "AnyCompanyCloudTrailReader"},
			"aws_iam_role_policy.vendor_read":       {"name": "cloudtrail-log-read", "role": "ref:aws_iam_role.vendor.id"},
			"aws_organizations_policy.protect_cloudtrail_1": {
				"name": "protect-cloudtrail-1", "type": "SERVICE_CONTROL_POLICY",
				"description": "Protects the CloudTrail logging setup (trailpolicy), part 1 of 2",
			},
			"aws_organizations_policy.protect_cloudtrail_2": {
				"name": "protect-cloudtrail-2", "type": "SERVICE_CONTROL_POLICY",
				"description": "Protects the CloudTrail logging setup (trailpolicy), part 2 of 2",
			},
		},
	}, {
		name:     "tricky",
		reason:   "policy variables, HCL directives, HTML characters, quotes and backslashes must survive HCL quoting",
		docs:     format.Documents{Bucket: "example-ct-logs", BucketPolicy: tricky},
		blocks:   []string{"aws_s3_bucket_policy.cloudtrail_logs"},
		policies: []tfPolicy{{"aws_s3_bucket_policy.cloudtrail_logs", "policy", tricky}},
		attrs:    map[string]map[string]any{"aws_s3_bucket_policy.cloudtrail_logs": {"bucket": "example-ct-logs"}},
	}, {
		name:   "key_and_scp",
		reason: "a single SCP keeps the unnumbered name; absent documents leave no resource behind",
		docs:   format.Documents{KeyPolicy: key, SCPs: []*policy.Document{scp}},
		blocks: []string{
			"aws_kms_key.cloudtrail_logs",
			"aws_kms_key.cloudtrail_logs/lifecycle",
			"aws_organizations_policy.protect_cloudtrail",
		},
		policies: []tfPolicy{
			{"aws_kms_key.cloudtrail_logs", "policy", key},
			{"aws_organizations_policy.protect_cloudtrail", "content", scp},
		},
		attrs: map[string]map[string]any{
			"aws_kms_key.cloudtrail_logs":           {"description": "Encrypts the CloudTrail log files (trailpolicy)", "enable_key_rotation": true},
			"aws_kms_key.cloudtrail_logs/lifecycle": {"prevent_destroy": true},
			"aws_organizations_policy.protect_cloudtrail": {
				"name": "protect-cloudtrail", "type": "SERVICE_CONTROL_POLICY",
				"description": "Protects the CloudTrail logging setup (trailpolicy)",
			},
		},
	}}
}

// TestTerraform parses each output with the HCL parser, evaluates every
// jsonencode(...) as Terraform would, and compares the decoded policy with
// the document it came from.
func TestTerraform(t *testing.T) {
	for _, tc := range tfCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := format.Terraform(tc.docs)
			if err != nil {
				t.Fatalf("Terraform: %v (%s)", err, tc.reason)
			}
			golden.Bytes(t, "testdata/"+tc.name+".golden.tf", got)
			if again, _ := format.Terraform(tc.docs); !bytes.Equal(again, got) {
				t.Error("a second rendering differs: the output is not deterministic")
			}
			if formatted := hclwrite.Format(got); !bytes.Equal(formatted, got) {
				t.Errorf("output is not formatted as terraform fmt would (-want +got):\n%s",
					cmp.Diff(strings.Split(string(formatted), "\n"), strings.Split(string(got), "\n")))
			}
			checkTerraform(t, got, tc)
		})
	}
}

// tfBlock is a block of the parsed file with its address.
type tfBlock struct {
	address string
	block   *hclsyntax.Block
}

func tfBlocks(body *hclsyntax.Body, parent string) []tfBlock {
	var out []tfBlock
	for _, b := range body.Blocks {
		addr := parent + "/" + b.Type
		if parent == "" {
			addr = b.Type + ":" + strings.Join(b.Labels, ".")
			if b.Type == "resource" {
				addr = strings.Join(b.Labels, ".")
			}
		}
		out = append(out, tfBlock{addr, b})
		out = append(out, tfBlocks(b.Body, addr)...)
	}
	return out
}

var jsonencodeContext = &hcl.EvalContext{
	Functions: map[string]function.Function{"jsonencode": stdlib.JSONEncodeFunc},
}

func checkTerraform(t *testing.T, src []byte, tc tfCase) {
	file, diags := hclsyntax.ParseConfig(src, tc.name+".tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("output does not parse: %v", diags)
	}
	blocks := tfBlocks(file.Body.(*hclsyntax.Body), "")
	var addrs []string
	for _, b := range blocks {
		addrs = append(addrs, b.address)
	}
	if diff := cmp.Diff(tc.blocks, addrs); diff != "" {
		t.Errorf("blocks differ (-want +got):\n%s", diff)
	}
	if len(file.Body.(*hclsyntax.Body).Attributes) != 0 {
		t.Errorf("top-level attributes in a .tf file: %v", file.Body.(*hclsyntax.Body).Attributes)
	}

	gotAttrs := map[string]map[string]any{}
	seen := map[string]bool{}
	for _, b := range blocks {
		for name, attr := range b.block.Body.Attributes {
			call, ok := attr.Expr.(*hclsyntax.FunctionCallExpr)
			if !ok || call.Name != "jsonencode" {
				if gotAttrs[b.address] == nil {
					gotAttrs[b.address] = map[string]any{}
				}
				gotAttrs[b.address][name] = plainAttr(t, attr.Expr)
				continue
			}
			i := slices.IndexFunc(tc.policies, func(p tfPolicy) bool { return p.address == b.address && p.attr == name })
			if i < 0 {
				t.Errorf("%s.%s: unexpected jsonencode attribute", b.address, name)
				continue
			}
			seen[b.address+"."+name] = true
			checkJSONEncode(t, b.address+"."+name, call, tc.policies[i].doc)
		}
	}
	for _, p := range tc.policies {
		if !seen[p.address+"."+p.attr] {
			t.Errorf("%s.%s: policy missing", p.address, p.attr)
		}
	}
	if diff := cmp.Diff(tc.attrs, gotAttrs); diff != "" {
		t.Errorf("attributes differ (-want +got):\n%s", diff)
	}
	for _, attrs := range gotAttrs {
		for _, v := range attrs {
			// A reference must name a resource of this file.
			if ref, ok := v.(string); ok && strings.HasPrefix(ref, "ref:") {
				target := strings.Join(strings.Split(strings.TrimPrefix(ref, "ref:"), ".")[:2], ".")
				if !slices.Contains(addrs, target) {
					t.Errorf("%s refers to %s, which the file does not declare", ref, target)
				}
			}
		}
	}
}

// plainAttr returns a non-policy attribute's value: a string or bool, or
// "ref:" and the traversal for a reference.
func plainAttr(t *testing.T, expr hclsyntax.Expression) any {
	if len(expr.Variables()) > 0 {
		tr, diags := hcl.AbsTraversalForExpr(expr)
		if diags.HasErrors() {
			t.Errorf("attribute is neither a constant nor a reference: %v", diags)
			return nil
		}
		var parts []string
		for _, step := range tr {
			switch s := step.(type) {
			case hcl.TraverseRoot:
				parts = append(parts, s.Name)
			case hcl.TraverseAttr:
				parts = append(parts, s.Name)
			}
		}
		return "ref:" + strings.Join(parts, ".")
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() {
		t.Errorf("evaluate attribute: %v", diags)
		return nil
	}
	switch v.Type() {
	case cty.String:
		return v.AsString()
	case cty.Bool:
		return v.True()
	}
	return v.GoString()
}

// checkJSONEncode evaluates a jsonencode(...) call as Terraform would and
// compares the result with want: semantically, and by key order.
func checkJSONEncode(t *testing.T, where string, call *hclsyntax.FunctionCallExpr, want *policy.Document) {
	if vars := call.Variables(); len(vars) > 0 {
		t.Errorf("%s: the policy refers to %d variables; it must be self-contained", where, len(vars))
	}
	val, diags := call.Value(jsonencodeContext)
	if diags.HasErrors() {
		t.Errorf("%s: evaluate: %v", where, diags)
		return
	}
	got, err := policy.Decode(want.Kind, []byte(val.AsString()))
	if err != nil {
		t.Errorf("%s: decode the evaluated policy: %v\n%s", where, err, val.AsString())
		return
	}
	golden.Compare(t, want, got)
	// Decode's canonical form treats a JSON boolean like the string, so
	// compare the generic trees as well.
	if diff := cmp.Diff(generic(t, renderJSON(t, want)), generic(t, []byte(val.AsString()))); diff != "" {
		t.Errorf("%s: JSON values differ (-want +got):\n%s", where, diff)
	}
	if len(call.Args) != 1 {
		t.Fatalf("%s: jsonencode has %d arguments", where, len(call.Args))
	}
	if diff := cmp.Diff(jsonKeys(t, renderJSON(t, want)), hclKeys(t, call.Args[0])); diff != "" {
		t.Errorf("%s: key order differs from the JSON rendering (-want +got):\n%s", where, diff)
	}
}

// hclKeys lists the object keys of an HCL expression depth first.
func hclKeys(t *testing.T, expr hclsyntax.Expression) []string {
	var keys []string
	switch e := expr.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			k, diags := item.KeyExpr.Value(nil)
			if diags.HasErrors() || k.Type() != cty.String {
				t.Errorf("object key is not a constant string: %v", diags)
				continue
			}
			keys = append(keys, k.AsString())
			keys = append(keys, hclKeys(t, item.ValueExpr)...)
		}
	case *hclsyntax.TupleConsExpr:
		for _, el := range e.Exprs {
			keys = append(keys, hclKeys(t, el)...)
		}
	}
	return keys
}

// TestTerraformEscapes checks the escaped spellings in the HCL source
// itself: a semantic round trip alone would also pass if a value were
// escaped twice and unescaped twice by the same library.
func TestTerraformEscapes(t *testing.T) {
	got, err := format.Terraform(format.Documents{Bucket: "example-ct-logs", BucketPolicy: trickyPolicy(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, reason, want string
	}{
		{"policy variable", "${ starts an HCL template; $${ is its literal spelling", `"$${aws:PrincipalAccount}"`},
		{"variable inside a value", "the escape applies anywhere in a string", `/AWSLogs/$${aws:PrincipalAccount}/*"`},
		{"directive", "%{ starts an HCL directive; %%{ is its literal spelling", `"%%{if x}y%%{endif}"`},
		{"already doubled", "a literal $${ needs one more $ before the brace", `"$$${already} %%%{doubled}"`},
		{"lone dollar and percent", "only $ and % before { are escaped", `"tail$"`},
		{"quote and backslash", "HCL string escapes as in JSON", `"quote\"back\\slash"`},
		{"HTML characters", "written as they are, not as \\u003c", `"a<b&c>d"`},
	} {
		if !bytes.Contains(got, []byte(tc.want)) {
			t.Errorf("%s: output lacks %s (%s)", tc.name, tc.want, tc.reason)
		}
	}
}

// TestDocumentsErrors checks that both formats reject bad input with every
// problem at once and without output.
func TestDocumentsErrors(t *testing.T) {
	bucket := bucketPolicy()
	trust := trustPolicy(t)
	read := readPolicy(t)
	for _, tc := range []struct {
		name   string
		reason string
		docs   format.Documents
		want   []string // field paths, in order
	}{{
		name:   "empty",
		reason: "nothing to write is a mistake, not an empty file",
		docs:   format.Documents{Bucket: "example-ct-logs", RoleName: "Reader"},
		want:   []string{"Documents"},
	}, {
		name:   "bucket policy without bucket",
		reason: "aws_s3_bucket_policy and AWS::S3::BucketPolicy need the bucket name",
		docs:   format.Documents{BucketPolicy: bucket},
		want:   []string{"Bucket"},
	}, {
		name:   "invalid bucket name",
		reason: "the name goes into the resource as given",
		docs:   format.Documents{Bucket: "Example_Logs", BucketPolicy: bucket},
		want:   []string{"Bucket"},
	}, {
		name:   "trust policy without role name",
		reason: "the role needs a name",
		docs:   format.Documents{TrustPolicy: trust},
		want:   []string{"RoleName"},
	}, {
		name:   "invalid role name",
		reason: "IAM role names have a restricted character set",
		docs:   format.Documents{RoleName: "vendor role", TrustPolicy: trust},
		want:   []string{"RoleName"},
	}, {
		name:   "read policy without trust policy",
		reason: "the inline policy belongs to a role, which needs a trust policy",
		docs:   format.Documents{RoleName: "Reader", ReadPolicy: read},
		want:   []string{"TrustPolicy"},
	}, {
		name:   "wrong kinds",
		reason: "a document in the wrong place would be attached to the wrong resource",
		docs: format.Documents{
			Bucket: "example-ct-logs", BucketPolicy: trust,
			KeyPolicy: bucket,
			RoleName:  "Reader", TrustPolicy: trust, ReadPolicy: trust,
			SCPs: []*policy.Document{read},
		},
		want: []string{"BucketPolicy.Kind", "KeyPolicy.Kind", "ReadPolicy.Kind", "SCPs[0].Kind"},
	}, {
		name:   "nil SCP",
		reason: "a nil element is a caller's bug and must not vanish silently",
		docs:   format.Documents{SCPs: []*policy.Document{scps(t)[0], nil}},
		want:   []string{"SCPs[1]"},
	}, {
		name:   "several problems",
		reason: "every problem is reported at once",
		docs:   format.Documents{BucketPolicy: bucket, RoleName: "a/b", TrustPolicy: read, SCPs: []*policy.Document{nil}},
		want:   []string{"Bucket", "RoleName", "TrustPolicy.Kind", "SCPs[0]"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			render := map[string]func() ([]byte, error){
				"Terraform":           func() ([]byte, error) { return format.Terraform(tc.docs) },
				"CloudFormation YAML": func() ([]byte, error) { return format.CloudFormation(tc.docs, format.YAML) },
				"CloudFormation JSON": func() ([]byte, error) { return format.CloudFormation(tc.docs, format.JSON) },
			}
			for _, name := range []string{"Terraform", "CloudFormation YAML", "CloudFormation JSON"} {
				out, err := render[name]()
				if err == nil {
					t.Errorf("%s: no error (%s)", name, tc.reason)
					continue
				}
				if out != nil {
					t.Errorf("%s: output returned with the error", name)
				}
				if diff := cmp.Diff(tc.want, errorFields(t, err)); diff != "" {
					t.Errorf("%s: error fields differ (-want +got):\n%s\nerror: %v", name, diff, err)
				}
			}
		})
	}
}
