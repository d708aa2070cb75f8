// Command trailpolicy prints the AWS policy documents of a centralised
// CloudTrail logging setup: the S3 bucket policy, the KMS key policy, the
// vendor role's trust and read policies and the service control policy, as
// JSON, Terraform or CloudFormation. It also compares a deployed policy with
// the one the setup calls for (diff) and asks the setup's policies whether
// they allow a request (check). Run it with -h for the usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1 // invalid setup; for diff: not equivalent; for check: denied
	exitUsage   = 2
)

// command is one subcommand, as in cmd/go's base.Command: its name (empty
// for the default, printing documents), its usage line, and run, which
// parses its own flags. The usage text and the dispatch both come from this
// table, so a new subcommand is one entry.
type command struct {
	name  string
	usage string
	run   func(args []string, stdout, stderr io.Writer) int
}

// commands is set in init, because runPrint and the others refer to the
// usage text that commands makes.
var commands []command

func init() {
	commands = []command{
		{"", "trailpolicy [flags] <document>              print a document of the setup", runPrint},
		{"diff", "trailpolicy diff [flags] <document> CURRENT.json\n                                              compare a deployed policy with it", runDiff},
		{"check", "trailpolicy check [flags] -principal ARN|SERVICE -action A -resource ARN\n                                              ask the setup's policies a question", runCheck},
	}
}

// usageText is the synopsis -h prints before the flags of the command.
func usageText() string {
	var b strings.Builder
	b.WriteString("Usage:\n")
	for _, c := range commands {
		b.WriteString("  " + c.usage + "\n")
	}
	b.WriteString("\n<document>: " + documentList() + " or all. The setup comes from -config FILE (JSON or YAML); the flags below\noverride its fields, so a one-off needs no file.\n")
	b.WriteString(`
-format json (default), compact, terraform, cloudformation, cloudformation-json.
all prints one JSON object keyed by document name (one file for terraform and
cloudformation); -out DIR writes one file per document instead.

Exit status: 0 success; 1 invalid setup (one problem per line on stderr),
diff: not equivalent, check: denied; 2 usage error or bad input.
The README explains each document, format and subcommand.

Flags:
`)
	return b.String()
}

// documentList is "bucket-policy, key-policy, ..., scp", from the one list
// of document kinds.
func documentList() string { return strings.Join(trailpolicy.DocumentNames(), ", ") }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, taking its arguments and output streams, so that
// tests run it in-process. It returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		for _, c := range commands {
			if c.name != "" && c.name == args[0] {
				return c.run(args[1:], stdout, stderr)
			}
		}
	}
	return commands[0].run(args, stdout, stderr)
}

// runPrint is "trailpolicy [flags] <document>".
func runPrint(args []string, stdout, stderr io.Writer) int {
	fs, sf := newFlagSet("trailpolicy", stderr)
	formatName := fs.String("format", "json", "output `format`: json, compact, terraform, cloudformation, cloudformation-json")
	outDir := fs.String("out", "", "write one file per document into `DIR` instead of printing")
	mergeInto := fs.String("merge-into", "", "merge the bucket-policy or key-policy statements into the existing policy in `FILE` (a Sid used by both is an error)")
	pos, status, ok := parse(fs, args, stdout, stderr)
	if !ok {
		return status
	}
	if len(pos) != 1 {
		return usageError(stderr, "want exactly one <document>, got %d arguments", len(pos))
	}
	name := pos[0]
	if name != "all" && !knownName(name) {
		return usageError(stderr, "unknown document %q: want %s or all", name, documentList())
	}
	f, ok := formats[*formatName]
	if !ok {
		return usageError(stderr, "unknown -format %q: want json, compact, terraform, cloudformation or cloudformation-json", *formatName)
	}
	b, status, ok := sf.bundle(stderr)
	if !ok {
		return status
	}
	if *mergeInto != "" {
		if status, ok := mergeExisting(b, name, *mergeInto, stderr); !ok {
			return status
		}
	}
	files, err := render(b, name, f, *outDir != "")
	if err != nil {
		return problems(stderr, err)
	}
	if *outDir == "" {
		for _, fl := range files {
			if _, err := stdout.Write(fl.data); err != nil {
				fmt.Fprintln(stderr, "trailpolicy:", err)
				return exitUsage
			}
		}
		return exitOK
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fmt.Fprintln(stderr, "trailpolicy:", err)
		return exitUsage
	}
	for _, fl := range files {
		path := filepath.Join(*outDir, fl.name)
		if err := os.WriteFile(path, fl.data, 0o644); err != nil {
			fmt.Fprintln(stderr, "trailpolicy:", err)
			return exitUsage
		}
		fmt.Fprintln(stdout, path)
	}
	return exitOK
}

// mergeExisting replaces the bundle's bucket or key policy with the existing
// policy in path plus the generated statements, so that a bucket that already
// serves access logs or AWS Config keeps those statements. It returns false
// with the exit status when it cannot.
func mergeExisting(b *trailpolicy.Bundle, name, path string, stderr io.Writer) (int, bool) {
	if name != trailpolicy.NameBucketPolicy && name != trailpolicy.NameKeyPolicy {
		return usageError(stderr, "-merge-into works with bucket-policy or key-policy, not %s", name), false
	}
	i := slices.IndexFunc(b.Documents, func(d cloudtrail.Document) bool { return d.Name == name })
	if i < 0 {
		return problems(stderr, trailpolicy.MissingDocument(name)), false
	}
	doc := b.Documents[i].Policy
	data, err := os.ReadFile(path)
	if err != nil {
		return usageError(stderr, "%v", err), false
	}
	existing, err := decodeCurrent(doc.Kind, data)
	if err != nil {
		return usageError(stderr, "%s: %v", path, err), false
	}
	merged, err := policy.Merge(existing, doc)
	if err == nil {
		err = merged.Validate()
	}
	if err != nil {
		// base is the policy in path, fragment the setup's statements.
		for _, e := range policy.Unjoin(err) {
			fmt.Fprintf(stderr, "%s: %s\n", path, strings.ReplaceAll(e.Error(), "\n", " "))
		}
		return exitInvalid, false
	}
	b.Documents[i].Policy = merged
	return 0, true
}

// knownName reports whether name is a document name, including "scp-2".
func knownName(name string) bool {
	if slices.Contains(trailpolicy.DocumentNames(), name) {
		return true
	}
	rest, ok := strings.CutPrefix(name, "scp-")
	return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
}

// usageError prints msg and a hint to stderr and returns exitUsage.
func usageError(stderr io.Writer, msg string, args ...any) int {
	fmt.Fprintf(stderr, "trailpolicy: "+msg+"\n", args...)
	fmt.Fprintln(stderr, "Run trailpolicy -h for the usage.")
	return exitUsage
}

// problems prints every problem in err on a line of its own and returns
// exitInvalid.
func problems(stderr io.Writer, err error) int {
	for _, e := range policy.Unjoin(err) {
		fmt.Fprintln(stderr, strings.ReplaceAll(e.Error(), "\n", " "))
	}
	return exitInvalid
}

// parse parses args with fs, allowing flags after the positional arguments
// ("trailpolicy bucket-policy -bucket x"). It returns the positional
// arguments, or ok false and the exit status: 0 after -h, 2 on a bad flag.
func parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (pos []string, status int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, usageText())
				fs.SetOutput(stdout)
				fs.PrintDefaults()
				return nil, exitOK, false
			}
			fmt.Fprintln(stderr, "Run trailpolicy -h for the usage.")
			return nil, exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

