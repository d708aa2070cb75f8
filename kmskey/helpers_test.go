package kmskey_test

import (
	"errors"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// logBucket is the bucket of every site of the tests: cloudtrail.New
// requires one, and the key policy does not name it.
const logBucket = "example-ct-logs"

// build is what a user of a setup sees: it makes the site of sc with
// cloudtrail.New (naming logBucket when sc names no bucket) and builds the
// key policy of that site with the options of opts, whose Site it sets. It
// returns the document and both functions' problems joined, New's first.
// Build's refusal of an incomplete site (an error wrapping
// cloudtrail.ErrIncompleteSite) is dropped: New has reported the site's
// problems, and Build still reports those of its own options.
func build(sc cloudtrail.SiteConfig, opts kmskey.Config) (*policy.Document, error) {
	if sc.Bucket == "" {
		sc.Bucket = logBucket
	}
	site, siteErr := cloudtrail.New(sc)
	opts.Site = site
	doc, err := kmskey.Build(opts)
	errs := policy.Unjoin(siteErr)
	for _, e := range policy.Unjoin(err) {
		if !errors.Is(e, cloudtrail.ErrIncompleteSite) {
			errs = append(errs, e)
		}
	}
	return doc, errors.Join(errs...)
}

// mustBuild is build for a valid setup: any problem fails t.
func mustBuild(t testing.TB, sc cloudtrail.SiteConfig, opts kmskey.Config) *policy.Document {
	t.Helper()
	doc, err := build(sc, opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return doc
}

// mustSite is cloudtrail.New for a valid site (naming logBucket when sc
// names no bucket): any problem fails t.
func mustSite(t testing.TB, sc cloudtrail.SiteConfig) *cloudtrail.Site {
	t.Helper()
	if sc.Bucket == "" {
		sc.Bucket = logBucket
	}
	site, err := cloudtrail.New(sc)
	if err != nil {
		t.Fatalf("cloudtrail.New: %v", err)
	}
	return site
}

// evalRequest is a KMS request in the few words the tests need: an IAM
// principal (principal) or a service (service), an action on key, and the
// request's condition keys.
type evalRequest struct {
	principal string
	service   string
	action    string
	key       string
	context   map[string][]string
}

// accountOf returns the account field of an ARN.
func accountOf(arn string) string {
	a, err := policy.ParseARN("arn", arn)
	if err != nil {
		panic(err)
	}
	return a.AccountID
}

// allowKeyUse is an identity policy allowing every KMS action on key, for
// roles whose own account must allow the call as well.
func allowKeyUse(key string) *policy.Document {
	return policy.New(policy.KindIdentityPolicy, iampolicy.Statement{
		Effect:   "Allow",
		Action:   policy.Strings("kms:*"),
		Resource: policy.Strings(key),
	})
}

// decide evaluates r against the key policy (and identity, if not nil) and
// returns the decision's name.
func decide(t *testing.T, r evalRequest, keyPolicy, identity *policy.Document) string {
	t.Helper()
	req := eval.Request{
		Action:          r.action,
		Resource:        r.key,
		ResourceAccount: accountOf(r.key),
		Context:         r.context,
	}
	if r.service != "" {
		req.Principal = eval.Principal{Type: eval.ServicePrincipal, Service: r.service}
	} else {
		req.Principal = eval.Principal{Type: eval.AWSPrincipal, ARN: r.principal}
	}
	p := eval.Policies{Resource: keyPolicy}
	if identity != nil {
		p.Identity = []*policy.Document{identity}
	}
	res, err := eval.Evaluate(req, p)
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}
	return res.Decision.String()
}
