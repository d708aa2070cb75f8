package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckRefusesUnknownActions: an action of S3, CloudTrail or KMS that
// AWS does not publish is a usage error with the action meant, not an
// ImplicitDeny that reads like an answer; IAM's case-insensitive names and
// services without a list pass.
func TestCheckRefusesUnknownActions(t *testing.T) {
	cfg := filepath.Join("..", "..", "examples", "example-corp.yaml")
	obj := "arn:aws:s3:::example-ct-logs/AWSLogs/123456789012/CloudTrail/x.json.gz"
	tests := []struct {
		action, resource string
		refused          bool
		stderr, reason   string
	}{
		{"s3:GetObjekt", obj, true, "did you mean s3:GetObject?", "a typo"},
		{"kms:Decrypts", "arn:aws:kms:us-east-1:123456789012:key/0f3c9a2e-7b41-4d8e-9c55-2a6e1b7d4f90", true, "did you mean kms:Decrypt?", "a typo in KMS"},
		{"cloudtrail:StopLoging", "arn:aws:cloudtrail:us-east-1:123456789012:trail/t", true, "did you mean cloudtrail:StopLogging?", "a typo in CloudTrail"},
		{"s3:getobject", obj, false, "", "IAM ignores case in action names"},
		{"sts:AssumeRole", "arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany", false, "", "no list for sts: passed as written"},
	}
	for _, tc := range tests {
		code, _, stderr := runCmd("check", "-config", cfg, "-principal", "arn:aws:iam::123456789012:role/Admin", "-action", tc.action, "-resource", tc.resource)
		if refused := code == exitUsage; refused != tc.refused || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("%s: exit %d, stderr %q; want refused %v, stderr with %q (%s)", tc.action, code, stderr, tc.refused, tc.stderr, tc.reason)
		}
	}
}
