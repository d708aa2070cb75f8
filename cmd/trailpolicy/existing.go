package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/policy"
)

// This file reads the policies the command takes from outside: the deployed
// policy of diff, the existing policy of -merge-into and the identity
// policies of check -identity. They are read strictly, before
// policy.Decode, because each lenient reading changes what the command
// compares, merges or evaluates without a word:
//
//   - a key given twice, at any depth (a second "Statement" or "Policy"
//     would silently win);
//   - null, {}, an array, a string or a number (read as an empty policy, to
//     which -merge-into would add the setup's statements and so drop every
//     statement the bucket has);
//   - a document that is both a policy and the AWS CLI's {"Policy": "..."}
//     (which of the two is the policy?), or a wrapper with members the AWS
//     CLI does not print (that of describe-policy, for SCPs and RCPs, is
//     read in existing_org.go);
//   - a policy of another kind (a key policy given to -merge-into for a
//     bucket policy: its kms: actions and Resource "*" cannot be part of a
//     bucket policy).

// errNotPolicy is wrapped by every error of [readExisting].
var errNotPolicy = errors.New("not a policy the command can read")

// existingError is one problem of an existing policy.
type existingError struct{ msg string }

func (e *existingError) Error() string        { return e.msg }
func (e *existingError) Is(target error) bool { return target == errNotPolicy }

func existingErrorf(format string, args ...any) error {
	return &existingError{msg: fmt.Sprintf(format, args...)}
}

// wrapperKeys are the keys of the AWS CLI's output around a policy:
// {"Policy": "..."} from aws s3api get-bucket-policy, with "PolicyName" from
// aws kms get-key-policy.
var wrapperKeys = []string{"Policy", "PolicyName"}

// readExisting reads an existing policy of kind k from data: a policy
// document or, when wrapped is true, also the AWS CLI's {"Policy": "<the
// document as a string>"}. Every error wraps errNotPolicy; several
// problems are joined, one per line.
func readExisting(k policy.Kind, data []byte, wrapped bool) (*policy.Document, error) {
	top, err := strictObject(data)
	if err != nil {
		return nil, err
	}
	if _, ok := top["Policy"]; ok && wrapped {
		unwrapIt, where := unwrap, `the policy in "Policy": `
		if isOrgWrapper(k, top) {
			// aws organizations describe-policy (existing_org.go).
			unwrapIt = func(top map[string]json.RawMessage) ([]byte, error) { return unwrapOrg(k, top) }
			where = `the policy in "Policy.Content": `
		}
		inner, err := unwrapIt(top)
		if err != nil {
			return nil, err
		}
		doc, err := readExisting(k, inner, false)
		if err != nil {
			return nil, prefixProblems(where, err)
		}
		return doc, nil
	}
	switch raw, ok := top["Statement"]; {
	case !ok:
		return nil, existingErrorf("has no Statement: not %s document (an object with Version and Statement)", article(k))
	case bytes.Equal(bytes.TrimSpace(raw), []byte("null")):
		return nil, existingErrorf("Statement is null: %s holds at least one statement", article(k))
	}
	doc, err := policy.Decode(k, data)
	if err != nil {
		return nil, err
	}
	if len(doc.Statements) == 0 {
		return nil, existingErrorf("Statement is empty: %s holds at least one statement", article(k))
	}
	if err := checkKind(doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// strictObject checks that data is one JSON object without a key given
// twice at any depth, and returns its members.
func strictObject(data []byte) (map[string]json.RawMessage, error) {
	dups, walkErr := jsonstrict.Duplicates(data, jsonstrict.Options{})
	if len(dups) > 0 {
		errs := make([]error, len(dups))
		for i, d := range dups {
			errs[i] = &existingError{msg: d.Error()}
		}
		return nil, errors.Join(errs...)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&v); err != nil {
		return nil, &existingError{msg: "not JSON: " + err.Error()}
	}
	if walkErr != nil {
		return nil, &existingError{msg: "not JSON: " + walkErr.Error()}
	}
	if _, err := dec.Token(); err == nil {
		return nil, existingErrorf("unexpected data after the policy")
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, existingErrorf("holds %s, not a policy document (an object with Version and Statement)", describeJSON(v))
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, &existingError{msg: "not JSON: " + err.Error()}
	}
	return top, nil
}

// unwrap returns the document inside the AWS CLI's {"Policy": "..."}.
func unwrap(top map[string]json.RawMessage) ([]byte, error) {
	var extra []string
	for key := range top {
		if !slices.Contains(wrapperKeys, key) {
			extra = append(extra, key)
		}
	}
	slices.Sort(extra)
	for _, key := range extra {
		if slices.Contains([]string{"Version", "Id", "Statement"}, key) {
			return nil, existingErrorf("holds both the AWS CLI's \"Policy\" and a policy's %s: it is either a policy document or {\"Policy\": \"<document>\"}, not both", jsonstrict.Quote(key))
		}
	}
	if len(extra) > 0 {
		return nil, existingErrorf("%s beside \"Policy\": the AWS CLI's output holds only Policy (and PolicyName)", jsonstrict.Quote(extra[0]))
	}
	var doc string
	if err := json.Unmarshal(top["Policy"], &doc); err != nil {
		var v any
		_ = json.Unmarshal(top["Policy"], &v)
		return nil, existingErrorf("Policy holds %s, where the AWS CLI writes the policy document as a string", describeJSON(v))
	}
	if raw, ok := top["PolicyName"]; ok {
		var name string
		if json.Unmarshal(raw, &name) != nil {
			return nil, existingErrorf("PolicyName is not a string")
		}
	}
	return []byte(doc), nil
}

// describeJSON says what a decoded JSON value is.
func describeJSON(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "the string " + jsonstrict.Quote(v)
	case bool:
		return fmt.Sprintf("the boolean %t", v)
	case float64:
		return "a number"
	}
	return "a JSON value"
}

// article is "a bucket policy", "an identity policy".
func article(k policy.Kind) string {
	s := k.String()
	if strings.IndexByte("aeiou", s[0]) >= 0 {
		return "an " + s
	}
	return "a " + s
}

// prefixProblems puts prefix before the message of each problem in err.
func prefixProblems(prefix string, err error) error {
	var errs []error
	for _, e := range policy.Unjoin(err) {
		errs = append(errs, &prefixed{prefix: prefix, err: e})
	}
	return errors.Join(errs...)
}

type prefixed struct {
	prefix string
	err    error
}

func (p *prefixed) Error() string { return p.prefix + p.err.Error() }
func (p *prefixed) Unwrap() error { return p.err }

// kindRules says what the statements of one kind of policy act on, so that
// a policy of another kind is refused by its statements: the service of
// its actions ("s3"; "" for any), whether a Resource or NotResource value
// can be part of it (nil: any), whether it has no Resource at all, whether
// each statement names a Principal (true), none does (false), or either
// (nil), and the kinds the wrong statements probably come from.
type kindRules struct {
	service, serviceName string
	resource             func(string) bool
	resHint              string
	noResource           bool
	principal            *bool
	guess                string
}

var (
	yes, no = true, false

	kinds = map[policy.Kind]kindRules{
		policy.KindBucketPolicy: {service: "s3", serviceName: "an S3 action", resource: isServiceARN("s3"),
			resHint: "a bucket policy names its bucket and objects (arn:aws:s3:::bucket/*)", principal: &yes, guess: "a key policy or an identity policy"},
		policy.KindKeyPolicy: {service: "kms", serviceName: "a KMS action", resource: func(r string) bool { return r == "*" || isServiceARN("kms")(r) },
			resHint: `a key policy names its key as "*"`, principal: &yes, guess: "a bucket policy or an identity policy"},
		policy.KindTrustPolicy:    {service: "sts", serviceName: "an STS action", noResource: true, principal: &yes, guess: "a resource policy or an identity policy"},
		policy.KindIdentityPolicy: {principal: &no, guess: "a resource policy or a trust policy"},
		policy.KindSCP:            {principal: &no, guess: "a resource policy or a trust policy"},
		policy.KindRCP:            {principal: &yes, guess: "a service control policy or an identity policy"},
		policy.KindTopicPolicy: {service: "sns", serviceName: "an SNS action", resource: isServiceARN("sns"),
			resHint: "a topic policy names its topic (arn:aws:sns:region:account:topic)", principal: &yes, guess: "a bucket policy or an identity policy"},
	}
)

// isServiceARN returns whether a string is an ARN of service.
func isServiceARN(service string) func(string) bool {
	return func(r string) bool {
		parts := strings.SplitN(r, ":", 4)
		return len(parts) == 4 && parts[0] == "arn" && parts[1] != "" && parts[2] == service
	}
}

// checkKind refuses a document whose statements cannot be part of a policy
// of its kind, naming each such statement.
func checkKind(d *policy.Document) error {
	rules, ok := kinds[d.Kind]
	if !ok {
		return nil
	}
	var errs []error
	for i, s := range d.Statements {
		if msg := statementMismatch(s, rules, d.Kind); msg != "" {
			name := fmt.Sprintf("Statement[%d]", i)
			if s.Sid != "" {
				name += " (" + jsonstrict.Quote(s.Sid) + ")"
			}
			errs = append(errs, existingErrorf("%s: %s; is this %s?", name, msg, rules.guess))
		}
	}
	return errors.Join(errs...)
}

// statementMismatch says why s cannot be a statement of kind k, or "".
func statementMismatch(s iampolicy.Statement, r kindRules, k policy.Kind) string {
	type element struct {
		name string
		l    *iampolicy.StringOrSlice
	}
	if r.service != "" {
		for _, el := range []element{{"Action", s.Action}, {"NotAction", s.NotAction}} {
			for _, a := range values(el.l) {
				svc, _, _ := strings.Cut(a, ":")
				if a != "*" && !strings.EqualFold(svc, r.service) {
					return fmt.Sprintf("%s %s is not %s, so it cannot be part of %s", el.name, jsonstrict.Quote(a), r.serviceName, article(k))
				}
			}
		}
	}
	for _, el := range []element{{"Resource", s.Resource}, {"NotResource", s.NotResource}} {
		for _, res := range values(el.l) {
			switch {
			case r.noResource:
				return fmt.Sprintf("%s %s: %s has no %s (the role is its resource)", el.name, jsonstrict.Quote(res), article(k), el.name)
			case r.resource != nil && !r.resource(res):
				return fmt.Sprintf("%s %s cannot be part of %s: %s", el.name, jsonstrict.Quote(res), article(k), r.resHint)
			}
		}
	}
	hasPrincipal := s.Principal != nil || s.NotPrincipal != nil
	switch {
	case r.principal == nil:
	case *r.principal && !hasPrincipal:
		return fmt.Sprintf("it names no Principal, which every statement of %s does", article(k))
	case !*r.principal && hasPrincipal:
		return fmt.Sprintf("it names a Principal, which %s never does", article(k))
	}
	return ""
}

// values returns the strings of l, none for nil.
func values(l *iampolicy.StringOrSlice) []string {
	if l == nil {
		return nil
	}
	return l.Values()
}
