package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"io"
	"strings"
)

// overviewText follows the synopses in the overview ("trailpolicy -h",
// "trailpolicy help").
const overviewText = `
<document>: %s or all.
-format json (default), compact, terraform, cloudformation, cloudformation-json.
all prints one JSON object keyed by document name, one Terraform
configuration, or a CloudFormation template per deploying account; -out DIR
writes one file per document (JSON) or per account (terraform,
cloudformation) instead. A FILE of - is standard input.

Exit status: 0 success; 1 invalid setup (one problem per line on stderr),
diff: not equivalent, check: denied, audit: a property fails; 2 usage error or
bad input.
trailpolicy help <command> shows a command's help; the README explains each
document, format and subcommand.
`

// printHelp prints the command's help: for the default command the
// overview of every subcommand and its flags, else the command's synopsis,
// help text and flags.
func (c *command) printHelp(w io.Writer) error {
	var b bytes.Buffer
	if c.name == "" {
		writeOverview(&b)
	} else {
		fmt.Fprintf(&b, "Usage:\n  %s\n\n", strings.TrimSpace(c.title()+" "+c.synopsis))
		b.WriteString(c.help)
		if own := c.ownFlags(); own != nil {
			b.WriteString("\nFlags:\n")
			writeFlags(&b, own, nil)
		}
		if c.setup {
			b.WriteString("\nSetup flags (lists are comma-separated):\n")
			writeFlags(&b, setupFlagSet(), setupFlagNames())
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeOverview writes the synopsis of every subcommand, then the flags of
// each, then the setup flags they share, once.
func writeOverview(b *bytes.Buffer) {
	b.WriteString("trailpolicy writes the AWS policy documents of a centralised CloudTrail\nlogging setup from one description of it: a setup file, flags, or both.\n\nUsage:\n")
	const col = 50
	var takeSetup []string
	for _, c := range commands {
		line := "  " + strings.TrimSpace(c.title()+" "+c.synopsis)
		if len(line) >= col {
			fmt.Fprintf(b, "%s\n%*s%s\n", line, col, "", c.short)
		} else {
			fmt.Fprintf(b, "%-*s%s\n", col, line, c.short)
		}
		if c.setup {
			takeSetup = append(takeSetup, cmp.Or(c.name, "<document>"))
		}
	}
	fmt.Fprintf(b, overviewText, documentList())
	for _, c := range commands {
		if own := c.ownFlags(); own != nil {
			fmt.Fprintf(b, "\nFlags of %s:\n", strings.TrimSpace(c.title()+" "+strings.TrimPrefix(c.synopsis, "[flags] ")))
			writeFlags(b, own, nil)
		}
	}
	last := len(takeSetup) - 1
	fmt.Fprintf(b, "\nSetup flags, of %s and %s (lists are comma-separated):\n", strings.Join(takeSetup[:last], ", "), takeSetup[last])
	writeFlags(b, setupFlagSet(), setupFlagNames())
}

// ownFlags returns a flag set holding only the command's own flags, or nil
// when it has none.
func (c *command) ownFlags() *flag.FlagSet {
	fs := flag.NewFlagSet(c.title(), flag.ContinueOnError)
	c.options().define(fs)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return nil
	}
	return fs
}

// setupFlagSet returns a flag set holding only the setup flags.
func setupFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	defineSetupFlags(fs)
	return fs
}

// writeFlags writes one line per flag of fs, "  -name value  usage", in the
// order of names (nil: alphabetical), with the default when it is not the
// zero value.
func writeFlags(b *bytes.Buffer, fs *flag.FlagSet, names []string) {
	var flags []*flag.Flag
	if names == nil {
		fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
	} else {
		for _, n := range names {
			flags = append(flags, fs.Lookup(n))
		}
	}
	type line struct{ left, usage string }
	var lines []line
	width := 0
	for _, f := range flags {
		arg, usage := flag.UnquoteUsage(f)
		left := "-" + f.Name
		if arg != "" {
			left += " " + arg
		}
		if f.DefValue != "" && f.DefValue != "false" {
			usage += " (default " + f.DefValue + ")"
		}
		lines = append(lines, line{left, usage})
		width = max(width, len(left))
	}
	width = min(width, 26)
	for _, l := range lines {
		fmt.Fprintf(b, "  %-*s  %s\n", width, l.left, l.usage)
	}
}

// helpOptions run "trailpolicy help [command]".
type helpOptions struct{}

func (*helpOptions) define(*flag.FlagSet) {}

func (*helpOptions) run(e *env, _ *setupFlags, args []string) int {
	switch len(args) {
	case 0:
		if commands[0].printHelp(e.stdout) != nil {
			return exitUsage
		}
		return exitOK
	case 1:
		c, ok := lookup(args[0])
		if !ok {
			e.cmd = commands[0] // the hint points to the overview
			return e.usageError("%s", unknown("command", args[0], commandNames(), strings.Join(commandNames(), ", ")))
		}
		if c.printHelp(e.stdout) != nil {
			return exitUsage
		}
		return exitOK
	}
	return e.usageError("help takes one command at most, got %d arguments", len(args))
}
