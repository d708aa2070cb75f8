package policy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// mustDecode decodes a document the test wrote by hand.
func mustDecode(t *testing.T, k policy.Kind, doc string) *policy.Document {
	t.Helper()
	d, err := policy.Decode(k, []byte(doc))
	if err != nil {
		t.Fatalf("decode test document: %v\n%s", err, doc)
	}
	return d
}

func mustJSON(t *testing.T, d *policy.Document) string {
	t.Helper()
	b, err := d.JSON()
	if err != nil {
		t.Fatalf("JSON: %v", err)
	}
	return string(b)
}

func mustCompact(t *testing.T, d *policy.Document) string {
	t.Helper()
	b, err := d.CompactJSON()
	if err != nil {
		t.Fatalf("CompactJSON: %v", err)
	}
	return string(b)
}

// everyElement is a statement with every element set, filled in an order
// unlike AWS's, to show that rendering imposes the order.
func everyElement() iampolicy.Statement {
	return iampolicy.Statement{
		Condition: policy.Conditions{}.
			With("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms").
			With("Bool", "aws:SecureTransport", "false"),
		NotResource:  policy.Strings("arn:aws:s3:::logs/private/*"),
		Resource:     policy.List("arn:aws:s3:::logs", "arn:aws:s3:::logs/*"),
		NotAction:    policy.Strings("s3:Get*"),
		Action:       policy.Strings("s3:PutObject"),
		NotPrincipal: policy.AWSPrincipal("arn:aws:iam::111122223333:root"),
		Principal:    policy.Everyone(),
		Effect:       iampolicy.EffectDeny,
		Sid:          "EveryElement",
	}
}

func TestJSONKeyOrderAndLayout(t *testing.T) {
	d := &policy.Document{Kind: policy.KindBucketPolicy, Version: policy.Version, ID: "TrailLogs", Statements: []iampolicy.Statement{everyElement()}}
	// Written by hand from the AWS key order, not copied from the output.
	want := `{
  "Version": "2012-10-17",
  "Id": "TrailLogs",
  "Statement": [
    {
      "Sid": "EveryElement",
      "Effect": "Deny",
      "Principal": "*",
      "NotPrincipal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Action": "s3:PutObject",
      "NotAction": "s3:Get*",
      "Resource": [
        "arn:aws:s3:::logs",
        "arn:aws:s3:::logs/*"
      ],
      "NotResource": "arn:aws:s3:::logs/private/*",
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        },
        "StringNotEquals": {
          "s3:x-amz-server-side-encryption": "aws:kms"
        }
      }
    }
  ]
}
`
	got := mustJSON(t, d)
	if diff := cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")); diff != "" {
		t.Errorf("JSON() (-want +got):\n%s", diff)
	}
	if !strings.HasSuffix(got, "}\n") || strings.HasSuffix(got, "\n\n") {
		t.Errorf("JSON() must end in exactly one newline, ends in %q", got[max(0, len(got)-3):])
	}
	wantCompact := `{"Version":"2012-10-17","Id":"TrailLogs","Statement":[{"Sid":"EveryElement","Effect":"Deny","Principal":"*",` +
		`"NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:PutObject","NotAction":"s3:Get*",` +
		`"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"],"NotResource":"arn:aws:s3:::logs/private/*",` +
		`"Condition":{"Bool":{"aws:SecureTransport":"false"},"StringNotEquals":{"s3:x-amz-server-side-encryption":"aws:kms"}}}]}`
	if diff := cmp.Diff(wantCompact, mustCompact(t, d)); diff != "" {
		t.Errorf("CompactJSON() (-want +got):\n%s", diff)
	}
}

// objectKeys returns the keys of every JSON object in data, in the order
// they appear, one slice per object, read from the raw bytes.
func objectKeys(t *testing.T, data []byte) [][]string {
	t.Helper()
	type frame struct {
		obj     bool
		idx     int  // index into out, for objects
		wantKey bool // the next token of an object is a key
	}
	var out [][]string
	var stack []*frame
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("read rendered JSON: %v", err)
		}
		if key, ok := tok.(string); ok && len(stack) > 0 && stack[len(stack)-1].obj && stack[len(stack)-1].wantKey {
			n := len(stack)
			out[stack[n-1].idx] = append(out[stack[n-1].idx], key)
			stack[n-1].wantKey = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			out = append(out, nil)
			stack = append(stack, &frame{obj: true, idx: len(out) - 1, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended: in an object, a key comes next.
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].wantKey = true
		}
	}
}

func TestKeyOrderOnRawBytes(t *testing.T) {
	d := mustDecode(t, policy.KindKeyPolicy, `{"Statement":[
		{"Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}},"Resource":"*","Action":"kms:Decrypt",
		 "Principal":{"Service":"cloudtrail.amazonaws.com","AWS":"arn:aws:iam::111122223333:root"},"Effect":"Allow","Sid":"Decrypt"},
		{"NotResource":"x","NotAction":"kms:*","NotPrincipal":{"AWS":"*"},"Effect":"Deny"}],
		"Id":"key","Version":"2012-10-17"}`)
	want := [][]string{
		{"Version", "Id", "Statement"},
		{"Sid", "Effect", "Principal", "Action", "Resource", "Condition"},
		{"AWS", "Service"},
		{"StringEquals"},
		{"kms:CallerAccount"},
		{"Effect", "NotPrincipal", "NotAction", "NotResource"},
		{"AWS"},
	}
	for name, render := range map[string]func() ([]byte, error){"JSON": d.JSON, "CompactJSON": d.CompactJSON} {
		b, err := render()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, objectKeys(t, b)); diff != "" {
			t.Errorf("%s key order (-want +got):\n%s\n%s", name, diff, b)
		}
	}
}

// outsideStrings returns the bytes of data that are not inside a JSON string.
func outsideStrings(data []byte) []byte {
	var out []byte
	in, esc := false, false
	for _, c := range data {
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case !in:
			out = append(out, c)
		}
	}
	return out
}

func TestCompactJSONHasNoWhiteSpace(t *testing.T) {
	d := mustDecode(t, policy.KindBucketPolicy, `{
	  "Version": "2012-10-17",
	  "Statement": [ {
	    "Sid": "A", "Effect": "Allow", "Principal": { "AWS": [ "arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root" ] },
	    "Action": [ "s3:GetObject", "s3:PutObject" ], "Resource": "arn:aws:s3:::logs/a b\t\"c\"",
	    "Condition": { "StringEquals": { "aws:PrincipalTag/team": [ "log team", "ops" ] }, "NumericLessThan": { "s3:max-keys": [ 1, 2 ] } }
	  } ]
	}`)
	compact := []byte(mustCompact(t, d))
	if bad := outsideStrings(compact); bytes.ContainsAny(bad, " \t\r\n") {
		t.Errorf("CompactJSON has white space outside strings: %q", bad)
	}
	if !bytes.Contains(compact, []byte(`"log team"`)) || !bytes.Contains(compact, []byte(`a b\t\"c\"`)) {
		t.Errorf("CompactJSON changed white space inside strings: %s", compact)
	}
	if bytes.HasSuffix(compact, []byte("\n")) {
		t.Errorf("CompactJSON ends in a newline")
	}
	// The self-test of outsideStrings: the indented form has white space.
	if bad := outsideStrings([]byte(mustJSON(t, d))); !bytes.Contains(bad, []byte("\n  ")) {
		t.Errorf("outsideStrings finds no indentation in JSON(): %q", bad)
	}
}

func TestNoHTMLEscaping(t *testing.T) {
	const value = `https://example.com/?a=1&b=<2>`
	d := policy.New(policy.KindBucketPolicy, iampolicy.Statement{
		Sid: "Referer", Effect: iampolicy.EffectDeny, Principal: policy.AWSPrincipal("arn:aws:iam::111122223333:role/a&b"),
		Action: policy.Strings("s3:GetObject"), Resource: policy.Strings("arn:aws:s3:::logs/<x>&*"),
		Condition: policy.Conditions{}.With("StringNotLike", "aws:Referer", value),
	})
	for name, got := range map[string]string{"JSON": mustJSON(t, d), "CompactJSON": mustCompact(t, d)} {
		for _, want := range []string{value, "arn:aws:s3:::logs/<x>&*", "role/a&b"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s lost %q:\n%s", name, want, got)
			}
		}
		if strings.Contains(got, `\u00`) {
			t.Errorf("%s escapes HTML characters:\n%s", name, got)
		}
	}
}

func TestShapes(t *testing.T) {
	tests := []struct {
		name   string
		stmt   iampolicy.Statement
		want   string // a fragment of the compact rendering
		reason string
	}{
		{name: "Strings with one value", stmt: iampolicy.Statement{Action: policy.Strings("s3:GetObject")}, want: `"Action":"s3:GetObject"`, reason: "one value stays a bare string"},
		{name: "Strings with two values", stmt: iampolicy.Statement{Action: policy.Strings("s3:GetObject", "s3:PutObject")}, want: `"Action":["s3:GetObject","s3:PutObject"]`, reason: "a list stays an array"},
		{name: "List with one value", stmt: iampolicy.Statement{Resource: policy.List("arn:aws:s3:::b")}, want: `"Resource":["arn:aws:s3:::b"]`, reason: "List always renders an array"},
		{name: "condition with one value", stmt: iampolicy.Statement{Condition: policy.Conditions{}.With("StringEquals", "k", "v")}, want: `"Condition":{"StringEquals":{"k":"v"}}`, reason: "one condition value stays bare"},
		{name: "condition with two values", stmt: iampolicy.Statement{Condition: policy.Conditions{}.With("StringEquals", "k", "v", "w")}, want: `"Condition":{"StringEquals":{"k":["v","w"]}}`, reason: "several condition values are an array"},
		{name: "one AWS principal", stmt: iampolicy.Statement{Principal: policy.AWSPrincipal("arn:aws:iam::111122223333:root")}, want: `"Principal":{"AWS":"arn:aws:iam::111122223333:root"}`, reason: "one ARN stays bare"},
		{name: "two AWS principals", stmt: iampolicy.Statement{Principal: policy.AWSPrincipal("arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root")},
			want: `"Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:root"]}`, reason: "several ARNs are an array"},
		{name: "service principal", stmt: iampolicy.Statement{Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com")}, want: `"Principal":{"Service":"cloudtrail.amazonaws.com"}`, reason: "service principals are objects"},
		{name: "wildcard principal", stmt: iampolicy.Statement{Principal: policy.Everyone()}, want: `"Principal":"*"`, reason: "the wildcard is the bare string"},
		{name: "no optional elements", stmt: iampolicy.Statement{Effect: "Allow"}, want: `"Statement":[{"Effect":"Allow"}]`, reason: "absent elements are omitted, Effect is not"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mustCompact(t, policy.New(policy.KindBucketPolicy, tc.stmt))
			if !strings.Contains(got, tc.want) {
				t.Errorf("compact rendering lacks %s (%s):\n%s", tc.want, tc.reason, got)
			}
		})
	}
}

func TestConditionValueTypes(t *testing.T) {
	d := mustDecode(t, policy.KindBucketPolicy, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
		"Condition":{
			"Bool":{"aws:SecureTransport":false,"aws:ViaAWSService":[true,false]},
			"NumericLessThan":{"s3:max-keys":10,"s3:TlsVersion":1.2,"big":111122223333},
			"NumericEquals":{"list":[1,2.5]},
			"StringEquals":{"quoted":"true","num":"10"}}}]}`)
	got := mustCompact(t, d)
	want := `"Condition":{"Bool":{"aws:SecureTransport":"false","aws:ViaAWSService":["true","false"]},` +
		`"NumericEquals":{"list":[1,2.5]},` +
		`"NumericLessThan":{"big":111122223333,"s3:TlsVersion":1.2,"s3:max-keys":10},` +
		`"StringEquals":{"num":"10","quoted":"true"}}`
	if !strings.Contains(got, want) {
		t.Errorf("conditions render wrong:\n got %s\nwant %s", got, want)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	c := policy.Conditions{}
	for _, op := range []string{"StringEquals", "StringLike", "ArnLike", "Bool", "IpAddress", "NumericLessThan"} {
		for _, k := range []string{"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalOrgID", "s3:prefix", "kms:ViaService"} {
			c = c.With(op, k, "a", "b")
		}
	}
	d := policy.New(policy.KindBucketPolicy,
		iampolicy.Statement{Sid: "One", Effect: "Allow", Principal: policy.Everyone(), Action: policy.Strings("s3:*"), Resource: policy.Strings("*"), Condition: c},
		iampolicy.Statement{Sid: "Two", Effect: "Deny", Principal: policy.Everyone(), Action: policy.Strings("s3:*"), Resource: policy.Strings("*"), Condition: c},
	)
	first, firstCompact := mustJSON(t, d), mustCompact(t, d)
	for i := range 20 {
		if got := mustJSON(t, d); got != first {
			t.Fatalf("JSON render %d differs (-first +got):\n%s", i, cmp.Diff(first, got))
		}
		if got := mustCompact(t, d); got != firstCompact {
			t.Fatalf("CompactJSON render %d differs (-first +got):\n%s", i, cmp.Diff(firstCompact, got))
		}
	}
}

func TestVersionDefaultAndEmptyStatement(t *testing.T) {
	d := &policy.Document{Kind: policy.KindSCP}
	if got, want := mustCompact(t, d), `{"Version":"2012-10-17","Statement":[]}`; got != want {
		t.Errorf("empty document renders %s, want %s", got, want)
	}
	if got := d.Policy().Version; got != policy.Version {
		t.Errorf("Policy().Version = %q, want %q", got, policy.Version)
	}
}

func TestDecode(t *testing.T) {
	const stmt = `{"Sid":"A","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:GetBucketAcl","Resource":"arn:aws:s3:::logs"}`
	tests := []struct {
		name     string
		in       string
		wantErr  string // part of the message; empty for valid input
		sentinel error  // wrapped sentinel, when the error has one
		reason   string
	}{
		{name: "statement list", in: `{"Version":"2012-10-17","Statement":[` + stmt + `]}`, reason: "the usual form"},
		{name: "single statement object", in: `{"Version":"2012-10-17","Statement":` + stmt + `}`, reason: "the grammar allows one statement without a list"},
		{name: "trailing white space", in: `{"Version":"2012-10-17","Statement":[` + stmt + `]}` + "\n\t \n", reason: "files end in newlines"},
		{name: "empty principal", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"","Action":"s3:*","Resource":"*"}]}`, reason: "published documents have it; Validate reports it"},
		{name: "id", in: `{"Version":"2012-10-17","Id":"x","Statement":[` + stmt + `]}`, reason: "Id is an element"},
		{name: "unknown document element", in: `{"Version":"2012-10-17","Statement":[` + stmt + `],"Foo":1}`, wantErr: `unknown field "Foo"`, reason: "strict decoding"},
		{name: "unknown statement element", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Effects":"Deny"}]}`, wantErr: `unknown field "Effects"`, reason: "strict decoding"},
		{name: "lower-case statement element", in: `{"Version":"2012-10-17","Statement":[{"effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`,
			wantErr: `Statement[0]: "effect" is not an element of a statement`, sentinel: policy.ErrSchema, reason: "encoding/json matches names case-insensitively; AWS does not"},
		{name: "lower-case document element", in: `{"version":"2012-10-17","Statement":[` + stmt + `]}`,
			wantErr: `document: "version" is not an element of a policy`, sentinel: policy.ErrSchema, reason: "encoding/json matches names case-insensitively"},
		{name: "unknown principal type", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Bogus":"x"},"Action":"s3:*","Resource":"*"}]}`,
			wantErr: `Statement[0].Principal: "Bogus" is not a principal type`, sentinel: policy.ErrPrincipal, reason: "the base library drops unknown principal keys"},
		{name: "unknown principal type beside a known one", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*","Bogus":"x"},"Action":"s3:*","Resource":"*"}]}`,
			wantErr: `"Bogus"`, sentinel: policy.ErrPrincipal, reason: "an extra key would vanish silently"},
		{name: "lower-case principal type", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"aws":"*"},"Action":"s3:*","Resource":"*"}]}`,
			wantErr: `"aws" is not a principal type`, sentinel: policy.ErrPrincipal, reason: "principal types are case-sensitive"},
		{name: "unknown NotPrincipal type", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"Account":"1"},"Action":"s3:*","Resource":"*"}]}`,
			wantErr: `Statement[0].NotPrincipal: "Account"`, sentinel: policy.ErrPrincipal, reason: "NotPrincipal has the same types"},
		{name: "unknown principal type in a single statement", in: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Bogus":"x"},"Action":"s3:*","Resource":"*"}}`,
			wantErr: `Statement[0].Principal: "Bogus"`, sentinel: policy.ErrPrincipal, reason: "the single-object form is checked too"},
		{name: "condition list mixing types", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"aws:x":["a",true]}}}]}`,
			wantErr: `Statement[0].Condition.StringEquals.aws:x: "[\"a\",true]" mixes strings, numbers and booleans`, sentinel: policy.ErrSchema, reason: "the base library splits a list by type, so rendering it would drop the string"},
		{name: "condition list mixing numbers and strings", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":[1,"2"]}}}]}`,
			wantErr: `mixes strings, numbers and booleans`, sentinel: policy.ErrSchema, reason: "a number beside a string"},
		{name: "trailing document", in: `{"Version":"2012-10-17","Statement":[` + stmt + `]}{}`, wantErr: "unexpected data after the document", reason: "two documents in one input"},
		{name: "trailing garbage", in: `{"Version":"2012-10-17","Statement":[` + stmt + `]} x`, wantErr: "unexpected data after the document", reason: "junk after the document"},
		{name: "statement is a number", in: `{"Version":"2012-10-17","Statement":1}`, wantErr: "Statement", reason: "neither an object nor a list"},
		{name: "statement is a string", in: `{"Version":"2012-10-17","Statement":"Allow"}`, wantErr: "Statement", reason: "neither an object nor a list"},
		{name: "top-level list", in: `[` + stmt + `]`, wantErr: "decode bucket policy", reason: "a list of statements is not a document"},
		{name: "action is a number", in: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":1}]}`, wantErr: "decode bucket policy", reason: "values are strings"},
		{name: "empty input", in: ``, wantErr: "decode bucket policy", reason: "nothing to decode"},
		{name: "not JSON", in: `Version: 2012-10-17`, wantErr: "decode bucket policy", reason: "YAML is not accepted here"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := policy.Decode(policy.KindBucketPolicy, []byte(tc.in))
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("got error %v, want none (%s)", err, tc.reason)
				}
				if d.Kind != policy.KindBucketPolicy || d.Version != "2012-10-17" || len(d.Statements) != 1 {
					t.Errorf("decoded %+v, want a bucket policy with one statement", d)
				}
				return
			}
			if err == nil {
				t.Fatalf("got no error, want one saying %q (%s)", tc.wantErr, tc.reason)
			}
			if d != nil {
				t.Errorf("got a document with the error")
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %q does not say %q", err, tc.wantErr)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("error %q does not wrap %q", err, tc.sentinel)
			}
		})
	}
}

func TestDecodeKeepsFields(t *testing.T) {
	d := mustDecode(t, policy.KindTrustPolicy, `{"Version":"2008-10-17","Id":"trust","Statement":[
		{"Sid":"Vendor","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole",
		 "Condition":{"StringEquals":{"sts:ExternalId":"abc"}}}]}`)
	if d.Kind != policy.KindTrustPolicy || d.Version != "2008-10-17" || d.ID != "trust" {
		t.Errorf("got Kind %v Version %q ID %q", d.Kind, d.Version, d.ID)
	}
	s := d.Statements[0]
	if s.Sid != "Vendor" || s.Effect != "Allow" || s.Principal.AWS().Values()[0] != "arn:aws:iam::111122223333:root" {
		t.Errorf("statement decoded wrong: %+v", s)
	}
}

// TestStringPrincipalIsKept checks that a string Principal other than "*"
// (invalid, but seen in the wild) renders as it was written, so that
// validation reports the value instead of an empty Principal.
func TestStringPrincipalIsKept(t *testing.T) {
	const arn = "arn:aws:iam::111122223333:root"
	d := mustDecode(t, policy.KindBucketPolicy, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"`+arn+`","Action":"s3:*","Resource":"*"}]}`)
	if got := mustCompact(t, d); !strings.Contains(got, `"Principal":"`+arn+`"`) {
		t.Errorf("string Principal lost in rendering: %s", got)
	}
	errs := policy.Unjoin(d.Validate())
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
	}
	golden.CheckFieldError(t, errs[0], "Statement[0].Principal", arn, policy.ErrPrincipal, `the only string form is "*"`)
}

func TestKindString(t *testing.T) {
	var got []string
	for _, k := range policy.Kinds() {
		got = append(got, k.String())
	}
	got = append(got, policy.Kind(0).String(), policy.Kind(99).String())
	want := []string{"bucket policy", "key policy", "trust policy", "identity policy", "service control policy", "resource control policy", "topic policy", "Kind(0)", "Kind(99)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Kind names (-want +got):\n%s", diff)
	}
}

func TestPolicySharesStatements(t *testing.T) {
	d := policy.New(policy.KindSCP, iampolicy.Statement{Sid: "A", Effect: "Deny", Action: policy.Strings("s3:*"), Resource: policy.Strings("*")})
	d.ID = "scp"
	p := d.Policy()
	if p.Id != "scp" || p.Version != policy.Version || len(p.Statements.Values()) != 1 || p.Statements.Values()[0].Sid != "A" {
		t.Errorf("Policy() = %+v", p)
	}
	// The base library's own encoder sees the same document.
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Sid":"A"`) {
		t.Errorf("base rendering lost the statement: %s", b)
	}
}
