package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
)

// keyARNs matches every KMS key ARN an output names.
var keyARNs = regexp.MustCompile(`arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-z-]+`)

// TestTemplates writes every setup of testdata/compat/setups with -out in
// each template format and checks what a deploy needs (issue 13):
//
//   - with an existing key (kmsKeyArn), no output creates a key, and the only
//     key any output names is that key; Terraform attaches the key policy
//     to it, and CloudFormation, which cannot, leaves it to the command the
//     note gives, for key-policy.json written beside the templates;
//   - with createKey, the output creates the key and no output names any
//     key ARN: every document refers to the created key;
//   - every resource file says which account applies it: a Terraform file
//     per account whose resources all use that account's provider alias,
//     and a CloudFormation template per account whose Description names it.
//
// The files are goldens in testdata/templates/<setup>/<format>/ (rewritten
// with -update).
func TestTemplates(t *testing.T) {
	setups, err := filepath.Glob(filepath.Join("testdata", "compat", "setups", "*"))
	if err != nil || len(setups) < 6 {
		t.Fatalf("want at least six setups, found %q (%v)", setups, err)
	}
	for _, setup := range setups {
		name := strings.TrimSuffix(filepath.Base(setup), filepath.Ext(setup))
		s, err := readSetup(setup)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"terraform", "cloudformation", "cloudformation-json"} {
			t.Run(name+"/"+f, func(t *testing.T) {
				dir := t.TempDir()
				code, stdout, stderr := runCmd("-config", setup, "-format", f, "-out", dir, "all")
				if code != exitOK {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				files := map[string]string{}
				for _, p := range strings.Fields(stdout) {
					b, err := os.ReadFile(p)
					if err != nil {
						t.Fatal(err)
					}
					files[filepath.Base(p)] = string(b)
					golden.Bytes(t, filepath.Join("testdata", "templates", name, f, filepath.Base(p)), b)
				}
				checkDeployable(t, s.KMSKeyARN, s.CreateKey, f, files, stderr)
			})
		}
	}
}

// checkDeployable asserts what TestTemplates promises for one setup's files.
func checkDeployable(t *testing.T, keyARN string, createKey bool, f string, files map[string]string, stderr string) {
	t.Helper()
	tf := f == "terraform"
	for fname, content := range files {
		for _, k := range keyARNs.FindAllString(content, -1) {
			if createKey || k != keyARN {
				t.Errorf("%s names the key %s; want only %q (createKey %v)", fname, k, keyARN, createKey)
			}
		}
		creates := strings.Contains(content, `resource "aws_kms_key" `) || strings.Contains(content, "AWS::KMS::Key")
		if creates != (createKey && strings.HasPrefix(fname, string(cloudtrail.LogArchiveAccount))) {
			t.Errorf("%s creates a key: %v; createKey is %v", fname, creates, createKey)
		}
		role, isAccountFile := strings.CutSuffix(strings.TrimSuffix(strings.TrimSuffix(fname, ".tf"), ".yaml"), ".json")
		_, isReaderAccount := cloudtrail.AccountRole(role).ReaderAccountID()
		isAccountFile = isReaderAccount || slices.Contains([]string{string(cloudtrail.LogArchiveAccount), string(cloudtrail.KeyAccount), string(cloudtrail.ManagementAccount), string(cloudtrail.TrailAccount)}, role)
		switch {
		case fname == "providers.tf" || fname == "key-policy.json":
		case !isAccountFile:
			t.Errorf("%s is not named for the account that applies it", fname)
		case tf:
			alias := "provider = aws." + strings.ReplaceAll(role, "-", "_")
			if n, m := strings.Count(content, "\nresource "), strings.Count(content, alias); n == 0 || n != m {
				t.Errorf("%s: %d resources, %d with %q", fname, n, m, alias)
			}
		default:
			if want := "Deploy this template as a stack in the " + strings.ReplaceAll(role, "-", " "); !strings.Contains(content, want) {
				t.Errorf("%s: the Description does not say %q", fname, want)
			}
		}
	}
	existingKeyInCFN := keyARN != "" && !tf
	if _, ok := files["key-policy.json"]; ok != existingKeyInCFN {
		t.Errorf("key-policy.json written: %v, want %v", ok, existingKeyInCFN)
	}
	if existingKeyInCFN && !strings.Contains(stderr, "aws kms put-key-policy --key-id "+keyARN) {
		t.Errorf("stderr does not give the put-key-policy command for %s:\n%s", keyARN, stderr)
	}
	if tf && keyARN != "" && !strings.Contains(strings.Join(mapValues(files), ""), `resource "aws_kms_key_policy" "cloudtrail_logs"`) {
		t.Errorf("Terraform does not attach the key policy to the existing key")
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// readSetup loads a setup file as the command does.
func readSetup(path string) (trailpolicy.Setup, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return trailpolicy.Setup{}, err
	}
	return trailpolicy.LoadSetup(data, path)
}

// TestCreatedKeyHasNoJSON: with createKey the key's ARN does not exist yet,
// so nothing prints documents that would have to name it; the templates
// refer to the key they create instead (audit, check and diff take the
// created key's ARN: TestAuditCreatedKey, TestDiffCreatedKey).
func TestCreatedKeyHasNoJSON(t *testing.T) {
	cfg := filepath.Join("testdata", "compat", "setups", "example-corp-create-key.yaml")
	for _, args := range [][]string{
		{"-config", cfg, "all"},
		{"-config", cfg, "-format", "compact", "bucket-policy"},
	} {
		code, stdout, stderr := runCmd(args...)
		if code == exitOK || stdout != "" || !strings.HasPrefix(stderr, `createKey: "true" is set: the key's ARN exists only once the key does`) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want a failure that names createKey", args, code, stdout, stderr)
		}
	}
}
