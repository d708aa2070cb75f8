package policy_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/policy"
)

func TestCanonical(t *testing.T) {
	const head = `{"Version":"2012-10-17","Statement":[`
	tests := []struct {
		name   string
		a, b   string
		equal  bool
		reason string
	}{
		{name: "string equals one-element list",
			a:     head + `{"Sid":"A","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"}]}`,
			b:     head + `{"Sid":"A","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::logs/*"]}]}`,
			equal: true, reason: `"x" means ["x"]`},
		{name: "statement order ignored",
			a:     head + `{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},{"Sid":"B","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}`,
			b:     head + `{"Sid":"B","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"},{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			equal: true, reason: "statements are a set"},
		{name: "value order ignored",
			a:     head + `{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":["1","2"]}}}]}`,
			b:     head + `{"Effect":"Allow","Principal":"*","Action":["s3:PutObject","s3:GetObject"],"Resource":"*","Condition":{"StringEquals":{"aws:SourceAccount":["2","1"]}}}]}`,
			equal: true, reason: "values are sets"},
		{name: "duplicate values ignored",
			a:     head + `{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:GetObject"],"Resource":"*"}]}`,
			b:     head + `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			equal: true, reason: "a repeated value adds nothing"},
		{name: "wildcard principal equals AWS wildcard",
			a:     head + `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`,
			b:     head + `{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"*"}]}`,
			equal: true, reason: `AWS treats "*" and {"AWS":"*"} alike`},
		{name: "boolean equals string",
			a:     head + `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`,
			b:     head + `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
			equal: true, reason: "AWS stores booleans as strings"},
		{name: "empty version equals current",
			a:     `{"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`,
			b:     `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`,
			equal: true, reason: "an empty Version renders as the current one"},
		{name: "different Sid",
			a:     head + `{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			b:     head + `{"Sid":"B","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			equal: false, reason: "Sids are kept to match statements in diffs"},
		{name: "different effect",
			a:     head + `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			b:     head + `{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			equal: false, reason: "the meaning changes"},
		{name: "true differs from false",
			a:     head + `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true}}}]}`,
			b:     head + `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
			equal: false, reason: "the meaning changes"},
		{name: "Action differs from NotAction",
			a:     head + `{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
			b:     head + `{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"*"}]}`,
			equal: false, reason: "opposite meaning"},
		{name: "conditions in one block differ from two statements",
			a: head + `{"Sid":"D","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringNotEquals":{"a":"x","b":"y"}}}]}`,
			b: head + `{"Sid":"D","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringNotEquals":{"a":"x"}}},` +
				`{"Sid":"D","Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"*","Condition":{"StringNotEquals":{"b":"y"}}}]}`,
			equal: false, reason: "conditions in one statement are ANDed; the published mistake"},
		{name: "service principal differs from AWS principal",
			a:     head + `{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:*","Resource":"*"}]}`,
			b:     head + `{"Effect":"Allow","Principal":{"AWS":"cloudtrail.amazonaws.com"},"Action":"s3:*","Resource":"*"}]}`,
			equal: false, reason: "the principal type matters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := mustDecode(t, policy.KindBucketPolicy, tc.a).Canonical()
			b := mustDecode(t, policy.KindBucketPolicy, tc.b).Canonical()
			diff := cmp.Diff(a, b)
			if tc.equal && diff != "" {
				t.Errorf("want equal (%s), got (-a +b):\n%s", tc.reason, diff)
			}
			if !tc.equal && diff == "" {
				t.Errorf("want different (%s), got equal canonical forms", tc.reason)
			}
		})
	}
}

func TestCanonicalForm(t *testing.T) {
	d := mustDecode(t, policy.KindBucketPolicy, `{"Version":"2012-10-17","Id":"x","Statement":[
		{"Sid":"A","Effect":"Allow","Principal":{"Service":["b.amazonaws.com","a.amazonaws.com"]},"Action":["s3:b","s3:a"],"Resource":"r",
		 "Condition":{"NumericLessThan":{"n":[10,2]}}}]}`)
	want := policy.Canonical{Version: "2012-10-17", ID: "x", Statements: []policy.CanonicalStatement{{
		Sid: "A", Effect: "Allow",
		Principal: map[string][]string{"Service": {"a.amazonaws.com", "b.amazonaws.com"}},
		Action:    []string{"s3:a", "s3:b"},
		Resource:  []string{"r"},
		// Values are compared as strings, so "10" sorts before "2".
		Condition: map[string]map[string][]string{"NumericLessThan": {"n": {"10", "2"}}},
	}}}
	if diff := cmp.Diff(want, d.Canonical()); diff != "" {
		t.Errorf("Canonical (-want +got):\n%s", diff)
	}
}
