package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
)

// createTemp makes the temporary files of writeOut; tests replace it to
// make a write fail halfway.
var createTemp = os.CreateTemp

// writeOut writes files into dir (-out) and returns their paths, in order.
// Everything is rendered before it is called, and it writes safely:
//
//   - dir must be a directory, not a symbolic link to one (a link could
//     point the output anywhere; give the directory it points to), and is
//     created when it does not exist;
//   - a file that exists in dir is replaced only when it is a regular file:
//     a symbolic link (which could point outside dir), a directory or a
//     device is refused before anything is written;
//   - each file is written to a temporary file in dir and renamed over its
//     name once every temporary file is complete, so a write that fails
//     leaves the old files as they were and no temporary file behind, and a
//     hard link to an old file elsewhere keeps the old content;
//   - files are created with mode 0644.
//
// A rename that fails after others succeeded (the disk does not fail
// there, but a concurrent process could) leaves the files renamed so far;
// the error says which ones.
func writeOut(dir string, files []file) ([]string, error) {
	shown := jsonstrict.Abbreviate(dir)
	switch fi, err := os.Lstat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, fmt.Errorf("-out %s is a symbolic link: trailpolicy writes only into the directory itself; give the directory the link points to", shown)
	case !fi.IsDir():
		return nil, fmt.Errorf("-out %s is not a directory", shown)
	}
	var paths []string
	for _, f := range files {
		if f.name == "" || f.name != filepath.Base(f.name) || f.name == "." || f.name == ".." {
			return nil, fmt.Errorf("-out: %s is not a file name", jsonstrict.Quote(f.name)) // a bug: the names are the command's own
		}
		path := filepath.Join(dir, f.name)
		if slices.Contains(paths, path) {
			return nil, fmt.Errorf("-out: %s would be written twice", path)
		}
		switch fi, err := os.Lstat(path); {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		case fi.Mode()&fs.ModeSymlink != 0:
			return nil, fmt.Errorf("%s is a symbolic link: trailpolicy replaces only regular files and never writes through a link; remove it, or choose another -out", path)
		case !fi.Mode().IsRegular():
			return nil, fmt.Errorf("%s exists and is not a regular file; remove it, or choose another -out", path)
		}
		paths = append(paths, path)
	}

	temps := make([]string, 0, len(files))
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, f := range files {
		t, err := writeTemp(dir, f)
		if t != "" {
			temps = append(temps, t)
		}
		if err != nil {
			cleanup()
			return nil, fmt.Errorf("%s: %w (no file written)", filepath.Join(dir, f.name), err)
		}
	}
	for i, t := range temps {
		if err := os.Rename(t, paths[i]); err != nil {
			temps = temps[i:]
			cleanup()
			if i == 0 {
				return nil, fmt.Errorf("%w (no file written)", err)
			}
			return nil, fmt.Errorf("%w (written before it: %v)", err, paths[:i])
		}
	}
	return paths, nil
}

// writeTemp writes f to a new temporary file in dir and returns its path,
// which it returns (for removal) even when a later step fails.
func writeTemp(dir string, f file) (string, error) {
	tf, err := createTemp(dir, "."+f.name+".tmp-*")
	if err != nil {
		return "", err
	}
	name := tf.Name()
	_, err = tf.Write(f.data)
	if err == nil {
		err = tf.Chmod(0o644)
	}
	if err == nil {
		err = tf.Sync()
	}
	if cerr := tf.Close(); err == nil {
		err = cerr
	}
	return name, err
}
