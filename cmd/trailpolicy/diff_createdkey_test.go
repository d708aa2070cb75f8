package main

import (
	"os"
	"strings"
	"testing"
)

// TestDiffCreatedKey: diff compares a policy deployed from a setup with
// createKey with the setup's documents built with -kms-key-arn, the created
// key's ARN, as audit and check do (TestAuditCreatedKey): the flag is
// required with createKey, refused with a setup that names its key, checked
// as kmsKeyArn is, and otherwise the setup's kmsKeyArn, as in every command.
func TestDiffCreatedKey(t *testing.T) {
	cfg, deployed := createdKeySetups(t)
	names := []string{"bucket-policy", "key-policy", "vendor-read-policy", "scp"}
	docs := map[string]string{}
	for _, name := range names {
		docs[name] = printed(t, deployed, name)
	}
	other := "arn:aws:kms:us-east-1:123456789012:key/1b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e"
	data, err := os.ReadFile(docs["bucket-policy"])
	if err != nil {
		t.Fatal(err)
	}
	otherKey := strings.ReplaceAll(string(data), createdKeyARN, other)
	if otherKey == string(data) {
		t.Fatalf("the deployed bucket policy does not name the created key %s", createdKeyARN)
	}
	otherKeyFile := writeFile(t, "other-key.json", otherKey)
	// keyChange is the difference of DenyWrongKMSKey, which names the key.
	keyChange := func(file, deployedKey, setupKey string) string {
		const cond = " Condition: StringNotEquals s3:x-amz-server-side-encryption-aws-kms-key-id = "
		return "--- " + file + " (deployed)\n+++ bucket-policy (from the setup)\n~ DenyWrongKMSKey\n" +
			"    -" + cond + deployedKey + "\n    +" + cond + setupKey + "\n"
	}
	flagsOnly := []string{"-bucket", "logs-bucket", "-log-archive-account", "123456789012", "-accounts", "123456789012", "-kms-key-arn", createdKeyARN}
	flagsOnlyFile := printedArgs(t, flagsOnly, "bucket-policy")

	type tc struct {
		name, reason string
		args         []string // after "diff"
		code         int
		stdout       string   // all of it
		stderr       []string // each the start of a line of stderr, in order; nil: stderr empty
	}
	tests := []tc{
		{
			name: "changed statement", reason: "the deployed bucket policy names another key than the one the output created: the setup's names the flag's",
			args: []string{"-config", cfg, "-kms-key-arn", createdKeyARN, "bucket-policy", otherKeyFile}, code: exitInvalid,
			stdout: keyChange(otherKeyFile, other, createdKeyARN),
		},
		{
			name: "another key", reason: "the same difference the other way round: the flag names another key than the deployed policy's",
			args: []string{"-config", cfg, "-kms-key-arn", other, "bucket-policy", docs["bucket-policy"]}, code: exitInvalid,
			stdout: keyChange(docs["bucket-policy"], createdKeyARN, other),
		},
		{
			name: "no flag", reason: "a setup with createKey names no key: the created key's ARN is required, and the message says where to find it",
			args: []string{"-config", cfg, "bucket-policy", docs["bucket-policy"]}, code: exitUsage,
			stderr: []string{`createKey: "true" names no key ARN yet: give the ARN of the key the output created, as deployed, with -kms-key-arn (the CloudFormation output CloudTrailLogsKeyArn, or the arn of aws_kms_key.cloudtrail_logs in the Terraform state)`},
		},
		{
			name: "no flag, invalid setup", reason: "the setup's own problems come in the same run",
			args: []string{"-config", cfg, "-accounts", "1234", "bucket-policy", docs["bucket-policy"]}, code: exitUsage,
			stderr: []string{`createKey: "true" names no key ARN yet: give the ARN of the key the output created, as deployed, with -kms-key-arn`,
				`accounts[0]: "1234" is not a 12-digit AWS account ID`},
		},
		{
			name: "setup names its key", reason: "kmsKeyArn in the file and the flag are two sources of one value: refused, even when they agree",
			args: []string{"-config", deployed, "-kms-key-arn", createdKeyARN, "bucket-policy", docs["bucket-policy"]}, code: exitUsage,
			stderr: []string{`-kms-key-arn: "` + createdKeyARN + `" is the key of a setup with createKey, but this setup names its key, kmsKeyArn "` + createdKeyARN + `": check the deployed documents against that key (leave -kms-key-arn out)`},
		},
		{
			name: "alias", reason: "parsed as kmsKeyArn is: no alias",
			args: []string{"-config", cfg, "-kms-key-arn", "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail", "bucket-policy", docs["bucket-policy"]}, code: exitUsage,
			stderr: []string{`-kms-key-arn: "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail" is a KMS alias: name the key by its key ARN`},
		},
		{
			name: "wrong Region", reason: "the output creates the key in bucketRegion",
			args: []string{"-config", cfg, "-kms-key-arn", strings.Replace(createdKeyARN, "us-east-1", "eu-west-1", 1), "bucket-policy", docs["bucket-policy"]}, code: exitUsage,
			stderr: []string{`-kms-key-arn: "arn:aws:kms:eu-west-1:123456789012:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e" is in Region eu-west-1, but the output creates the key in bucketRegion us-east-1: give the ARN of the key it created`},
		},
		{
			name: "no key in the file", reason: "a setup that neither names nor creates a key takes -kms-key-arn as its kmsKeyArn",
			args: append(append([]string{}, flagsOnly...), "bucket-policy", flagsOnlyFile), code: exitOK,
			stdout: flagsOnlyFile + " is equivalent to the setup's bucket-policy\n",
		},
	}
	for _, name := range names {
		file := docs[name]
		tests = append(tests, tc{
			name: "created key " + name, reason: "the document deployed from the setup with the created key is equivalent to the one built with -kms-key-arn",
			args: []string{"-config", cfg, "-kms-key-arn", createdKeyARN, name, file}, code: exitOK,
			stdout: file + " is equivalent to the setup's " + name + "\n",
		})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCmd(append([]string{"diff"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (%s); stderr:\n%s", code, tc.code, tc.reason, errs)
			}
			if tc.stdout != "" && out != tc.stdout {
				t.Errorf("stdout (%s):\n%s\nwant:\n%s", tc.reason, out, tc.stdout)
			}
			if tc.code == exitUsage && out != "" {
				t.Errorf("stdout %q, want none for a refusal (%s)", out, tc.reason)
			}
			checkStderrLines(t, errs, tc.stderr, tc.reason)
		})
	}
}

// printedArgs is [printed] for a setup given by flags: the file holding the
// document name that the command prints with args.
func printedArgs(t *testing.T, args []string, name string) string {
	t.Helper()
	code, out, errs := runCmd(append(append([]string{}, args...), name)...)
	if code != exitOK {
		t.Fatalf("%s: exit %d: %s", name, code, errs)
	}
	return writeFile(t, name+".json", out)
}

// TestDiffHelpCreatedKey: trailpolicy help diff says that -kms-key-arn
// names the created key, and where its meaning is explained.
func TestDiffHelpCreatedKey(t *testing.T) {
	const want = "\n-kms-key-arn ARN, required with createKey, names the created key (help audit).\n"
	if _, out, _ := runCmd("help", "diff"); !strings.Contains(out, want) {
		t.Errorf("trailpolicy help diff lacks %q:\n%s", want, out)
	}
}
