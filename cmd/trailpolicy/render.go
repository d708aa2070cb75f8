package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/format"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/snstopic"
)

// file is one output: a name for -out and its content.
type file struct {
	name string
	data []byte
}

// outputFormat is one -format value.
type outputFormat struct {
	ext     string
	compact bool                   // json: the compact form
	tf      bool                   // terraform
	cfn     *format.TemplateFormat // cloudformation, in this syntax
}

func (f outputFormat) template() bool { return f.tf || f.cfn != nil }

var (
	cfnYAML = format.YAML
	cfnJSON = format.JSON
)

var formats = map[string]outputFormat{
	"json":                {ext: ".json"},
	"compact":             {ext: ".json", compact: true},
	"terraform":           {ext: ".tf", tf: true},
	"cloudformation":      {ext: ".yaml", cfn: &cfnYAML},
	"cloudformation-json": {ext: ".json", cfn: &cfnJSON},
}

// render returns the output files for document name ("all" for every
// document), and notes for standard error: what the output leaves to the
// user. split says whether -out asked for one file per document or account.
func render(b *trailpolicy.Bundle, name string, f outputFormat, split bool) ([]file, []string, error) {
	docs := b.Documents
	if name != "all" {
		var ok bool
		if f.template() {
			docs, ok = b.Deployable(name)
		} else {
			docs, ok = b.Select(name)
		}
		if !ok {
			return nil, nil, trailpolicy.MissingDocument(name)
		}
	}
	var (
		files []file
		notes []string
		err   error
	)
	switch {
	case f.tf:
		files, notes, err = renderTerraform(docs, name, split)
	case f.cfn != nil:
		files, notes, err = renderCloudFormation(docs, name, *f.cfn, f.ext, split)
	case b.Site.CreatesKey():
		return nil, nil, errCreatedKeyJSON
	default:
		files, err = renderJSON(docs, f, split, name == "all")
	}
	if err != nil {
		return nil, nil, err
	}
	return files, append(notes, destinationNotes(docs)...), nil
}

// destinationNotes says what the trail itself needs from the documents of
// its SNS topic and CloudWatch Logs delivery role, which no document holds:
// the role's ARN for the trail's CloudWatchLogsRoleArn, and what the key
// policy of a KMS key that encrypts the topic must allow.
func destinationNotes(docs cloudtrail.Documents) []string {
	var notes []string
	for _, d := range docs {
		switch t := d.Target; {
		case t.Kind == cloudtrail.RoleTrustTarget && t.ResourceName == trailpolicy.LogsRoleResourceName && t.RoleARN != "":
			notes = append(notes, fmt.Sprintf("%s: give the trail CloudWatchLogsRoleArn %s (the role %s, in %s%s)", d.Name, t.RoleARN, t.RoleName, t.AppliedIn.Description(), accountID(t.AppliedIn, t.Account)))
		case t.Kind == cloudtrail.TopicPolicyTarget:
			notes = append(notes, d.Name+": "+snstopic.KeyPolicyNote(t.TopicARN))
		}
	}
	return notes
}

// errCreatedKeyJSON is why a setup with createKey has no JSON documents;
// audit, check and diff, which read what is deployed, take the created
// key's ARN instead (deployedSetup).
var errCreatedKeyJSON = policy.NewFieldError(policy.ErrConflict, "createKey", "true",
	"is set: the key's ARN exists only once the key does, so the JSON documents cannot name it; use -format terraform or cloudformation, which refer to the key they create, or, once it exists, name it with kmsKeyArn instead")

// renderTerraform returns one configuration: the provider configurations
// of the accounts that apply the documents, then the resources, in one file
// or, with split, in one file per account (providers.tf, then
// log-archive-account.tf, ...). All files belong in one root module: a
// resource of one account may refer to the key another creates.
func renderTerraform(docs cloudtrail.Documents, name string, split bool) ([]file, []string, error) {
	providers := format.TerraformProviders(docs)
	if !split || name != "all" {
		res, err := format.Terraform(docs)
		if err != nil {
			return nil, nil, err
		}
		fname := name
		if name == "all" {
			fname = "all"
		}
		return []file{{name: fname + ".tf", data: joinBlocks(providers, res)}}, nil, nil
	}
	out := []file{{name: "providers.tf", data: providers}}
	for _, g := range format.ByAccount(docs) {
		res, err := format.Terraform(g.Docs)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, file{name: string(g.Role) + ".tf", data: res})
	}
	return out, nil, nil
}

// joinBlocks joins parts of one file with a blank line between them.
func joinBlocks(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		if len(p) == 0 {
			continue
		}
		if len(out) > 0 {
			out = append(out, '\n')
		}
		out = append(out, p...)
	}
	return out
}

// renderCloudFormation returns one template per account that applies some
// of docs. CloudFormation cannot set the policy of a key it does not own,
// so an existing key's policy is left out of the templates: the notes say
// how to apply it, and with split it is written as key-policy.json for the
// command they give. Without split, several templates are one YAML stream
// (each after a comment saying where to deploy it; "aws cloudformation
// deploy" takes one, so use -out) or one JSON object keyed by account.
func renderCloudFormation(docs cloudtrail.Documents, name string, syntax format.TemplateFormat, ext string, split bool) ([]file, []string, error) {
	var notes []string
	var out []file
	var kept cloudtrail.Documents
	for _, d := range docs {
		if t := d.Target; t.Kind == cloudtrail.KeyPolicyTarget && !t.CreateKey {
			keyFile := d.Name + ".json"
			notes = append(notes, fmt.Sprintf("%s: CloudFormation cannot set the policy of the existing key %s, so no template holds it; apply it in %s, once the stacks that create the roles it names exist, with\n  %s",
				d.Name, t.KeyARN, t.AppliedIn.Description(), format.PutKeyPolicyCommand(t.KeyARN, keyFile)))
			if split {
				data, err := d.Policy.JSON()
				if err != nil {
					return nil, nil, err
				}
				out = append(out, file{name: keyFile, data: data})
				notes[len(notes)-1] += "\nfrom the directory it is written to"
			} else {
				notes[len(notes)-1] += fmt.Sprintf("\nafter writing it with: trailpolicy -config SETUP %s > %s", d.Name, keyFile)
			}
			continue
		}
		kept = append(kept, d)
	}
	if len(kept) == 0 {
		// Only the existing key's policy was asked for: there is no
		// template to print.
		t := docs[0].Target
		return nil, nil, policy.NewFieldError(policy.ErrConflict, "kmsKeyArn", t.KeyARN, fmt.Sprintf(
			"names an existing key, and CloudFormation cannot set the policy of a key it does not own: print the policy with -format json %s > %s.json and apply it with %s, or set createKey (instead of kmsKeyArn) to let the template create the key",
			docs[0].Name, docs[0].Name, format.PutKeyPolicyCommand(t.KeyARN, docs[0].Name+".json")))
	}
	groups := format.ByAccount(kept)
	templates := make([][]byte, len(groups))
	for i, g := range groups {
		data, err := format.CloudFormation(g.Docs, syntax)
		if err != nil {
			return nil, nil, err
		}
		templates[i] = data
	}
	switch {
	case split:
		for i, g := range groups {
			out = append(out, file{name: string(g.Role) + ext, data: templates[i]})
		}
		return out, notes, nil
	case len(groups) == 1:
		return []file{{name: name + ext, data: templates[0]}}, notes, nil
	case syntax == format.YAML:
		var buf bytes.Buffer
		for i, g := range groups {
			if i > 0 {
				buf.WriteString("---\n")
			}
			fmt.Fprintf(&buf, "# Template %d of %d: deploy it as a stack in %s%s.\n", i+1, len(groups), g.Role.Description(), accountID(g.Role, g.Account))
			buf.Write(templates[i])
		}
		return []file{{name: name + ext, data: buf.Bytes()}}, notes, nil
	}
	var buf bytes.Buffer
	buf.WriteString("{")
	for i, g := range groups {
		if i > 0 {
			buf.WriteString(",")
		}
		key, _ := json.Marshal(string(g.Role))
		buf.WriteString("\n  ")
		buf.Write(key)
		buf.WriteString(": ")
		if err := json.Indent(&buf, bytes.TrimSpace(templates[i]), "  ", "  "); err != nil {
			return nil, nil, err
		}
	}
	buf.WriteString("\n}\n")
	return []file{{name: name + ext, data: buf.Bytes()}}, notes, nil
}

// accountID is " (ID)", or "" when the ID is unknown or already in the
// name of role (a reader's account).
func accountID(role cloudtrail.AccountRole, id string) string {
	if _, reader := role.ReaderAccountID(); id == "" || reader {
		return ""
	}
	return " (" + id + ")"
}

// renderJSON returns the documents as JSON: one file each, or without
// split one object keyed by document name. A single document is printed
// bare unless all asked for every document: all keeps its keyed shape
// whatever the setup holds, so jq '."bucket-policy"' works on every setup.
func renderJSON(docs cloudtrail.Documents, f outputFormat, split, all bool) ([]file, error) {
	var out []file
	for _, d := range docs {
		var data []byte
		var err error
		if f.compact {
			data, err = d.Policy.CompactJSON()
			data = append(data, '\n')
		} else {
			data, err = d.Policy.JSON()
		}
		if err != nil {
			return nil, err
		}
		out = append(out, file{name: d.Name + f.ext, data: data})
	}
	if split || len(out) == 1 && !all {
		return out, nil
	}
	// One JSON object keyed by document name, so that a stream of several
	// documents stays one valid JSON value (jq '."key-policy"' picks one).
	var buf bytes.Buffer
	buf.WriteString("{")
	for i, fl := range out {
		if i > 0 {
			buf.WriteString(",")
		}
		key, _ := json.Marshal(strings.TrimSuffix(fl.name, f.ext))
		if f.compact {
			buf.Write(key)
			buf.WriteString(":")
			buf.Write(bytes.TrimSpace(fl.data))
			continue
		}
		buf.WriteString("\n  ")
		buf.Write(key)
		buf.WriteString(": ")
		var ind bytes.Buffer
		if err := json.Indent(&ind, bytes.TrimSpace(fl.data), "  ", "  "); err != nil {
			return nil, err
		}
		buf.Write(ind.Bytes())
	}
	if !f.compact {
		buf.WriteString("\n")
	}
	buf.WriteString("}\n")
	return []file{{name: "all" + f.ext, data: buf.Bytes()}}, nil
}
