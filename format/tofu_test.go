package format_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/format"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// tofuEnv is the environment variable that names the OpenTofu binary for
// TestOpenTofu.
const tofuEnv = "TRAILPOLICY_TOFU"

// TestOpenTofu checks the Terraform output with OpenTofu itself rather
// than with the HCL library it shares with the formatter: every generated
// file (resources and providers, for every list the tests render) must pass
// tofu fmt -check, and every jsonencode(...) in them, evaluated by
// OpenTofu, must give the JSON of its document. OpenTofu evaluates the
// expressions in a configuration of its own: one output per policy, whose
// value is the jsonencode(...) expression copied from the generated file
// with each reference to the created key (aws_kms_key.cloudtrail_logs.arn)
// replaced by a local that holds the key's placeholder ARN, the value the
// documents hold. That configuration needs no provider, so tofu apply runs
// offline and tofu output -json gives the evaluated strings.
//
// The test runs only when TRAILPOLICY_TOFU names an OpenTofu binary; then
// a binary that does not run fails it.
func TestOpenTofu(t *testing.T) {
	bin := os.Getenv(tofuEnv)
	if bin == "" {
		t.Skipf("set %s to an OpenTofu binary to check the Terraform output with OpenTofu: %s=$(command -v tofu) go test -run TestOpenTofu ./format/", tofuEnv, tofuEnv)
	}
	dir := t.TempDir()
	cliConfig := filepath.Join(dir, "tofurc")
	if err := os.WriteFile(cliConfig, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tofu := func(t *testing.T, args ...string) ([]byte, error) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		// An empty CLI configuration, no update check, no prompts.
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return out, fmt.Errorf("%s %s: %v\n%s%s", bin, strings.Join(args, " "), err, out, stderr.Bytes())
		}
		return out, nil
	}
	version, err := tofu(t, "version")
	if err != nil {
		t.Fatalf("%s does not run: %v", tofuEnv, err)
	}
	t.Logf("%s", bytes.TrimSpace(version))

	files := tofuFiles(t)
	names := slices.Sorted(maps.Keys(files))

	// tofu fmt -check exits 3 and prints the diff for a file it would
	// change.
	fmtDir := filepath.Join(dir, "fmt")
	if err := os.Mkdir(fmtDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		file := filepath.Join(fmtDir, name)
		if err := os.WriteFile(file, files[name].src, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := tofu(t, "fmt", "-check", "-diff", "-no-color", file); err != nil {
			t.Errorf("tofu fmt -check %s: %v", name, err)
		}
	}

	// One output per jsonencode(...), with the expected document.
	var config strings.Builder
	// One local per placeholder ARN: the files of the command's setups
	// create keys in their own accounts and Regions.
	keyLocals := map[string]string{}
	config.WriteString("locals {\n")
	for _, name := range names {
		key := orDefault(files[name].key, testPlannedKey)
		if _, ok := keyLocals[key]; !ok {
			keyLocals[key] = fmt.Sprintf("created_key_%d", len(keyLocals))
			fmt.Fprintf(&config, "  %s = %q\n", keyLocals[key], key)
		}
	}
	config.WriteString("}\n")
	want := map[string]expectedPolicy{}
	for _, name := range names {
		for _, p := range jsonencodeExprs(t, name, files[name], keyLocals[orDefault(files[name].key, testPlannedKey)]) {
			id := fmt.Sprintf("p%03d", len(want))
			want[id] = p
			fmt.Fprintf(&config, "\n# %s: %s\noutput %q {\n  value = %s\n}\n", name, p.where, id, p.expr)
		}
	}
	if len(want) == 0 {
		t.Fatal("no jsonencode expressions found")
	}
	evalDir := filepath.Join(dir, "eval")
	if err := os.Mkdir(evalDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(evalDir, "main.tf"), []byte(config.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := tofu(t, "-chdir="+evalDir, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("tofu apply of the evaluation configuration: %v\n%s", err, config.String())
	}
	out, err := tofu(t, "-chdir="+evalDir, "output", "-json", "-no-color")
	if err != nil {
		t.Fatal(err)
	}
	var outputs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal(out, &outputs); err != nil {
		t.Fatalf("tofu output -json: %v\n%s", err, out)
	}
	for _, id := range slices.Sorted(maps.Keys(want)) {
		p := want[id]
		got, ok := outputs[id].Value.(string)
		if !ok {
			t.Errorf("%s: OpenTofu gives %T, not a string", p.where, outputs[id].Value)
			continue
		}
		if diff := cmp.Diff(generic(t, renderJSON(t, p.doc)), generic(t, []byte(got))); diff != "" {
			t.Errorf("%s: OpenTofu's jsonencode differs from the JSON rendering (-want +got):\n%s", p.where, diff)
		}
		if d, err := policy.Decode(p.doc.Kind, []byte(got)); err != nil {
			t.Errorf("%s: decode OpenTofu's jsonencode: %v", p.where, err)
		} else {
			golden.Compare(t, p.doc, d)
		}
	}
	t.Logf("tofu fmt -check: %d files; jsonencode evaluated: %d policies", len(files), len(want))
}

// tofuFile is one generated Terraform file with the documents it came
// from (none for a providers file).
type tofuFile struct {
	src  []byte
	docs cloudtrail.Documents
	// key is the placeholder ARN of the created key its documents name;
	// empty means testPlannedKey.
	key string
}

// tofuFiles renders every list the Terraform tests render, as resources
// and as providers, and each account's part of the full setup on its own
// (as a command line may write one file per account).
func tofuFiles(t *testing.T) map[string]tofuFile {
	lists := map[string]cloudtrail.Documents{}
	for _, tc := range tfCases(t) {
		lists[tc.name] = tc.docs
	}
	full := fullSetup(t)
	lists["order"] = cloudtrail.Documents{full[5], full[3], full[1], full[2], full[4], full[0]}
	for _, g := range format.ByAccount(full) {
		lists["setup_"+format.ProviderAlias(g.Role)] = g.Docs
	}
	withReader := bucketPolicy()
	withReader.Statements = append(withReader.Statements, readerStatement())
	lists["bucket_depends_on_role"] = cloudtrail.Documents{
		{Name: "bucket-policy", Policy: withReader, Target: bucketTarget(testBucket)},
		{Name: "trust", Policy: trustPolicy(t), Target: roleTarget(testRoleName, "")},
	}
	files := map[string]tofuFile{}
	for name, docs := range lists {
		src, err := format.Terraform(docs)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		files[name+".tf"] = tofuFile{src: src, docs: docs}
		files[name+".providers.tf"] = tofuFile{src: format.TerraformProviders(docs)}
	}
	// The command's own setups, in both key modes (an existing key, and
	// createKey), each account's file as -out writes it.
	setups, err := filepath.Glob(filepath.Join("..", "cmd", "trailpolicy", "testdata", "compat", "setups", "*"))
	if err != nil || len(setups) < 6 {
		t.Fatalf("the command's setups: %q, %v", setups, err)
	}
	for _, path := range setups {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := trailpolicy.LoadSetup(data, path)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Build()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		key := ""
		if b.Site.CreatesKey() {
			key = b.Site.KeyARN()
		}
		base := "cli_" + strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		files[base+".providers.tf"] = tofuFile{src: format.TerraformProviders(b.Documents)}
		for _, g := range format.ByAccount(b.Documents) {
			src, err := format.Terraform(g.Docs)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			files[base+"."+string(g.Role)+".tf"] = tofuFile{src: src, docs: g.Docs, key: key}
		}
	}
	return files
}

// expectedPolicy is one jsonencode(...) of a generated file: its source,
// rewritten for the evaluation configuration, and its document.
type expectedPolicy struct {
	where string
	expr  string
	doc   *policy.Document
}

// jsonencodeExprs returns the jsonencode(...) attributes of a generated
// file, each with references to the created key replaced by
// local.cloudtrail_logs_key_arn, and the document each came from, found by
// the resource's type (and, for an organization policy, its name).
func jsonencodeExprs(t *testing.T, name string, f tofuFile, keyLocal string) []expectedPolicy {
	file, diags := hclsyntax.ParseConfig(f.src, name, hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("%s does not parse: %v", name, diags)
	}
	var out []expectedPolicy
	for _, b := range file.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "resource" {
			continue
		}
		for attrName, attr := range b.Body.Attributes {
			call, ok := attr.Expr.(*hclsyntax.FunctionCallExpr)
			if !ok || call.Name != "jsonencode" {
				continue
			}
			where := strings.Join(b.Labels, ".") + "." + attrName
			doc := docOfBlock(t, b, f.docs)
			if doc == nil {
				t.Errorf("%s: %s: no document of the list belongs there", name, where)
				continue
			}
			out = append(out, expectedPolicy{where: where, expr: rewriteKeyRefs(t, f.src, call, keyLocal), doc: doc})
		}
	}
	return out
}

// docOfBlock returns the document of docs that the resource block b holds.
func docOfBlock(t *testing.T, b *hclsyntax.Block, docs cloudtrail.Documents) *policy.Document {
	kinds := map[string]func(cloudtrail.Target) bool{
		"aws_s3_bucket_policy": func(tg cloudtrail.Target) bool { return tg.Kind == cloudtrail.BucketPolicyTarget },
		"aws_kms_key":          func(tg cloudtrail.Target) bool { return tg.Kind == cloudtrail.KeyPolicyTarget && tg.CreateKey },
		"aws_kms_key_policy":   func(tg cloudtrail.Target) bool { return tg.Kind == cloudtrail.KeyPolicyTarget && !tg.CreateKey },
		"aws_iam_role": func(tg cloudtrail.Target) bool {
			return tg.Kind == cloudtrail.RoleTrustTarget && tfRoleName(tg) == b.Labels[1]
		},
		"aws_iam_role_policy": func(tg cloudtrail.Target) bool {
			// The created roles' policies refer to their role; a reader's
			// existing role is a name.
			role := plainAttr(t, b.Body.Attributes["role"].Expr)
			ref, isRef := role.(string)
			isRef = isRef && strings.HasPrefix(ref, "ref:")
			return tg.Kind == cloudtrail.RolePolicyTarget && isRef && tfRolePolicyName(tg) == b.Labels[1] || tg.Kind == cloudtrail.ExistingRolePolicyTarget && role == tg.RoleName
		},
		"aws_iam_user_policy": func(tg cloudtrail.Target) bool {
			return tg.Kind == cloudtrail.UserPolicyTarget && plainAttr(t, b.Body.Attributes["user"].Expr) == tg.UserName
		},
		"aws_iam_policy":       func(tg cloudtrail.Target) bool { return tg.Kind == cloudtrail.ManagedPolicyTarget },
		"aws_sns_topic_policy": func(tg cloudtrail.Target) bool { return tg.Kind == cloudtrail.TopicPolicyTarget },
		"aws_organizations_policy": func(tg cloudtrail.Target) bool {
			a, ok := b.Body.Attributes["name"]
			return ok && tg.Kind == cloudtrail.OrganizationPolicyTarget && plainAttr(t, a.Expr) == tg.PolicyName
		},
	}
	match, ok := kinds[b.Labels[0]]
	if !ok {
		return nil
	}
	for _, d := range docs {
		if match(d.Target) {
			return d.Policy
		}
	}
	return nil
}

// rewriteKeyRefs returns the source of call with every reference to the
// created key replaced by local.<keyLocal>; any other reference fails t.
func rewriteKeyRefs(t *testing.T, src []byte, call *hclsyntax.FunctionCallExpr, keyLocal string) string {
	rng := call.Range()
	type span struct{ start, end int }
	var refs []span
	hclsyntax.VisitAll(call, func(n hclsyntax.Node) hcl.Diagnostics {
		ref, ok := n.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			return nil
		}
		if got := traversalString(ref.Traversal); got != tfKeyRef {
			t.Errorf("jsonencode refers to %s", got)
			return nil
		}
		refs = append(refs, span{ref.SrcRange.Start.Byte, ref.SrcRange.End.Byte})
		return nil
	})
	slices.SortFunc(refs, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	at := rng.Start.Byte
	for _, r := range refs {
		b.Write(src[at:r.start])
		b.WriteString("local." + keyLocal)
		at = r.end
	}
	b.Write(src[at:rng.End.Byte])
	return b.String()
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// tfRoleName and tfRolePolicyName are the Terraform resource names of the
// role of target t and of its policy, as [format.Terraform] documents them:
// vendor and vendor_read for the vendor's role, else the resource name.
func tfRoleName(t cloudtrail.Target) string {
	if t.ResourceName == "" {
		return "vendor"
	}
	return t.ResourceName
}

func tfRolePolicyName(t cloudtrail.Target) string {
	if t.ResourceName == "" {
		return "vendor_read"
	}
	return t.ResourceName
}
