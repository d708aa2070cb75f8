package trailpolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/logsrole"
	"github.com/trailpolicy/trailpolicy/rcp"
	"github.com/trailpolicy/trailpolicy/scp"
	"github.com/trailpolicy/trailpolicy/trust"
)

// Setup describes one centralised CloudTrail logging setup: where the logs go,
// who delivers them, how they are encrypted, who reads them and who may not
// tamper with them. Each value is given once and [Setup.Build] passes it to
// every document that needs it, so the documents cannot drift apart.
//
// The values every document shares are the embedded [cloudtrail.SiteConfig]
// (bucket, accounts, organization, trails, kmsKeyArn, readers, ...), which
// sit at the top of a setup file; each document's own options follow. The
// JSON and YAML field names are the lowerCamel names in the tags, and the
// field paths of every error ("accounts[2]", "vendor.externalId"); a setup
// file with an unknown field is refused by [LoadSetup]. The zero value of
// every optional field is the safe choice; a field that weakens a policy is
// named for what it weakens.
type Setup struct {
	cloudtrail.SiteConfig `yaml:",inline"`

	// KeyAdministrators are IAM role or user ARNs in the key's account that
	// may manage the key but not use it. Optional; needs kmsKeyArn.
	KeyAdministrators []string `json:"keyAdministrators,omitempty" yaml:"keyAdministrators,omitempty"`

	// Vendor, when set, is an outside company that reads the logs through a
	// role in logArchiveAccount: the setup then calls for the role's trust
	// and read policies, and the key policy lets the role decrypt.
	Vendor *trust.Vendor `json:"vendor,omitempty" yaml:"vendor,omitempty"`

	// OmitEncryptionDeniesForFirstCreate leaves the bucket policy's two
	// encryption denies out while the trail is first created (CloudTrail
	// checks the bucket with a plain test upload); build again without it
	// once the trail exists. Needs kmsKeyArn.
	OmitEncryptionDeniesForFirstCreate bool `json:"omitEncryptionDeniesForFirstCreate,omitempty" yaml:"omitEncryptionDeniesForFirstCreate,omitempty"`

	// KeyPolicy holds the key policy's own options (the "keyPolicy"
	// block) besides keyAdministrators; problems are reported on their
	// paths, "keyPolicy.sidStyle". Needs kmsKeyArn or createKey.
	KeyPolicy kmskey.Options `json:"keyPolicy,omitempty" yaml:"keyPolicy,omitempty"`

	// BucketPolicy holds the bucket policy's own options (the
	// "bucketPolicy" block); problems are reported on their paths,
	// "bucketPolicy.sidSuffix".
	BucketPolicy bucket.Options `json:"bucketPolicy,omitempty" yaml:"bucketPolicy,omitempty"`

	// SCP holds the options of the service control policy, which the setup
	// calls for unless scp.omit is set.
	SCP scp.Options `json:"scp,omitempty" yaml:"scp,omitempty"`

	// RCP holds the options of the resource control policy, which the
	// setup calls for whenever it has an organization, unless rcp.omit is
	// set.
	RCP rcp.Options `json:"rcp,omitempty" yaml:"rcp,omitempty"`

	// LogsRole holds the options of the CloudWatch Logs delivery role (the
	// "logsRole" block), which the setup calls for with
	// cloudWatchLogsGroupArn.
	LogsRole logsrole.Options `json:"logsRole,omitempty" yaml:"logsRole,omitempty"`
}

// ErrSetupFile is wrapped by every error [LoadSetup] returns: a syntax
// error, an empty file, data after the setup, an unknown or misspelt field,
// a key given twice or a value of the wrong type. Test for it with
// errors.Is to tell a setup file that cannot be read from a setup that
// [Setup.Build] refuses. The message itself names the file and the key.
var ErrSetupFile = errors.New("invalid setup file")

// setupFileError is one problem of a setup file: it prints as
// "name: problem", is [ErrSetupFile] for errors.Is and unwraps to the
// decoder's error, so that errors.As still finds a *json.SyntaxError. It
// has a single Unwrap on purpose: an Unwrap() []error would make
// policy.Unjoin split it into the sentinel and the problem.
type setupFileError struct {
	name string
	err  error
}

func (e *setupFileError) Error() string        { return e.name + ": " + e.err.Error() }
func (e *setupFileError) Unwrap() error        { return e.err }
func (e *setupFileError) Is(target error) bool { return target == ErrSetupFile }

// fileError returns err as a problem of the setup file name.
func fileError(name string, err error) error { return &setupFileError{name: name, err: err} }

// fileErrorf returns a problem of the setup file name with a message of its own.
func fileErrorf(name, format string, args ...any) error {
	return fileError(name, fmt.Errorf(format, args...))
}

// LoadSetup reads a setup from JSON or YAML. The syntax is chosen by the
// extension of name (".json", ".yaml", ".yml") or, for any other name, by
// the content: a document starting with "{" is JSON. Unknown fields and a
// key given twice in the same object are errors in both syntaxes, because a
// misspelt field or a second value would otherwise drop a safeguard without
// a word; in JSON, keys that differ only in case count as the same key, as
// encoding/json would fill one field from both. Field names are exact in
// both syntaxes (JSON's "Bucket" is not "bucket").
//
// Values keep their meaning in both syntaxes, or are refused. JSON's types
// are exact already. A YAML file is checked as a tree before it is decoded:
// true and false are a plain true or false (a quoted "true" is a string;
// yes, no, on, off, y and n are refused, since YAML 1.1 reads them as
// booleans); a whole number (scp.sizeLimit) is plain decimal digits (not
// 04000, 0x10, 5120.5 or 1.2e11, which the decoder alone would turn into
// another integer); a string field takes a plain number only when its text
// is its own decimal value, such as an unquoted account ID 123456789012 (a
// leading zero must be quoted: "012345678901"), and refuses a plain value
// YAML reads as a boolean, a float or a date; a list or an object must be
// one. Null leaves a field unset.
//
// Errors name the file, the line (YAML) and the field's path in the setup,
// never a Go type: an unknown field as the user wrote it, with the field
// probably meant ("scp.leaveKeyUnprotectd: unknown field; did you mean
// scp.leaveKeyUnprotected?") or, when none is near, the fields there are; a
// value of the wrong type with what belongs there. Every problem is
// reported at once, one error each. name is used in error messages only.
// Every error wraps [ErrSetupFile].
func LoadSetup(data []byte, name string) (Setup, error) {
	var s Setup
	useJSON := false
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		useJSON = true
	case ".yaml", ".yml":
	default:
		useJSON = bytes.HasPrefix(bytes.TrimSpace(data), []byte("{"))
	}
	if useJSON {
		if len(bytes.TrimSpace(data)) == 0 {
			return Setup{}, fileErrorf(name, "the setup is empty")
		}
		// Duplicates first: encoding/json keeps the last value of a key
		// given twice ({"scp":{"omit":false},"scp":{"omit":true}}) without
		// a word, and the decoded Setup cannot show that it happened.
		// A Setup has no map fields, so no object in a setup file may
		// hold two keys that encoding/json would match to one field.
		dups, walkErr := jsonstrict.Duplicates(data, jsonstrict.Options{FoldCase: true})
		if len(dups) > 0 {
			errs := make([]error, len(dups))
			for i, d := range dups {
				errs[i] = fileError(name, d)
			}
			return Setup{}, errors.Join(errs...)
		}
		if walkErr != nil {
			// A syntax error stopped the walk; the decoder's message is
			// the one to show.
			var v any
			if err := json.NewDecoder(bytes.NewReader(data)).Decode(&v); err != nil {
				return Setup{}, fileError(name, err)
			}
			return Setup{}, fileError(name, walkErr)
		}
		var generic any
		gen := json.NewDecoder(bytes.NewReader(data))
		if err := gen.Decode(&generic); err != nil {
			return Setup{}, fileError(name, err)
		}
		if _, err := gen.Token(); err != io.EOF {
			return Setup{}, fileErrorf(name, "unexpected data after the setup object")
		}
		if generic == nil {
			return Setup{}, fileErrorf(name, "the setup is empty") // null, as YAML's ~
		}
		// Unknown names, each with its path and the field meant.
		// encoding/json matches names without regard to case and YAML
		// does not: a name must be exact in both, so that a file means the
		// same whichever syntax it is written in.
		var errs []error
		for _, msg := range unknownJSONFields(generic, reflect.TypeOf(s), "") {
			errs = append(errs, fileErrorf(name, "%s", msg))
		}
		if len(errs) > 0 {
			// A value of the wrong type elsewhere is a problem too;
			// decoded leniently, the unknown names do not count again.
			var discard Setup
			if err := json.NewDecoder(bytes.NewReader(data)).Decode(&discard); err != nil {
				errs = append(errs, fileError(name, jsonTypeProblem(err)))
			}
			return Setup{}, errors.Join(errs...)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields() // none is left; a safety net all the same
		if err := dec.Decode(&s); err != nil {
			return Setup{}, fileError(name, jsonTypeProblem(err))
		}
		return s, nil
	}
	// The tree first: every value is checked against the field it fills
	// (setup_yaml.go) before the decoder, which reads some values as
	// something else (yes as true, 04000 as 2048), gets to it.
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return Setup{}, fileErrorf(name, "the setup is empty")
		}
		return Setup{}, fileError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return Setup{}, fileErrorf(name, "holds more than one YAML document; a setup is one")
	}
	if probs := checkYAMLSetup(&root, yamlBudget(data)); len(probs) > 0 {
		return Setup{}, yamlErrors(name, probs)
	}
	// A safety net: the tree passed, so the decoder should find nothing.
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(&s); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return Setup{}, yamlErrors(name, yamlTypeProblems(te.Errors))
		}
		return Setup{}, fileError(name, err)
	}
	return s, nil
}
