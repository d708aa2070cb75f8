package trailpolicy_test

import (
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/rcp"
	"github.com/trailpolicy/trailpolicy/scp"
	"github.com/trailpolicy/trailpolicy/trust"
)

const (
	keyARN  = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	roleARN = "arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany"
)

// isSetupPath reports whether field is a path into Setup by its JSON names,
// such as "accounts[2]", "vendor.externalId" or "scp.protectTrails[0]". It
// walks the Setup type by reflection, independently of the translation
// tables under test.
func isSetupPath(field string) bool {
	t := reflect.TypeOf(trailpolicy.Setup{})
	for _, part := range strings.Split(field, ".") {
		name, idx, indexed := strings.Cut(part, "[")
		if indexed && !regexp.MustCompile(`^[0-9]+\]$`).MatchString(idx) {
			return false
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return false
		}
		found := false
		for _, f := range reflect.VisibleFields(t) {
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if tag == name && f.Tag.Get("json") != "" {
				t, found = f.Type, true
				break
			}
		}
		if !found {
			return false
		}
		if indexed {
			if t.Kind() != reflect.Slice {
				return false
			}
			t = t.Elem()
		}
	}
	return true
}

// goFieldNames are the Go field names of the builders' configs that are not
// also plain English at the start of a sentence; a translated message must
// not mention them.
func goFieldNames() []string {
	var out []string
	for _, v := range []any{bucket.Config{}, bucket.Options{}, kmskey.Config{}, kmskey.Options{}, trust.VendorConfig{}, trust.Vendor{}, trust.ReadConfig{}, trust.ReadOptions{}, scp.Config{}, scp.Options{}, rcp.Config{}, rcp.Options{}, cloudtrail.SiteConfig{}} {
		t := reflect.TypeOf(v)
		for i := range t.NumField() {
			if n := t.Field(i).Name; n != "Site" && n != "Limits" && n != "Vendor" && n != "Options" && n != "Organization" {
				out = append(out, n)
			}
		}
	}
	return out
}

func TestBuildErrorPaths(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		change func(s *trailpolicy.Setup)
		want   []string // fields, in order
	}{
		{
			name:   "empty",
			reason: "the zero setup names neither bucket nor delivering accounts",
			change: func(s *trailpolicy.Setup) { *s = trailpolicy.Setup{} },
			want:   []string{"bucket", "accounts"},
		},
		{
			name:   "bad-account-index",
			reason: "the bucket and key builders both see accounts[2]; it is reported once with the setup's index",
			change: func(s *trailpolicy.Setup) { s.Accounts = append(s.Accounts, "12345") },
			want:   []string{"accounts[2]"},
		},
		{
			name:   "bad-key-arn",
			reason: "four builders take the key ARN; the problem is reported once as kmsKeyArn",
			change: func(s *trailpolicy.Setup) { s.KMSKeyARN = "alias/logs" },
			want:   []string{"kmsKeyArn"},
		},
		{
			name:   "vendor-fields",
			reason: "the trust builder's VendorAccount, ExternalID and RoleName become vendor.account, vendor.externalId, vendor.roleName",
			change: func(s *trailpolicy.Setup) {
				s.Vendor = &trust.Vendor{Account: "1", ExternalID: "x", RoleName: "bad name"}
			},
			want: []string{"vendor.account", "vendor.externalId", "vendor.roleName"},
		},
		{
			name:   "vendor-without-log-archive",
			reason: "the vendor's role lives in the log archive account, which is then required",
			change: func(s *trailpolicy.Setup) { s.LogArchiveAccount = "" },
			want:   []string{"logArchiveAccount"},
		},
		{
			name:   "vendor-roles",
			reason: "VendorRoles[0] becomes vendor.roles[0]",
			change: func(s *trailpolicy.Setup) { s.Vendor.Roles = []string{"arn:aws:iam::111122223333:role/Reader"} },
			want:   []string{"vendor.roles[0]"},
		},
		{
			name:   "organization",
			reason: "Organization.ID and .ManagementAccount become organization.id and organization.managementAccount",
			change: func(s *trailpolicy.Setup) {
				s.Organization = &cloudtrail.Organization{ID: "o-BAD", ManagementAccount: "12"}
			},
			want: []string{"organization.id", "organization.managementAccount"},
		},
		{
			name:   "trail-index-in-scp",
			reason: "the SCP's ProtectTrails is built from trails minus the management account's; its index is mapped back to the setup's trails",
			change: func(s *trailpolicy.Setup) {
				s.Organization = &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111122223333"}
				s.Trails = []string{
					"arn:aws:cloudtrail:us-east-1:111122223333:trail/org",
					"arn:aws:cloudtrail:us-east-1:123456789012:trail/prod",
					"arn:aws:cloudtrail:us-east-1:999988887777:trail/dev",
				}
				s.SCP.ProtectTrails = []string{"arn:aws-cn:cloudtrail:cn-north-1:999988887777:trail/dev"}
			},
			want: []string{"scp.protectTrails[0]"},
		},
		{
			name:   "account-without-trail",
			reason: "the bucket and key builders both find that accounts[1] owns none of the trails; it is reported once",
			change: func(s *trailpolicy.Setup) {
				s.Trails = []string{"arn:aws:cloudtrail:us-east-1:123456789012:trail/prod"}
			},
			want: []string{"accounts[1]"},
		},
		{
			name:   "management-account-without-trail",
			reason: "the organization trail belongs to the management account, which must own one of the trails; reported once",
			change: func(s *trailpolicy.Setup) {
				s.Organization = &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111122223333"}
				s.Trails = []string{
					"arn:aws:cloudtrail:us-east-1:123456789012:trail/prod",
					"arn:aws:cloudtrail:us-east-1:999988887777:trail/dev",
				}
			},
			want: []string{"organization.managementAccount"},
		},
		{
			name:   "key-region",
			reason: "bucketRegion and the key's Region must agree: one rule, checked once by cloudtrail.New, one problem on kmsKeyArn (two before the one-model change)",
			change: func(s *trailpolicy.Setup) { s.BucketRegion = "eu-west-1" },
			want:   []string{"kmsKeyArn"},
		},
		{
			name:   "readers-without-key",
			reason: "readers and key administrators are written into the key policy, so they need a key",
			change: func(s *trailpolicy.Setup) {
				s.KMSKeyARN = ""
				s.Readers = []string{"arn:aws:iam::123456789012:role/Security"}
				s.KeyAdministrators = []string{"arn:aws:iam::123456789012:role/Admin"}
			},
			want: []string{"keyAdministrators", "readers"},
		},
		{
			name:   "reader-and-admin",
			reason: "readers are checked once, by cloudtrail.New, before the key policy's own options; each index is the setup's",
			change: func(s *trailpolicy.Setup) {
				s.Readers = []string{"arn:aws:iam::123456789012:role/Security", "arn:aws:iam::444455556666:role/Outsider"}
				s.KeyAdministrators = []string{"arn:aws:iam::999988887777:role/Admin"}
			},
			want: []string{"readers[1]", "keyAdministrators[0]"},
		},
		{
			name:   "break-glass-and-scp-size",
			reason: "the SCP's BreakGlassRoles and SizeLimit are breakGlassRoles and scp.sizeLimit",
			change: func(s *trailpolicy.Setup) {
				s.BreakGlassRoles = []string{"arn:aws:iam::123456789012:role/*"}
				s.SCP.SizeLimit = -1
			},
			want: []string{"breakGlassRoles[0]", "scp.sizeLimit"},
		},
		{
			name:   "first-create-without-key",
			reason: "the first-create option only affects the encryption denies",
			change: func(s *trailpolicy.Setup) {
				s.KMSKeyARN = ""
				s.OmitEncryptionDeniesForFirstCreate = true
			},
			want: []string{"omitEncryptionDeniesForFirstCreate"},
		},
		{
			name:   "partition",
			reason: "an unknown partition is one problem, not one per builder",
			change: func(s *trailpolicy.Setup) { s.Partition = "aws-moon"; s.KMSKeyARN = "" },
			want:   []string{"partition"},
		},
		{
			name:   "vendor-is-log-archive",
			reason: "the trust builder's VendorAccount conflict becomes vendor.account, and its advice must not point to a Go function",
			change: func(s *trailpolicy.Setup) { s.Vendor.Account = s.LogArchiveAccount },
			want:   []string{"vendor.account"},
		},
	}
	goNames := goFieldNames()
	// Advice in a setup problem is for someone who writes a setup file:
	// it must not send them to a Go function of the library.
	goFuncs := regexp.MustCompile(`\bBuild[A-Z]\w*|\w\(\)`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := exampleSetup()
			tc.change(&s)
			b, err := s.Build()
			if err == nil {
				t.Fatalf("Build() = %v, nil; want an error (%s)", b.Names(), tc.reason)
			}
			if b != nil {
				t.Errorf("Build() returned a bundle together with an error")
			}
			var got []string
			for _, e := range policy.Unjoin(err) {
				var fe *policy.FieldError
				if !errors.As(e, &fe) {
					t.Errorf("problem %q is not a *policy.FieldError", e)
					continue
				}
				if !isSetupPath(fe.Field) {
					t.Errorf("problem %q: field %q is not a path into the setup", e, fe.Field)
				}
				for _, n := range goNames {
					if regexp.MustCompile(`\b` + n + `\b`).MatchString(fe.Reason) {
						t.Errorf("problem %q mentions the Go field %s", e, n)
					}
				}
				if f := goFuncs.FindString(fe.Reason); f != "" {
					t.Errorf("problem %q names the Go function %s", e, f)
				}
				if strings.Contains(e.Error(), "\n") {
					t.Errorf("problem %q spans several lines", e)
				}
				got = append(got, fe.Field)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("fields (-want +got):\n%s\nerror:\n%v\n(%s)", diff, err, tc.reason)
			}
		})
	}
}

func TestIsSetupPath(t *testing.T) {
	tests := []struct {
		field  string
		want   bool
		reason string
	}{
		{"accounts[2]", true, "a list element"},
		{"vendor.externalId", true, "a nested field"},
		{"organization.managementAccount", true, "a field of a pointer to struct"},
		{"scp.protectTrails[0]", true, "a list in a nested struct"},
		{"Accounts[2]", false, "Go field names are not setup paths"},
		{"vendor.ExternalID", false, "Go field names are not setup paths"},
		{"accounts.x", false, "a list has no fields"},
		{"bucket[0]", false, "a string is not a list"},
	}
	for _, tc := range tests {
		if got := isSetupPath(tc.field); got != tc.want {
			t.Errorf("isSetupPath(%q) = %v, want %v (%s)", tc.field, got, tc.want, tc.reason)
		}
	}
}

func TestBuildDocuments(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		change func(s *trailpolicy.Setup)
		want   []string
	}{
		{"full", "a key and a vendor call for every document", func(*trailpolicy.Setup) {}, []string{"bucket-policy", "key-policy", "vendor-trust-policy", "vendor-read-policy", "scp"}},
		{"no-key", "without a key there is no key policy", func(s *trailpolicy.Setup) { s.KMSKeyARN = "" }, []string{"bucket-policy", "vendor-trust-policy", "vendor-read-policy", "scp"}},
		{"no-vendor", "without a vendor there is no role", func(s *trailpolicy.Setup) { s.Vendor = nil }, []string{"bucket-policy", "key-policy", "scp"}},
		{"no-scp", "scp.omit leaves the SCP out", func(s *trailpolicy.Setup) { s.SCP.Omit = true }, []string{"bucket-policy", "key-policy", "vendor-trust-policy", "vendor-read-policy"}},
		{"split-scp", "a small size limit splits the SCP, numbered from 1", func(s *trailpolicy.Setup) { s.SCP.SizeLimit = 1100 }, []string{"bucket-policy", "key-policy", "vendor-trust-policy", "vendor-read-policy", "scp-1", "scp-2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := exampleSetup()
			tc.change(&s)
			b, err := s.Build()
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if diff := cmp.Diff(tc.want, b.Names()); diff != "" {
				t.Errorf("Names() (-want +got):\n%s(%s)", diff, tc.reason)
			}
			for _, n := range b.Names() {
				docs, ok := b.Select(n)
				if !ok || len(docs) != 1 {
					t.Errorf("Select(%q) = %d documents, %v; want 1", n, len(docs), ok)
				}
				for _, d := range docs {
					if err := d.Policy.Validate(); err != nil && !strings.HasPrefix(n, "scp") {
						t.Errorf("%s does not validate: %v", n, err)
					}
				}
				if _, ok := b.Deployable(n); !ok {
					t.Errorf("Deployable(%q) not ok", n)
				}
			}
		})
	}
}

// TestBuildConsistency checks that a value given once reaches every
// document that needs it.
func TestBuildConsistency(t *testing.T) {
	b, err := exampleSetup().Build()
	if err != nil {
		t.Fatal(err)
	}
	js := map[string]string{}
	for _, n := range b.Names() {
		d, _ := b.Documents.Get(n)
		out, err := d.Policy.CompactJSON()
		if err != nil {
			t.Fatal(err)
		}
		js[n] = string(out)
	}
	tests := []struct {
		value  string
		docs   []string
		reason string
	}{
		{keyARN, []string{"bucket-policy", "vendor-read-policy", "scp"}, "the bucket refuses other keys, the vendor decrypts with it, the SCP protects it"},
		{roleARN, []string{"key-policy"}, "the vendor's role must be allowed to decrypt in the key policy"},
		{"arn:aws:s3:::example-ct-logs", []string{"bucket-policy", "vendor-read-policy", "scp"}, "the bucket name is given once"},
		{"8900-544", []string{"vendor-trust-policy"}, "the external ID goes into the trust policy"},
		{"arn:aws:cloudtrail:*:999988887777:trail/*", []string{"bucket-policy", "key-policy"}, "the delivering accounts are given once"},
	}
	for _, tc := range tests {
		for _, n := range tc.docs {
			if !strings.Contains(js[n], tc.value) {
				t.Errorf("%s does not contain %s (%s)", n, tc.value, tc.reason)
			}
		}
	}
}

// TestBuildBucketReaders: readers outside the log archive account (the
// bucket's account) are named in the bucket policy's reader statements, so
// that their cross-account reads get the bucket's yes; readers in the log
// archive account and the vendor's role are not, because their identity
// policies suffice there.
func TestBuildBucketReaders(t *testing.T) {
	const (
		dev      = "arn:aws:iam::999988887777:role/SecurityTeam"
		prod     = "arn:aws:iam::123456789012:role/SecurityTeam"
		vendorRl = "arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany"
	)
	tests := []struct {
		name    string
		reason  string
		readers []string
		want    []string // principals of the reader statements; nil: none
	}{
		{"none", "no readers, no reader statements (the vendor's role is not one)", nil, nil},
		{"log-archive-only", "a reader in the bucket's account needs no bucket grant", []string{prod}, nil},
		{"delivering-account", "a reader in a delivering account reads across accounts", []string{prod, dev}, []string{dev}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := exampleSetup()
			s.Readers = tc.readers
			b, err := s.Build()
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			var got map[string][]string
			bp, _ := b.Documents.Get(trailpolicy.NameBucketPolicy)
			for _, st := range bp.Policy.Statements {
				if st.Sid == bucket.SidReadersList || st.Sid == bucket.SidReadersRead {
					if got == nil {
						got = map[string][]string{}
					}
					got[st.Sid] = st.Principal.AWS().Values()
				}
				if st.Principal != nil && st.Principal.AWS() != nil && slices.Contains(st.Principal.AWS().Values(), vendorRl) {
					t.Errorf("%s names the vendor's role", st.Sid)
				}
			}
			var want map[string][]string
			if tc.want != nil {
				want = map[string][]string{bucket.SidReadersList: tc.want, bucket.SidReadersRead: tc.want}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("reader statements (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}

	// A bad reader is reported once, at its own index, although both the key
	// policy and the bucket policy (where it has another index) check it.
	s := exampleSetup()
	s.Readers = []string{prod, "arn:aws:iam::999988887777:group/auditors"}
	_, err := s.Build()
	var fields []string
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	if diff := cmp.Diff([]string{"readers[1]"}, fields); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
}

func TestBuildDoesNotMutate(t *testing.T) {
	s := exampleSetup()
	s.Accounts = []string{"999988887777", "123456789012", "999988887777"}
	s.Readers = []string{"arn:aws:iam::999988887777:role/B", "arn:aws:iam::123456789012:role/A"}
	before := exampleSetup()
	before.Accounts = slices.Clone(s.Accounts)
	before.Readers = slices.Clone(s.Readers)
	if _, err := s.Build(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, s); diff != "" {
		t.Errorf("Build changed its setup (-before +after):\n%s", diff)
	}
}

func TestLoadSetup(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		data    string
		want    trailpolicy.Setup
		wantErr string // substring
		reason  string
	}{
		{
			name: "json", file: "setup.json",
			data:   `{"bucket": "b-logs", "accounts": ["123456789012"], "vendor": {"account": "998877665544", "externalId": "x-1"}}`,
			want:   trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "b-logs", Accounts: []string{"123456789012"}}, Vendor: &trust.Vendor{Account: "998877665544", ExternalID: "x-1"}},
			reason: "the issue's JSON names",
		},
		{
			name: "yaml", file: "setup.yaml",
			data:   "bucket: b-logs\norganization:\n  id: o-a1b2c3d4e5\n  managementAccount: \"012345678901\"\nscp:\n  omit: true\n",
			want:   trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "b-logs", Organization: &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "012345678901"}}, SCP: scp.Options{Omit: true}},
			reason: "the same names in YAML",
		},
		{
			name: "yaml-leading-zero-unquoted", file: "s.yml",
			data:    "accounts: [012345678901]\n",
			wantErr: `s.yml: line 1: accounts[0]: 012345678901 has a leading zero, which a YAML number loses (and YAML 1.1 reads as octal); quote it, "012345678901"`,
			reason:  "a YAML 1.1 reader takes an unquoted account ID with a leading zero for a number; it must be quoted",
		},
		{
			name: "json-by-content", file: "-",
			data:   ` {"bucket": "b-logs"}`,
			want:   trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "b-logs"}},
			reason: "without an extension, a leading { means JSON",
		},
		{
			name: "yaml-by-content", file: "setup",
			data:   "bucket: b-logs\n",
			want:   trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "b-logs"}},
			reason: "without an extension, anything else is YAML",
		},
		{
			name: "json-unknown-field", file: "setup.json",
			data:    `{"bucket": "b", "vendor": {"account": "1", "externalID": "x"}}`,
			wantErr: `setup.json: vendor.externalID: unknown field; did you mean vendor.externalId?`,
			reason:  "a misspelt nested field must not drop the external ID silently",
		},
		{
			name: "json-unknown-field-top", file: "setup.json",
			data:    `{"bucket": "b", "breakGlasRoles": ["x"]}`,
			wantErr: `setup.json: breakGlasRoles: unknown field; did you mean breakGlassRoles?`,
			reason:  "an unknown field is refused, not ignored",
		},
		{
			name: "yaml-unknown-field", file: "setup.yaml",
			data:    "bucket: b\nbreakglassRoles: [x]\n",
			wantErr: "setup.yaml: line 2: breakglassRoles: unknown field; did you mean breakGlassRoles?",
			reason:  "YAML refuses unknown fields too",
		},
		{
			name: "json-trailing", file: "setup.json",
			data:    `{"bucket": "b"} {"bucket": "c"}`,
			wantErr: "unexpected data after the setup object",
			reason:  "a second object would be ignored",
		},
		{
			name: "yaml-two-documents", file: "setup.yaml",
			data:    "bucket: b\n---\nbucket: c\n",
			wantErr: "more than one YAML document",
			reason:  "a second document would be ignored",
		},
		{
			name: "empty", file: "setup.yaml",
			data:    "",
			wantErr: "the setup is empty",
			reason:  "an empty file is a mistake, not the zero setup",
		},
		{
			name: "yaml-wrong-type", file: "setup.yaml",
			data:    "bucket: [a, b]\n",
			wantErr: "setup.yaml: line 1: bucket: a list where a string belongs",
			reason:  "type errors name the file, the line and the field, not a Go type",
		},
		{
			name: "yaml-duplicate-key", file: "setup.yaml",
			data:    "scp:\n  omit: false\n  omit: true\n",
			wantErr: `setup.yaml: line 3: scp.omit: given twice (first at line 2)`,
			reason:  "YAML refuses a key given twice",
		},
		{
			name: "json-duplicate-key", file: "setup.json",
			data:    `{"scp": {"omit": false}, "scp": {"omit": true}}`,
			wantErr: `setup.json: json: key "scp" is given twice`,
			reason:  "JSON refuses a key given twice, like YAML",
		},
		{
			name: "json-syntax", file: "setup.json",
			data:    `{"bucket": "b",}`,
			wantErr: "setup.json: invalid character '}' looking for beginning of object key string",
			reason:  "the decoder's syntax error, with the file name",
		},
		{
			name: "json-truncated", file: "setup.json",
			data:    `{"bucket": "b", "scp": {"omit": `,
			wantErr: "setup.json: unexpected EOF",
			reason:  "a file cut short is refused, not read as far as it goes",
		},
		{
			name: "json-empty", file: "setup.json",
			data:    " \n",
			wantErr: "setup.json: the setup is empty",
			reason:  "an empty JSON file is a mistake too, and says so rather than EOF",
		},
		{
			name: "json-wrong-type", file: "setup.json",
			data:    `{"scp": {"omit": "yes"}}`,
			wantErr: "setup.json: scp.omit: a JSON string where true or false belongs",
			reason:  "a string where a boolean belongs is refused, not read as false",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := trailpolicy.LoadSetup([]byte(tc.data), tc.file)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("LoadSetup error = %v, want one containing %q (%s)", err, tc.wantErr, tc.reason)
				}
				if !errors.Is(err, trailpolicy.ErrSetupFile) {
					t.Errorf("LoadSetup error %q does not wrap ErrSetupFile (%s)", err, tc.reason)
				}
				for _, e := range policy.Unjoin(err) {
					if !errors.Is(e, trailpolicy.ErrSetupFile) {
						t.Errorf("problem %q does not wrap ErrSetupFile (%s)", e, tc.reason)
					}
				}
				if diff := cmp.Diff(trailpolicy.Setup{}, got); diff != "" {
					t.Errorf("LoadSetup returned a setup with its error (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadSetup: %v (%s)", err, tc.reason)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("LoadSetup (-want +got):\n%s(%s)", diff, tc.reason)
			}
		})
	}
}

// TestLoadSetupDuplicateKeys: encoding/json keeps the last value of a key
// given twice, so a JSON setup could drop a safeguard that an earlier line
// sets; LoadSetup refuses every duplicate, at any depth, naming its path.
func TestLoadSetupDuplicateKeys(t *testing.T) {
	const base = `"bucket": "b-logs", "accounts": ["123456789012"]`
	tests := []struct {
		name   string
		data   string
		want   []string // every problem, in order
		reason string
	}{
		{
			name:   "top-level-object",
			data:   `{` + base + `, "scp": {"omit": false}, "scp": {"omit": true}}`,
			want:   []string{`setup.json: json: key "scp" is given twice: the second value would silently replace the first`},
			reason: "the second scp object would drop the SCP without a word",
		},
		{
			name:   "top-level-string",
			data:   `{` + base + `, "kmsKeyArn": "` + keyARN + `", "kmsKeyArn": ""}`,
			want:   []string{`setup.json: json: key "kmsKeyArn" is given twice: the second value would silently replace the first`},
			reason: "an empty second value would drop the key and its encryption denies",
		},
		{
			name:   "nested",
			data:   `{` + base + `, "scp": {"omit": false, "omit": true}}`,
			want:   []string{`setup.json: json: key "scp.omit" is given twice: the second value would silently replace the first`},
			reason: "the path names the nested key",
		},
		{
			name: "nested-twice",
			data: `{` + base + `, "organization": {"id": "o-a1b2c3d4e5", "managementAccount": "012345678901", "id": "o-z9y8x7w6v5"}, "vendor": {"account": "998877665544", "externalId": "x-1", "externalId": ""}}`,
			want: []string{
				`setup.json: json: key "organization.id" is given twice: the second value would silently replace the first`,
				`setup.json: json: key "vendor.externalId" is given twice: the second value would silently replace the first`,
			},
			reason: "every duplicate is reported at once, each on its own line",
		},
		{
			name:   "array-of-objects",
			data:   `{` + base + `, "trails": [{"b": 1}, {"b": 1, "b": 2}]}`,
			want:   []string{`setup.json: json: key "trails[1].b" is given twice: the second value would silently replace the first`},
			reason: "objects inside arrays are walked too and the path names the element; the same key in two objects is no duplicate",
		},
		{
			name: "case-only",
			data: `{"bucket": "b-logs", "Bucket": "other-logs", "accounts": ["123456789012"]}`,
			want: []string{`setup.json: json: key "Bucket" is given twice, once as "bucket": ` +
				`JSON names match fields without regard to case, so the second value would silently replace the first`},
			reason: `encoding/json fills Bucket from both "bucket" and "Bucket"`,
		},
		{
			name: "case-only-nested",
			data: `{` + base + `, "scp": {"omit": true, "OMIT": false}}`,
			want: []string{`setup.json: json: key "scp.OMIT" is given twice, once as "omit": ` +
				`JSON names match fields without regard to case, so the second value would silently replace the first`},
			reason: "case folding applies at every depth",
		},
		{
			// encoding/json folds names as strings.EqualFold does, beyond
			// ASCII: U+212A KELVIN SIGN matches k.
			name: "case-only-kelvin-sign",
			data: `{` + base + `, "kmsKeyArn": "` + keyARN + `", "\u212AmsKeyArn": ""}`,
			want: []string{"setup.json: json: key \"\u212AmsKeyArn\" is given twice, once as \"kmsKeyArn\": " +
				`JSON names match fields without regard to case, so the second value would silently replace the first`},
			reason: "encoding/json would fill KMSKeyARN from the second key and drop the key",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := trailpolicy.LoadSetup([]byte(tc.data), "setup.json")
			if err == nil {
				t.Fatalf("LoadSetup = %+v, nil; want an error (%s)", got, tc.reason)
			}
			if !errors.Is(err, trailpolicy.ErrSetupFile) {
				t.Errorf("error %q does not wrap ErrSetupFile", err)
			}
			var msgs []string
			for _, e := range policy.Unjoin(err) {
				msgs = append(msgs, e.Error())
			}
			if diff := cmp.Diff(tc.want, msgs); diff != "" {
				t.Errorf("problems (-want +got):\n%s(%s)", diff, tc.reason)
			}
			if diff := cmp.Diff(trailpolicy.Setup{}, got); diff != "" {
				t.Errorf("LoadSetup returned a setup with its error (-want +got):\n%s", diff)
			}
		})
	}

	// The same file without the duplicates loads, so the errors above come
	// from the duplicates and not from something else in the file.
	clean := `{` + base + `, "scp": {"omit": true}, "organization": {"id": "o-a1b2c3d4e5", "managementAccount": "012345678901"}, ` +
		`"vendor": {"account": "998877665544", "externalId": "x-1", "roles": ["arn:aws:iam::998877665544:role/R"]}, "trails": []}`
	got, err := trailpolicy.LoadSetup([]byte(clean), "setup.json")
	if err != nil {
		t.Fatalf("clean file: %v", err)
	}
	want := trailpolicy.Setup{
		SiteConfig: cloudtrail.SiteConfig{
			Bucket: "b-logs", Accounts: []string{"123456789012"},
			Organization: &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "012345678901"},
			Trails:       []string{},
		},
		SCP:    scp.Options{Omit: true},
		Vendor: &trust.Vendor{Account: "998877665544", ExternalID: "x-1", Roles: []string{"arn:aws:iam::998877665544:role/R"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("clean file (-want +got):\n%s", diff)
	}
}
