package policy

import (
	"cmp"
	"fmt"
	"reflect"
)

// Merge returns a new document holding base's statements followed by
// fragment's, for adding the CloudTrail statements to a policy that already
// exists: a bucket policy that also lets S3 server access logs or AWS Config
// deliver, say. A bucket has one policy, so the CloudTrail statements must
// join the others rather than replace them.
//
// Both documents must be of the same [Kind] and policy version. A Sid used in
// both is an error naming the Sid and the two statements, because IAM
// requires unique Sids and silently keeping one of them would drop a
// permission or a safeguard; rename one of the statements. A fragment
// statement identical to the base statement with its Sid (compared as
// [Document.Canonical] does) is not a collision: it is already there, so it
// is left out, and merging the same fragment twice gives the same document.
//
// The result keeps base's Id (fragment's when base has none). Neither input is
// modified, and the result shares no values with them. Merge does not
// validate the result: call [Document.Validate], which also checks that the
// merged policy still fits its size limit.
func Merge(base, fragment *Document) (*Document, error) {
	var p Problems
	if base == nil {
		p.Addf(ErrRequired, "base", "", "is nil: give the existing policy to merge into")
	}
	if fragment == nil {
		p.Addf(ErrRequired, "fragment", "", "is nil: give the statements to merge")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if base.Kind != fragment.Kind {
		p.Addf(ErrConflict, "fragment.Kind", fragment.Kind.String(), "differs from the base document's kind (%s): only documents attached to the same kind of place can be merged", base.Kind)
	}
	bv, fv := cmp.Or(base.Version, Version), cmp.Or(fragment.Version, Version)
	if bv != fv {
		p.Addf(ErrConflict, "fragment.Version", fv, "differs from the base document's version %s: policy variables and some elements mean different things in the two versions", bv)
	}

	sids := map[string]int{}
	for i, s := range base.Statements {
		if s.Sid != "" {
			if _, dup := sids[s.Sid]; !dup {
				sids[s.Sid] = i
			}
		}
	}
	var keep []int
	for j, s := range fragment.Statements {
		i, dup := sids[s.Sid]
		switch {
		case s.Sid == "" || !dup:
			keep = append(keep, j)
		case reflect.DeepEqual(canonicalStatement(s), canonicalStatement(base.Statements[i])):
			// Already in base: merging is idempotent.
		default:
			p.Addf(ErrSid, fmt.Sprintf("fragment.Statement[%d].Sid", j), s.Sid,
				"is also the Sid of base.Statement[%d], which differs: Sids must be unique within a policy, so rename one of the two statements", i)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}

	b, err := deepCopy(base)
	if err != nil {
		return nil, err
	}
	f, err := deepCopy(fragment)
	if err != nil {
		return nil, err
	}
	out := &Document{Kind: base.Kind, Version: bv, ID: cmp.Or(b.ID, f.ID), Statements: b.Statements, decoded: base.decoded || fragment.decoded}
	for _, j := range keep {
		out.Statements = append(out.Statements, f.Statements[j])
	}
	return out, nil
}

// deepCopy returns a copy of d that shares no pointers with it, by rendering
// and decoding: the renderer keeps every value's shape (bare string or
// array), so the copy renders to the same bytes.
func deepCopy(d *Document) (*Document, error) {
	js, err := d.JSON()
	if err != nil {
		return nil, err
	}
	c, err := Decode(d.Kind, js)
	if err != nil {
		return nil, err
	}
	c.Version, c.ID = d.Version, d.ID
	return c, nil
}
