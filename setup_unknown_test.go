package trailpolicy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/policy"
)

// TestLoadSetupUnknownFields: a misspelt field is named as the user wrote
// it, with its path in the file, and the field meant; never by a Go type.
func TestLoadSetupUnknownFields(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		data   string
		want   []string // every problem, in order
		prefix bool     // want holds the start of each problem only
		reason string
	}{
		{
			name: "yaml-top", file: "setup.yaml",
			data:   "bucket: b-logs\nacounts: [\"123456789012\"]\n",
			want:   []string{"setup.yaml: line 2: acounts: unknown field; did you mean accounts?"},
			reason: "one letter missing",
		},
		{
			name: "yaml-nested", file: "setup.yaml",
			data:   "bucket: b-logs\nscp:\n  leaveKeyUnprotectd: true\n",
			want:   []string{"setup.yaml: line 3: scp.leaveKeyUnprotectd: unknown field; did you mean scp.leaveKeyUnprotected?"},
			reason: "the path in the file, not the Go type scp.Options",
		},
		{
			name: "yaml-case", file: "setup.yaml",
			data:   "kmsKeyARN: arn:aws:kms:us-east-1:123456789012:key/x\n",
			want:   []string{"setup.yaml: line 1: kmsKeyARN: unknown field; did you mean kmsKeyArn?"},
			reason: "YAML names are exact: a case difference drops the key without a word",
		},
		{
			name: "yaml-flow-mapping", file: "setup.yaml",
			data:   "organization: {id: o-a1b2c3d4e5, managmentAccount: \"012345678901\"}\n",
			want:   []string{"setup.yaml: line 1: organization.managmentAccount: unknown field; did you mean organization.managementAccount?"},
			reason: "flow mappings are walked like block mappings",
		},
		{
			name: "yaml-elsewhere", file: "setup.yaml",
			data:   "bucket: b-logs\nexternalId: x-1\n",
			want:   []string{"setup.yaml: line 2: externalId: unknown field; did you mean vendor.externalId?"},
			reason: "a field written at the wrong level is found where it belongs",
		},
		{
			name: "yaml-no-guess", file: "setup.yaml",
			data:   "colour: red\n",
			want:   []string{"setup.yaml: line 1: colour: unknown field; want one of partition, bucket, bucketRegion, prefix, "},
			prefix: true,
			reason: "far from every field: the fields there are listed instead of a wrong guess",
		},
		{
			name: "yaml-merge-key", file: "setup.yaml",
			data:   "scp:\n  <<: {omitt: true}\n",
			want:   []string{"setup.yaml: line 2: scp.omitt: unknown field; did you mean scp.omit?"},
			reason: "a merged mapping fills the same block",
		},
		{
			name: "yaml-several-and-a-type-error", file: "setup.yaml",
			data: "bucket: [a, b]\nbreakGlassRole: [x]\nvendor:\n  acount: \"998877665544\"\n",
			want: []string{
				"setup.yaml: line 1: bucket: a list where a string belongs",
				"setup.yaml: line 2: breakGlassRole: unknown field; did you mean breakGlassRoles?",
				"setup.yaml: line 4: vendor.acount: unknown field; did you mean vendor.account?",
			},
			reason: "every problem at once, in the order of the lines",
		},
		{
			name: "json-top", file: "setup.json",
			data:   `{"bucket": "b-logs", "acounts": ["123456789012"]}`,
			want:   []string{"setup.json: acounts: unknown field; did you mean accounts?"},
			reason: "not encoding/json's `unknown field \"acounts\"`",
		},
		{
			name: "json-case", file: "setup.json",
			data:   `{"Bucket": "b-logs"}`,
			want:   []string{"setup.json: Bucket: unknown field; did you mean bucket?"},
			reason: "encoding/json would take Bucket for bucket; YAML would not, so neither does LoadSetup",
		},
		{
			name: "json-nested-and-a-type-error", file: "setup.json",
			data: `{"scp": {"omitt": true, "sizeLimit": "5120"}, "vendor": {"roleNme": "R"}}`,
			want: []string{
				"setup.json: scp.omitt: unknown field; did you mean scp.omit?",
				"setup.json: vendor.roleNme: unknown field; did you mean vendor.roleName?",
				"setup.json: scp.sizeLimit: a JSON string where a whole number belongs",
			},
			reason: "the unknown names, then the value of the wrong type",
		},
		{
			name: "json-wrong-type-inlined", file: "setup.json",
			data:   `{"bucket": ["a"]}`,
			want:   []string{"setup.json: bucket: a JSON array where a string belongs"},
			reason: "the path in the file, not encoding/json's Setup.SiteConfig.bucket",
		},
		{
			name: "json-wrong-type-list", file: "setup.json",
			data:   `{"accounts": [123456789012]}`,
			want:   []string{"setup.json: accounts: a JSON number where a string belongs"},
			reason: "an account ID is a string, the element of the list",
		},
		{
			name: "json-wrong-type-top", file: "setup.json",
			data:   `[1]`,
			want:   []string{"setup.json: the setup: a JSON array where an object belongs"},
			reason: "a setup is an object",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := trailpolicy.LoadSetup([]byte(tc.data), tc.file)
			if err == nil {
				t.Fatalf("LoadSetup = %+v, nil; want an error (%s)", got, tc.reason)
			}
			var msgs []string
			for _, e := range policy.Unjoin(err) {
				msgs = append(msgs, e.Error())
				if !errors.Is(e, trailpolicy.ErrSetupFile) {
					t.Errorf("problem %q does not wrap ErrSetupFile", e)
				}
				if m := e.Error(); strings.Contains(m, "unknown field") && (strings.Contains(m, " type ") || strings.Contains(m, "trailpolicy.")) {
					t.Errorf("problem %q names a Go type", m)
				}
			}
			if tc.prefix && len(msgs) == len(tc.want) {
				for i := range msgs {
					if strings.HasPrefix(msgs[i], tc.want[i]) {
						msgs[i] = tc.want[i]
					}
				}
			}
			if diff := cmp.Diff(tc.want, msgs); diff != "" {
				t.Errorf("problems (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if diff := cmp.Diff(trailpolicy.Setup{}, got); diff != "" {
				t.Errorf("LoadSetup returned a setup with its error (-want +got):\n%s", diff)
			}
		})
	}
}
