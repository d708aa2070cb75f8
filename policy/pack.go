package policy

import (
	"errors"
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
)

// Pack puts statements, in order, into as few documents of kind k as the
// limits l allow, for the kinds that may be split over several documents
// (organization policies: a target may have several): each statement goes
// into the current document while it still fits, else it starts a new one.
// A statement is never divided.
//
// A statement too large for the limit on its own is refused with
// tooLarge(sid, err), where err is the *[SizeError] of a document holding
// only that statement; tooLarge says what the statement grows with (see
// [SizeError.Hint]) and may return err as it is. Every document is then
// validated with l; with several documents, the problems of the i-th are
// named "documents[i]" ([PrefixFields]). Pack never returns documents
// together with an error.
func Pack(k Kind, stmts []iampolicy.Statement, l Limits, tooLarge func(sid string, err *SizeError) error) ([]*Document, error) {
	// Each statement is measured once and the current document's size kept
	// as a running total ([Document.StatementSizes]): one rendering of the
	// statements, not one of every trial document.
	maxSize, _ := l.For(k)
	frame, sizes, err := New(k, stmts...).StatementSizes()
	if err != nil {
		return nil, err
	}
	var docs []*Document
	var cur *Document
	size := 0 // of cur
	for i, st := range stmts {
		if frame+sizes[i] > maxSize {
			err := l.checkSize(New(k, st))
			var se *SizeError
			if errors.As(err, &se) && tooLarge != nil {
				return nil, tooLarge(st.Sid, se)
			}
			return nil, err
		}
		if cur != nil && size+1+sizes[i] <= maxSize {
			cur.Statements = append(cur.Statements, st)
			size += 1 + sizes[i]
			continue
		}
		if cur != nil {
			docs = append(docs, cur)
		}
		cur, size = New(k, st), frame+sizes[i]
	}
	if cur == nil {
		return nil, fieldErr(ErrRequired, "Statement", "", "is empty: there is nothing to put in %s", k.withArticle())
	}
	docs = append(docs, cur)
	var p Problems
	for i, d := range docs {
		if len(docs) > 1 {
			p.Add(PrefixFields(fmt.Sprintf("documents[%d]", i), d.ValidateWithLimits(l)))
		} else {
			p.Add(d.ValidateWithLimits(l))
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return docs, nil
}

// checkSize returns the *SizeError of d's compact rendering, or the error
// rendering it.
func (l Limits) checkSize(d *Document) error {
	compact, err := d.CompactJSON()
	if err != nil {
		return err
	}
	return l.Check(d.Kind, compact)
}
