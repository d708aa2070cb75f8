package trailpolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/trailpolicy/trailpolicy/policy"
)

// Setup describes one centralised CloudTrail logging setup: where the logs go,
// who delivers them, how they are encrypted, who reads them and who may not
// tamper with them. Each value is given once and [Setup.Build] passes it to
// every document that needs it, so the documents cannot drift apart.
//
// The JSON and YAML field names are the lowerCamel names in the tags; a setup
// file with an unknown field is refused by [LoadSetup]. The zero value of
// every optional field is the safe choice; a field that weakens a policy is
// named for what it weakens.
type Setup struct {
	// Partition of every ARN: "aws" (the default when empty), "aws-cn" or
	// "aws-us-gov".
	Partition policy.Partition `json:"partition,omitempty" yaml:"partition,omitempty"`

	// Bucket is the name of the S3 bucket the trails deliver to. Required.
	Bucket string `json:"bucket" yaml:"bucket"`

	// BucketRegion is the bucket's Region, optional. When set, the KMS key
	// must be in the same Region (SSE-KMS uses a key of the bucket's Region).
	BucketRegion string `json:"bucketRegion,omitempty" yaml:"bucketRegion,omitempty"`

	// Prefix is the trails' S3 key prefix, optional: logs go to
	// [prefix/]AWSLogs/. No leading or trailing "/", at most 200 characters.
	Prefix string `json:"prefix,omitempty" yaml:"prefix,omitempty"`

	// LogArchiveAccount is the 12-digit ID of the account that owns the
	// bucket (and the vendor's role). Required with Vendor. It narrows the
	// SCP's account-level statement to this account and lets Readers live
	// in it.
	LogArchiveAccount string `json:"logArchiveAccount,omitempty" yaml:"logArchiveAccount,omitempty"`

	// Accounts are the 12-digit IDs of the accounts whose own trails
	// deliver. At least one account or an Organization is required. Order
	// and duplicates do not matter.
	Accounts []string `json:"accounts,omitempty" yaml:"accounts,omitempty"`

	// Organization, when set, adds the organization trail of this
	// organization (owned by its management account). Its management account
	// is also the one account no SCP applies to.
	Organization *policy.Organization `json:"organization,omitempty" yaml:"organization,omitempty"`

	// Trails are the exact trail ARNs that may deliver, optional. When empty
	// any trail of a delivering account may. The SCP protects every trail
	// named here that is not in the management account.
	Trails []string `json:"trails,omitempty" yaml:"trails,omitempty"`

	// KMSKeyARN is the full ARN of the KMS key the trails encrypt log files
	// with, optional. When set, the setup calls for a key policy, the bucket
	// policy refuses uploads without this key, the vendor's read policy may
	// decrypt with it, and the SCP protects it.
	KMSKeyARN string `json:"kmsKeyArn,omitempty" yaml:"kmsKeyArn,omitempty"`

	// KeyAdministrators are IAM role or user ARNs in the key's account that
	// may manage the key but not use it. Optional; needs KMSKeyARN.
	KeyAdministrators []string `json:"keyAdministrators,omitempty" yaml:"keyAdministrators,omitempty"`

	// Readers are IAM role ARNs that may decrypt every log file, such as the
	// security team's role; each must be in the key's account, a delivering
	// account or LogArchiveAccount. Optional; needs KMSKeyARN. The vendor's
	// role is added by itself: do not list it here. A reader outside
	// LogArchiveAccount (the bucket's account) is also granted list and read
	// under [prefix/]AWSLogs/ in the bucket policy, because a cross-account
	// read needs the bucket's yes as well; set LogArchiveAccount, or every
	// reader is granted there.
	Readers []string `json:"readers,omitempty" yaml:"readers,omitempty"`

	// Vendor, when set, is an outside company that reads the logs through a
	// role in LogArchiveAccount: the setup then calls for the role's trust
	// and read policies, and the key policy lets the role decrypt.
	Vendor *Vendor `json:"vendor,omitempty" yaml:"vendor,omitempty"`

	// BreakGlassRoles are IAM role ARNs (a * may stand for part of the role
	// name) that the SCP exempts, so that someone can still change the
	// bucket, trails and key on purpose. Optional.
	BreakGlassRoles []string `json:"breakGlassRoles,omitempty" yaml:"breakGlassRoles,omitempty"`

	// OmitEncryptionDeniesForFirstCreate leaves the bucket policy's two
	// encryption denies out while the trail is first created (CloudTrail
	// checks the bucket with a plain test upload); build again without it
	// once the trail exists. Needs KMSKeyARN.
	OmitEncryptionDeniesForFirstCreate bool `json:"omitEncryptionDeniesForFirstCreate,omitempty" yaml:"omitEncryptionDeniesForFirstCreate,omitempty"`

	// SCP holds the options of the service control policy.
	SCP SCPOptions `json:"scp,omitempty" yaml:"scp,omitempty"`
}

// Vendor is the outside company that reads the logs by assuming a role in
// the log archive account with an external ID.
type Vendor struct {
	// Account is the vendor's 12-digit AWS account ID. Required.
	Account string `json:"account" yaml:"account"`
	// ExternalID is the value the vendor assigned to you, which it must pass
	// to sts:AssumeRole. Required: 2 to 1,224 characters of letters, digits
	// and _+=,.@:/-.
	ExternalID string `json:"externalId" yaml:"externalId"`
	// RoleName is the name of the role in LogArchiveAccount; empty means
	// "CloudTrailLogReader" ([trust.DefaultRoleName]).
	RoleName string `json:"roleName,omitempty" yaml:"roleName,omitempty"`
	// Roles, when set, are the vendor's own IAM role ARNs that may assume
	// the role, trusted instead of the vendor's whole account.
	Roles []string `json:"roles,omitempty" yaml:"roles,omitempty"`
}

// SCPOptions are the options of the service control policy that protects
// the bucket, the trails and the key from principals of the accounts it is
// attached to. By default the setup calls for it.
type SCPOptions struct {
	// Omit leaves the SCP out, for a setup without AWS Organizations.
	Omit bool `json:"omit,omitempty" yaml:"omit,omitempty"`
	// ProtectTrails are trail ARNs to protect besides Setup.Trails, such as
	// the delivering accounts' trails when Setup.Trails is left empty.
	ProtectTrails []string `json:"protectTrails,omitempty" yaml:"protectTrails,omitempty"`
	// LeaveKeyUnprotected leaves the KMS key out of the SCP, so that
	// principals of the attached accounts may disable or delete it. Needed
	// only when the key is in the management account, where no SCP applies.
	LeaveKeyUnprotected bool `json:"leaveKeyUnprotected,omitempty" yaml:"leaveKeyUnprotected,omitempty"`
	// AllowObjectOverwrite lets principals of the attached accounts write
	// objects to the bucket (and so overwrite logs); CloudTrail itself does
	// not need it.
	AllowObjectOverwrite bool `json:"allowObjectOverwrite,omitempty" yaml:"allowObjectOverwrite,omitempty"`
	// SizeLimit is the most characters one SCP may hold; zero means today's
	// AWS quota. The statements are split over several SCPs when needed.
	SizeLimit int `json:"sizeLimit,omitempty" yaml:"sizeLimit,omitempty"`
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
// encoding/json would fill one field from both. name is used in error
// messages only. Every error wraps [ErrSetupFile].
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
		dups, walkErr := checkJSONDuplicates(data, name)
		if dups != nil {
			return Setup{}, dups
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			// A syntax error stopped the walk too; the decoder's message
			// is the one to show.
			return Setup{}, fileError(name, err)
		}
		if walkErr != nil {
			return Setup{}, fileError(name, walkErr)
		}
		if _, err := dec.Token(); err != io.EOF {
			return Setup{}, fileErrorf(name, "unexpected data after the setup object")
		}
		// encoding/json matches names case-insensitively; YAML does not.
		// Require the exact names in both, so that a file means the same
		// whichever syntax it is written in.
		var generic any
		if err := json.Unmarshal(data, &generic); err != nil {
			return Setup{}, fileError(name, err)
		}
		var errs []error
		checkJSONNames(generic, reflect.TypeOf(s), "", func(path, got, want string) {
			errs = append(errs, fileErrorf(name, "json: field %q is spelt %q", path+got, want))
		})
		if len(errs) > 0 {
			return Setup{}, errors.Join(errs...)
		}
		return s, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return Setup{}, fileErrorf(name, "the setup is empty")
		}
		var te *yaml.TypeError
		if errors.As(err, &te) {
			// One error per problem, so that each prints on its own line.
			var errs []error
			for _, e := range te.Errors {
				errs = append(errs, fileErrorf(name, "%s", strings.TrimPrefix(e, "yaml: ")))
			}
			return Setup{}, errors.Join(errs...)
		}
		return Setup{}, fileError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return Setup{}, fileErrorf(name, "holds more than one YAML document; a setup is one")
	}
	return s, nil
}

// maxJSONDepth bounds the nesting checkJSONDuplicates follows, as
// encoding/json bounds its own (at 10,000), so that a hostile file of
// nested brackets cannot run the walk deep. A setup nests three levels.
const maxJSONDepth = 10000

// checkJSONDuplicates walks the first JSON value of data token by token and
// returns one error per object key given twice in the same object, at any
// depth, naming its path ("scp.omit", "vendor.roles[1].x"). Keys are
// compared the way encoding/json matches them to fields, without regard to
// case (Unicode simple folding, as strings.EqualFold), since "bucket" and
// "Bucket" both fill Setup.Bucket. A Setup has no map fields, so no object
// in a setup file may legitimately hold two such keys. walkErr is the
// syntax error (or excessive nesting) that stopped the walk, if any; the
// duplicates found before it are returned as well.
func checkJSONDuplicates(data []byte, name string) (dups, walkErr error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var errs []error
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
		if depth >= maxJSONDepth {
			return fmt.Errorf("json: nested more than %d levels deep", maxJSONDepth)
		}
		switch delim {
		case '{':
			seen := map[string]string{} // folded key -> the key as first given
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := tok.(string) // the decoder allows only strings here
				sub := key
				if path != "" {
					sub = path + "." + key
				}
				folded := foldKey(key)
				switch first, dup := seen[folded]; {
				case !dup:
					seen[folded] = key
				case first == key:
					errs = append(errs, fileErrorf(name, "json: key %q is given twice: the second value would silently replace the first", sub))
				default:
					errs = append(errs, fileErrorf(name, "json: key %q is given twice, once as %q: JSON names match fields without regard to case, so the second value would silently replace the first", sub, first))
				}
				if err := walk(sub, depth+1); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := walk(fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token() // the closing '}' or ']'
		return err
	}
	walkErr = walk("", 0)
	return errors.Join(errs...), walkErr
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

// checkJSONNames walks a decoded JSON value v alongside the Go type t and
// calls bad for every object key that matches a field's JSON name only when
// case is ignored. (Unknown names were already refused by the decoder.)
func checkJSONNames(v any, t reflect.Type, path string, bad func(path, got, want string)) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch v := v.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, key := range keys {
			val := v[key]
			for i := range t.NumField() {
				f := t.Field(i)
				tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if !strings.EqualFold(tag, key) {
					continue
				}
				if tag != key {
					bad(path, key, tag)
				}
				checkJSONNames(val, f.Type, path+tag+".", bad)
			}
		}
	case []any:
		if t.Kind() != reflect.Slice {
			return
		}
		for _, e := range v {
			checkJSONNames(e, t.Elem(), path, bad)
		}
	}
}
