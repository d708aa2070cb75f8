package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/format"
)

// createdKeyARN is the ARN the key of example-corp-create-key.yaml got when
// the output created it: the setup's logArchiveAccount and bucketRegion.
const createdKeyARN = "arn:aws:kms:us-east-1:123456789012:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e"

// createdKeySetups returns the setup with createKey and the same setup as
// deployed, naming the created key with kmsKeyArn, from which the deployed
// documents are printed.
func createdKeySetups(t *testing.T) (createKey, deployed string) {
	t.Helper()
	createKey = filepath.Join("testdata", "compat", "setups", "example-corp-create-key.yaml")
	data, err := os.ReadFile(createKey)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "createKey: true", "kmsKeyArn: "+createdKeyARN, 1)
	if text == string(data) {
		t.Fatalf("%s has no createKey: true", createKey)
	}
	return createKey, writeFile(t, "deployed.yaml", text)
}

// TestAuditCreatedKey: a setup whose output creates the key is audited with
// -kms-key-arn, the created key's ARN, against the documents deployed from
// it; the flag is required with createKey, refused with a setup that names
// its key, and checked as kmsKeyArn is (errors name -kms-key-arn and the
// value, every problem at once). A flag that names another key than the
// deployed bucket policy's is no error of the flag: the audit proves that
// the policy lets logs be written under the wrong key.
func TestAuditCreatedKey(t *testing.T) {
	cfg, deployed := createdKeySetups(t)
	all := []string{}
	for _, name := range []string{"bucket-policy", "key-policy", "vendor-trust-policy", "vendor-read-policy", "scp"} {
		all = append(all, "-"+name, printed(t, deployed, name))
	}
	bucketOnly := all[:2] // enough for the errors, which come before any document is read
	other := "arn:aws:kms:us-east-1:123456789012:key/1b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e"
	for _, tc := range []struct {
		name, reason string
		args         []string
		code         int
		stdout       []string // lines or parts of lines the report must hold
		stderr       []string // each a line of stderr, in order; nil: stderr empty
		long         bool     // a whole setup's audit: without -short only
	}{
		{
			name: "created key", reason: "the documents deployed from the setup, with the created key's ARN, pass every property",
			args: append([]string{"-config", cfg, "-kms-key-arn", createdKeyARN}, all...), code: exitOK,
			stdout: []string{"PASS    writes/right-key-required:", "PASS    kms/trail-encrypts:", "PASS    kms/only-intended-decrypt:", "PASS    tamper/only-break-glass:"},
		},
		{
			name: "another key", reason: "a key that is not the deployed bucket policy's: its wrong-key deny lets the deployed key's uploads through, which the audit shows",
			args: append([]string{"-config", cfg, "-kms-key-arn", other}, all...), code: exitInvalid,
			stdout: []string{"FAIL    writes/right-key-required: no log or Insights file is written with SSE-KMS under another key (or none named)\n" +
				"        counterexample: cloudtrail.amazonaws.com for arn:aws:cloudtrail::123456789012:trail/ s3:PutObject arn:aws:s3:::example-ct-logs/AWSLogs/123456789012/CloudTrail/\n",
				" s3:x-amz-server-side-encryption=aws:kms s3:x-amz-server-side-encryption-aws-kms-key-id=" + createdKeyARN + "\n" +
					"        decision: Allow, want a deny: allowed by the bucket policy for the service principal\n" +
					"        decided by bucket-policy: Statement[1] (AWSCloudTrailWrite123456789012) Allow\n"},
			long: true,
		},
		{
			name: "no flag", reason: "a setup with createKey names no key: the created key's ARN is required, and the message says where to find it",
			args: append([]string{"-config", cfg}, bucketOnly...), code: exitUsage,
			stderr: []string{`createKey: "true" names no key ARN yet: give the ARN of the key the output created, as deployed, with -kms-key-arn (the CloudFormation output CloudTrailLogsKeyArn, or the arn of aws_kms_key.cloudtrail_logs in the Terraform state)`},
		},
		{
			name: "no flag, invalid setup", reason: "the setup's own problems come in the same run",
			args: append([]string{"-config", cfg, "-accounts", "1234"}, bucketOnly...), code: exitUsage,
			stderr: []string{`createKey: "true" names no key ARN yet: give the ARN of the key the output created, as deployed, with -kms-key-arn (the CloudFormation output CloudTrailLogsKeyArn, or the arn of aws_kms_key.cloudtrail_logs in the Terraform state)`,
				`accounts[0]: "1234" is not a 12-digit AWS account ID`},
		},
		{
			name: "setup names its key", reason: "kmsKeyArn in the file and the flag are two sources of one value: refused, even when they agree",
			args: append([]string{"-config", deployed, "-kms-key-arn", createdKeyARN}, bucketOnly...), code: exitUsage,
			stderr: []string{`-kms-key-arn: "` + createdKeyARN + `" is the key of a setup with createKey, but this setup names its key, kmsKeyArn "` + createdKeyARN + `": check the deployed documents against that key (leave -kms-key-arn out), or change kmsKeyArn if the deployed key is another`},
		},
		{
			name: "alias", reason: "parsed as kmsKeyArn is: no alias",
			args: append([]string{"-config", cfg, "-kms-key-arn", "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail"}, bucketOnly...), code: exitUsage,
			stderr: []string{`-kms-key-arn: "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail" is a KMS alias: name the key by its key ARN, because an alias resolves in the caller's account`},
		},
		{
			name: "not a key", reason: "parsed as kmsKeyArn is: a KMS key ARN",
			args: append([]string{"-config", cfg, "-kms-key-arn", "5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e"}, bucketOnly...), code: exitUsage,
			stderr: []string{`-kms-key-arn: "5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e" `},
		},
		{
			name: "wrong account", reason: "the output creates the key in logArchiveAccount",
			args: append([]string{"-config", cfg, "-kms-key-arn", "arn:aws:kms:us-east-1:999988887777:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e"}, bucketOnly...), code: exitUsage,
			stderr: []string{`-kms-key-arn: "arn:aws:kms:us-east-1:999988887777:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e" is in account 999988887777, but the output creates the key in logArchiveAccount 123456789012: give the ARN of the key it created`},
		},
		{
			name: "wrong Region", reason: "the output creates the key in bucketRegion",
			args: append([]string{"-config", cfg, "-kms-key-arn", "arn:aws:kms:eu-west-1:123456789012:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e"}, bucketOnly...), code: exitUsage,
			stderr: []string{`-kms-key-arn: "arn:aws:kms:eu-west-1:123456789012:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e" is in Region eu-west-1, but the output creates the key in bucketRegion us-east-1: give the ARN of the key it created`},
		},
		{
			name: "wrong partition", reason: "the partition rule of kmsKeyArn",
			args: append([]string{"-config", cfg, "-kms-key-arn", "arn:aws-cn:kms:cn-north-1:123456789012:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e"}, bucketOnly...), code: exitUsage,
			stderr: []string{`-kms-key-arn: "arn:aws-cn:kms:cn-north-1:123456789012:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e" is in partition aws-cn, but the setup's partition is aws`},
		},
		{
			name: "placeholder", reason: "the ARN the documents name the key by before it exists is no key's",
			args: append([]string{"-config", cfg, "-kms-key-arn", "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"}, bucketOnly...), code: exitUsage,
			stderr: []string{`-kms-key-arn: "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000" is the placeholder ARN (key ID 00000000-0000-0000-0000-000000000000) by which the documents name the key before it exists: give the ARN the created key got`},
		},
		{
			name: "every problem at once", reason: "the flag's problem and the setup's, one line each",
			args: append([]string{"-config", cfg, "-kms-key-arn", "arn:aws:kms:eu-west-1:999988887777:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e", "-accounts", "123456789012,99998888777"}, bucketOnly...), code: exitUsage,
			stderr: []string{`accounts[1]: "99998888777" is not a 12-digit AWS account ID`,
				`-kms-key-arn: "arn:aws:kms:eu-west-1:999988887777:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e" is in account 999988887777 and Region eu-west-1, but the output creates the key in logArchiveAccount 123456789012 and bucketRegion us-east-1: give the ARN of the key it created`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.long && testing.Short() {
				t.Skip("a whole setup's audit runs without -short")
			}
			code, out, errs := runCmd(append([]string{"audit"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (%s); stderr:\n%s", code, tc.code, tc.reason, errs)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(out, want) {
					t.Errorf("the report lacks %q (%s):\n%s", want, tc.reason, out)
				}
			}
			if tc.code == exitOK && (strings.Contains(out, "FAIL") || strings.Contains(out, "MISSING")) {
				t.Errorf("a property does not pass (%s):\n%s", tc.reason, out)
			}
			checkStderrLines(t, errs, tc.stderr, tc.reason)
		})
	}
}

// TestCheckCreatedKey: check asks the documents of a setup with createKey
// as deployed, naming the created key given with -kms-key-arn, and needs it.
func TestCheckCreatedKey(t *testing.T) {
	cfg, _ := createdKeySetups(t)
	put := []string{"-principal", "cloudtrail.amazonaws.com", "-action", "s3:PutObject",
		"-resource", "arn:aws:s3:::example-ct-logs/AWSLogs/123456789012/CloudTrail/us-east-1/2014/07/31/x.json.gz",
		"-context", "aws:SourceArn=arn:aws:cloudtrail:us-east-1:123456789012:trail/t", "-context", "aws:SourceAccount=123456789012",
		"-context", "aws:SecureTransport=true", "-context", "s3:x-amz-acl=bucket-owner-full-control",
		"-context", "s3:x-amz-server-side-encryption=aws:kms"}
	keyed := func(key string) []string {
		return append(append([]string{}, put...), "-context", "s3:x-amz-server-side-encryption-aws-kms-key-id="+key)
	}
	other := "arn:aws:kms:us-east-1:123456789012:key/1b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e"
	for _, tc := range []struct {
		name, reason string
		args         []string
		code         int
		want         string // the start of stdout, or of stderr for exit 2
	}{
		{"created key", "an upload under the created key is allowed", append([]string{"-kms-key-arn", createdKeyARN}, keyed(createdKeyARN)...), exitOK, "Allow\n"},
		{"another key", "the bucket policy names the created key: an upload under another is denied", append([]string{"-kms-key-arn", createdKeyARN}, keyed(other)...), exitInvalid, "ExplicitDeny\nreason: explicitly denied by resource.Statement[5] (DenyWrongKMSKey)\n"},
		{"no flag", "the created key's ARN is required", keyed(createdKeyARN), exitUsage, `createKey: "true" names no key ARN yet: give the ARN of the key the output created, as deployed, with -kms-key-arn`},
		{"wrong Region", "checked as audit checks it", append([]string{"-kms-key-arn", strings.Replace(createdKeyARN, "us-east-1", "us-west-2", 1)}, keyed(createdKeyARN)...), exitUsage,
			`-kms-key-arn: "arn:aws:kms:us-west-2:123456789012:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e" is in Region us-west-2, but the output creates the key in bucketRegion us-east-1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCmd(append([]string{"check", "-config", cfg}, tc.args...)...)
			got := out
			if tc.code == exitUsage {
				got = errs
			}
			if code != tc.code || !strings.HasPrefix(got, tc.want) {
				t.Errorf("exit %d, want %d and output starting %q (%s); stdout:\n%s\nstderr:\n%s", code, tc.code, tc.want, tc.reason, out, errs)
			}
		})
	}
}

// TestKeyFlagWithoutKey: a setup whose file neither names a key nor
// creates one takes -kms-key-arn as its kmsKeyArn in audit and check too,
// as in every command: a one-off setup from flags alone.
func TestKeyFlagWithoutKey(t *testing.T) {
	key := "arn:aws:kms:us-east-1:123456789012:key/5b2c8d1e-3f4a-4b6c-9d7e-8f0a1b2c3d4e"
	flags := []string{"-bucket", "logs-bucket", "-log-archive-account", "123456789012", "-accounts", "123456789012", "-kms-key-arn", key}
	code, out, errs := runCmd(append([]string{"check"}, append(flags, "-principal", "arn:aws:iam::123456789012:role/x",
		"-action", "kms:ScheduleKeyDeletion", "-resource", key)...)...)
	if code != exitInvalid || !strings.HasPrefix(out, "ExplicitDeny\n") || errs != "" {
		t.Errorf("check asks the key of -kms-key-arn: exit %d, want 1 and ExplicitDeny (the SCP protects the key); stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}

// TestCreatedKeyHintNames: the names by which the help and the error of
// -kms-key-arn say where to find the created key's ARN are the ones the
// Terraform and CloudFormation output of the setup write.
func TestCreatedKeyHintNames(t *testing.T) {
	cfg, _ := createdKeySetups(t)
	kind, name, _ := strings.Cut(format.TerraformKeyAddress, ".")
	for _, tc := range []struct{ format, want string }{
		{"terraform", "resource \"" + kind + "\" \"" + name + "\" {"},
		{"cloudformation", "Outputs:\n  " + format.KeyARNName + ":\n"},
	} {
		code, out, errs := runCmd("-config", cfg, "-format", tc.format, "all")
		if code != exitOK || !strings.Contains(out, tc.want) {
			t.Errorf("%s: exit %d, the output lacks %q; stderr %s", tc.format, code, tc.want, errs)
		}
	}
	for _, cmd := range []string{"audit", "check"} {
		if _, out, _ := runCmd("help", cmd); !strings.Contains(out, "\nWith createKey in the setup, -kms-key-arn ARN is required: the ARN of the\nkey ") {
			t.Errorf("trailpolicy help %s does not say what -kms-key-arn means with createKey:\n%s", cmd, out)
		}
	}
}
