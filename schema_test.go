package trailpolicy_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
	"go.yaml.in/yaml/v3"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/rcp"
	"github.com/trailpolicy/trailpolicy/scp"
	"github.com/trailpolicy/trailpolicy/trust"
)

// schemaFile is the JSON Schema of a setup file, kept at the top of the
// repository for editors (examples/example-corp.yaml points to it).
const schemaFile = "setup.schema.json"

// loadSchema compiles setup.schema.json as a draft-07 schema, checking it
// against the draft-07 meta-schema first.
func loadSchema(t *testing.T) *gojsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	sl := gojsonschema.NewSchemaLoader()
	sl.Draft = gojsonschema.Draft7
	sl.Validate = true
	schema, err := sl.Compile(gojsonschema.NewBytesLoader(data))
	if err != nil {
		t.Fatalf("%s is not a valid draft-07 schema: %v", schemaFile, err)
	}
	return schema
}

// schemaTree returns setup.schema.json decoded.
func schemaTree(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	if tree["$schema"] != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("$schema = %v, want draft-07", tree["$schema"])
	}
	return tree
}

// compareSchema walks the Go type typ alongside its schema node and returns
// every difference: a field the schema lacks, a property no field has, a
// type that does not match, an object open to other properties. Fields are
// found by reflection (reflect.VisibleFields, so the fields of the embedded
// cloudtrail.SiteConfig count as Setup's), by their JSON names, which must
// equal their YAML names. visited records the struct types walked.
func compareSchema(typ reflect.Type, node map[string]any, path string, visited map[reflect.Type]bool) []string {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	where := path
	if where == "" {
		where = "(the setup)"
	}
	var out []string
	wantType := map[reflect.Kind]string{reflect.String: "string", reflect.Bool: "boolean", reflect.Int: "integer", reflect.Slice: "array", reflect.Struct: "object"}[typ.Kind()]
	if wantType == "" {
		return []string{fmt.Sprintf("%s: Go kind %s has no schema type in this test", where, typ.Kind())}
	}
	if node["type"] != wantType {
		out = append(out, fmt.Sprintf("%s: schema type %v, want %s (Go %s)", where, node["type"], wantType, typ))
	}
	switch typ.Kind() {
	case reflect.Slice:
		items, _ := node["items"].(map[string]any)
		if items == nil {
			return append(out, where+": array without items")
		}
		out = append(out, compareSchema(typ.Elem(), items, path+"[]", visited)...)
	case reflect.Struct:
		visited[typ] = true
		if node["additionalProperties"] != false {
			out = append(out, where+": additionalProperties is not false, so a misspelt field would pass")
		}
		props, _ := node["properties"].(map[string]any)
		fields := map[string]reflect.StructField{}
		for _, f := range reflect.VisibleFields(typ) {
			if f.Anonymous || !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if yname, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); yname != name {
				out = append(out, fmt.Sprintf("%s: field %s is %q in JSON but %q in YAML", where, f.Name, name, yname))
			}
			if name == "" || name == "-" {
				out = append(out, fmt.Sprintf("%s: field %s has no JSON name", where, f.Name))
				continue
			}
			fields[name] = f
		}
		names := make([]string, 0, len(fields))
		for n := range fields {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			sub := n
			if path != "" {
				sub = path + "." + n
			}
			p, ok := props[n].(map[string]any)
			if !ok {
				out = append(out, fmt.Sprintf("%s: field %s (%s) is not in %s", sub, fields[n].Name, typ, schemaFile))
				continue
			}
			if d, _ := p["description"].(string); d == "" {
				out = append(out, sub+": no description")
			}
			out = append(out, compareSchema(fields[n].Type, p, sub, visited)...)
		}
		for n := range props {
			if _, ok := fields[n]; !ok {
				out = append(out, fmt.Sprintf("%s: %s has property %q, which %s does not have", where, schemaFile, n, typ))
			}
		}
	}
	return out
}

// TestSchemaHasEveryField fails when a field is added to Setup (or to one
// of the blocks it holds) and not to setup.schema.json, or the other way
// round.
func TestSchemaHasEveryField(t *testing.T) {
	loadSchema(t)
	visited := map[reflect.Type]bool{}
	problems := compareSchema(reflect.TypeOf(trailpolicy.Setup{}), schemaTree(t), "", visited)
	slices.Sort(problems)
	for _, p := range problems {
		t.Error(p)
	}
	for _, v := range []any{trailpolicy.Setup{}, cloudtrail.Organization{}, trust.Vendor{}, scp.Options{}, rcp.Options{}} {
		if !visited[reflect.TypeOf(v)] {
			t.Errorf("the walk did not reach %T", v)
		}
	}
	if _, ok := reflect.TypeOf(trailpolicy.Setup{}).FieldByName("SiteConfig"); !ok {
		t.Error("Setup no longer embeds cloudtrail.SiteConfig: the walk above may miss its fields")
	}
}

// TestCompareSchemaFindsDrift: the comparison fails on a field missing from
// the schema, a property no field has and a wrong type, so the test above
// cannot pass by accident.
func TestCompareSchemaFindsDrift(t *testing.T) {
	type block struct {
		Name  string `json:"name" yaml:"name"`
		Count int    `json:"count" yaml:"count"`
	}
	node := map[string]any{
		"type": "object", "additionalProperties": false,
		"properties": map[string]any{
			"name":  map[string]any{"type": "integer", "description": "x"},
			"extra": map[string]any{"type": "string", "description": "x"},
		},
	}
	got := compareSchema(reflect.TypeOf(block{}), node, "", map[reflect.Type]bool{})
	slices.Sort(got)
	want := []string{
		`(the setup): setup.schema.json has property "extra", which trailpolicy_test.block does not have`,
		"count: field Count (trailpolicy_test.block) is not in setup.schema.json",
		"name: schema type integer, want string (Go string)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("compareSchema =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// fileValue decodes a setup file as the schema sees it: JSON, or YAML read
// into plain maps and lists.
func fileValue(t *testing.T, name string, data []byte) any {
	t.Helper()
	var v any
	var err error
	if strings.HasSuffix(name, ".json") {
		err = json.Unmarshal(data, &v)
	} else {
		err = yaml.Unmarshal(data, &v)
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// validate returns the schema's complaints about the setup file.
func validate(t *testing.T, schema *gojsonschema.Schema, name string, data []byte) []string {
	t.Helper()
	res, err := schema.Validate(gojsonschema.NewGoLoader(fileValue(t, name, data)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []string
	for _, e := range res.Errors() {
		out = append(out, e.String())
	}
	return out
}

// TestSchemaAcceptsExamples validates the example setups, which LoadSetup
// and Build accept, against the schema.
func TestSchemaAcceptsExamples(t *testing.T) {
	schema := loadSchema(t)
	files, err := filepath.Glob(filepath.Join("cmd", "trailpolicy", "testdata", "compat", "setups", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no compat setups: %v", err)
	}
	files = append([]string{filepath.Join("examples", "example-corp.yaml")}, files...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := trailpolicy.LoadSetup(data, f)
		if err != nil {
			t.Fatalf("%s does not load: %v", f, err)
		}
		if _, err := s.Build(); err != nil {
			t.Fatalf("%s does not build: %v", f, err)
		}
		if errs := validate(t, schema, f, data); len(errs) > 0 {
			t.Errorf("%s: the schema refuses a setup trailpolicy accepts:\n%s", f, strings.Join(errs, "\n"))
		}
	}
}

// TestSchemaRefusesMistakes: the mistakes LoadSetup or Build refuse in a
// file are refused by the schema as well, so that an editor shows them.
func TestSchemaRefusesMistakes(t *testing.T) {
	schema := loadSchema(t)
	const good = "bucket: example-ct-logs\naccounts: [\"123456789012\"]\n"
	if errs := validate(t, schema, "good.yaml", []byte(good)); len(errs) > 0 {
		t.Fatalf("the base setup is refused: %v", errs)
	}
	tests := []struct {
		name, data string
		want       string // in one of the schema's complaints
		reason     string
	}{
		{"misspelt-top", good + "acounts: []\n", "acounts", "an unknown field"},
		{"misspelt-nested", good + "scp:\n  leaveKeyUnprotectd: true\n", "leaveKeyUnprotectd", "an unknown field in a block"},
		{"wrong-case", good + "kmsKeyARN: x\n", "kmsKeyARN", "names are exact"},
		// (yaml.v3 reads yes and no, even quoted, as booleans; the schema
		// wants true or false, as YAML 1.2 and JSON do.)
		{"wrong-type", good + "scp: {omit: \"maybe\"}\n", "scp.omit", "a string where a boolean belongs"},
		{"short-account", "bucket: example-ct-logs\naccounts: [\"12345678901\"]\n", "accounts.0", "an account ID has 12 digits"},
		{"unquoted-account", "bucket: example-ct-logs\naccounts: [123456789012]\n", "accounts.0", "an account ID is a string (quote it in YAML)"},
		{"bad-partition", good + "partition: aws-iso\n", "partition", "a partition trailpolicy does not support"},
		{"bad-org", good + "organization: {id: o-EXAMPLE, managementAccount: \"111111111111\"}\n", "organization.id", "an organization ID is lower case"},
		{"negative-size", good + "scp: {sizeLimit: -1}\n", "scp.sizeLimit", "a negative size limit"},
		{"key-sid-style", good + "kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\nkeyPolicy: {sidStyle: Spaced}\n", "keyPolicy.sidStyle", "only the two Sid styles exist"},
		{"read-short-account", good + "logArchiveAccount: \"123456789012\"\nvendor: {account: \"998877665544\", externalId: \"8900-544\", readPolicy: {limitToAccounts: [\"12345\"]}}\n", "vendor.readPolicy.limitToAccounts.0", "an account ID has 12 digits"},
		{"sid-suffix-hyphen", good + "bucketPolicy: {sidSuffix: \"2015-03\"}\n", "bucketPolicy.sidSuffix", "a Sid holds letters and digits only"},
		{"short-external-id", good + "logArchiveAccount: \"123456789012\"\nvendor: {account: \"998877665544\", externalId: x}\n", "vendor.externalId", "an external ID has at least 2 characters"},
	}
	for _, tc := range tests {
		errs := validate(t, schema, tc.name+".yaml", []byte(tc.data))
		if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tc.want) }) {
			t.Errorf("%s: schema errors %q lack %q (%s)", tc.name, errs, tc.want, tc.reason)
		}
		s, err := trailpolicy.LoadSetup([]byte(tc.data), tc.name+".yaml")
		if err == nil {
			_, err = s.Build()
		}
		if err == nil && tc.name != "unquoted-account" {
			t.Errorf("%s: the schema refuses it but trailpolicy accepts it (%s)", tc.name, tc.reason)
		}
	}
}

// TestExampleNamesSchema: the example setup tells YAML editors where the
// schema is, by a path that resolves from the example's directory.
func TestExampleNamesSchema(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("examples", "example-corp.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	ref, ok := strings.CutPrefix(first, "# yaml-language-server: $schema=")
	if !ok {
		t.Fatalf("first line %q does not name the schema for yaml-language-server", first)
	}
	if _, err := os.Stat(filepath.Join("examples", filepath.FromSlash(ref))); err != nil {
		t.Errorf("$schema=%s does not resolve from examples/: %v", ref, err)
	}
}
