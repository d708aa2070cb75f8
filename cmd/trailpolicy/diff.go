package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/policy"
)

const diffHelp = `Compares a deployed policy with the one the setup calls for, ignoring
statement order, value order and formatting. CURRENT.json is a policy
document or the {"Policy": "..."} that aws s3api get-bucket-policy and aws kms
get-key-policy print (for scp and rcp also the output of aws organizations
describe-policy), read strictly (a key given twice, a non-policy or a
policy of another kind is refused); - reads it from standard input.
Statements are matched by Sid; for a changed statement the values only in the
deployed policy are - lines, those only in the setup's + lines.

-kms-key-arn ARN, required with createKey, names the created key (help audit).

With -format json, diff prints one JSON object instead:
  {"version": 1, "document": "bucket-policy", "file": "CURRENT.json",
   "equivalent": false, "differences": [
    {"element": "Statement", "sid": "AWSCloudTrailWrite999988887777",
     "change": "changed", "deployed": ["Resource: arn:aws:s3:::b/AWSLogs/1/*"],
     "setup": ["Resource: arn:aws:s3:::b/AWSLogs/9/*"]}]}
file is CURRENT.json as given (<stdin> for -); element is Statement (with its
sid, "" for none), Version or Id; change is changed, onlyInDeployed or
onlyInSetup; deployed and setup hold the values only in that policy, as the
text lines show them.

Exit status: 0 equivalent; 1 different; 2 usage error or bad input (an
unreadable CURRENT.json, an invalid setup).
`

// diffFormats are the values of diff's and check's -format.
var diffFormats = []string{"text", "json"}

// diffOptions are the flags of "trailpolicy diff".
type diffOptions struct {
	format string
}

func (o *diffOptions) define(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output `format`: text or json")
}

// diffReport is what diff -format json prints.
type diffReport struct {
	Version     int          `json:"version"`
	Document    string       `json:"document"`
	File        string       `json:"file"`
	Equivalent  bool         `json:"equivalent"`
	Differences []difference `json:"differences"`
}

// run is "trailpolicy diff [flags] <document> CURRENT.json".
func (o *diffOptions) run(e *env, sf *setupFlags, pos []string) int {
	if !slices.Contains(diffFormats, o.format) {
		return e.usageError("%s", unknown("-format", o.format, diffFormats, "text or json"))
	}
	if len(pos) != 2 {
		return e.usageError("diff wants <document> CURRENT.json, got %d arguments", len(pos))
	}
	name, currentPath := pos[0], pos[1]
	if name == "all" {
		return e.usageError("diff: %s is not one document: want %s", jsonstrict.Quote(name), documentList())
	}
	if !knownName(name) {
		return e.usageError("diff: %s", unknown("document", name, trailpolicy.DocumentNames(), documentList()))
	}
	// The deployed policy names the key the output created, if it did: with
	// createKey the setup's documents are built with that key's ARN.
	b, ok := sf.deployedBundle(e)
	if !ok {
		return exitUsage // an invalid setup is bad input here: exit 1 means "not equivalent"
	}
	docs, ok := b.Select(name)
	if !ok {
		sf.problems(e, trailpolicy.MissingDocument(name))
		return exitUsage
	}
	if len(docs) != 1 && name == trailpolicy.NameReaderReadPolicy {
		return e.usageError("diff: the setup has %d reader read policies: name one, such as %s", len(docs), docs[0].Name)
	}
	if len(docs) != 1 {
		kind := strings.ToUpper(name) // the name of several is scp or rcp
		return e.usageError("diff: the setup has %d %ss: name one, %s-1 to %s-%d", len(docs), kind, name, name, len(docs))
	}
	want := docs[0].Policy
	data, err := e.in.read(currentPath, "diff")
	if err != nil {
		fmt.Fprintln(e.stderr, "trailpolicy:", err)
		return exitUsage
	}
	shown := displayName(currentPath)
	current, err := readExisting(want.Kind, data, true)
	if err != nil {
		return badFile(e.stderr, shown, err)
	}
	diffs := diffDocuments(current, want)
	status := exitOK
	if len(diffs) > 0 {
		status = exitInvalid
	}
	if o.format == "json" {
		rep := diffReport{Version: jsonVersion, Document: name, File: shown, Equivalent: len(diffs) == 0, Differences: diffs}
		if rep.Differences == nil {
			rep.Differences = []difference{}
		}
		if err := writeJSON(e.stdout, rep); err != nil {
			fmt.Fprintln(e.stderr, "trailpolicy:", err)
			return exitUsage
		}
		return status
	}
	if len(diffs) == 0 {
		fmt.Fprintf(e.stdout, "%s is equivalent to the setup's %s\n", shown, name)
		return exitOK
	}
	fmt.Fprintf(e.stdout, "--- %s (deployed)\n+++ %s (from the setup)\n", shown, name)
	for _, d := range diffs {
		for _, l := range d.lines() {
			fmt.Fprintln(e.stdout, l)
		}
	}
	return status
}

// flatStatement is one statement as a set of lines such as
// "Action: s3:PutObject" and "Condition: StringEquals s3:x-amz-acl = ...":
// each value of each element on its own, so that a difference reads as the
// values added and removed.
type flatStatement struct {
	sid   string
	lines []string // sorted
}

func flatten(c policy.CanonicalStatement) flatStatement {
	var l []string
	add := func(elem string, vs []string) {
		for _, v := range vs {
			l = append(l, elem+": "+v)
		}
	}
	l = append(l, "Effect: "+c.Effect)
	for _, p := range []struct {
		elem string
		m    map[string][]string
	}{{"Principal", c.Principal}, {"NotPrincipal", c.NotPrincipal}} {
		for kind, vs := range p.m {
			add(p.elem+" "+kind, vs)
		}
	}
	add("Action", c.Action)
	add("NotAction", c.NotAction)
	add("Resource", c.Resource)
	add("NotResource", c.NotResource)
	for op, keys := range c.Condition {
		for k, vs := range keys {
			for _, v := range vs {
				l = append(l, "Condition: "+op+" "+k+" = "+v)
			}
		}
	}
	slices.Sort(l)
	return flatStatement{sid: c.Sid, lines: l}
}

// label names a statement in the diff output.
func (f flatStatement) label() string {
	if f.sid != "" {
		return f.sid
	}
	return "(statement without Sid)"
}

// difference is one element that differs between the deployed policy and
// the setup's: the document's Version or Id, or a statement.
type difference struct {
	// Element is "Statement", "Version" or "Id".
	Element string `json:"element"`
	// Sid is the statement's Sid ("" for none); nil for Version and Id.
	Sid *string `json:"sid,omitempty"`
	// Change is "changed", "onlyInDeployed" or "onlyInSetup".
	Change string `json:"change"`
	// Deployed and Setup are the values only in the deployed policy and
	// only in the setup's ("Action: s3:PutObject").
	Deployed []string `json:"deployed"`
	Setup    []string `json:"setup"`
}

// The values of difference.Change.
const (
	changed        = "changed"
	onlyInDeployed = "onlyInDeployed"
	onlyInSetup    = "onlyInSetup"
)

// lines are the difference as diff prints it: a header ("~ Sid",
// "- Sid (only in the deployed policy)") and one line per value.
func (d difference) lines() []string {
	label := d.Element
	if d.Sid != nil {
		label = (flatStatement{sid: *d.Sid}).label()
	}
	var out []string
	switch d.Change {
	case onlyInDeployed:
		out = append(out, "- "+label+" (only in the deployed policy)")
	case onlyInSetup:
		out = append(out, "+ "+label+" (only in the setup's policy)")
	default:
		out = append(out, "~ "+label)
	}
	for _, l := range d.Deployed {
		out = append(out, "    - "+l)
	}
	for _, l := range d.Setup {
		out = append(out, "    + "+l)
	}
	return out
}

// diffDocuments returns what tells current from want, empty when the two
// are equivalent (policy.Canonical): the Version and Id when they differ,
// then the changed statements, the statements only in current and those
// only in want. Statements with a Sid are matched by Sid; statements
// without one match only an identical statement.
func diffDocuments(current, want *policy.Document) []difference {
	cc, wc := current.Canonical(), want.Canonical()
	var out []difference
	if cc.Version != wc.Version {
		out = append(out, difference{Element: "Version", Change: changed, Deployed: []string{cc.Version}, Setup: []string{wc.Version}})
	}
	if cc.ID != wc.ID {
		out = append(out, difference{Element: "Id", Change: changed, Deployed: []string{cc.ID}, Setup: []string{wc.ID}})
	}
	var cur, wan []flatStatement
	for _, s := range cc.Statements {
		cur = append(cur, flatten(s))
	}
	for _, s := range wc.Statements {
		wan = append(wan, flatten(s))
	}
	statement := func(f flatStatement, change string) difference {
		sid := f.sid
		return difference{Element: "Statement", Sid: &sid, Change: change, Deployed: []string{}, Setup: []string{}}
	}
	usedCur := make([]bool, len(cur))
	var added []flatStatement
	var changes []difference
	for _, w := range wan {
		i := slices.IndexFunc(cur, func(c flatStatement) bool {
			if w.sid != "" {
				return c.sid == w.sid
			}
			return c.sid == "" && slices.Equal(c.lines, w.lines)
		})
		for i >= 0 && usedCur[i] { // a repeated Sid: take the next unused one
			j := slices.IndexFunc(cur[i+1:], func(c flatStatement) bool { return c.sid == w.sid && w.sid != "" })
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i < 0 {
			added = append(added, w)
			continue
		}
		usedCur[i] = true
		if slices.Equal(cur[i].lines, w.lines) {
			continue
		}
		d := statement(w, changed)
		for _, l := range cur[i].lines {
			if !slices.Contains(w.lines, l) {
				d.Deployed = append(d.Deployed, l)
			}
		}
		for _, l := range w.lines {
			if !slices.Contains(cur[i].lines, l) {
				d.Setup = append(d.Setup, l)
			}
		}
		changes = append(changes, d)
	}
	out = append(out, changes...)
	for i, c := range cur {
		if usedCur[i] {
			continue
		}
		d := statement(c, onlyInDeployed)
		d.Deployed = append(d.Deployed, c.lines...)
		out = append(out, d)
	}
	for _, w := range added {
		d := statement(w, onlyInSetup)
		d.Setup = append(d.Setup, w.lines...)
		out = append(out, d)
	}
	return out
}
