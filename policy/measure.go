package policy

import "unicode/utf8"

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
