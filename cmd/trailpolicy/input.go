package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
)

// maxInput is the most bytes the command reads from one file or from
// standard input. A setup file is a few kilobytes and a policy at most 32 KB
// (a key policy; the AWS CLI's {"Policy": "..."} adds escapes), so a larger
// input is a mistake (the wrong file, a log piped in), not something to
// hold in memory.
const maxInput = 4 << 20 // 4 MiB

// stdinName names standard input in messages and output headers.
const stdinName = "<stdin>"

// inputs reads the files a command line names (-config, diff's
// CURRENT.json, -merge-into, -identity), where "-" is standard input,
// which can be read once.
type inputs struct {
	stdin    io.Reader
	stdinFor string // the argument that read standard input, once it has
}

// displayName is path as messages name it: stdinName for "-".
func displayName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// read returns at most maxInput bytes of path, or of standard input for
// "-". what names the argument ("-config") in the error when standard input
// is asked for twice.
func (in *inputs) read(path, what string) ([]byte, error) {
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("%s: %w", jsonstrict.Abbreviate(path), pe.Err)
			}
			return nil, err
		}
		defer f.Close()
		return readLimited(f, jsonstrict.Abbreviate(path))
	}
	if in.stdinFor != "" {
		return nil, fmt.Errorf("%s -: standard input is already read for %s; give one of them a file", what, in.stdinFor)
	}
	in.stdinFor = what
	if in.stdin == nil {
		return nil, fmt.Errorf("%s -: no standard input", what)
	}
	return readLimited(in.stdin, stdinName)
}

// readLimited reads r to its end, refusing more than maxInput bytes; name
// is what the error calls r.
func readLimited(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > maxInput {
		return nil, fmt.Errorf("%s: larger than %d MiB, the most trailpolicy reads from one input", name, maxInput>>20)
	}
	return data, nil
}
