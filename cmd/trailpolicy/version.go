package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

const versionHelp = `Prints the version trailpolicy was built from, from the build information
Go records in the binary: the module version (v1.2.3 from go install ...@v1.2.3;
from a clone, a pseudo-version or "(devel)"), then, when built from a version
control checkout, the revision and "modified" when the checkout had
uncommitted changes, then the Go version. trailpolicy -version does the same.

Exit status: 0; 2 usage error.
`

// versionOptions run "trailpolicy version".
type versionOptions struct{}

func (*versionOptions) define(*flag.FlagSet) {}

func (*versionOptions) run(e *env, _ *setupFlags, args []string) int {
	if len(args) != 0 {
		return e.usageError("version takes no arguments, got %s", quoteList(args))
	}
	return printVersion(e.stdout)
}

// printVersion prints the version line and returns exitOK.
func printVersion(w io.Writer) int {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	fmt.Fprintln(w, versionLine(info))
	return exitOK
}

// versionLine describes the build info, as
//
//	trailpolicy v0.1.0 (go1.25.0)
//	trailpolicy (devel) revision 0123abcd... modified (go1.25.0)
//
// info is nil for a binary without build information.
func versionLine(info *debug.BuildInfo) string {
	if info == nil {
		return "trailpolicy (unknown version: the binary holds no build information)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	parts := []string{"trailpolicy", v}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		parts = append(parts, "revision", rev)
		if settings["vcs.modified"] == "true" {
			parts = append(parts, "modified")
		}
	}
	if info.GoVersion != "" {
		parts = append(parts, "("+info.GoVersion+")")
	}
	return strings.Join(parts, " ")
}
