package main

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/policy"
)

// This file reads the output of aws organizations describe-policy, the
// AWS CLI's form of an SCP or RCP as it is deployed:
//
//	{"Policy": {"PolicySummary": {"Id": ..., "Arn": ..., "Name": ...,
//	  "Description": ..., "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": false},
//	  "Content": "<the policy document as a string>"}}
//
// The shape is the DescribePolicy response: a Policy structure holding
// PolicySummary and Content, "the text content of the policy" (a string);
// PolicySummary's members are Id, Arn, Name, Description, Type and
// AwsManaged, and Type is SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY
// for the two kinds read here.
// Sources (read 2026-12-02):
//   - https://awscli.amazonaws.com/v2/documentation/api/2.1.21/reference/organizations/describe-policy.html
//   - https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/organizations/command/DescribePolicyCommand
//     (DescribePolicyResponse: Policy{PolicySummary{Id, Arn, Name, Description, Type, AwsManaged}, Content})
//   - https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicySummary.md
//
// It is read as strictly as {"Policy": "..."}: a key AWS does not document
// (at any level) is refused rather than ignored, Content must be a string
// holding a policy of the kind asked for, and a PolicySummary whose Type is
// another kind of policy (a tag policy given as an SCP) is refused.

// orgWrapperKeys are the members of describe-policy's Policy structure, and
// orgSummaryKeys those of its PolicySummary.
var (
	orgWrapperKeys = []string{"PolicySummary", "Content"}
	orgSummaryKeys = []string{"Id", "Arn", "Name", "Description", "Type", "AwsManaged"}
)

// orgPolicyTypes is the PolicySummary Type of each kind of policy that
// describe-policy prints.
var orgPolicyTypes = map[policy.Kind]string{
	policy.KindSCP: "SERVICE_CONTROL_POLICY",
	policy.KindRCP: "RESOURCE_CONTROL_POLICY",
}

// isOrgWrapper returns whether top is describe-policy's output for a kind
// that has it: {"Policy": {...}} with Policy an object.
func isOrgWrapper(k policy.Kind, top map[string]json.RawMessage) bool {
	_, ok := orgPolicyTypes[k]
	raw := bytes.TrimSpace(top["Policy"])
	return ok && len(raw) > 0 && raw[0] == '{'
}

// unwrapOrg returns the document in describe-policy's Policy.Content, after
// checking every member of the output against the documented shape.
func unwrapOrg(k policy.Kind, top map[string]json.RawMessage) ([]byte, error) {
	var extra []string
	for key := range top {
		if key != "Policy" {
			extra = append(extra, key)
		}
	}
	if len(extra) > 0 {
		slices.Sort(extra)
		return nil, existingErrorf("%s beside \"Policy\": the output of aws organizations describe-policy holds only Policy", jsonstrict.Quote(extra[0]))
	}
	var inner map[string]json.RawMessage
	_ = json.Unmarshal(top["Policy"], &inner) // an object: isOrgWrapper looked
	if err := onlyKeys("Policy", inner, orgWrapperKeys); err != nil {
		return nil, err
	}
	raw, ok := inner["Content"]
	if !ok {
		return nil, existingErrorf("Policy has no Content: aws organizations describe-policy prints the policy document in Policy.Content")
	}
	var doc string
	// null decodes into a string as "": only a JSON string is one.
	if err := json.Unmarshal(raw, &doc); err != nil || !bytes.HasPrefix(bytes.TrimSpace(raw), []byte(`"`)) {
		var v any
		_ = json.Unmarshal(raw, &v)
		return nil, existingErrorf("Policy.Content holds %s, where aws organizations describe-policy writes the policy document as a string", describeJSON(v))
	}
	if raw, ok := inner["PolicySummary"]; ok {
		var summary map[string]json.RawMessage
		if err := json.Unmarshal(raw, &summary); err != nil || summary == nil {
			var v any
			_ = json.Unmarshal(raw, &v)
			return nil, existingErrorf("Policy.PolicySummary holds %s, not an object", describeJSON(v))
		}
		if err := onlyKeys("Policy.PolicySummary", summary, orgSummaryKeys); err != nil {
			return nil, err
		}
		if raw, ok := summary["Type"]; ok {
			var typ string
			if json.Unmarshal(raw, &typ) != nil {
				return nil, existingErrorf("Policy.PolicySummary.Type is not a string")
			}
			if want := orgPolicyTypes[k]; typ != want {
				return nil, existingErrorf("Policy.PolicySummary.Type is %s: %s is a %s", jsonstrict.Quote(typ), article(k), want)
			}
		}
	}
	return []byte(doc), nil
}

// onlyKeys refuses a member of obj (named where) that is not in allowed,
// naming the first in sorted order.
func onlyKeys(where string, obj map[string]json.RawMessage, allowed []string) error {
	var extra []string
	for key := range obj {
		if !slices.Contains(allowed, key) {
			extra = append(extra, key)
		}
	}
	if len(extra) == 0 {
		return nil
	}
	slices.Sort(extra)
	return existingErrorf("%s holds %s: aws organizations describe-policy prints only %s there", where, jsonstrict.Quote(extra[0]), joinAnd(allowed))
}

// joinAnd is A, B and C.
func joinAnd(s []string) string {
	out := ""
	for i, v := range s {
		switch {
		case i == 0:
		case i == len(s)-1:
			out += " and "
		default:
			out += ", "
		}
		out += v
	}
	return out
}
