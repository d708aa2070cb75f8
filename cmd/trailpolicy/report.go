package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/policy"
)

// jsonVersion is the version of every JSON shape the command prints
// (check and diff with -format json, problems with -errors json). It
// changes only when a field changes meaning or goes away; new fields may be
// added without a new version.
const jsonVersion = 1

// writeJSON prints v as indented JSON with one trailing newline, without
// HTML escaping (ARNs and conditions hold & and < as they are).
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// problemReport is what -errors json prints on stderr for an invalid
// setup: {"version": 1, "problems": [...], "count": 2, "omitted": 0}.
//
// Problems holds at most maxProblems entries, as the text does; Count is
// the number of problems in all and Omitted how many Problems leaves out.
type problemReport struct {
	Version  int             `json:"version"`
	Problems []problemRecord `json:"problems"`
	Count    int             `json:"count"`
	Omitted  int             `json:"omitted"`
}

// problemRecord is one problem. Field, Value and Reason are present
// together, for a problem of one setup field (a *policy.FieldError) or of a
// document's size (a *policy.SizeError; its Field is empty when no list
// makes the document grow); Document names the document of a problem found
// while building it; File names the policy file of -merge-into. Message is
// always present: the line -errors text prints.
type problemRecord struct {
	File     string  `json:"file,omitempty"`
	Document string  `json:"document,omitempty"`
	Field    *string `json:"field,omitempty"`
	Value    *string `json:"value,omitempty"`
	Reason   *string `json:"reason,omitempty"`
	Message  string  `json:"message"`
}

// record describes one problem e; file, when not empty, is the file the
// problem is in, and prefixes the message.
func record(file string, e error) problemRecord {
	r := problemRecord{File: file, Message: e.Error()}
	if file != "" {
		r.Message = file + ": " + r.Message
	}
	r.Message = cutLine(r.Message)
	var de *trailpolicy.DocumentError
	if errors.As(e, &de) {
		r.Document = de.Document
	}
	var fe *policy.FieldError
	var se *policy.SizeError
	switch {
	case errors.As(e, &fe):
		// The value as the message quotes it: cut at 120 characters, so
		// that one hostile value cannot make the report unbounded.
		value, reason := jsonstrict.Abbreviate(fe.Value), cutLine(fe.Reason)
		r.Field, r.Value, r.Reason = &fe.Field, &value, &reason
	case errors.As(e, &se):
		field, value := se.Field, ""
		msg := se.Error()
		prefix := "document: "
		if field != "" {
			value = fmt.Sprintf("%d %s", se.Count, se.Noun)
			prefix = field + ": " + strconv.Quote(value) + " "
		}
		reason := strings.TrimPrefix(msg, prefix)
		r.Field, r.Value, r.Reason = &field, &value, &reason
	}
	return r
}

// problemsJSON prints the problems in err as one JSON object on w, the
// first maxProblems of them and how many there are, and returns
// exitInvalid.
func problemsJSON(w io.Writer, file string, err error) int {
	all := policy.Unjoin(err)
	rep := problemReport{Version: jsonVersion, Problems: []problemRecord{}, Count: len(all)}
	for i, e := range all {
		if i == maxProblems {
			rep.Omitted = len(all) - i
			break
		}
		rep.Problems = append(rep.Problems, record(file, e))
	}
	if werr := writeJSON(w, rep); werr != nil {
		return exitUsage
	}
	return exitInvalid
}
