package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCheckRCP: with an organization, check applies the setup's RCP to the
// bucket, its objects and the key, and names it in the deciding statements.
func TestCheckRCP(t *testing.T) {
	cfg := filepath.Join("testdata", "compat", "setups", "organization.yaml")
	admin := writeFile(t, "admin.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	const object = "arn:aws:s3:::org-cloudtrail-logs/central/logs/AWSLogs/o-a1b2c3d4e5/333333333333/CloudTrail/eu-west-1/2026/12/02/x.json.gz"
	iam := func(role string, org bool) []string {
		args := []string{"-principal", role, "-identity", admin, "-context", "aws:SecureTransport=true",
			"-context", "aws:PrincipalIsAWSService=false", "-context", "aws:PrincipalArn=" + role}
		if org {
			args = append(args, "-context", "aws:PrincipalOrgID=o-a1b2c3d4e5")
		}
		return args
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		want   []string
		reason string
	}{{
		name: "outsider-reads",
		args: append(iam("arn:aws:iam::777777777777:role/Admin", false), "-action", "s3:GetObject", "-resource", object),
		code: 1,
		want: []string{
			"ExplicitDeny",
			"reason: explicitly denied by rcp[0].Statement[0] (DenyPrincipalsOutsideOrganization)",
			"derived context: aws:PrincipalAccount=777777777777",
			"deciding statements:",
			"  rcp: Statement[0] (DenyPrincipalsOutsideOrganization) Deny",
		},
		reason: "a principal outside the organization is denied by the RCP",
	}, {
		name: "management-admin-deletes",
		args: append(iam("arn:aws:iam::111111111111:role/Admin", true), "-action", "s3:DeleteObject", "-resource", object),
		code: 1,
		want: []string{
			"ExplicitDeny",
			"reason: explicitly denied by rcp[0].Statement[3] (DenyLogBucketTampering)",
			"derived context: aws:PrincipalAccount=111111111111",
			"deciding statements:",
			"  rcp: Statement[3] (DenyLogBucketTampering) Deny",
		},
		reason: "no SCP restricts the management account's principals; the RCP on the log archive account's bucket does",
	}, {
		name: "org-trail-delivers",
		args: []string{"-principal", "cloudtrail.amazonaws.com", "-action", "s3:PutObject", "-resource", object,
			"-context", "aws:SecureTransport=true", "-context", "s3:x-amz-acl=bucket-owner-full-control",
			"-context", "aws:SourceArn=arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail", "-context", "aws:SourceAccount=111111111111",
			"-context", "aws:SourceOrgID=o-a1b2c3d4e5", "-context", "aws:PrincipalIsAWSService=true",
			"-context", "s3:x-amz-server-side-encryption=aws:kms",
			"-context", "s3:x-amz-server-side-encryption-aws-kms-key-id=arn:aws:kms:eu-west-1:222222222222:key/mrk-1234abcd12ab34cd56ef1234567890ab"},
		code: 0,
		want: []string{
			"Allow",
			"reason: allowed by the bucket policy for the service principal",
			"deciding statements:",
			"  bucket-policy: Statement[4] (AWSCloudTrailOrganizationWrite) Allow",
		},
		reason: "the RCP lets CloudTrail deliver",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append([]string{"check", "-config", cfg}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (%s); stderr %s", code, tc.code, tc.reason, stderr)
			}
			if diff := cmp.Diff(tc.want, strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")); diff != "" {
				t.Errorf("output (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}
}

// TestDiffRCP: diff takes rcp like scp; an SCP offered as the RCP is
// refused, statement by statement.
func TestDiffRCP(t *testing.T) {
	cfg := filepath.Join("testdata", "compat", "setups", "organization.yaml")
	code, own, stderr := runCmd("-config", cfg, "rcp")
	if code != exitOK {
		t.Fatalf("rcp: exit %d: %s", code, stderr)
	}
	current := writeFile(t, "rcp.json", own)
	if code, stdout, stderr := runCmd("diff", "-config", cfg, "rcp", current); code != exitOK || !strings.Contains(stdout, "is equivalent to the setup's rcp") {
		t.Errorf("diff of its own rcp: exit %d, stdout %q, stderr %q; want 0, equivalent", code, stdout, stderr)
	}
	_, scp1, _ := runCmd("-config", cfg, "scp-1")
	wrong := writeFile(t, "scp.json", scp1)
	code, _, stderr = runCmd("diff", "-config", cfg, "rcp", wrong)
	if code != exitUsage || !strings.Contains(stderr, "which every statement of a resource control policy does; is this a service control policy") {
		t.Errorf("diff rcp against an SCP: exit %d, stderr %q; want 2 naming the mix-up", code, stderr)
	}
}
