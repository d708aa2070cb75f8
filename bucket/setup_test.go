package bucket_test

import (
	"errors"
	"testing"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// setup is a test's input as a caller writes it: the shared description of
// the logging site, which [cloudtrail.New] validates, and the bucket
// policy's own options (whose Site [build] sets). Embedding both lets a
// test set any field by its name, c.Trails or c.SidSuffix alike.
type setup struct {
	cloudtrail.SiteConfig
	bucket.Config
}

// build is what a caller does: cloudtrail.New, then bucket.Build with the
// Site New returned (also an incomplete one, as a caller reporting every
// problem at once does). It returns Build's document and both errors
// joined, New's first, leaving out Build's report that the Site is
// incomplete (New has said why), so that a test asserts the problems a user
// sees.
func build(s setup) (*policy.Document, error) {
	site, siteErr := cloudtrail.New(s.SiteConfig)
	cfg := s.Config
	cfg.Site = site
	doc, err := bucket.Build(cfg)
	errs := policy.Unjoin(siteErr)
	for _, e := range policy.Unjoin(err) {
		if !errors.Is(e, cloudtrail.ErrIncompleteSite) {
			errs = append(errs, e)
		}
	}
	if siteErr != nil && doc != nil {
		// Never expected: Build must refuse an incomplete Site.
		errs = append(errs, errors.New("bucket.Build returned a document for an incomplete site"))
	}
	return doc, errors.Join(errs...)
}

// newSite returns the Site of c, failing the test when New reports a
// problem.
func newSite(t testing.TB, c cloudtrail.SiteConfig) *cloudtrail.Site {
	t.Helper()
	site, err := cloudtrail.New(c)
	if err != nil {
		t.Fatalf("cloudtrail.New: %v", err)
	}
	return site
}

// config returns the bucket.Config of s with its Site, failing the test
// when New reports a problem.
func config(t testing.TB, s setup) bucket.Config {
	t.Helper()
	cfg := s.Config
	cfg.Site = newSite(t, s.SiteConfig)
	return cfg
}

// mustBuild builds s, failing the test on any problem.
func mustBuild(t testing.TB, s setup) *policy.Document {
	t.Helper()
	doc, err := bucket.Build(config(t, s))
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return doc
}
