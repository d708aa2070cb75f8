package main

import (
	"strings"
	"testing"
)

// TestAuditNotifications: audit takes the topic policy and the delivery
// role's two policies by their document names, passes the setup's own,
// and fails a topic policy without its aws:SourceArn condition with a
// counterexample.
func TestAuditNotifications(t *testing.T) {
	if testing.Short() {
		t.Skip("two audits of a whole setup run without -short")
	}
	args := []string{"audit", "-config", notifications}
	for _, name := range []string{"bucket-policy", "key-policy", "vendor-trust-policy", "vendor-read-policy", "logs-role-trust-policy", "logs-role-policy"} {
		args = append(args, "-"+name, printed(t, notifications, name))
	}
	own := printed(t, notifications, "topic-policy")
	code, out, errs := runCmd(append(args, "-topic-policy", own)...)
	if code != exitOK || errs != "" {
		t.Fatalf("own documents: exit %d, stderr %q:\n%s", code, errs, out)
	}
	for _, p := range []string{"topic/trail-publishes", "topic/only-setup-trails-publish", "logs/cloudtrail-assumes-role", "logs/role-writes-only-trail-streams"} {
		if !strings.Contains(out, "PASS    "+p+":") {
			t.Errorf("no PASS for %s:\n%s", p, out)
		}
	}

	_, topic, _ := runCmd("-config", notifications, "topic-policy")
	start, end := strings.Index(topic, `      "Condition"`), strings.LastIndex(topic, "\n    }\n  ]")
	if start < 0 || end < start {
		t.Fatalf("no Condition in the topic policy:\n%s", topic)
	}
	open := strings.TrimSuffix(strings.TrimRight(topic[:start], "\n"), ",") + topic[end:]
	code, out, _ = runCmd(append(args, "-topic-policy", writeFile(t, "open-topic.json", open))...)
	want := "FAIL    topic/only-setup-trails-publish: nobody publishes to the topic but CloudTrail for those trails (principals of the topic's account excepted: their own IAM decides)\n" +
		"        counterexample: cloudtrail.amazonaws.com sns:Publish arn:aws:sns:us-east-1:123456789012:cloudtrail-notifications\n"
	if code != exitInvalid || !strings.Contains(out, want) || !strings.Contains(out, "decided by topic-policy: Statement[0] (AllowCloudTrailPublish) Allow") {
		t.Errorf("a topic policy without aws:SourceArn: exit %d, want 1 and\n%s\ngot:\n%s", code, want, out)
	}
}
