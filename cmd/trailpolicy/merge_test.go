package main

import (
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
)

// accessLogs is a bucket policy a user already has: S3 server access logs
// delivered into the same bucket under another prefix.
const accessLogs = `{"Version":"2012-10-17","Statement":[{"Sid":"S3ServerAccessLogsPolicy","Effect":"Allow",
"Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject",
"Resource":"arn:aws:s3:::example-ct-logs/access-logs/*","Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}`

func TestMergeInto(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)

	t.Run("keeps-existing-statements", func(t *testing.T) {
		existing := writeFile(t, "current.json", accessLogs)
		code, stdout, stderr := runCmd("-config", cfg, "-merge-into", existing, "bucket-policy")
		if code != exitOK || stderr != "" {
			t.Fatalf("exit %d, stderr %q; want 0 and nothing", code, stderr)
		}
		merged, err := policy.Decode(policy.KindBucketPolicy, []byte(stdout))
		if err != nil {
			t.Fatal(err)
		}
		if err := merged.Validate(); err != nil {
			t.Errorf("merged policy is invalid: %v", err)
		}
		_, plain, _ := runCmd("-config", cfg, "bucket-policy")
		generated, err := policy.Decode(policy.KindBucketPolicy, []byte(plain))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(merged.Statements), len(generated.Statements)+1; got != want {
			t.Errorf("merged policy has %d statements, want the %d generated plus the existing one", got, want-1)
		}
		if merged.Statements[0].Sid != "S3ServerAccessLogsPolicy" {
			t.Errorf("first statement is %q; the existing statements should come first, unchanged", merged.Statements[0].Sid)
		}
	})

	t.Run("sid-collision", func(t *testing.T) {
		clash := strings.Replace(accessLogs, "S3ServerAccessLogsPolicy", "DenyInsecureTransport", 1)
		existing := writeFile(t, "current.json", clash)
		code, stdout, stderr := runCmd("-config", cfg, "-merge-into", existing, "bucket-policy")
		if code != exitInvalid || stdout != "" {
			t.Fatalf("exit %d, stdout %q; want %d and nothing on stdout", code, stdout, exitInvalid)
		}
		if !strings.Contains(stderr, existing+": ") || !strings.Contains(stderr, `"DenyInsecureTransport"`) {
			t.Errorf("stderr should name the file and the Sid that collides:\n%s", stderr)
		}
	})

	t.Run("wrong-document", func(t *testing.T) {
		existing := writeFile(t, "current.json", accessLogs)
		if code, stdout, _ := runCmd("-config", cfg, "-merge-into", existing, "scp"); code != exitUsage || stdout != "" {
			t.Errorf("-merge-into with scp: exit %d, stdout %q; want %d and nothing", code, stdout, exitUsage)
		}
	})

	t.Run("unreadable-policy", func(t *testing.T) {
		existing := writeFile(t, "current.json", `{"Version": "2012-10-17", "Statement": [`)
		if code, stdout, _ := runCmd("-config", cfg, "-merge-into", existing, "bucket-policy"); code != exitUsage || stdout != "" {
			t.Errorf("broken JSON: exit %d, stdout %q; want %d and nothing", code, stdout, exitUsage)
		}
	})
}
