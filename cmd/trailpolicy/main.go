// Command trailpolicy prints the AWS policy documents of a centralised
// CloudTrail logging setup: the S3 bucket policy, the KMS key policy, the
// vendor role's trust and read policies and the service control policy, as
// JSON, Terraform or CloudFormation. It also compares a deployed policy with
// the one the setup calls for (diff) and asks the setup's policies whether
// they allow a request (check); both can answer in JSON. The setup comes
// from a file (JSON or YAML; "-" reads standard input) and flags.
//
// Install it with
//
//	go install github.com/trailpolicy/trailpolicy/cmd/trailpolicy@latest
//
// and run "trailpolicy help" for the usage, "trailpolicy help <command>"
// for one command's, "trailpolicy version" for the version it was built
// from.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/internal/suggest"
	"github.com/trailpolicy/trailpolicy/policy"
)

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1 // invalid setup; for diff: not equivalent; for check: denied; for audit: a property fails or is missing
	exitUsage   = 2
)

// command is one subcommand, as in cmd/go's base.Command: its name (empty
// for the default, printing documents), its synopsis and help, whether it
// takes the setup flags, and its options, which define its own flags and
// run it. The overview, each command's -h and the dispatch all come from
// this table and from the same flag definitions, so a new subcommand is one
// entry and -h cannot list a flag the command does not take.
type command struct {
	name     string
	synopsis string // after "trailpolicy <name> ", as "[flags] <document> CURRENT.json"
	short    string // one line for the overview
	help     string // the command's help, after its synopsis; may be empty
	setup    bool   // takes -config and the flags that override the setup
	options  func() options
}

// options are a command's own flags and what it does with them.
type options interface {
	// define registers the command's own flags on fs.
	define(fs *flag.FlagSet)
	// run runs the command with its positional arguments; sf is nil for a
	// command without the setup flags.
	run(e *env, sf *setupFlags, args []string) int
}

// env is what a command runs with: its output streams, the inputs it may
// read (standard input once) and the command itself, for messages.
type env struct {
	stdout, stderr io.Writer
	in             *inputs
	cmd            *command
}

// commands is set in init, because the help command reads it.
var commands []*command

func init() {
	commands = []*command{
		{
			name: "", synopsis: "[flags] <document>", short: "print a document of the setup",
			setup: true, options: func() options { return new(printOptions) },
		},
		{
			name: "diff", synopsis: "[flags] <document> CURRENT.json", short: "compare a deployed policy with it",
			help: diffHelp, setup: true, options: func() options { return new(diffOptions) },
		},
		{
			name: "check", synopsis: "[flags] -principal P -action A -resource ARN", short: "ask the setup's policies a question",
			help: checkHelp, setup: true, options: func() options { return new(checkOptions) },
		},
		{
			name: "audit", synopsis: "[flags] -bucket-policy FILE ...", short: "prove the deployed policies, with counterexamples",
			help: auditHelp, setup: true, options: func() options { return new(auditOptions) },
		},
		{
			name: "version", short: "print the version (also -version)",
			help: versionHelp, options: func() options { return new(versionOptions) },
		},
		{
			name: "help", synopsis: "[command]", short: "print this help, or a command's",
			help:    "With a command, prints that command's help, as trailpolicy <command> -h does.\n\nExit status: 0; 2 for an unknown command.\n",
			options: func() options { return new(helpOptions) },
		},
	}
}

// lookup returns the named subcommand.
func lookup(name string) (*command, bool) {
	for _, c := range commands {
		if c.name != "" && c.name == name {
			return c, true
		}
	}
	return nil, false
}

// commandNames are the names of the subcommands.
func commandNames() []string {
	var out []string
	for _, c := range commands {
		if c.name != "" {
			out = append(out, c.name)
		}
	}
	return out
}

// title is "trailpolicy" or "trailpolicy diff".
func (c *command) title() string {
	return strings.TrimSpace("trailpolicy " + c.name)
}

// flagSets returns the command's flag set and, for a command that takes
// them, the setup flags registered on it.
func (c *command) flagSets() (options, *flag.FlagSet, *setupFlags) {
	o := c.options()
	fs := flag.NewFlagSet(c.title(), flag.ContinueOnError)
	// parse prints the errors and the usage itself: the help to stdout
	// for -h, a one-line message with a hint otherwise.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	o.define(fs)
	var sf *setupFlags
	if c.setup {
		sf = defineSetupFlags(fs)
	}
	guardFlags(fs)
	return o, fs, sf
}

// guardedValue wraps the value of each flag of a command: a flag given
// twice is an error (with the flag package alone the last one wins, and a
// second -accounts drops the first list without a word) unless it is
// repeatable (-context, -identity); and an invalid value is reported with
// the value cut, as every message quotes input.
type guardedValue struct {
	flag.Value
	name       string
	list       bool // a comma-separated list flag: the hint says how to give several values
	repeatable bool
	given      int
	err        error // why the last Set failed, as the command reports it
}

// repeatable is implemented by the values of flags that may be given more
// than once.
type repeatable interface{ repeatable() }

func (v *guardedValue) Set(s string) error {
	v.given++
	switch {
	case v.given > 1 && !v.repeatable && v.list:
		v.err = fmt.Errorf("-%s is given twice: give it once, with every value in one comma-separated list (-%s A,B)", v.name, v.name)
	case v.given > 1 && !v.repeatable:
		v.err = fmt.Errorf("-%s is given twice: give it once; the second value would silently replace the first", v.name)
	default:
		if err := v.Value.Set(s); err != nil {
			v.err = fmt.Errorf("invalid value %s for flag -%s: %v", jsonstrict.Quote(s), v.name, err)
		}
	}
	return v.err
}

// IsBoolFlag passes on the wrapped value's, so that -version needs no
// argument.
func (v *guardedValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// guardFlags wraps every flag of fs in a [guardedValue].
func guardFlags(fs *flag.FlagSet) {
	lists := map[string]bool{}
	for _, f := range listFlags {
		lists[f.name] = true
	}
	fs.VisitAll(func(f *flag.Flag) {
		_, rep := f.Value.(repeatable)
		f.Value = &guardedValue{Value: f.Value, name: f.Name, list: lists[f.Name], repeatable: rep}
	})
}

// flagError returns the message for err, an error of fs.Parse: the
// guarded value's own when a Set failed, else the flag package's with the
// flag's name cut.
func flagError(fs *flag.FlagSet, err error) string {
	var msg string
	fs.VisitAll(func(f *flag.Flag) {
		if g, ok := f.Value.(*guardedValue); ok && g.err != nil && msg == "" {
			msg = g.err.Error()
		}
	})
	if msg != "" {
		return msg
	}
	if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
		return "flag provided but not defined: -" + jsonstrict.Abbreviate(name)
	}
	return jsonstrict.Abbreviate(err.Error())
}

// execute parses args and runs the command.
func (c *command) execute(args []string, e *env) int {
	e.cmd = c
	o, fs, sf := c.flagSets()
	pos, status, ok := parse(fs, args, e)
	if !ok {
		return status
	}
	if sf != nil {
		if status, ok := sf.check(e); !ok {
			return status
		}
	}
	return o.run(e, sf, pos)
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command, taking its arguments and streams, so that tests
// run it in-process. It returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, in: &inputs{stdin: stdin}, cmd: commands[0]}
	if len(args) > 0 {
		first := args[0]
		if c, ok := lookup(first); ok {
			return c.execute(args[1:], e)
		}
		// "trailpolicy chek ..." would otherwise be read as the document
		// "chek"; a near subcommand name that is near no document is the
		// likelier mistake.
		if !strings.HasPrefix(first, "-") && first != "all" && !knownName(first) {
			if s, ok := suggest.Closest(first, commandNames()); ok {
				if _, nearDoc := suggest.Closest(first, append(trailpolicy.DocumentNames(), "all")); !nearDoc {
					return e.usageError("unknown command %s; did you mean %s?", jsonstrict.Quote(first), s)
				}
			}
		}
	}
	return commands[0].execute(args, e)
}

// printOptions are the flags of "trailpolicy [flags] <document>".
type printOptions struct {
	format, out, mergeInto string
	version                bool
}

func (o *printOptions) define(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "json", "output `format`: json, compact, terraform, cloudformation, cloudformation-json")
	fs.StringVar(&o.out, "out", "", "write one file per document into `DIR` instead of printing")
	fs.StringVar(&o.mergeInto, "merge-into", "", "add the bucket-policy or key-policy statements to the existing policy in `FILE` (a Sid used by both is an error)")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
}

// formatNames are the values of the print command's -format.
var formatNames = []string{"json", "compact", "terraform", "cloudformation", "cloudformation-json"}

// run is "trailpolicy [flags] <document>".
func (o *printOptions) run(e *env, sf *setupFlags, pos []string) int {
	if o.version {
		return printVersion(e.stdout)
	}
	if len(pos) != 1 {
		return e.usageError("want exactly one <document>, got %d arguments", len(pos))
	}
	name := pos[0]
	if name != "all" && !knownName(name) {
		return e.usageError("%s", unknown("document", name, append(trailpolicy.DocumentNames(), "all"), documentList()+" or all"))
	}
	f, ok := formats[o.format]
	if !ok {
		return e.usageError("%s", unknown("-format", o.format, formatNames, "json, compact, terraform, cloudformation or cloudformation-json"))
	}
	b, status, ok := sf.bundle(e)
	if !ok {
		return status
	}
	if o.mergeInto != "" {
		if status, ok := mergeExisting(b, name, o.mergeInto, e, sf); !ok {
			return status
		}
	}
	files, notes, err := render(b, name, f, o.out != "")
	if err != nil {
		return sf.problems(e, err)
	}
	for _, n := range notes {
		fmt.Fprintln(e.stderr, "trailpolicy: note:", n)
	}
	if o.out == "" {
		for _, fl := range files {
			if _, err := e.stdout.Write(fl.data); err != nil {
				fmt.Fprintln(e.stderr, "trailpolicy:", err)
				return exitUsage
			}
		}
		return exitOK
	}
	paths, err := writeOut(o.out, files)
	if err != nil {
		fmt.Fprintln(e.stderr, "trailpolicy:", err)
		return exitUsage
	}
	for _, p := range paths {
		fmt.Fprintln(e.stdout, p)
	}
	return exitOK
}

// documentList is "bucket-policy, key-policy, ..., scp", from the one list
// of document kinds.
func documentList() string { return strings.Join(trailpolicy.DocumentNames(), ", ") }

// mergeExisting replaces the bundle's bucket or key policy with the existing
// policy in path plus the generated statements, so that a bucket that already
// serves access logs or AWS Config keeps those statements. It returns false
// with the exit status when it cannot.
func mergeExisting(b *trailpolicy.Bundle, name, path string, e *env, sf *setupFlags) (int, bool) {
	if name != trailpolicy.NameBucketPolicy && name != trailpolicy.NameKeyPolicy {
		return e.usageError("-merge-into works with bucket-policy or key-policy, not %s", name), false
	}
	i := slices.IndexFunc(b.Documents, func(d cloudtrail.Document) bool { return d.Name == name })
	if i < 0 {
		return sf.problems(e, trailpolicy.MissingDocument(name)), false
	}
	doc := b.Documents[i].Policy
	data, err := e.in.read(path, "-merge-into")
	if err != nil {
		return e.usageError("%v", err), false
	}
	existing, err := readExisting(doc.Kind, data, true)
	if err != nil {
		return badFile(e.stderr, displayName(path), err), false
	}
	merged, err := policy.Merge(existing, doc)
	if err == nil {
		err = merged.Validate()
	}
	if err != nil {
		// base is the policy in path, fragment the setup's statements.
		if sf.errors == "json" {
			return problemsJSON(e.stderr, displayName(path), err), false
		}
		return problemsText(e.stderr, displayName(path), err), false
	}
	b.Documents[i].Policy = merged
	return 0, true
}

// knownName reports whether name is a document name, including "scp-2"
// and "rcp-2" (one of several organization policies of a kind), and a
// reader's "reader-read-policy-<account>-role-<name>".
func knownName(name string) bool {
	if slices.Contains(trailpolicy.DocumentNames(), name) {
		return true
	}
	if rest, ok := strings.CutPrefix(name, trailpolicy.NameReaderReadPolicy+"-"); ok && rest != "" {
		return true
	}
	for _, base := range []string{trailpolicy.NameSCP, trailpolicy.NameRCP} {
		if rest, ok := strings.CutPrefix(name, base+"-"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}

// unknown is the message for an unknown value got of what (a document, a
// flag's value): the candidate nearest to got, else the values wanted.
func unknown(what, got string, candidates []string, want string) string {
	if hint := didYouMean(got, candidates, ""); hint != "" {
		return fmt.Sprintf("unknown %s %s%s", what, jsonstrict.Quote(got), hint)
	}
	return fmt.Sprintf("unknown %s %s: want %s", what, jsonstrict.Quote(got), want)
}

// quoteList quotes each of args, cut as [jsonstrict.Quote] cuts them, and
// at most ten of them: ["a" "b"].
func quoteList(args []string) string {
	var q []string
	for i, a := range args {
		if i == 10 {
			q = append(q, fmt.Sprintf("and %d more", len(args)-i))
			break
		}
		q = append(q, jsonstrict.Quote(a))
	}
	return "[" + strings.Join(q, " ") + "]"
}

// didYouMean returns "; did you mean <prefix><candidate>?" for the candidate
// nearest to name, or "" when none is near.
func didYouMean(name string, candidates []string, prefix string) string {
	if s, ok := suggest.Closest(name, candidates); ok {
		return "; did you mean " + prefix + s + "?"
	}
	return ""
}

// usageError prints msg and a hint to stderr and returns exitUsage.
func (e *env) usageError(msg string, args ...any) int {
	fmt.Fprintln(e.stderr, cutLine("trailpolicy: "+fmt.Sprintf(msg, args...)))
	fmt.Fprintf(e.stderr, "Run %s -h for the usage.\n", e.cmd.title())
	return exitUsage
}

// maxLine is the most runes of one message the command prints. Its own
// messages quote input cut at 120 characters (jsonstrict.Abbreviate); this
// is the net for a message of another package that quotes more, such as
// encoding/json's unknown field through policy.Decode.
const maxLine = 2000

// cutLine returns s without line breaks, cut to [maxLine] runes.
func cutLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) <= maxLine {
		return s
	}
	if r := []rune(s); len(r) > maxLine {
		return string(r[:maxLine]) + "…"
	}
	return s
}

// maxProblems is how many problems the command prints, about a screenful;
// past it, one line says how many more there are (ten thousand bad account
// IDs are one mistake, not ten thousand lines to scroll).
const maxProblems = 20

// problemsText prints the problems in err, each on a line of its own, after
// "file: " when file is not empty, at most [maxProblems] of them, then how
// many more there are; it returns exitInvalid.
func problemsText(stderr io.Writer, file string, err error) int {
	all := policy.Unjoin(err)
	for i, e := range all {
		if i == maxProblems {
			fmt.Fprintf(stderr, "... and %s more (%s problems in all)\n", thousands(len(all)-i), thousands(len(all)))
			break
		}
		msg := e.Error()
		if file != "" {
			msg = file + ": " + msg
		}
		fmt.Fprintln(stderr, cutLine(msg))
	}
	return exitInvalid
}

// badFile prints the problems of a file the command cannot read as it
// must (a policy of -merge-into, diff or -identity), each as
// "trailpolicy: file: problem", at most [maxProblems] of them, and returns
// exitUsage: bad input, not an invalid setup.
func badFile(stderr io.Writer, file string, err error) int {
	all := policy.Unjoin(err)
	for i, e := range all {
		if i == maxProblems {
			fmt.Fprintf(stderr, "trailpolicy: %s: ... and %s more (%s problems in all)\n", file, thousands(len(all)-i), thousands(len(all)))
			break
		}
		fmt.Fprintln(stderr, cutLine("trailpolicy: "+file+": "+e.Error()))
	}
	return exitUsage
}

// thousands writes n with a comma between groups of three digits: 9,980.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// parse parses args with fs, allowing flags after the positional arguments
// ("trailpolicy bucket-policy -bucket x"). It returns the positional
// arguments, or ok false and the exit status: 0 after -h (the help goes to
// stdout), 2 on a bad flag.
func parse(fs *flag.FlagSet, args []string, e *env) (pos []string, status int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				if err := e.cmd.printHelp(e.stdout); err != nil {
					return nil, exitUsage, false
				}
				return nil, exitOK, false
			}
			return nil, e.usageError("%s%s", flagError(fs, err), flagHint(err, fs, e.cmd)), false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagHint returns a hint for a flag error: the command's flag nearest to
// an undefined one, else the subcommand that has a flag of that name.
func flagHint(err error, fs *flag.FlagSet, c *command) string {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !ok {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if hint := didYouMean(name, names, "-"); hint != "" {
		return hint
	}
	for _, other := range commands {
		if other == c {
			continue
		}
		if _, ofs, _ := other.flagSets(); ofs.Lookup(name) != nil {
			return fmt.Sprintf("; -%s is a flag of %s", name, other.title())
		}
	}
	return ""
}
