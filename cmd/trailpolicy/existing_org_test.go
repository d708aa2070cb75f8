package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/policy"
)

// describePolicy is doc as aws organizations describe-policy prints it, of
// type typ.
func describePolicy(doc, typ string) string {
	b, _ := json.Marshal(map[string]any{"Policy": map[string]any{
		"PolicySummary": map[string]any{
			"Id": "p-examplescp1", "Arn": "arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-examplescp1",
			"Name": "log-archive", "Description": "protects the log archive", "Type": typ, "AwsManaged": false,
		},
		"Content": doc,
	}})
	return string(b)
}

// TestReadDescribePolicy: the output of aws organizations describe-policy is
// read for an SCP and an RCP as the document in its Content, and as
// strictly as {"Policy": "..."}: nothing AWS does not print, Content a
// string holding a policy of the kind, and a Type of that kind.
func TestReadDescribePolicy(t *testing.T) {
	const scp = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyDelete","Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::b/*"}]}`
	const rcp = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecure","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`
	good := describePolicy(scp, "SERVICE_CONTROL_POLICY")
	replace := func(old, new string) string {
		if !strings.Contains(good, old) {
			t.Fatalf("the wrapper has no %s", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	tests := []struct {
		name   string
		kind   policy.Kind
		data   string
		want   string // the problem; "" for none
		reason string
	}{
		{"scp", policy.KindSCP, good, "", "describe-policy's output, as printed"},
		{"rcp", policy.KindRCP, describePolicy(rcp, "RESOURCE_CONTROL_POLICY"), "", "an RCP too"},
		{"content-only", policy.KindSCP, `{"Policy":{"Content":` + jsonString(scp) + `}}`, "", "PolicySummary carries nothing the policy needs"},
		{"plain-wrapper-still-read", policy.KindSCP, `{"Policy":` + jsonString(scp) + `}`, "", `{"Policy": "..."} as before`},

		{"junk-beside-policy", policy.KindSCP, strings.TrimSuffix(good, "}") + `,"NextToken":"x"}`, `"NextToken" beside "Policy": the output of aws organizations describe-policy holds only Policy`, "a member AWS does not print is refused, not ignored"},
		{"junk-in-policy", policy.KindSCP, replace(`"Content":`, `"Targets":[],"Content":`), `Policy holds "Targets": aws organizations describe-policy prints only PolicySummary and Content there`, "nor inside Policy"},
		{"junk-in-summary", policy.KindSCP, replace(`"Id":`, `"Version":"2012-10-17","Id":`), `Policy.PolicySummary holds "Version": aws organizations describe-policy prints only Id, Arn, Name, Description, Type and AwsManaged there`, "nor in the summary"},
		{"policy-name-is-get-key-policy", policy.KindSCP, strings.TrimSuffix(good, "}") + `,"PolicyName":"default"}`, `"PolicyName" beside "Policy"`, "PolicyName belongs to the other wrapper"},
		{"no-content", policy.KindSCP, `{"Policy":{"PolicySummary":{"Id":"p-examplescp1"}}}`, "Policy has no Content", "a summary alone is no policy"},
		{"content-object", policy.KindSCP, `{"Policy":{"Content":` + scp + `}}`, "Policy.Content holds an object, where aws organizations describe-policy writes the policy document as a string", "the AWS CLI writes Content as a string"},
		{"content-null", policy.KindSCP, `{"Policy":{"Content":null}}`, "Policy.Content holds null", "null is no string"},
		{"content-not-json", policy.KindSCP, `{"Policy":{"Content":"Deny everything"}}`, `the policy in "Policy.Content": not JSON`, "a string that is no policy"},
		{"content-empty-policy", policy.KindSCP, `{"Policy":{"Content":"{}"}}`, `the policy in "Policy.Content": has no Statement: not a service control policy document`, "{} would read as an SCP that denies nothing"},
		{"content-duplicate", policy.KindSCP, `{"Policy":{"Content":` + jsonString(strings.Replace(scp, `"Effect":"Deny"`, `"Effect":"Deny","Effect":"Allow"`, 1)) + `}}`, `the policy in "Policy.Content": json: key "Statement[0].Effect" is given twice`, "the document inside is read as strictly"},
		{"content-wrong-kind", policy.KindSCP, describePolicy(rcp, "SERVICE_CONTROL_POLICY"), `the policy in "Policy.Content": Statement[0] ("DenyInsecure"): it names a Principal, which a service control policy never does`, "an RCP's statements are no SCP's"},
		{"type-other", policy.KindSCP, describePolicy(scp, "TAG_POLICY"), `Policy.PolicySummary.Type is "TAG_POLICY": a service control policy is a SERVICE_CONTROL_POLICY`, "a tag policy is no SCP"},
		{"type-rcp-as-scp", policy.KindRCP, good, `Policy.PolicySummary.Type is "SERVICE_CONTROL_POLICY": a resource control policy is a RESOURCE_CONTROL_POLICY`, "an SCP given as an RCP"},
		{"type-not-string", policy.KindSCP, replace(`"Type":"SERVICE_CONTROL_POLICY"`, `"Type":1`), "Policy.PolicySummary.Type is not a string", "Type is a string"},
		{"summary-not-object", policy.KindSCP, `{"Policy":{"PolicySummary":[],"Content":` + jsonString(scp) + `}}`, "Policy.PolicySummary holds an array, not an object", "the summary is an object"},
		{"duplicate-content", policy.KindSCP, `{"Policy":{"Content":"{}","Content":` + jsonString(scp) + `}}`, `json: key "Policy.Content" is given twice`, "the second Content would win"},
		{"bucket-policy-refuses-it", policy.KindBucketPolicy, good, "Policy holds an object, where the AWS CLI writes the policy document as a string", "only SCPs and RCPs come from describe-policy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := readExisting(tc.kind, []byte(tc.data), true)
			if tc.want == "" {
				if err != nil || d == nil {
					t.Fatalf("readExisting: %v (%s)", err, tc.reason)
				}
				return
			}
			if err == nil || d != nil {
				t.Fatalf("readExisting: %v, document %v; want %q (%s)", err, d != nil, tc.want, tc.reason)
			}
			if got := policy.Unjoin(err); len(got) != 1 || !strings.HasPrefix(got[0].Error(), tc.want) {
				t.Errorf("problems %q, want one starting %q (%s)", got, tc.want, tc.reason)
			}
		})
	}

	// The document read is the one in Content, statement for statement.
	d, err := readExisting(policy.KindSCP, []byte(good), true)
	if err != nil {
		t.Fatal(err)
	}
	want, err := policy.Decode(policy.KindSCP, []byte(scp))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Statements, d.Statements); diff != "" {
		t.Errorf("statements (-want +got):\n%s", diff)
	}
}

// jsonString is s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestDescribePolicyCommands: diff, check and audit take an SCP as aws
// organizations describe-policy prints it.
func TestDescribePolicyCommands(t *testing.T) {
	cfg := writeFile(t, "setup.yaml", exampleCorp)
	_, scp, _ := runCmd("-config", cfg, "scp")
	file := writeFile(t, "scp-described.json", describePolicy(scp, "SERVICE_CONTROL_POLICY"))

	if code, out, errs := runCmd("diff", "-config", cfg, "scp", file); code != exitOK {
		t.Errorf("diff of the setup's own SCP, described: exit %d, %s%s", code, out, errs)
	}
	log := "arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/CloudTrail/us-east-1/2014/07/31/x.json.gz"
	code, out, errs := runCmd("check", "-config", cfg, "-scp", file, "-principal", "arn:aws:iam::123456789012:role/Admin",
		"-action", "s3:DeleteObject", "-resource", log)
	if code != exitInvalid || !strings.Contains(out, "ExplicitDeny") {
		t.Errorf("check -scp described: exit %d, %s%s", code, out, errs)
	}
	junk := writeFile(t, "scp-junk.json", strings.Replace(describePolicy(scp, "SERVICE_CONTROL_POLICY"), `"Content":`, `"Extra":1,"Content":`, 1))
	if code, _, errs := runCmd("diff", "-config", cfg, "scp", junk); code != exitUsage || !strings.Contains(errs, `Policy holds "Extra"`) {
		t.Errorf("diff of a described SCP with junk: exit %d, %s", code, errs)
	}
}
