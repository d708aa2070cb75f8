package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// notifications is the compat setup whose production account's trails
// notify an SNS topic and send events to a CloudWatch Logs log group.
var notifications = filepath.Join("testdata", "compat", "setups", "notifications.yaml")

// TestNotificationDocuments: the topic policy and the delivery role's two
// policies print by name, and the notes say what the trail needs that no
// document holds.
func TestNotificationDocuments(t *testing.T) {
	cases := []struct {
		doc      string
		stdout   string // a line of the document
		stderr   string // a note, "" for none
		reason   string
		noteless bool
	}{
		{"topic-policy", `"aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/*"`,
			"note: topic-policy: if the SNS topic arn:aws:sns:us-east-1:123456789012:cloudtrail-notifications is encrypted with a customer managed KMS key, that key's policy must also allow cloudtrail.amazonaws.com kms:GenerateDataKey* and kms:Decrypt",
			"a topic encrypted with a key of its own needs that key's policy too", false},
		{"logs-role-trust-policy", `"Action": "sts:AssumeRole"`,
			"note: logs-role-trust-policy: give the trail CloudWatchLogsRoleArn arn:aws:iam::123456789012:role/CloudTrailToCloudWatch",
			"the trail needs the role's ARN, which no policy holds", false},
		{"logs-role-policy", `"arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/events:log-stream:123456789012_CloudTrail_us-east-1*"`,
			"", "the role policy alone needs no note", true},
	}
	for _, tc := range cases {
		t.Run(tc.doc, func(t *testing.T) {
			code, stdout, stderr := runCmd("-config", notifications, tc.doc)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(stdout, tc.stdout) {
				t.Errorf("%s does not hold %s:\n%s", tc.doc, tc.stdout, stdout)
			}
			if tc.noteless && stderr != "" || !tc.noteless && !strings.Contains(stderr, tc.stderr) {
				t.Errorf("%s: stderr %q, want %q", tc.reason, stderr, tc.stderr)
			}
		})
	}

	// A setup without them names the field that would call for each.
	for doc, field := range map[string]string{"topic-policy": "snsTopicArn", "logs-role-policy": "cloudWatchLogsGroupArn"} {
		cfg := writeFile(t, "setup.yaml", exampleCorp)
		code, stdout, stderr := runCmd("-config", cfg, doc)
		if code != exitInvalid || stdout != "" || !strings.HasPrefix(stderr, field+`: "" is empty: the setup calls for no`) {
			t.Errorf("%s without %s: exit %d, stdout %q, stderr %q", doc, field, code, stdout, stderr)
		}
	}
}

// TestNotificationCheck: check picks the topic policy for the topic and the
// delivery role's policies for its role and its sessions.
func TestNotificationCheck(t *testing.T) {
	const (
		topic  = "arn:aws:sns:us-east-1:123456789012:cloudtrail-notifications"
		role   = "arn:aws:iam::123456789012:role/CloudTrailToCloudWatch"
		stream = "arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/events:log-stream:"
	)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"publish-own-trail", []string{"-principal", "cloudtrail.amazonaws.com", "-action", "sns:Publish", "-resource", topic,
			"-context", "aws:SourceArn=arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events"}, exitOK, "topic-policy: Statement[0] (AllowCloudTrailPublish) Allow"},
		{"publish-other-account", []string{"-principal", "cloudtrail.amazonaws.com", "-action", "sns:Publish", "-resource", topic,
			"-context", "aws:SourceArn=arn:aws:cloudtrail:us-east-1:999988887777:trail/management-events"}, exitInvalid, "ImplicitDeny"},
		{"assume", []string{"-principal", "cloudtrail.amazonaws.com", "-action", "sts:AssumeRole", "-resource", role}, exitOK,
			"logs-role-trust-policy: Statement[0] (AllowCloudTrailAssumeRole) Allow"},
		{"assume-other-service", []string{"-principal", "ec2.amazonaws.com", "-action", "sts:AssumeRole", "-resource", role}, exitInvalid, "ImplicitDeny"},
		{"put-own-stream", []string{"-principal", "arn:aws:sts::123456789012:assumed-role/CloudTrailToCloudWatch/cloudtrail", "-action", "logs:PutLogEvents",
			"-resource", stream + "123456789012_CloudTrail_us-east-1_2"}, exitOK, "logs-role-policy: Statement[1] (AWSCloudTrailPutLogEvents) Allow"},
		{"put-other-stream", []string{"-principal", role, "-action", "logs:PutLogEvents", "-resource", stream + "app"}, exitInvalid, "ImplicitDeny"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(append([]string{"check", "-config", notifications}, tc.args...)...)
			if code != tc.code || !strings.Contains(stdout, tc.want) {
				t.Errorf("exit %d (want %d), stdout %q (want %q), stderr %q", code, tc.code, stdout, tc.want, stderr)
			}
		})
	}
}

// TestNotificationDiff: diff compares a deployed topic policy with the
// setup's, statement by statement.
func TestNotificationDiff(t *testing.T) {
	deployed := writeFile(t, "topic.json", `{"Version":"2012-10-17","Statement":[{"Sid":"AWSCloudTrailSNSPolicy20131101","Effect":"Allow",
"Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"SNS:Publish","Resource":"arn:aws:sns:us-east-1:123456789012:cloudtrail-notifications"}]}`)
	code, stdout, stderr := runCmd("diff", "-config", notifications, "topic-policy", deployed)
	if code != exitInvalid || stdout == "" {
		t.Errorf("diff of CloudTrail's default topic policy, without aws:SourceArn: exit %d, stdout %q, stderr %q; want a difference", code, stdout, stderr)
	}
	wrongKind := writeFile(t, "key.json", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}`)
	code, _, stderr = runCmd("diff", "-config", notifications, "topic-policy", wrongKind)
	if code != exitUsage || !strings.Contains(stderr, "is not an SNS action") {
		t.Errorf("diff of a key policy as the topic policy: exit %d, stderr %q; want it refused as not a topic policy", code, stderr)
	}
}

// TestNotificationFlags: the two fields have flags, so a one-off needs no
// setup file, and each calls for its documents alone.
func TestNotificationFlags(t *testing.T) {
	base := []string{"-bucket", "example-ct-logs", "-accounts", "123456789012"}
	for _, tc := range []struct {
		flags []string
		doc   string
		want  string
	}{
		{[]string{"-sns-topic-arn", "arn:aws:sns:us-east-1:123456789012:n"}, "topic-policy", `"Resource": "arn:aws:sns:us-east-1:123456789012:n"`},
		{[]string{"-cloudwatch-logs-group-arn", "arn:aws:logs:us-east-1:123456789012:log-group:g"}, "logs-role-policy",
			`"arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:123456789012_CloudTrail_us-east-1*"`},
	} {
		code, stdout, stderr := runCmd(append(append(base, tc.flags...), tc.doc)...)
		if code != exitOK || !strings.Contains(stdout, tc.want) {
			t.Errorf("%q %s: exit %d, stdout %q, stderr %q; want %s", tc.flags, tc.doc, code, stdout, stderr, tc.want)
		}
	}
	code, _, stderr := runCmd(append(base, "-sns-topic-arn", "arn:aws:sns:us-east-1:444455556666:n", "topic-policy")...)
	if code != exitInvalid || !strings.HasPrefix(stderr, `snsTopicArn: "arn:aws:sns:us-east-1:444455556666:n" is in account 444455556666, which owns no trail of the setup`) {
		t.Errorf("a topic of another account: exit %d, stderr %q", code, stderr)
	}
}
