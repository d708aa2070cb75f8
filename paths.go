package trailpolicy

import (
	"errors"
	"regexp"
	"sort"
	"strings"

	"github.com/trailpolicy/trailpolicy/policy"
)

// fieldMap translates the field paths of one builder's Config (Go field
// names: "Accounts[2]", "ExternalID") into the setup's JSON paths
// ("accounts[2]", "vendor.externalId"). A key matches a field exactly or as
// a prefix followed by "[" or "."; the longest key wins, so that an entry for
// one list element ("ProtectTrails[1]") overrides the entry for the list.
type fieldMap map[string]string

// sourcesPaths are the paths of the policy.Sources fields, which bucket and
// kmskey share and which sit at the top of the setup.
var sourcesPaths = fieldMap{
	"Partition":                      "partition",
	"Accounts":                       "accounts",
	"Organization":                   "organization",
	"Organization.ID":                "organization.id",
	"Organization.ManagementAccount": "organization.managementAccount",
	"Trails":                         "trails",
}

// with returns a copy of m with the entries of more added.
func (m fieldMap) with(more fieldMap) fieldMap {
	out := fieldMap{}
	for k, v := range m {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// lookup returns the setup path for field, and whether a key matched.
func (m fieldMap) lookup(field string) (string, bool) {
	best := ""
	for k := range m {
		if len(k) <= len(best) {
			continue
		}
		if field == k || strings.HasPrefix(field, k+"[") || strings.HasPrefix(field, k+".") {
			best = k
		}
	}
	if best == "" {
		return field, false
	}
	return m[best] + field[len(best):], true
}

// words matches the Go field names the map knows when they appear in a
// message ("but Partition is aws"), longest first so that "BucketRegion"
// is not read as "Bucket".
func (m fieldMap) words() *regexp.Regexp {
	var keys []string
	for k := range m {
		if !strings.ContainsAny(k, "[.") {
			keys = append(keys, regexp.QuoteMeta(k))
		}
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	return regexp.MustCompile(`\b(` + strings.Join(keys, "|") + `)\b`)
}

// renamedError is an error whose message was rewritten to name setup
// fields; it still unwraps to the original, so errors.Is and errors.As see
// the sentinel and the builder's error types.
type renamedError struct {
	msg string
	err error
}

func (e *renamedError) Error() string { return e.msg }
func (e *renamedError) Unwrap() error { return e.err }

// DocumentError is a problem a builder found with a document itself rather
// than with one input field, such as a policy over its size limit. Document
// is the document's name, such as "bucket-policy".
type DocumentError struct {
	Document string
	Err      error
}

// Error reads like "bucket-policy: document: bucket policy is 20600 bytes ...".
func (e *DocumentError) Error() string { return e.Document + ": " + e.Err.Error() }

// Unwrap returns the builder's error.
func (e *DocumentError) Unwrap() error { return e.Err }

// translate rewrites every problem in err, from the builder of document
// doc, to setup paths:
//   - a *policy.FieldError whose field the map knows gets the setup path,
//     and the Go field names in its reason are replaced as well;
//   - another error whose message starts with a known field ("SizeLimit: ...")
//     gets that prefix rewritten;
//   - anything else is a [DocumentError] naming doc.
func translate(doc string, m fieldMap, err error) []error {
	if err == nil {
		return nil
	}
	words := m.words()
	rename := func(s string) string {
		return words.ReplaceAllStringFunc(s, func(w string) string { return m[w] })
	}
	var out []error
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if errors.As(e, &fe) && e == error(fe) {
			if path, ok := m.lookup(fe.Field); ok {
				cp := *fe
				cp.Field, cp.Reason = path, rename(fe.Reason)
				out = append(out, &cp)
				continue
			}
			out = append(out, &DocumentError{Document: doc, Err: e})
			continue
		}
		msg := e.Error()
		if head, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(head, " ") {
			if path, ok := m.lookup(head); ok {
				out = append(out, &renamedError{msg: path + ": " + rename(rest), err: e})
				continue
			}
		}
		out = append(out, &DocumentError{Document: doc, Err: e})
	}
	return out
}

// problemKey identifies a problem for de-duplication: the same field and
// sentinel reported by two builders (an invalid kmsKeyArn is seen by four,
// each with its own wording) is one problem for the user.
func problemKey(e error) string {
	var fe *policy.FieldError
	if errors.As(e, &fe) && e == error(fe) {
		s := ""
		if fe.Err != nil {
			s = fe.Err.Error()
		}
		return fe.Field + "\x00" + s
	}
	return e.Error()
}
