// Package jsonstrict reads JSON from outside the program strictly: it finds
// the object keys given twice, which encoding/json would let the last of
// win without a word, and it shortens what an error quotes of the input, so
// that one hostile value cannot flood a terminal. The setup loader and the
// command's readers of existing policies share it.
//
// It does not decode: callers run it before encoding/json, on the same
// bytes, and decode only when it finds nothing.
package jsonstrict

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxDepth bounds the nesting [Duplicates] follows, as encoding/json bounds
// its own (at 10,000), so that a file of nested brackets cannot run the
// walk deep.
const MaxDepth = 10000

// MaxQuoted is the most runes of an input value an error quotes, the length
// policy.FieldError cuts its values at.
const MaxQuoted = 120

// Abbreviate returns s cut to [MaxQuoted] runes, with "…" in place of the
// rest, for an error message that quotes a value, key or name from the
// input. It mirrors the unexported helper of package policy that
// FieldError.Error uses, so that every message of the module cuts at the
// same length.
func Abbreviate(s string) string {
	if len(s) <= MaxQuoted || utf8.RuneCountInString(s) <= MaxQuoted {
		return s
	}
	i, n := 0, 0
	for i < len(s) && n < MaxQuoted {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return s[:i] + "…"
}

// Quote is strconv.Quote of [Abbreviate](s).
func Quote(s string) string { return strconv.Quote(Abbreviate(s)) }

// DuplicateError is one object key given twice in the same object.
type DuplicateError struct {
	// Path is the key's path from the top ("scp.omit", "Statement[1].Sid");
	// each segment is the key as given, cut by [Abbreviate].
	Path string
	// First is the key as first given, when it differs from the second only
	// in case (with FoldCase); else empty.
	First string
}

func (e *DuplicateError) Error() string {
	if e.First != "" {
		return fmt.Sprintf("json: key %q is given twice, once as %s: JSON names match fields without regard to case, so the second value would silently replace the first", e.Path, Quote(e.First))
	}
	return fmt.Sprintf("json: key %q is given twice: the second value would silently replace the first", e.Path)
}

// Options say how [Duplicates] compares keys.
type Options struct {
	// FoldCase counts keys that differ only in case as the same key, the
	// way encoding/json matches names to struct fields (Unicode simple
	// folding, as strings.EqualFold). Set it for input decoded into
	// structs only: a map keeps "a" and "A" apart.
	FoldCase bool
}

// Duplicates walks the first JSON value of data token by token and returns
// one [DuplicateError] per object key given twice in the same object, at
// any depth, in the order of the second keys. walkErr is the syntax
// error (or excessive nesting) that stopped the walk, if any; the
// duplicates found before it are returned as well. Data after the first
// value is not read.
func Duplicates(data []byte, opts Options) (dups []*DuplicateError, walkErr error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(path string, depth int) error
	walk = func(path string, depth int) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		delim, ok := tok.(json.Delim)
		if !ok {
			return nil // a string, number, boolean or null
		}
		if depth >= MaxDepth {
			return fmt.Errorf("json: nested more than %d levels deep", MaxDepth)
		}
		switch delim {
		case '{':
			seen := map[string]string{} // compared form -> the key as first given
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := tok.(string) // the decoder allows only strings here
				sub := Abbreviate(key)
				if path != "" {
					sub = path + "." + sub
				}
				cmpKey := key
				if opts.FoldCase {
					cmpKey = foldKey(key)
				}
				switch first, dup := seen[cmpKey]; {
				case !dup:
					seen[cmpKey] = key
				case first == key:
					dups = append(dups, &DuplicateError{Path: sub})
				default:
					dups = append(dups, &DuplicateError{Path: sub, First: first})
				}
				if err := walk(sub, depth+1); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := walk(path+"["+strconv.Itoa(i)+"]", depth+1); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token() // the closing '}' or ']'
		return err
	}
	walkErr = walk("", 0)
	return dups, walkErr
}

// foldKey maps s to one representative of the keys strings.EqualFold
// (and so encoding/json's field matching) treats as equal to it: each rune
// becomes the smallest rune of its simple case-folding orbit.
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}
