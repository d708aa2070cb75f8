package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Values of the example-corp setup the derived-context tests ask about.
const (
	derivedKey    = "arn:aws:kms:us-east-1:123456789012:key/0f3c9a2e-7b41-4d8e-9c55-2a6e1b7d4f90"
	derivedObject = "arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/CloudTrail/us-east-1/2014/07/31/x.json.gz"
	devTrailCtx   = "kms:EncryptionContext:aws:cloudtrail:arn=arn:aws:cloudtrail:us-east-1:999988887777:trail/x"
)

// TestCheckDerivedContext: check adds the condition keys AWS derives from
// the principal before evaluating, prints the whole context in JSON, and a
// key the request gives (in any letter case) wins.
func TestCheckDerivedContext(t *testing.T) {
	cfg := filepath.Join("testdata", "compat", "setups", "example-corp.yaml")
	kmsAll := writeFile(t, "kms.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}`)
	s3All := writeFile(t, "s3.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)
	tests := []struct {
		name     string
		args     []string
		decision string
		context  map[string][]string
		reason   string
	}{{
		name: "dev-role-decrypts-own-logs",
		args: []string{"-principal", "arn:aws:iam::999988887777:role/x", "-action", "kms:Decrypt", "-resource", derivedKey,
			"-context", devTrailCtx, "-identity", kmsAll},
		decision: "Allow",
		context: map[string][]string{
			"kms:EncryptionContext:aws:cloudtrail:arn": {"arn:aws:cloudtrail:us-east-1:999988887777:trail/x"},
			"aws:PrincipalArn":                         {"arn:aws:iam::999988887777:role/x"},
			"aws:PrincipalAccount":                     {"999988887777"}, "aws:PrincipalIsAWSService": {"false"},
			"kms:CallerAccount": {"999988887777"},
		},
		reason: "the key policy's AllowAccount999988887777ToDecryptOwnLogFiles tests kms:CallerAccount, which AWS puts in every KMS request of an IAM principal",
	}, {
		name: "given-caller-account-wins",
		args: []string{"-principal", "arn:aws:iam::999988887777:role/x", "-action", "kms:Decrypt", "-resource", derivedKey,
			"-context", devTrailCtx, "-identity", kmsAll, "-context", "KMS:callerAccount=123456789012"},
		decision: "ImplicitDeny",
		context: map[string][]string{
			"kms:EncryptionContext:aws:cloudtrail:arn": {"arn:aws:cloudtrail:us-east-1:999988887777:trail/x"},
			"KMS:callerAccount":                        {"123456789012"},
			"aws:PrincipalArn":                         {"arn:aws:iam::999988887777:role/x"},
			"aws:PrincipalAccount":                     {"999988887777"}, "aws:PrincipalIsAWSService": {"false"},
		},
		reason: "a kms:CallerAccount the user gives, in another letter case, is kept: Production's statement wants Production's trails",
	}, {
		name: "session-of-a-role",
		args: []string{"-principal", "arn:aws:sts::123456789012:assumed-role/CloudTrailAccessForAnyCompany/s", "-action", "s3:GetObject",
			"-resource", derivedObject, "-context", "aws:SecureTransport=true"},
		decision: "Allow",
		context: map[string][]string{"aws:SecureTransport": {"true"},
			"aws:PrincipalArn":     {"arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany"},
			"aws:PrincipalAccount": {"123456789012"}, "aws:PrincipalIsAWSService": {"false"}},
		reason: "a session's aws:PrincipalArn is its role's ARN; no kms:CallerAccount for an S3 action",
	}, {
		name: "role-on-a-path-given",
		args: []string{"-principal", "arn:aws:sts::123456789012:assumed-role/Ops/s", "-action", "s3:GetObject",
			"-resource", derivedObject, "-context", "aws:principalarn=arn:aws:iam::123456789012:role/team/Ops"},
		decision: "ImplicitDeny",
		context: map[string][]string{"aws:principalarn": {"arn:aws:iam::123456789012:role/team/Ops"},
			"aws:PrincipalAccount": {"123456789012"}, "aws:PrincipalIsAWSService": {"false"}},
		reason: "the session ARN has no path: the role ARN given with -context stands, and no second aws:PrincipalArn is added",
	}, {
		name:     "user",
		args:     []string{"-principal", "arn:aws:iam::999988887777:user/ops/bob", "-action", "kms:Decrypt", "-resource", derivedKey, "-context", devTrailCtx},
		decision: "ImplicitDeny",
		context: map[string][]string{
			"kms:EncryptionContext:aws:cloudtrail:arn": {"arn:aws:cloudtrail:us-east-1:999988887777:trail/x"},
			"aws:PrincipalArn":                         {"arn:aws:iam::999988887777:user/ops/bob"},
			"aws:PrincipalAccount":                     {"999988887777"}, "aws:PrincipalIsAWSService": {"false"},
			"kms:CallerAccount": {"999988887777"},
		},
		reason: "a user is its own aws:PrincipalArn, path and all; without an identity policy the cross-account key policy alone does not allow",
	}, {
		name:     "root",
		args:     []string{"-principal", "arn:aws:iam::999988887777:root", "-action", "kms:Decrypt", "-resource", derivedKey, "-context", devTrailCtx},
		decision: "Allow",
		context: map[string][]string{
			"kms:EncryptionContext:aws:cloudtrail:arn": {"arn:aws:cloudtrail:us-east-1:999988887777:trail/x"},
			"aws:PrincipalArn":                         {"arn:aws:iam::999988887777:root"},
			"aws:PrincipalAccount":                     {"999988887777"}, "aws:PrincipalIsAWSService": {"false"},
			"kms:CallerAccount": {"999988887777"},
		},
		reason: "the root user needs no identity policy; the key policy allows it with kms:CallerAccount derived",
	}, {
		name: "service-with-source-arn",
		args: []string{"-principal", "cloudtrail.amazonaws.com", "-action", "kms:GenerateDataKey", "-resource", derivedKey,
			"-context", "aws:SourceArn=arn:aws:cloudtrail:us-east-1:999988887777:trail/dev",
			"-context", "kms:EncryptionContext:aws:cloudtrail:arn=arn:aws:cloudtrail:us-east-1:999988887777:trail/dev"},
		decision: "Allow",
		context: map[string][]string{
			"aws:SourceArn": {"arn:aws:cloudtrail:us-east-1:999988887777:trail/dev"},
			"kms:EncryptionContext:aws:cloudtrail:arn": {"arn:aws:cloudtrail:us-east-1:999988887777:trail/dev"},
			"aws:PrincipalIsAWSService":                {"true"}, "aws:SourceAccount": {"999988887777"},
		},
		reason: "a service gets aws:PrincipalIsAWSService true and aws:SourceAccount from its source ARN; no kms:CallerAccount",
	}, {
		name: "scp-tests-principal-account",
		args: []string{"-principal", "arn:aws:iam::123456789012:role/Admin", "-action", "s3:PutAccountPublicAccessBlock",
			"-resource", "arn:aws:s3:us-east-1:123456789012:accesspoint/x", "-identity", kmsAll, "-identity", s3All},
		decision: "ExplicitDeny",
		context: map[string][]string{"aws:PrincipalArn": {"arn:aws:iam::123456789012:role/Admin"},
			"aws:PrincipalAccount": {"123456789012"}, "aws:PrincipalIsAWSService": {"false"}},
		reason: "the SCP's DenyAccountPublicAccessBlockChanges tests aws:PrincipalAccount: without it derived, check allowed the change",
	}, {
		name:     "anonymous",
		args:     []string{"-principal", "anonymous", "-action", "s3:GetObject", "-resource", derivedObject},
		decision: "ImplicitDeny",
		context:  map[string][]string{"aws:PrincipalAccount": {"anonymous"}},
		reason:   "an anonymous request carries aws:PrincipalAccount anonymous, and never aws:SecureTransport by default",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stdout, stderr := runCmd(append([]string{"check", "-config", cfg, "-format", "json"}, tc.args...)...)
			var got checkReport
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("not JSON: %v\nstdout %s\nstderr %s", err, stdout, stderr)
			}
			if got.Decision != tc.decision {
				t.Errorf("decision %s (%s), want %s (%s)", got.Decision, got.Reason, tc.decision, tc.reason)
			}
			if diff := cmp.Diff(tc.context, got.Request.Context); diff != "" {
				t.Errorf("context (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}
}

// TestCheckDerivedContextText: the text output names the keys check
// added, and only those; with nothing to add there is no such line.
func TestCheckDerivedContextText(t *testing.T) {
	cfg := filepath.Join("testdata", "compat", "setups", "example-corp.yaml")
	_, stdout, _ := runCmd("check", "-config", cfg, "-principal", "cloudtrail.amazonaws.com", "-action", "s3:GetObject", "-resource", derivedObject,
		"-context", "aws:SourceArn=arn:aws:cloudtrail:us-east-1:999988887777:trail/dev")
	if want := "\nderived context: aws:PrincipalIsAWSService=true, aws:SourceAccount=999988887777\n"; !strings.Contains(stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, stdout)
	}
	_, stdout, _ = runCmd("check", "-config", cfg, "-principal", "anonymous", "-action", "s3:GetObject", "-resource", derivedObject,
		"-context", "aws:PrincipalAccount=anonymous")
	if strings.Contains(stdout, "derived context") {
		t.Errorf("nothing was derived, yet:\n%s", stdout)
	}
}

// TestCheckDerivedContextRequests: each line of -requests gets the keys of
// its own principal, and none leaks into the next line.
func TestCheckDerivedContextRequests(t *testing.T) {
	cfg := filepath.Join("testdata", "compat", "setups", "example-corp.yaml")
	kmsAll := writeFile(t, "kms.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}`)
	reqs := writeFile(t, "requests.jsonl", `{"principal": "arn:aws:iam::999988887777:role/x", "action": "kms:Decrypt", "resource": "`+derivedKey+`", "context": {"kms:EncryptionContext:aws:cloudtrail:arn": ["arn:aws:cloudtrail:us-east-1:999988887777:trail/x"]}}
{"principal": "anonymous", "action": "kms:Decrypt", "resource": "`+derivedKey+`"}
`)
	code, stdout, stderr := runCmd("check", "-config", cfg, "-identity", kmsAll, "-format", "json", "-requests", reqs)
	if code != exitInvalid {
		t.Errorf("exit %d, want 1 (the anonymous request is denied); stderr %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	want := []struct {
		decision string
		context  map[string][]string
	}{
		{"Allow", map[string][]string{
			"kms:EncryptionContext:aws:cloudtrail:arn": {"arn:aws:cloudtrail:us-east-1:999988887777:trail/x"},
			"aws:PrincipalArn":                         {"arn:aws:iam::999988887777:role/x"},
			"aws:PrincipalAccount":                     {"999988887777"}, "aws:PrincipalIsAWSService": {"false"},
			"kms:CallerAccount": {"999988887777"},
		}},
		{"ImplicitDeny", map[string][]string{"aws:PrincipalAccount": {"anonymous"}}},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), stdout)
	}
	for i, line := range lines {
		var got checkReport
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if got.Decision != want[i].decision {
			t.Errorf("line %d: %s (%s), want %s", i+1, got.Decision, got.Reason, want[i].decision)
		}
		if diff := cmp.Diff(want[i].context, got.Request.Context); diff != "" {
			t.Errorf("line %d: context (-want +got):\n%s", i+1, diff)
		}
	}
}
