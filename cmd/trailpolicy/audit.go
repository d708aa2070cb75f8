package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/policy"
)

const auditHelp = `Proves the properties of centralised logging for the documents that are
deployed, with package audit: each delivering trail writes its log, Insights
and digest files; nobody else writes, and a trail only under its own path;
nothing without TLS; no log file without SSE-KMS or under another key; only
the intended principals decrypt, list and read; the vendor needs its external
ID; nobody but break-glass deletes logs or weakens the bucket, key or trails;
only CloudTrail publishes to the SNS topic (for the setup's trails) and
assumes the CloudWatch Logs delivery role, which writes only the trails'
log streams.
The setup says what should be true; each document flag names a file holding
what is deployed: a policy document, or the AWS CLI's {"Policy": "..."} as
aws s3api get-bucket-policy and aws kms get-key-policy print it; for -scp
and -rcp also {"Policy": {"PolicySummary": {...}, "Content": "..."}} as aws
organizations describe-policy prints it. -scp is repeatable. A document the setup calls for that is not given is reported
MISSING, never assumed. The requests asked are derived from the documents, so
that a PASS holds for every request (see go doc ./audit); a document outside
what that proves exactly is refused, naming the field.

` + createdKeyHelp + `
Each property prints PASS, FAIL or MISSING; a FAIL prints a counterexample:
the request, its decision and the statements that decide it.

With -format json, audit prints one JSON object instead:
  {"version": 1, "passed": false, "missing": ["scp"],
   "results": [{"property": "kms/only-intended-decrypt", "description": "...",
    "status": "FAIL", "requests": 115,
    "counterexample": {"principal": "...", "action": "kms:Decrypt",
     "resource": "...", "resourceAccount": "...", "context": {...},
     "decision": "Allow", "want": "a deny", "reason": "...",
     "deciding": [{"document": "key-policy", "statement": 4, "sid": "...",
      "effect": "Allow"}], "matched": [...]}}, ...]}

Exit status: 0 every property passes; 1 a property fails or is missing; 2
usage error or bad input (an invalid setup, an unreadable or refused file).
`

// auditOptions are the flags of "trailpolicy audit": one per document name
// the command prints, and the readers' identity policies.
type auditOptions struct {
	files   map[string]*string
	orgs    map[string]*multiFlag
	readers multiFlag
	format  string
}

func (o *auditOptions) define(fs *flag.FlagSet) {
	o.files, o.orgs = defineDocumentFlags(fs, "deployed")
	fs.Var(&o.readers, "reader-policy", "`ROLE=FILE`: an identity policy of a reader role (repeatable)")
	fs.StringVar(&o.format, "format", "text", "output `format`: text or json")
}

// defineDocumentFlags defines one flag per document name audit reads,
// -<name> FILE: repeatable for the organization policies (SCPs, RCPs), of
// which there may be several. what says whose document it is.
func defineDocumentFlags(fs *flag.FlagSet, what string) (map[string]*string, map[string]*multiFlag) {
	files, orgs := map[string]*string{}, map[string]*multiFlag{}
	for _, name := range trailpolicy.DocumentNames() {
		if _, ok := audit.Kind(name); !ok {
			continue // a document audit does not read
		}
		if name == trailpolicy.NameSCP || name == trailpolicy.NameRCP {
			orgs[name] = new(multiFlag)
			fs.Var(orgs[name], name, "`FILE` of an "+strings.ToUpper(name)+", "+what+" (repeatable)")
			continue
		}
		files[name] = fs.String(name, "", "`FILE` of the "+name+", "+what)
	}
	return files, orgs
}

// auditReport is what audit -format json prints.
type auditReport struct {
	Version int            `json:"version"`
	Passed  bool           `json:"passed"`
	Missing []string       `json:"missing"`
	Results []audit.Result `json:"results"`
}

func (o *auditOptions) run(e *env, sf *setupFlags, pos []string) int {
	if !slices.Contains(diffFormats, o.format) {
		return e.usageError("%s", unknown("-format", o.format, diffFormats, "text or json"))
	}
	if len(pos) != 0 {
		return e.usageError("audit takes no arguments besides flags, got %s", quoteList(pos))
	}
	s, ok := sf.deployedSetup(e)
	if !ok {
		return exitUsage
	}
	in, _, err := audit.IntentOf(s)
	if err != nil {
		sf.problems(e, err)
		return exitUsage
	}
	var d audit.Deployed
	read := func(name, path string) bool {
		k, _ := audit.Kind(name)
		data, err := e.in.read(path, "-"+name)
		if err != nil {
			fmt.Fprintln(e.stderr, "trailpolicy:", err)
			return false
		}
		doc, err := readExisting(k, data, true)
		if err != nil {
			badFile(e.stderr, displayName(path), err)
			return false
		}
		if err := d.Add(name, doc); err != nil {
			badFile(e.stderr, displayName(path), err)
			return false
		}
		return true
	}
	for _, name := range trailpolicy.DocumentNames() {
		if p := o.files[name]; p != nil && *p != "" && !read(name, *p) {
			return exitUsage
		}
	}
	for _, name := range trailpolicy.DocumentNames() {
		if files := o.orgs[name]; files != nil {
			for _, p := range *files {
				if !read(name, p) {
					return exitUsage
				}
			}
		}
	}
	for _, rf := range o.readers {
		role, path, ok := strings.Cut(rf, "=")
		if !ok || role == "" || path == "" {
			return e.usageError("-reader-policy %s is not ROLE=FILE", quoteList([]string{rf}))
		}
		if _, err := policy.ParseRoleARN("-reader-policy", role); err != nil {
			fmt.Fprintln(e.stderr, "trailpolicy:", err)
			return exitUsage
		}
		data, err := e.in.read(path, "-reader-policy")
		if err != nil {
			fmt.Fprintln(e.stderr, "trailpolicy:", err)
			return exitUsage
		}
		doc, err := readExisting(policy.KindIdentityPolicy, data, false)
		if err != nil {
			return badFile(e.stderr, displayName(path), err)
		}
		if d.ReaderPolicies == nil {
			d.ReaderPolicies = map[string][]*policy.Document{}
		}
		d.ReaderPolicies[role] = append(d.ReaderPolicies[role], doc)
	}
	rep, err := audit.Check(in, d)
	if err != nil {
		for _, p := range policy.Unjoin(err) {
			fmt.Fprintln(e.stderr, cutLine("trailpolicy: "+p.Error()))
		}
		return exitUsage
	}
	status := exitOK
	if rep.Failed() || len(rep.Missing) > 0 {
		status = exitInvalid
	}
	if o.format == "json" {
		if err := writeJSON(e.stdout, auditReport{Version: jsonVersion, Passed: status == exitOK, Missing: rep.Missing, Results: rep.Results}); err != nil {
			fmt.Fprintln(e.stderr, "trailpolicy:", err)
			return exitUsage
		}
		return status
	}
	printAudit(e.stdout, rep)
	return status
}

// printAudit prints one line per property and, for a FAIL, its
// counterexample.
func printAudit(w io.Writer, rep *audit.Report) {
	for _, r := range rep.Results {
		fmt.Fprintf(w, "%-7s %s: %s\n", r.Status, r.Property, r.Description)
		if r.Status == audit.Missing {
			fmt.Fprintf(w, "        not proved: no %s given\n", strings.Join(r.Missing, ", "))
		}
		c := r.Counterexample
		if c == nil {
			continue
		}
		fmt.Fprintf(w, "        counterexample: %s %s %s\n", c.Principal, c.Action, c.Resource)
		keys := make([]string, 0, len(c.Context))
		for k := range c.Context {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var ctx []string
		for _, k := range keys {
			ctx = append(ctx, k+"="+strings.Join(c.Context[k], ","))
		}
		fmt.Fprintf(w, "        context: %s\n", strings.Join(ctx, " "))
		fmt.Fprintf(w, "        decision: %s, want %s: %s\n", c.Decision, c.Want, c.Reason)
		for _, s := range c.Deciding {
			sid := ""
			if s.Sid != "" {
				sid = " (" + s.Sid + ")"
			}
			fmt.Fprintf(w, "        decided by %s: Statement[%d]%s %s\n", s.Document, s.Statement, sid, s.Effect)
		}
	}
	if len(rep.Missing) > 0 {
		fmt.Fprintf(w, "missing documents: %s\n", strings.Join(rep.Missing, ", "))
	}
}
