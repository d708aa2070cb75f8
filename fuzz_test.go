package trailpolicy_test

import (
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
)

// FuzzLoadSetup loads arbitrary bytes as a JSON or YAML setup file and
// builds what loads. Invariants: no panic; a load error comes with the zero
// Setup; a loaded setup survives json.Marshal and loading again unchanged
// (so no field is lost between the two syntaxes; an empty list and no list
// are the same); Build returns a bundle or
// an error, never both; every problem names a field or a document; every
// document passes validation (with the SCP size limit in force) and
// round-trips.
func FuzzLoadSetup(f *testing.F) {
	if example, err := os.ReadFile("examples/example-corp.yaml"); err == nil {
		f.Add(example, false)
	}
	for _, s := range []string{
		"bucket: example-cloudtrail-logs\naccounts: [\"111111111111\"]\n",
		"bucket: example-cloudtrail-logs\norganization: {id: o-exampleorgid, managementAccount: \"111111111111\"}\nlogArchiveAccount: \"222222222222\"\nkmsKeyArn: arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab\nbreakGlassRoles: [\"arn:aws:iam::222222222222:role/BreakGlass*\"]\nscp: {sizeLimit: 5120, protectTrails: [\"arn:aws:cloudtrail:us-east-1:333333333333:trail/t1\"]}\n",
		"bucket: example-cloudtrail-logs\naccounts: [\"111111111111\"]\nlogArchiveAccount: \"222222222222\"\nvendor: {account: \"444455556666\", externalId: ab, roles: [\"arn:aws:iam::444455556666:role/x\"]}\nscp: {omit: true}\n",
		"bucket: example-cloudtrail-logs\nacounts: [\"111111111111\"]\n",
		"bucket: example-cloudtrail-logs\nbucket: other\n",
		"bucket: [a]\n",
		"---\n---\n",
		"scp: {omit: \"yes\", sizeLimit: 04000, leaveKeyUnprotected: on}\naccounts: [012345678901, 123456789012, 0x10, 1.2e11]\n",
		"accounts: \"123456789012\"\nvendor: 998877665544\n",
		"readers: &r [\"arn:aws:iam::123456789012:role/R\"]\nbreakGlassRoles: *r\nscp:\n  <<: {omit: true}\n",
	} {
		f.Add([]byte(s), false)
	}
	for _, s := range []string{
		`{"bucket":"example-cloudtrail-logs","accounts":["111111111111","222222222222"],"prefix":"logs/org","trails":["arn:aws:cloudtrail:us-east-1:111111111111:trail/t","arn:aws:cloudtrail:eu-west-1:222222222222:trail/t"]}`,
		`{"bucket":"example-cloudtrail-logs","accounts":["111111111111"],"kmsKeyArn":"arn:aws:kms:us-east-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab","readers":["arn:aws:iam::111111111111:role/Sec"],"keyAdministrators":["arn:aws:iam::111111111111:user/admin"]}`,
		`{"bucket":"example-cloudtrail-logs","accounts":["111111111111"],"vendor":{"account":"1","externalID":"x"}}`,
		`{"bucket":"x"} {}`,
		`{"scp":{"sizeLimit":-1}}`,
		`{"bucket":"example-cloudtrail-logs","accounts":["111111111111","222222222222"],"kmsKeyArn":"arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab","trails":["arn:aws:cloudtrail:us-east-1:111111111111:trail/t","arn:aws:cloudtrail:eu-west-1:222222222222:trail/t"],"bucketPolicy":{"accountPathVariable":true},"keyPolicy":{"accountPathVariable":true}}`,
		`{"bucket":"example-cloudtrail-logs","organization":{"id":"o-exampleorgid","managementAccount":"111111111111"},"bucketPolicy":{"accountPathVariable":true,"allowWritesAcrossAccountPrefixes":true},"keyPolicy":{"accountPathVariable":true,"omitSourceArn":true}}`,
		`{"bucket":"example-cloudtrail-logs","organization":{"id":"o-exampleorgid","managementAccount":"111111111111"},"logArchiveAccount":"222222222222","readers":["arn:aws:iam::111111111111:role/Sec"],"bucketPolicy":{"denyOutsideOrganization":true,"sidSuffix":"1"}}`,
		`{"bucket":"example-cloudtrail-logs","accounts":["111111111111"],"bucketPolicy":{"denyOutsideOrganization":true}}`,
	} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, asJSON bool) {
		name := "setup.yaml"
		if asJSON {
			name = "setup.json"
		}
		s, err := trailpolicy.LoadSetup(data, name)
		if err != nil {
			if diff := cmp.Diff(trailpolicy.Setup{}, s); diff != "" {
				t.Fatalf("LoadSetup returned a setup with error %v (-want +got):\n%s", err, diff)
			}
			return
		}
		again, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("marshal loaded setup: %v", err)
		}
		back, err := trailpolicy.LoadSetup(again, "again.json")
		if err != nil {
			t.Fatalf("the loaded setup does not load again from its JSON: %v\n%s", err, again)
		}
		if diff := cmp.Diff(s, back, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("setup changed through JSON (-loaded +again):\n%s", diff)
		}

		bundle, err := s.Build()
		if err != nil {
			if bundle != nil {
				t.Fatalf("Build returned a bundle with error %v", err)
			}
			golden.CheckNamed(t, "Build", err, func(e error) bool {
				var de *trailpolicy.DocumentError
				return errors.As(e, &de) || startsWithField(e.Error())
			})
			return
		}
		if bundle == nil {
			t.Fatal("Build returned neither a bundle nor an error")
		}
		limits := policy.Limits{SCP: s.SCP.SizeLimit}
		for _, n := range bundle.Names() {
			docs, ok := bundle.Select(n)
			if !ok || len(docs) == 0 {
				t.Fatalf("bundle names %s but holds no document for it", n)
			}
			for _, d := range docs {
				golden.CheckEmitted(t, d.Policy, limits)
			}
		}
	})
}

// startsWithField reports whether msg starts with a setup field path and
// ": ", as a renamed error from a builder does ("scp.sizeLimit: ...").
func startsWithField(msg string) bool {
	for i, r := range msg {
		switch {
		case r == ':':
			return i > 0 && len(msg) > i+1 && msg[i+1] == ' '
		case r == ' ':
			return false
		}
	}
	return false
}
