package format_test

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/format"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// tfPolicy is one policy the Terraform output must hold: attribute attr of
// the block at address holds jsonencode(doc), with the created key's ARN
// as references to it.
type tfPolicy struct {
	address, attr string
	doc           *policy.Document
}

// tfCase is one Terraform rendering test.
type tfCase struct {
	name   string
	reason string
	docs   cloudtrail.Documents
	// blocks are the addresses of every block in file order; nested blocks
	// are written "<resource address>/<block type>".
	blocks []string
	// policies are the jsonencode attributes, in any order.
	policies []tfPolicy
	// attrs are the other attributes: a string, a bool, for a reference
	// the traversal written "ref:a.b.c", or a list of them.
	attrs map[string]map[string]any
	// providers are the aliases TerraformProviders declares, in order.
	providers []string
}

// Provider references as plainAttr spells them.
const (
	logArchiveProvider = "ref:aws.log_archive_account"
	keyProvider        = "ref:aws.key_account"
	managementProvider = "ref:aws.management_account"
)

// dependsOnRole is depends_on = [aws_iam_role.vendor] as plainAttr spells it.
var dependsOnRole = []any{"ref:aws_iam_role.vendor"}

func tfCases(t *testing.T) []tfCase {
	full := fullSetup(t)
	tricky := trickyPolicy(t)
	keyScp := keyAndSCP(t)
	key, scp := keyScp[0].Policy, keyScp[1].Policy
	existing := existingKeySetup(t)
	keyAttrs := map[string]any{
		"provider": logArchiveProvider, "description": "Encrypts the CloudTrail log files (trailpolicy)", "enable_key_rotation": true,
	}
	return []tfCase{{
		name:   "setup",
		reason: "every kind of document, a key the configuration creates, three accounts and two SCPs, the first keeping the single one's name",
		docs:   full,
		blocks: []string{
			"aws_s3_bucket_policy.cloudtrail_logs",
			"aws_kms_key.cloudtrail_logs",
			"aws_kms_key.cloudtrail_logs/lifecycle",
			"aws_iam_role.vendor",
			"aws_iam_role_policy.vendor_read",
			"aws_organizations_policy.protect_cloudtrail",
			"aws_organizations_policy.protect_cloudtrail_2",
		},
		policies: []tfPolicy{
			{"aws_s3_bucket_policy.cloudtrail_logs", "policy", full[0].Policy},
			{"aws_kms_key.cloudtrail_logs", "policy", full[1].Policy},
			{"aws_iam_role.vendor", "assume_role_policy", full[2].Policy},
			{"aws_iam_role_policy.vendor_read", "policy", full[3].Policy},
			{"aws_organizations_policy.protect_cloudtrail", "content", full[4].Policy},
			{"aws_organizations_policy.protect_cloudtrail_2", "content", full[5].Policy},
		},
		attrs: map[string]map[string]any{
			"aws_s3_bucket_policy.cloudtrail_logs":  {"provider": logArchiveProvider, "bucket": "example-ct-logs"},
			"aws_kms_key.cloudtrail_logs":           with(keyAttrs, "depends_on", dependsOnRole),
			"aws_kms_key.cloudtrail_logs/lifecycle": {"prevent_destroy": true},
			"aws_iam_role.vendor":                   {"provider": logArchiveProvider, "name": "AnyCompanyCloudTrailReader"},
			"aws_iam_role_policy.vendor_read":       {"provider": logArchiveProvider, "name": "cloudtrail-log-read", "role": "ref:aws_iam_role.vendor.id"},
			"aws_organizations_policy.protect_cloudtrail": {
				"provider": managementProvider, "name": "protect-cloudtrail", "type": "SERVICE_CONTROL_POLICY",
				"description": "Protects the CloudTrail logging setup (trailpolicy), part 1 of 2",
			},
			"aws_organizations_policy.protect_cloudtrail_2": {
				"provider": managementProvider, "name": "protect-cloudtrail-2", "type": "SERVICE_CONTROL_POLICY",
				"description": "Protects the CloudTrail logging setup (trailpolicy), part 2 of 2",
			},
		},
		providers: []string{"log_archive_account", "management_account"},
	}, {
		name:      "tricky",
		reason:    "policy variables, HCL directives, HTML characters, quotes and backslashes must survive HCL quoting, also around a reference",
		docs:      bucketOnly(tricky),
		blocks:    []string{"aws_s3_bucket_policy.cloudtrail_logs"},
		policies:  []tfPolicy{{"aws_s3_bucket_policy.cloudtrail_logs", "policy", tricky}},
		attrs:     map[string]map[string]any{"aws_s3_bucket_policy.cloudtrail_logs": {"provider": logArchiveProvider, "bucket": "example-ct-logs"}},
		providers: []string{"log_archive_account"},
	}, {
		name:   "key_and_scp",
		reason: "a single SCP keeps the unnumbered name; absent documents leave no resource behind; without the role, no depends_on",
		docs:   keyScp,
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
			"aws_kms_key.cloudtrail_logs":           keyAttrs,
			"aws_kms_key.cloudtrail_logs/lifecycle": {"prevent_destroy": true},
			"aws_organizations_policy.protect_cloudtrail": {
				"provider": managementProvider, "name": "protect-cloudtrail", "type": "SERVICE_CONTROL_POLICY",
				"description": "Protects the CloudTrail logging setup (trailpolicy)",
			},
		},
		providers: []string{"log_archive_account", "management_account"},
	}, {
		name:   "existing_key",
		reason: "an existing key stays the key: its policy is set in the key account, no key is created, and its ARN stays a string",
		docs:   existing,
		blocks: []string{
			"aws_s3_bucket_policy.cloudtrail_logs",
			"aws_kms_key_policy.cloudtrail_logs",
			"aws_iam_role.vendor",
			"aws_iam_role_policy.vendor_read",
		},
		policies: []tfPolicy{
			{"aws_s3_bucket_policy.cloudtrail_logs", "policy", existing[0].Policy},
			{"aws_kms_key_policy.cloudtrail_logs", "policy", existing[1].Policy},
			{"aws_iam_role.vendor", "assume_role_policy", existing[2].Policy},
			{"aws_iam_role_policy.vendor_read", "policy", existing[3].Policy},
		},
		attrs: map[string]map[string]any{
			"aws_s3_bucket_policy.cloudtrail_logs": {"provider": logArchiveProvider, "bucket": "example-ct-logs"},
			"aws_kms_key_policy.cloudtrail_logs": {
				"provider": keyProvider, "key_id": "1234abcd-12ab-34cd-56ef-1234567890ab", "depends_on": dependsOnRole,
			},
			"aws_iam_role.vendor":             {"provider": logArchiveProvider, "name": "AnyCompanyCloudTrailReader"},
			"aws_iam_role_policy.vendor_read": {"provider": logArchiveProvider, "name": "cloudtrail-log-read", "role": "ref:aws_iam_role.vendor.id"},
		},
		providers: []string{"log_archive_account", "key_account"},
	}}
}

// with returns a copy of m with key set to v.
func with(m map[string]any, key string, v any) map[string]any {
	out := maps.Clone(m)
	out[key] = v
	return out
}

// TestTerraform parses each output with the HCL parser, evaluates every
// jsonencode(...) as Terraform would (with the created key's ARN for its
// reference), and compares the decoded policy with the document it came
// from; it checks the provider file of the same documents likewise.
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
			checkFormatted(t, got)
			noPlaceholder(t, "Terraform", got)
			aliases := checkTerraform(t, got, tc)

			providers := format.TerraformProviders(tc.docs)
			golden.Bytes(t, "testdata/"+tc.name+".providers.golden.tf", providers)
			checkFormatted(t, providers)
			declared := checkProviders(t, providers)
			if diff := cmp.Diff(tc.providers, declared); diff != "" {
				t.Errorf("declared providers differ (-want +got):\n%s", diff)
			}
			for _, a := range aliases {
				if !slices.Contains(declared, a) {
					t.Errorf("a resource names provider aws.%s, which TerraformProviders does not declare", a)
				}
			}
		})
	}
}

// checkFormatted fails t unless src is formatted as terraform fmt would.
func checkFormatted(t *testing.T, src []byte) {
	t.Helper()
	if formatted := hclwrite.Format(src); !bytes.Equal(formatted, src) {
		t.Errorf("output is not formatted as terraform fmt would (-want +got):\n%s",
			cmp.Diff(strings.Split(string(formatted), "\n"), strings.Split(string(src), "\n")))
	}
}

// noPlaceholder fails t if out names the created key by its placeholder,
// which must never reach an output.
func noPlaceholder(t *testing.T, what string, out []byte) {
	t.Helper()
	if bytes.Contains(out, []byte(cloudtrail.PlannedKeyID)) {
		t.Errorf("%s output holds the placeholder key ID %s", what, cloudtrail.PlannedKeyID)
	}
}

// checkProviders parses a TerraformProviders file and returns the aliases
// it declares, in order; each block must be a provider "aws" with only an
// alias, under a comment naming its account.
func checkProviders(t *testing.T, src []byte) []string {
	t.Helper()
	file, diags := hclsyntax.ParseConfig(src, "providers.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("providers do not parse: %v", diags)
	}
	lines := strings.Split(string(src), "\n")
	var aliases []string
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "provider" || len(b.Labels) != 1 || b.Labels[0] != "aws" {
			t.Errorf("block %s %v is not a provider \"aws\"", b.Type, b.Labels)
			continue
		}
		attr, ok := b.Body.Attributes["alias"]
		if !ok || len(b.Body.Attributes) != 1 || len(b.Body.Blocks) != 0 {
			t.Errorf("provider block at line %d holds more than an alias", b.TypeRange.Start.Line)
			continue
		}
		alias, _ := plainAttr(t, attr.Expr).(string)
		aliases = append(aliases, alias)
		// The comment above the block says for which account.
		account := strings.ReplaceAll(alias, "_", " ")
		above := strings.Join(lines[max(0, b.TypeRange.Start.Line-8):b.TypeRange.Start.Line-1], "\n")
		if !strings.Contains(strings.ToLower(above), account) || !strings.Contains(above, "assume_role") {
			t.Errorf("the comment above provider %s does not say to configure it for the %s with assume_role:\n%s", alias, account, above)
		}
	}
	return aliases
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

// tfKeyRef is the reference by which the policies name the created key.
const tfKeyRef = "aws_kms_key.cloudtrail_logs.arn"

// jsonencodeContext evaluates jsonencode as Terraform does, with the
// created key's ARN as the placeholder the documents hold.
var jsonencodeContext = &hcl.EvalContext{
	Functions: map[string]function.Function{"jsonencode": stdlib.JSONEncodeFunc},
	Variables: map[string]cty.Value{
		"aws_kms_key": cty.ObjectVal(map[string]cty.Value{
			"cloudtrail_logs": cty.ObjectVal(map[string]cty.Value{"arn": cty.StringVal(testPlannedKey)}),
		}),
	},
}

// checkTerraform checks the parsed output against tc and returns the
// provider aliases its resources name.
func checkTerraform(t *testing.T, src []byte, tc tfCase) []string {
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
	var refs []string
	for _, attrs := range gotAttrs {
		for _, v := range attrs {
			if list, ok := v.([]any); ok {
				for _, e := range list {
					refs = append(refs, e.(string))
				}
			} else if s, ok := v.(string); ok {
				refs = append(refs, s)
			}
		}
	}
	for _, ref := range refs {
		// A reference must name a resource of this file (providers are
		// declared by TerraformProviders).
		if ref, ok := strings.CutPrefix(ref, "ref:"); ok && !strings.HasPrefix(ref, "aws.") {
			target := strings.Join(strings.Split(ref, ".")[:2], ".")
			if !slices.Contains(addrs, target) {
				t.Errorf("%s refers to %s, which the file does not declare", ref, target)
			}
		}
	}
	// Each resource names a provider and sits under a comment naming the
	// same account.
	lines := strings.Split(string(src), "\n")
	var aliases []string
	for _, b := range blocks {
		if b.block.Type != "resource" {
			continue
		}
		provider, _ := gotAttrs[b.address]["provider"].(string)
		alias, ok := strings.CutPrefix(provider, "ref:aws.")
		if !ok {
			t.Errorf("%s names no provider aws.<account>", b.address)
			continue
		}
		if !slices.Contains(aliases, alias) {
			aliases = append(aliases, alias)
		}
		above := lines[b.block.TypeRange.Start.Line-2]
		if !strings.HasPrefix(above, "# Applied by the "+strings.ReplaceAll(alias, "_", " ")) {
			t.Errorf("%s (provider aws.%s) is under the comment %q", b.address, alias, above)
		}
	}
	// A list that creates the key refers to it.
	if slices.ContainsFunc(tc.docs, func(d cloudtrail.Document) bool { return d.Target.CreateKey }) && !bytes.Contains(src, []byte(tfKeyRef)) {
		t.Errorf("the policies do not refer to the created key as %s", tfKeyRef)
	}
	return aliases
}

// plainAttr returns a non-policy attribute's value: a string or bool,
// "ref:" and the traversal for a reference, or a list of them.
func plainAttr(t *testing.T, expr hclsyntax.Expression) any {
	if tuple, ok := expr.(*hclsyntax.TupleConsExpr); ok {
		out := []any{}
		for _, e := range tuple.Exprs {
			out = append(out, plainAttr(t, e))
		}
		return out
	}
	if len(expr.Variables()) > 0 {
		tr, diags := hcl.AbsTraversalForExpr(expr)
		if diags.HasErrors() {
			t.Errorf("attribute is neither a constant nor a reference: %v", diags)
			return nil
		}
		return "ref:" + traversalString(tr)
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
// compares the result with want: semantically, and by key order. The call
// may refer to nothing but the created key's ARN.
func checkJSONEncode(t *testing.T, where string, call *hclsyntax.FunctionCallExpr, want *policy.Document) {
	for _, v := range call.Variables() {
		if ref := traversalString(v); ref != tfKeyRef {
			t.Errorf("%s: the policy refers to %s; it may refer only to %s", where, ref, tfKeyRef)
		}
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

// traversalString spells a traversal as a.b.c.
func traversalString(tr hcl.Traversal) string {
	var parts []string
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			parts = append(parts, s.Name)
		case hcl.TraverseAttr:
			parts = append(parts, s.Name)
		}
	}
	return strings.Join(parts, ".")
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
	got, err := format.Terraform(bucketOnly(trickyPolicy(t)))
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
		{"reference in a string", "the created key's ARN is interpolated between escaped literal text", `"$${aws:PrincipalAccount}:${aws_kms_key.cloudtrail_logs.arn}:$${x}"`},
	} {
		if !bytes.Contains(got, []byte(tc.want)) {
			t.Errorf("%s: output lacks %s (%s)", tc.name, tc.want, tc.reason)
		}
	}
}

// TestDocumentsErrors checks that both formats reject bad input with every
// problem at once and without output.
// testReaderAccount is the account of the readers of the error cases.
const testReaderAccount = "444455556666"

// readerIn returns the reader target t in its own reader account.
func readerIn(t cloudtrail.Target) cloudtrail.Target {
	t.Account, t.AppliedIn = testReaderAccount, cloudtrail.ReaderAccount(testReaderAccount)
	return t
}

func TestDocumentsErrors(t *testing.T) {
	bucket := bucketPolicy()
	key := keyPolicy(t)
	trust := trustPolicy(t)
	read := readPolicy(t)
	scp := scps(t)[0]
	doc := func(p *policy.Document, target cloudtrail.Target) cloudtrail.Document {
		return cloudtrail.Document{Name: "doc", Policy: p, Target: target}
	}
	withType := func(typ string) cloudtrail.Target {
		t := scpTarget("protect-" + strings.ToLower(typ))
		t.PolicyType = typ
		return t
	}
	// in returns t applied by role in account.
	in := func(t cloudtrail.Target, role cloudtrail.AccountRole, account string) cloudtrail.Target {
		t.AppliedIn, t.Account = role, account
		return t
	}
	// createdKey returns the target of a created key named by arn.
	createdKey := func(arn string) cloudtrail.Target {
		t := keyTarget()
		t.KeyARN = arn
		return t
	}
	existingKey := func(arn string) cloudtrail.Target {
		t := existingKeyTarget()
		t.KeyARN = arn
		return t
	}
	otherPlannedKey := "arn:aws:kms:eu-west-1:" + testLogs + ":key/" + cloudtrail.PlannedKeyID
	byKeyID := decode(t, policy.KindIdentityPolicy, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
		"Condition": {"StringEquals": {"kms:KeyId": "`+cloudtrail.PlannedKeyID+`"}}}]}`)
	selfNaming := decode(t, policy.KindKeyPolicy, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
		"Action": "kms:*", "Resource": "`+testPlannedKey+`"}]}`)
	for _, tc := range []struct {
		name   string
		reason string
		docs   cloudtrail.Documents
		want   []string // field paths, in order
		// cfnWant, when set, is what CloudFormation reports instead: it
		// also refuses a list that spans accounts and an existing key.
		cfnWant []string
	}{{
		name:   "empty",
		reason: "nothing to write is a mistake, not an empty file",
		docs:   cloudtrail.Documents{},
		want:   []string{"docs"},
	}, {
		name:   "nil list",
		reason: "a nil list is as empty as an empty one",
		want:   []string{"docs"},
	}, {
		name:   "bucket policy without bucket",
		reason: "aws_s3_bucket_policy and AWS::S3::BucketPolicy need the bucket name",
		docs:   cloudtrail.Documents{doc(bucket, bucketTarget(""))},
		want:   []string{"docs[0].target.bucket"},
	}, {
		name:   "invalid bucket name",
		reason: "the name goes into the resource as given",
		docs:   cloudtrail.Documents{doc(bucket, bucketTarget("Example_Logs"))},
		want:   []string{"docs[0].target.bucket"},
	}, {
		name:   "trust policy without role name",
		reason: "the role needs a name",
		docs:   cloudtrail.Documents{doc(trust, roleTarget("", ""))},
		want:   []string{"docs[0].target.roleName"},
	}, {
		name:   "invalid role name",
		reason: "IAM role names have a restricted character set",
		docs:   cloudtrail.Documents{doc(trust, roleTarget("vendor role", ""))},
		want:   []string{"docs[0].target.roleName"},
	}, {
		name:   "read policy without trust policy",
		reason: "the inline policy belongs to a role, which needs a trust policy",
		docs:   cloudtrail.Documents{doc(read, roleTarget("Reader", "cloudtrail-log-read"))},
		want:   []string{"docs[0].target.roleName"},
	}, {
		name:   "read policy of another role",
		reason: "the inline policy is attached to the role of the same name, not to any role",
		docs: cloudtrail.Documents{
			doc(trust, roleTarget("Reader", "")),
			doc(read, roleTarget("OtherReader", "cloudtrail-log-read")),
		},
		want: []string{"docs[1].target.roleName"},
	}, {
		name:   "read policy without name",
		reason: "an inline policy needs its name",
		docs: cloudtrail.Documents{
			doc(trust, roleTarget("Reader", "")),
			doc(read, cloudtrail.Target{Kind: cloudtrail.RolePolicyTarget, RoleName: "Reader"}),
		},
		want: []string{"docs[1].target.policyName"},
	}, {
		name:   "invalid inline policy name",
		reason: "IAM policy names have a restricted character set",
		docs: cloudtrail.Documents{
			doc(trust, roleTarget("Reader", "")),
			doc(read, roleTarget("Reader", "log read")),
		},
		want: []string{"docs[1].target.policyName"},
	}, {
		name:   "wrong kinds",
		reason: "a document in the wrong place would be attached to the wrong resource",
		docs: cloudtrail.Documents{
			doc(trust, bucketTarget(testBucket)),
			doc(bucket, keyTarget()),
			doc(trust, roleTarget("Reader", "")),
			doc(trust, roleTarget("Reader", "cloudtrail-log-read")),
			doc(read, scpTarget("protect-cloudtrail")),
		},
		want:    []string{"docs[0].policy.kind", "docs[1].policy.kind", "docs[3].policy.kind", "docs[4].policy.kind"},
		cfnWant: []string{"docs[0].policy.kind", "docs[1].policy.kind", "docs[3].policy.kind", "docs[4].policy.kind", "docs[4].target.appliedIn"},
	}, {
		name:   "nil policy",
		reason: "a nil document is a caller's bug and must not vanish silently",
		docs:   cloudtrail.Documents{doc(scp, scpTarget("protect-cloudtrail-1")), doc(nil, scpTarget("protect-cloudtrail-2"))},
		want:   []string{"docs[1].policy"},
	}, {
		name:   "unknown target kind",
		reason: "a document the formats cannot place must not vanish silently",
		docs:   cloudtrail.Documents{doc(key, keyTarget()), doc(bucket, cloudtrail.Target{Bucket: testBucket}), doc(bucket, cloudtrail.Target{Kind: 99})},
		want:   []string{"docs[1].target.kind", "docs[2].target.kind"},
	}, {
		name:   "organization policy type",
		reason: "an SCP written as another type of organization policy would be rejected, or mean something else",
		docs:   cloudtrail.Documents{doc(scp, withType("TAG_POLICY")), doc(scp, withType(""))},
		want:   []string{"docs[0].target.policyType", "docs[1].target.policyType"},
	}, {
		name:   "organization policy names",
		reason: "an organization policy needs a name of 1 to 128 characters, and one to derive its resource name from",
		docs: cloudtrail.Documents{
			doc(scp, scpTarget("")),
			doc(scp, scpTarget(strings.Repeat("x", 129))),
			doc(scp, scpTarget("---")),
		},
		want: []string{"docs[0].target.policyName", "docs[1].target.policyName", "docs[2].target.policyName"},
	}, {
		name:   "organization policy resource names collide",
		reason: "two resources of one name make the output invalid",
		// Applied by one account (a delegated administrator), so that the
		// SCPs and the bucket policy can share a template.
		docs: cloudtrail.Documents{
			doc(scp, in(scpTarget("protect-cloudtrail"), cloudtrail.LogArchiveAccount, testLogs)),
			doc(scp, in(scpTarget("protect_cloudtrail"), cloudtrail.LogArchiveAccount, testLogs)), // the same Terraform name
			doc(scp, in(scpTarget("Protect-CloudTrail"), cloudtrail.LogArchiveAccount, testLogs)), // the same logical ID
			doc(bucket, bucketTarget(testBucket)),
			doc(scp, in(scpTarget("cloud-trail-logs-bucket"), cloudtrail.LogArchiveAccount, testLogs)), // the bucket policy's logical ID
			doc(scp, in(scpTarget("vendor-read"), cloudtrail.LogArchiveAccount, testLogs)),             // the role policy's logical ID
		},
		want: []string{"docs[1].target.policyName", "docs[2].target.policyName", "docs[4].target.policyName", "docs[5].target.policyName"},
	}, {
		name:   "second document of a fixed address",
		reason: "the bucket policy, key, role and role policy have fixed resource names, so each may occur once",
		docs: cloudtrail.Documents{
			doc(bucket, bucketTarget(testBucket)),
			doc(key, keyTarget()),
			doc(trust, roleTarget("Reader", "")),
			doc(read, roleTarget("Reader", "cloudtrail-log-read")),
			doc(bucket, bucketTarget("other-logs")),
			doc(key, keyTarget()),
			doc(trust, roleTarget("OtherReader", "")),
			doc(read, roleTarget("Reader", "more-reading")),
		},
		want: []string{"docs[4]", "docs[5]", "docs[6]", "docs[7]"},
	}, {
		name:   "several problems",
		reason: "every problem is reported at once",
		docs: cloudtrail.Documents{
			doc(bucket, bucketTarget("")),
			doc(read, roleTarget("a/b", "")),
			doc(nil, scpTarget("protect-cloudtrail")),
			doc(read, roleTarget("Nobody", "cloudtrail-log-read")),
		},
		want:    []string{"docs[0].target.bucket", "docs[1].policy.kind", "docs[1].target.roleName", "docs[2].policy", "docs[3].target.roleName"},
		cfnWant: []string{"docs[0].target.bucket", "docs[1].policy.kind", "docs[1].target.roleName", "docs[2].policy", "docs[3].target.roleName", "docs[2].target.appliedIn"},
	}, {
		name:   "unknown account",
		reason: "a document must name an account the outputs have a provider and stack for",
		docs:   cloudtrail.Documents{doc(bucket, in(bucketTarget(testBucket), "security-account", testLogs))},
		want:   []string{"docs[0].target.appliedIn"},
	}, {
		name:   "invalid account ID",
		reason: "the ID is written into comments and Descriptions as the account to deploy in",
		docs:   cloudtrail.Documents{doc(bucket, in(bucketTarget(testBucket), cloudtrail.LogArchiveAccount, "11112222333"))},
		want:   []string{"docs[0].target.account"},
	}, {
		name:   "two accounts for one role",
		reason: "one provider configuration and one stack apply the documents of an account role",
		docs: cloudtrail.Documents{
			doc(bucket, bucketTarget(testBucket)),
			doc(trust, in(roleTarget("Reader", ""), cloudtrail.LogArchiveAccount, testKeyAcct)),
		},
		want: []string{"docs[1].target.account"},
	}, {
		name:   "role policy in another account",
		reason: "an inline policy is applied with its role",
		docs: cloudtrail.Documents{
			doc(trust, roleTarget("Reader", "")),
			doc(read, in(roleTarget("Reader", "cloudtrail-log-read"), cloudtrail.KeyAccount, testKeyAcct)),
		},
		want:    []string{"docs[1].target.appliedIn"},
		cfnWant: []string{"docs[1].target.appliedIn", "docs[1].target.appliedIn"},
	}, {
		name:    "existing key without ARN",
		reason:  "aws_kms_key_policy needs the key; CloudFormation cannot set the policy of an existing key at all",
		docs:    cloudtrail.Documents{doc(key, existingKey(""))},
		want:    []string{"docs[0].target.keyARN"},
		cfnWant: []string{"docs[0].target.keyARN", "docs[0].target.createKey"},
	}, {
		name:    "existing key named by an alias",
		reason:  "an alias resolves in the caller's account",
		docs:    cloudtrail.Documents{doc(key, existingKey("arn:aws:kms:us-east-1:444455556666:alias/logs"))},
		want:    []string{"docs[0].target.keyARN"},
		cfnWant: []string{"docs[0].target.keyARN", "docs[0].target.createKey"},
	}, {
		name:    "existing key with the placeholder ARN",
		reason:  "the placeholder names a key the output creates, which an existing key is not",
		docs:    cloudtrail.Documents{doc(key, existingKey(testPlannedKey))},
		want:    []string{"docs[0].target.keyARN"},
		cfnWant: []string{"docs[0].target.keyARN", "docs[0].target.createKey"},
	}, {
		name:    "existing key in CloudFormation",
		reason:  "AWS::KMS::Key only creates keys: the policy of an existing key needs put-key-policy",
		docs:    cloudtrail.Documents{doc(key, in(existingKeyTarget(), cloudtrail.LogArchiveAccount, testKeyAcct))},
		cfnWant: []string{"docs[0].target.createKey"},
	}, {
		name:   "existing key and the placeholder",
		reason: "a reference to a created key that the list does not create would be applied as a dangling reference",
		docs: cloudtrail.Documents{
			doc(bucketPolicy(), bucketTarget(testBucket)),
			doc(key, in(existingKeyTarget(), cloudtrail.LogArchiveAccount, testLogs)),
		},
		want:    []string{"docs[0].policy"},
		cfnWant: []string{"docs[1].target.createKey", "docs[0].policy"},
	}, {
		name:   "two planned keys",
		reason: "a list creates one key, so it has one placeholder",
		docs: cloudtrail.Documents{
			doc(key, keyTarget()),
			doc(bucketPolicyFor(otherPlannedKey), bucketTarget(testBucket)),
		},
		want: []string{"docs[1].policy"},
	}, {
		name:   "planned key by its ID",
		reason: "only the whole ARN can become a reference; the key ID would reach the output as the placeholder",
		docs:   cloudtrail.Documents{doc(key, keyTarget()), doc(trust, roleTarget("Reader", "")), doc(byKeyID, roleTarget("Reader", "read"))},
		want:   []string{"docs[2].policy"},
	}, {
		name:   "key policy naming its own key",
		reason: "a created key cannot refer to itself (a cycle in both formats): a key policy names its key as *",
		docs:   cloudtrail.Documents{doc(selfNaming, createdKey(testPlannedKey))},
		want:   []string{"docs[0].policy"},
	}, {
		name:   "reader policies with bad names",
		reason: "the existing role's, the user's and the policy's names go into the resources as given",
		docs: cloudtrail.Documents{
			doc(read, readerIn(cloudtrail.Target{Kind: cloudtrail.ExistingRolePolicyTarget, RoleName: "", PolicyName: "cloudtrail-log-read"})),
			doc(read, readerIn(cloudtrail.Target{Kind: cloudtrail.UserPolicyTarget, UserName: "alice smith", PolicyName: "cloudtrail-log-read"})),
			doc(read, readerIn(cloudtrail.Target{Kind: cloudtrail.ManagedPolicyTarget, PolicyName: "log read"})),
		},
		want: []string{"docs[0].target.roleName", "docs[1].target.userName", "docs[2].target.policyName"},
	}, {
		name:   "reader policy without account",
		reason: "the resource names and the applying account come from the reader's account",
		docs:   cloudtrail.Documents{doc(read, cloudtrail.Target{Kind: cloudtrail.UserPolicyTarget, UserName: "alice", PolicyName: "cloudtrail-log-read"})},
		want:   []string{"docs[0].target.account"},
	}, {
		name:   "reader account of another ID",
		reason: "a reader account's role names its account; another ID would apply it in the wrong account",
		docs: cloudtrail.Documents{doc(read, cloudtrail.Target{Kind: cloudtrail.ManagedPolicyTarget, PolicyName: "cloudtrail-log-read",
			AppliedIn: cloudtrail.ReaderAccount(testReaderAccount), Account: "999999999999"})},
		want: []string{"docs[0].target.account"},
	}, {
		name:   "readers whose names differ in punctuation",
		reason: "Audit.Team and Audit_Team are two roles but one Terraform resource name",
		docs: cloudtrail.Documents{
			doc(read, readerIn(cloudtrail.Target{Kind: cloudtrail.ExistingRolePolicyTarget, RoleName: "Audit.Team", PolicyName: "cloudtrail-log-read"})),
			doc(read, readerIn(cloudtrail.Target{Kind: cloudtrail.ExistingRolePolicyTarget, RoleName: "Audit_Team", PolicyName: "cloudtrail-log-read"})),
		},
		want: []string{"docs[1].target"},
	}, {
		name:   "reader policy of a trust policy's kind",
		reason: "a reader's policy is an identity policy",
		docs:   cloudtrail.Documents{doc(trust, readerIn(cloudtrail.Target{Kind: cloudtrail.ManagedPolicyTarget, PolicyName: "cloudtrail-log-read"}))},
		want:   []string{"docs[0].policy.kind"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			render := map[string]func() ([]byte, error){
				"Terraform":           func() ([]byte, error) { return format.Terraform(tc.docs) },
				"CloudFormation YAML": func() ([]byte, error) { return format.CloudFormation(tc.docs, format.YAML) },
				"CloudFormation JSON": func() ([]byte, error) { return format.CloudFormation(tc.docs, format.JSON) },
			}
			for _, name := range []string{"Terraform", "CloudFormation YAML", "CloudFormation JSON"} {
				want := tc.want
				if tc.cfnWant != nil && strings.HasPrefix(name, "CloudFormation") {
					want = tc.cfnWant
				}
				out, err := render[name]()
				if len(want) == 0 {
					if err != nil {
						t.Errorf("%s: %v (only CloudFormation refuses this list)", name, err)
					}
					continue
				}
				if err == nil {
					t.Errorf("%s: no error (%s)", name, tc.reason)
					continue
				}
				if out != nil {
					t.Errorf("%s: output returned with the error", name)
				}
				if diff := cmp.Diff(want, errorFields(t, err)); diff != "" {
					t.Errorf("%s: error fields differ (-want +got):\n%s\nerror: %v", name, diff, err)
				}
			}
		})
	}
}

// TestTerraformOrder checks that the resources follow the list, and that
// a role's inline policy follows its role wherever the list has it.
func TestTerraformOrder(t *testing.T) {
	full := fullSetup(t)
	docs := cloudtrail.Documents{full[5], full[3], full[1], full[2], full[4], full[0]}
	got, err := format.Terraform(docs)
	if err != nil {
		t.Fatal(err)
	}
	file, diags := hclsyntax.ParseConfig(got, "order.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("output does not parse: %v", diags)
	}
	var addrs []string
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		addrs = append(addrs, strings.Join(b.Labels, "."))
	}
	want := []string{
		"aws_organizations_policy.protect_cloudtrail_2",
		"aws_kms_key.cloudtrail_logs",
		"aws_iam_role.vendor",
		"aws_iam_role_policy.vendor_read",
		"aws_organizations_policy.protect_cloudtrail",
		"aws_s3_bucket_policy.cloudtrail_logs",
	}
	if diff := cmp.Diff(want, addrs); diff != "" {
		t.Errorf("resource order differs (-want +got):\n%s", diff)
	}
}

// TestTerraformPolicyNames checks the resource names derived from
// organization policy names, and that the other targets' names come from
// the targets rather than from fixed values.
func TestTerraformPolicyNames(t *testing.T) {
	s := scps(t)[0]
	docs := cloudtrail.Documents{
		{Name: "bucket-policy", Policy: bucketPolicy(), Target: bucketTarget("other-ct-logs")},
		{Name: "trust", Policy: trustPolicy(t), Target: roleTarget("OtherReader", "")},
		{Name: "read", Policy: readPolicy(t), Target: roleTarget("OtherReader", "read-logs")},
		{Name: "a", Policy: s, Target: scpTarget("protect-cloudtrail")},
		{Name: "b", Policy: s, Target: scpTarget("2nd guard")},
		{Name: "c", Policy: s, Target: scpTarget("Lock CloudTrail.logs")},
	}
	got, err := format.Terraform(docs)
	if err != nil {
		t.Fatal(err)
	}
	file, diags := hclsyntax.ParseConfig(got, "names.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("output does not parse: %v", diags)
	}
	gotAttrs := map[string]map[string]any{}
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		addr := strings.Join(b.Labels, ".")
		gotAttrs[addr] = map[string]any{}
		for name, attr := range b.Body.Attributes {
			if name == "name" || name == "bucket" || name == "description" {
				gotAttrs[addr][name] = plainAttr(t, attr.Expr)
			}
		}
	}
	want := map[string]map[string]any{
		"aws_s3_bucket_policy.cloudtrail_logs": {"bucket": "other-ct-logs"},
		"aws_iam_role.vendor":                  {"name": "OtherReader"},
		"aws_iam_role_policy.vendor_read":      {"name": "read-logs"},
		"aws_organizations_policy.protect_cloudtrail": {
			"name": "protect-cloudtrail", "description": "Protects the CloudTrail logging setup (trailpolicy), part 1 of 3",
		},
		"aws_organizations_policy._2nd_guard": {
			"name": "2nd guard", "description": "Protects the CloudTrail logging setup (trailpolicy), part 2 of 3",
		},
		"aws_organizations_policy.Lock_CloudTrail_logs": {
			"name": "Lock CloudTrail.logs", "description": "Protects the CloudTrail logging setup (trailpolicy), part 3 of 3",
		},
	}
	if diff := cmp.Diff(want, gotAttrs); diff != "" {
		t.Errorf("names differ (-want +got):\n%s", diff)
	}
}
