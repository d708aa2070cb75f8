package trailpolicy_test

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
	"github.com/trailpolicy/trailpolicy/trust"
)

// optionsSetup returns a setup file that calls for every document, with
// top appended: lines at the top level, such as a bucketPolicy block, or,
// indented by two spaces, lines of the vendor block (its readPolicy).
func optionsSetup(top string) string {
	return `bucket: example-ct-logs
logArchiveAccount: "123456789012"
accounts: ["123456789012", "999988887777"]
organization: {id: o-a1b2c3d4e5, managementAccount: "111122223333"}
kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
vendor:
  account: "998877665544"
  externalId: "8900-544"
` + top
}

// TestSetupOptionBlocks: every option of a builder is reachable from a
// setup file. A block of the file gives the document the builder gives in
// Go with the same option set, and that document differs from the default
// one, so the option was not dropped on the way.
func TestSetupOptionBlocks(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		top    string // setup lines
		doc    string // document name
		goDoc  func(site *cloudtrail.Site) (*policy.Document, error)
	}{
		{
			name:   "bucket-sid-suffix",
			reason: "bucketPolicy.sidSuffix is bucket.Options.SidSuffix",
			top:    "bucketPolicy:\n  sidSuffix: \"20150319\"\n",
			doc:    trailpolicy.NameBucketPolicy,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				return bucket.Build(bucket.Config{Site: site, Options: bucket.Options{SidSuffix: "20150319"}})
			},
		},
		{
			name:   "bucket-any-source-in-accounts",
			reason: "bucketPolicy.allowAnySourceInAccounts is bucket.Options.AllowAnySourceInAccounts",
			top:    "bucketPolicy: {allowAnySourceInAccounts: true}\n",
			doc:    trailpolicy.NameBucketPolicy,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				return bucket.Build(bucket.Config{Site: site, Options: bucket.Options{AllowAnySourceInAccounts: true}})
			},
		},
		{
			name:   "bucket-list-bucket",
			reason: "bucketPolicy.allowCloudTrailToListBucket is bucket.Options.AllowCloudTrailToListBucket",
			top:    "bucketPolicy: {allowCloudTrailToListBucket: true}\n",
			doc:    trailpolicy.NameBucketPolicy,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				return bucket.Build(bucket.Config{Site: site, Options: bucket.Options{AllowCloudTrailToListBucket: true}})
			},
		},
		{
			name:   "bucket-path-variable",
			reason: "bucketPolicy.accountPathVariable is bucket.Options.AccountPathVariable",
			top:    "bucketPolicy: {accountPathVariable: true}\n",
			doc:    trailpolicy.NameBucketPolicy,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				return bucket.Build(bucket.Config{Site: site, Options: bucket.Options{AccountPathVariable: true}})
			},
		},
		{
			name:   "bucket-deny-outside-organization",
			reason: "bucketPolicy.denyOutsideOrganization is bucket.Options.DenyOutsideOrganization",
			top:    "bucketPolicy: {denyOutsideOrganization: true}\n",
			doc:    trailpolicy.NameBucketPolicy,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				return bucket.Build(bucket.Config{Site: site, Options: bucket.Options{DenyOutsideOrganization: true}})
			},
		},
		{
			name:   "bucket-across-prefixes",
			reason: "bucketPolicy.allowWritesAcrossAccountPrefixes is bucket.Options.AllowWritesAcrossAccountPrefixes",
			top:    "bucketPolicy: {allowWritesAcrossAccountPrefixes: true}\n",
			doc:    trailpolicy.NameBucketPolicy,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				return bucket.Build(bucket.Config{Site: site, Options: bucket.Options{AllowWritesAcrossAccountPrefixes: true}})
			},
		},
		{
			name:   "bucket-legacy",
			reason: "bucketPolicy.legacyPrincipalRegions and allowAnySourceTrail are the bucket's options of those names",
			top:    "bucketPolicy:\n  allowAnySourceTrail: true\n  legacyPrincipalRegions: [us-east-1, eu-west-1]\n",
			doc:    trailpolicy.NameBucketPolicy,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				return bucket.Build(bucket.Config{Site: site, Options: bucket.Options{AllowAnySourceTrail: true, LegacyPrincipalRegions: []string{"us-east-1", "eu-west-1"}}})
			},
		},
		{
			name:   "bucket-insecure-transport",
			reason: "bucketPolicy.allowInsecureTransport is bucket.Options.AllowInsecureTransport",
			top:    "bucketPolicy: {allowInsecureTransport: true}\n",
			doc:    trailpolicy.NameBucketPolicy,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				return bucket.Build(bucket.Config{Site: site, Options: bucket.Options{AllowInsecureTransport: true}})
			},
		},
		{
			name:   "bucket-any-source-in-organization",
			reason: "bucketPolicy.allowAnySourceInOrganization is bucket.Options.AllowAnySourceInOrganization",
			top:    "bucketPolicy: {allowAnySourceInOrganization: true}\n",
			doc:    trailpolicy.NameBucketPolicy,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				return bucket.Build(bucket.Config{Site: site, Options: bucket.Options{AllowAnySourceInOrganization: true}})
			},
		},
		{
			name:   "key-any-source-in-accounts",
			reason: "keyPolicy.allowAnySourceInAccounts is kmskey.Options.AllowAnySourceInAccounts",
			top:    "keyPolicy: {allowAnySourceInAccounts: true}\n",
			doc:    trailpolicy.NameKeyPolicy,
			goDoc:  keyPolicy(kmskey.Options{AllowAnySourceInAccounts: true}, nil),
		},
		{
			name:   "key-cloudtrail-decrypt",
			reason: "keyPolicy.allowCloudTrailToDecryptForBucketKey is kmskey.Options.AllowCloudTrailToDecryptForBucketKey",
			top:    "keyPolicy: {allowCloudTrailToDecryptForBucketKey: true}\n",
			doc:    trailpolicy.NameKeyPolicy,
			goDoc:  keyPolicy(kmskey.Options{AllowCloudTrailToDecryptForBucketKey: true}, nil),
		},
		{
			name:   "key-path-variable",
			reason: "keyPolicy.accountPathVariable is kmskey.Options.AccountPathVariable",
			top:    "keyPolicy: {accountPathVariable: true}\n",
			doc:    trailpolicy.NameKeyPolicy,
			goDoc:  keyPolicy(kmskey.Options{AccountPathVariable: true}, nil),
		},
		{
			name:   "key-alias-creation",
			reason: "keyPolicy.allowAliasCreationDuringSetup is kmskey.Options.AllowAliasCreationDuringSetup",
			top:    "keyPolicy: {allowAliasCreationDuringSetup: true}\n",
			doc:    trailpolicy.NameKeyPolicy,
			goDoc:  keyPolicy(kmskey.Options{AllowAliasCreationDuringSetup: true}, nil),
		},
		{
			name:   "key-decrypt-accounts",
			reason: "keyPolicy.decryptAccounts is kmskey.Options.DecryptAccounts",
			top:    "keyPolicy: {decryptAccounts: [\"999988887777\"]}\n",
			doc:    trailpolicy.NameKeyPolicy,
			goDoc:  keyPolicy(kmskey.Options{DecryptAccounts: []string{"999988887777"}}, nil),
		},
		{
			name:   "key-sid-style-and-id",
			reason: "keyPolicy.sidStyle and keyPolicy.policyId are kmskey.Options.SidStyle and PolicyID",
			top:    "keyPolicy:\n  sidStyle: spaced\n  policyId: Key policy for CloudTrail\n",
			doc:    trailpolicy.NameKeyPolicy,
			goDoc:  keyPolicy(kmskey.Options{SidStyle: kmskey.SidsSpaced, PolicyID: "Key policy for CloudTrail"}, nil),
		},
		{
			name:   "key-omit-source-arn",
			reason: "keyPolicy.omitSourceArn is kmskey.Options.OmitSourceArn",
			top:    "keyPolicy: {omitSourceArn: true}\n",
			doc:    trailpolicy.NameKeyPolicy,
			goDoc:  keyPolicy(kmskey.Options{OmitSourceArn: true}, nil),
		},
		{
			name:   "key-administrators-use-key",
			reason: "keyPolicy.allowAdministratorsToUseKey is kmskey.Options.AllowAdministratorsToUseKey; keyAdministrators stays at the top",
			top:    "keyAdministrators: [arn:aws:iam::123456789012:role/KeyAdmin]\nkeyPolicy: {allowAdministratorsToUseKey: true}\n",
			doc:    trailpolicy.NameKeyPolicy,
			goDoc:  keyPolicy(kmskey.Options{AllowAdministratorsToUseKey: true}, []string{"arn:aws:iam::123456789012:role/KeyAdmin"}),
		},
		{
			name:   "key-lockout",
			reason: "keyPolicy.allowKeyLockout is kmskey.Options.AllowKeyLockout",
			top:    "keyAdministrators: [arn:aws:iam::123456789012:role/KeyAdmin]\nkeyPolicy: {allowKeyLockout: true}\n",
			doc:    trailpolicy.NameKeyPolicy,
			goDoc:  keyPolicy(kmskey.Options{AllowKeyLockout: true}, []string{"arn:aws:iam::123456789012:role/KeyAdmin"}),
		},
		{
			name:   "scp-trail-creation-and-tagging",
			reason: "scp.denyTrailCreationAndTagging is scp.Options.DenyTrailCreationAndTagging",
			top:    "scp: {protectTrails: [\"arn:aws:cloudtrail:us-east-1:999988887777:trail/main\"], denyTrailCreationAndTagging: true}\n",
			doc:    trailpolicy.NameSCP,
			goDoc: func(site *cloudtrail.Site) (*policy.Document, error) {
				docs, err := scp.Build(scp.Config{Site: site, Options: scp.Options{
					ProtectTrails:               []string{"arn:aws:cloudtrail:us-east-1:999988887777:trail/main"},
					DenyTrailCreationAndTagging: true,
				}})
				if err != nil || len(docs) != 1 {
					return nil, errors.Join(err, fmt.Errorf("%d SCPs, want 1", len(docs)))
				}
				return docs[0], nil
			},
		},
		{
			name:   "read-accounts-in-organization",
			reason: "vendor.readPolicy.limitToAccounts and limitToOrganization are trust.ReadOptions' fields of those names",
			top:    "  readPolicy: {limitToAccounts: [\"999988887777\"], limitToOrganization: true}\n",
			doc:    trailpolicy.NameVendorReadPolicy,
			goDoc:  readPolicy(trust.ReadOptions{LimitToAccounts: []string{"999988887777"}, LimitToOrganization: true}),
		},
		{
			name:   "read-broad-and-location",
			reason: "vendor.readPolicy.broadActions and allowGetBucketLocation are trust.ReadOptions' fields of those names",
			top:    "  readPolicy:\n    broadActions: true\n    allowGetBucketLocation: true\n",
			doc:    trailpolicy.NameVendorReadPolicy,
			goDoc:  readPolicy(trust.ReadOptions{BroadActions: true, AllowGetBucketLocation: true}),
		},
	}
	defaults := loadAndBuild(t, optionsSetup(""))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := loadAndBuild(t, optionsSetup(tc.top))
			got, ok := b.Documents.Get(tc.doc)
			if !ok {
				t.Fatalf("the setup calls for no %s", tc.doc)
			}
			want, err := tc.goDoc(b.Site)
			if err != nil {
				t.Fatalf("the builder in Go: %v", err)
			}
			if diff := cmp.Diff(render(t, want), render(t, got.Policy)); diff != "" {
				t.Errorf("%s from the setup file differs from the builder's in Go (-want +got):\n%s(%s)", tc.doc, diff, tc.reason)
			}
			def, _ := defaults.Documents.Get(tc.doc)
			if render(t, def.Policy) == render(t, got.Policy) {
				t.Errorf("%s is the default document: the option had no effect (%s)", tc.doc, tc.reason)
			}
		})
	}
}

// TestSetupOptionErrors: a bad value in an option block is reported once,
// by its builder, on its path in the setup file. A case named no-key-...
// has no kmsKeyArn, one named no-org-... no organization.
func TestSetupOptionErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		top    string
		want   []string // fields, in order
	}{
		{"bucket-sid-suffix", "a Sid holds letters and digits only", "bucketPolicy: {sidSuffix: \"2015-03\"}\n", []string{"bucketPolicy.sidSuffix"}},
		{"bucket-legacy", "legacy principals need allowAnySourceTrail; a Region outside AWS's table is refused",
			"bucketPolicy: {legacyPrincipalRegions: [il-central-1]}\n",
			[]string{"bucketPolicy.legacyPrincipalRegions", "bucketPolicy.legacyPrincipalRegions[0]"}},
		{"bucket-two-sources", "two source conditions at once", "bucketPolicy: {allowAnySourceTrail: true, allowAnySourceInAccounts: true}\n",
			[]string{"bucketPolicy.allowAnySourceInAccounts"}},
		{"bucket-across-without-source", "one statement already, without a source condition", "bucketPolicy: {allowAnySourceTrail: true, allowWritesAcrossAccountPrefixes: true}\n",
			[]string{"bucketPolicy.allowWritesAcrossAccountPrefixes"}},
		{"no-org-bucket-source-organization", "aws:SourceOrgID needs the organization", "bucketPolicy: {allowAnySourceInOrganization: true}\n",
			[]string{"bucketPolicy.allowAnySourceInOrganization"}},
		{"key-two-sources", "aws:SourceAccount replaces the aws:SourceArn that omitSourceArn drops", "keyPolicy: {omitSourceArn: true, allowAnySourceInAccounts: true}\n",
			[]string{"keyPolicy.allowAnySourceInAccounts"}},
		{"key-sid-style", "only the two Sid styles exist", "keyPolicy: {sidStyle: Spaced}\n", []string{"keyPolicy.sidStyle"}},
		{"key-policy-id", "a key policy holds no character past U+00FF", "keyPolicy: {policyId: \"Key policy \\u2014 CloudTrail\"}\n", []string{"keyPolicy.policyId"}},
		{"key-lockout", "nobody could manage the key", "keyPolicy: {allowKeyLockout: true}\n", []string{"keyPolicy.allowKeyLockout"}},
		{"read-account", "an account ID has 12 digits", "  readPolicy: {limitToAccounts: [\"12345\"]}\n", []string{"vendor.readPolicy.limitToAccounts[0]"}},
		{"no-org-read-organization", "only an organization trail writes under AWSLogs/<o-id>/",
			"  readPolicy: {limitToOrganization: true}\n", []string{"vendor.readPolicy.limitToOrganization"}},
		{"no-key-key-policy", "the keyPolicy block needs a key, as keyAdministrators do; the first option set is named",
			"keyPolicy: {omitSourceArn: true, allowKeyLockout: true}\n", []string{"keyPolicy.omitSourceArn"}},
	}
	goNames := goFieldNames()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := optionsSetup(tc.top)
			if strings.HasPrefix(tc.name, "no-key-") {
				data = strings.Replace(data, "kmsKeyArn:", "# kmsKeyArn:", 1)
			}
			if strings.HasPrefix(tc.name, "no-org-") {
				data = strings.Replace(data, "organization:", "# organization:", 1)
			}
			s, err := trailpolicy.LoadSetup([]byte(data), "setup.yaml")
			if err != nil {
				t.Fatalf("LoadSetup: %v", err)
			}
			_, err = s.Build()
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
				got = append(got, fe.Field)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("fields (-want +got):\n%s\nerror:\n%v\n(%s)", diff, err, tc.reason)
			}
		})
	}
}

// keyPolicy returns the key policy of a site built in Go with opts, the key
// administrators admins and the vendor's role of optionsSetup.
func keyPolicy(opts kmskey.Options, admins []string) func(site *cloudtrail.Site) (*policy.Document, error) {
	return func(site *cloudtrail.Site) (*policy.Document, error) {
		return kmskey.Build(kmskey.Config{
			Site:              site,
			KeyAdministrators: admins,
			VendorRoleARN:     "arn:aws:iam::123456789012:role/" + trust.DefaultRoleName,
			Options:           opts,
		})
	}
}

// readPolicy returns the vendor's read policy of a site built in Go with
// opts.
func readPolicy(opts trust.ReadOptions) func(site *cloudtrail.Site) (*policy.Document, error) {
	return func(site *cloudtrail.Site) (*policy.Document, error) {
		return trust.BuildReadPolicy(trust.ReadConfig{Site: site, ReadOptions: opts})
	}
}

// loadAndBuild loads the YAML setup data and builds it, failing the test on
// any problem.
func loadAndBuild(t *testing.T, data string) *trailpolicy.Bundle {
	t.Helper()
	s, err := trailpolicy.LoadSetup([]byte(data), "setup.yaml")
	if err != nil {
		t.Fatalf("LoadSetup: %v", err)
	}
	b, err := s.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return b
}

// render returns doc's JSON.
func render(t *testing.T, doc *policy.Document) string {
	t.Helper()
	out, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestReadmeSetupTable: the README's setup table names every field of a
// setup file: in a row of its own ("`bucketPolicy.sidSuffix`"), or in the
// row of its block ("`scp`" lists "`sizeLimit`"), so that the table is the
// whole reference and each weakening option is described where it is
// listed.
func TestReadmeSetupTable(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(data), "| Field | Meaning | Used by |\n")
	if !ok {
		t.Fatal("README.md has no setup table")
	}
	table, _, _ = strings.Cut(table, "\n\n")
	rows := map[string]string{} // first cell without backquotes -> the row
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		rows[strings.Trim(strings.TrimSpace(cells[1]), "`")] = line
	}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		for _, f := range reflect.VisibleFields(typ) {
			if f.Anonymous || !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			full := name
			if path != "" {
				full = path + "." + name
			}
			_, own := rows[full]
			if !own && !(path != "" && strings.Contains(rows[path], "`"+name+"`")) {
				t.Errorf("the README's setup table has no row %s, nor does the row of %q name %s", "`"+full+"`", path, "`"+name+"`")
			}
			if ft, isStruct := structType(f.Type); isStruct {
				walk(ft, full)
			}
		}
	}
	walk(reflect.TypeOf(trailpolicy.Setup{}), "")
}

// structType returns t without pointers, and whether that is a struct.
func structType(t reflect.Type) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t, t.Kind() == reflect.Struct
}
