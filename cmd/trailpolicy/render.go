package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/format"
)

// file is one output: a name for -out and its content.
type file struct {
	name string
	data []byte
}

// outputFormat is one -format value.
type outputFormat struct {
	ext      string
	template bool // terraform or cloudformation: renders cloudtrail.Documents
	render   func(cloudtrail.Documents) ([]byte, error)
	compact  bool
}

var formats = map[string]outputFormat{
	"json":                {ext: ".json"},
	"compact":             {ext: ".json", compact: true},
	"terraform":           {ext: ".tf", template: true, render: format.Terraform},
	"cloudformation":      {ext: ".yaml", template: true, render: func(d cloudtrail.Documents) ([]byte, error) { return format.CloudFormation(d, format.YAML) }},
	"cloudformation-json": {ext: ".json", template: true, render: func(d cloudtrail.Documents) ([]byte, error) { return format.CloudFormation(d, format.JSON) }},
}

// templateFile names the -out file of a document in a template format: a
// role's policies go into one file with the role ("vendor-role"), every SCP
// into "scp", any other document into a file of its own name.
func templateFile(d cloudtrail.Document, all cloudtrail.Documents) string {
	switch d.Target.Kind {
	case cloudtrail.RoleTrustTarget, cloudtrail.RolePolicyTarget:
		for _, o := range all {
			if o.Target.Kind == cloudtrail.RoleTrustTarget && o.Target.RoleName == d.Target.RoleName {
				return strings.TrimSuffix(o.Name, "-trust-policy") + "-role"
			}
		}
	case cloudtrail.OrganizationPolicyTarget:
		if d.Target.PolicyType == cloudtrail.ServiceControlPolicy {
			return trailpolicy.NameSCP
		}
	}
	return d.Name
}

// render returns the output files for document name ("all" for every
// document). split says whether -out asked for one file per document.
func render(b *trailpolicy.Bundle, name string, f outputFormat, split bool) ([]file, error) {
	docs := b.Documents
	if name != "all" {
		var ok bool
		if f.template {
			docs, ok = b.Deployable(name)
		} else {
			docs, ok = b.Select(name)
		}
		if !ok {
			return nil, trailpolicy.MissingDocument(name)
		}
	}
	if f.template {
		var groups []file
		var parts []cloudtrail.Documents
		switch {
		case name != "all":
			groups, parts = []file{{name: name}}, []cloudtrail.Documents{docs}
		case split:
			for _, d := range docs {
				fname := templateFile(d, docs)
				i := slices.IndexFunc(groups, func(g file) bool { return g.name == fname })
				if i < 0 {
					groups, parts = append(groups, file{name: fname}), append(parts, nil)
					i = len(groups) - 1
				}
				parts[i] = append(parts[i], d)
			}
		default:
			groups, parts = []file{{name: "all"}}, []cloudtrail.Documents{docs}
		}
		for i := range groups {
			data, err := f.render(parts[i])
			if err != nil {
				return nil, err
			}
			groups[i].name += f.ext
			groups[i].data = data
		}
		return groups, nil
	}

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
	if split || len(out) == 1 {
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
