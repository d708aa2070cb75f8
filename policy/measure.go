package policy

import (
	"slices"
	"unicode/utf8"
)

// StatementSizes measures the compact rendering of d once, in the unit its
// kind's limit counts ([Size]: bytes or characters), split into the frame
// (Version, Id and the brackets around the statements) and each
// statement. A document holding any of d's statements, in order, with the
// same Version and Id, measures
//
//	frame + sizes[i] + sizes[j] + … + (number of statements − 1)
//
// (the commas between statements), so a caller packing statements into
// documents under a limit keeps a running total instead of rendering each
// trial document again. An error is the rendering's.
func (d *Document) StatementSizes() (frame int, sizes []int, err error) {
	if d == nil {
		return 0, nil, errNilDocument
	}
	buf := getBuffer()
	defer putBuffer(buf)
	dst := *buf
	measure := func(b []byte) int {
		if _, unit := DefaultLimits().For(d.Kind); unit == "characters" {
			return utf8.RuneCount(b)
		}
		return len(b)
	}
	// The frame is the rendering of the document without statements.
	empty := Document{Kind: d.Kind, Version: d.Version, ID: d.ID}
	dst, _ = empty.appendFast(dst[:0])
	frame = measure(dst)
	sizes = make([]int, len(d.Statements))
	for i := range d.Statements {
		one := Document{Kind: d.Kind, Version: d.Version, ID: d.ID, Statements: d.Statements[i : i+1]}
		compact, err := one.appendCompact(dst[:0])
		dst = compact[:0]
		if err != nil {
			*buf = dst
			return 0, nil, err
		}
		sizes[i] = measure(compact) - frame
	}
	*buf = dst
	return frame, sizes, nil
}

// compactMeasure is what validation needs of a compact rendering without
// the rendering itself: its size in the unit of the kind's limit and
// whether it holds only the characters AWS allows ([charactersValid]).
type compactMeasure struct {
	size     int
	chars    bool
	rendered bool // false: a statement holds what only encoding/json renders (or refuses)
}

// measureCompact measures the compact rendering of d one statement at a
// time in dst, which it returns for reuse: the frame (Version, Id, the
// brackets), each statement and the commas between them, as
// [Document.StatementSizes] adds them up. A valid document of 10,000
// accounts is thus checked without a buffer of its whole rendering (4.8
// MB, allocated afresh for every such document, which the pool does not
// keep), and without walking it once more to estimate that buffer's size.
// Both measures add up over statements: a statement's rendering starts and
// ends outside any string, so no escape sequence or UTF-8 sequence spans
// two statements. A check that is not nil runs the typed checks
// ([Document.schemaValid]) on each statement as it is measured, while the
// statement is in the processor's cache: for 10,000 statements, each with
// its own condition maps, a second walk costs more than the checks.
func (d *Document) measureCompact(dst []byte, check *typedCheck) (compactMeasure, []byte) {
	if check != nil {
		check.frame(d)
	}
	_, unit := DefaultLimits().For(d.Kind)
	measure := func(b []byte) int {
		if unit == "characters" {
			return utf8.RuneCount(b)
		}
		return len(b)
	}
	frame := Document{Kind: d.Kind, Version: d.Version, ID: d.ID}
	dst, _ = frame.appendFast(dst[:0])
	m := compactMeasure{size: measure(dst) + max(len(d.Statements)-1, 0), chars: charactersValid(dst), rendered: true}
	for i := range d.Statements {
		if check != nil && !check.done() {
			check.statement(i, &d.Statements[i])
		}
		// Grown once for a statement of 10,000 ARNs, not by append.
		dst = slices.Grow(dst[:0], estimateStatement(&d.Statements[i]))
		dst, m.rendered = appendStatement(dst, &d.Statements[i])
		if !m.rendered {
			return m, dst
		}
		m.size += measure(dst)
		m.chars = m.chars && charactersValid(dst)
	}
	return m, dst
}
