package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy/policy"
)

// TestPrint runs the program's logic and checks that it prints each document
// once, under its heading, and that every printed document decodes and
// validates as the kind the heading names.
func TestPrint(t *testing.T) {
	var out bytes.Buffer
	if err := printAll(&out); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]policy.Kind{
		"S3 bucket policy":       policy.KindBucketPolicy,
		"KMS key policy":         policy.KindKeyPolicy,
		"Vendor trust policy":    policy.KindTrustPolicy,
		"Vendor read policy":     policy.KindIdentityPolicy,
		"Service control policy": policy.KindSCP,
	}
	var seen []string
	for _, part := range strings.Split(out.String(), "\n# ")[0:] {
		part = strings.TrimPrefix(part, "# ")
		heading, body, ok := strings.Cut(part, "\n")
		if !ok {
			t.Fatalf("no document under %q", heading)
		}
		title, where, _ := strings.Cut(heading, ": ")
		k, ok := kinds[title]
		if !ok {
			t.Fatalf("unknown heading %q", heading)
		}
		if where == "" {
			t.Errorf("heading %q does not say where the document goes", heading)
		}
		seen = append(seen, title)
		d, err := policy.Decode(k, []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", title, err)
		}
		if err := d.Validate(); err != nil {
			t.Errorf("%s does not validate: %v", title, err)
		}
	}
	want := []string{"S3 bucket policy", "KMS key policy", "Vendor trust policy", "Vendor read policy", "Service control policy"}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
	for _, s := range []string{"8900-544", "arn:aws:iam::998877665544:root", "arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany", "AWSLogs/999988887777/*"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %s", s)
		}
	}
}
