package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy"

	"github.com/trailpolicy/trailpolicy/policy"
)

// runDiff is "trailpolicy diff [flags] <document> CURRENT.json".
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs, sf := newFlagSet("trailpolicy diff", stderr)
	pos, status, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return status
	}
	if len(pos) != 2 {
		return usageError(stderr, "diff wants <document> CURRENT.json, got %d arguments", len(pos))
	}
	name, currentPath := pos[0], pos[1]
	if name == "all" || !knownName(name) {
		return usageError(stderr, "diff: %q is not one document: want %s", name, strings.Join(trailpolicy.DocumentNames(), ", "))
	}
	b, _, ok := sf.bundle(stderr)
	if !ok {
		return exitUsage // an invalid setup is bad input here: exit 1 means "not equivalent"
	}
	docs, ok := b.Select(name)
	if !ok {
		problems(stderr, trailpolicy.MissingDocument(name))
		return exitUsage
	}
	if len(docs) != 1 {
		return usageError(stderr, "diff: the setup has %d SCPs: name one, scp-1 to scp-%d", len(docs), len(docs))
	}
	want := docs[0].Policy
	data, err := os.ReadFile(currentPath)
	if err != nil {
		fmt.Fprintln(stderr, "trailpolicy:", err)
		return exitUsage
	}
	current, err := decodeCurrent(want.Kind, data)
	if err != nil {
		fmt.Fprintf(stderr, "trailpolicy: %s: %v\n", currentPath, err)
		return exitUsage
	}
	lines := diffDocuments(current, want)
	if len(lines) == 0 {
		fmt.Fprintf(stdout, "%s is equivalent to the setup's %s\n", currentPath, name)
		return exitOK
	}
	fmt.Fprintf(stdout, "--- %s (deployed)\n+++ %s (from the setup)\n", currentPath, name)
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return exitInvalid
}

// decodeCurrent reads a deployed policy: a policy document, or the AWS CLI's
// {"Policy": "<document as a string>"} (get-bucket-policy, get-key-policy).
func decodeCurrent(k policy.Kind, data []byte) (*policy.Document, error) {
	var wrapped struct {
		Policy     *string `json:"Policy"`
		PolicyName string  `json:"PolicyName"`
	}
	if json.Unmarshal(data, &wrapped) == nil && wrapped.Policy != nil {
		data = []byte(*wrapped.Policy)
	}
	return policy.Decode(k, data)
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

// diffDocuments returns the lines that tell current from want, empty when
// the two are equivalent (policy.Canonical). Statements with a Sid are
// matched by Sid; statements without one match only an identical statement.
func diffDocuments(current, want *policy.Document) []string {
	cc, wc := current.Canonical(), want.Canonical()
	var out []string
	if cc.Version != wc.Version {
		out = append(out, "~ Version", "    - "+cc.Version, "    + "+wc.Version)
	}
	if cc.ID != wc.ID {
		out = append(out, "~ Id", "    - "+cc.ID, "    + "+wc.ID)
	}
	var cur, wan []flatStatement
	for _, s := range cc.Statements {
		cur = append(cur, flatten(s))
	}
	for _, s := range wc.Statements {
		wan = append(wan, flatten(s))
	}
	usedCur := make([]bool, len(cur))
	var added []flatStatement
	var changed []string
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
		changed = append(changed, "~ "+w.label())
		for _, l := range cur[i].lines {
			if !slices.Contains(w.lines, l) {
				changed = append(changed, "    - "+l)
			}
		}
		for _, l := range w.lines {
			if !slices.Contains(cur[i].lines, l) {
				changed = append(changed, "    + "+l)
			}
		}
	}
	out = append(out, changed...)
	for i, c := range cur {
		if usedCur[i] {
			continue
		}
		out = append(out, "- "+c.label()+" (only in the deployed policy)")
		for _, l := range c.lines {
			out = append(out, "    - "+l)
		}
	}
	for _, w := range added {
		out = append(out, "+ "+w.label()+" (only in the setup's policy)")
		for _, l := range w.lines {
			out = append(out, "    + "+l)
		}
	}
	return out
}
