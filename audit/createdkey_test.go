package audit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// TestIntentOfCreatedKey: a setup with createKey names no key to prove
// anything of, and the refusal says how to give it; the setup that
// Setup.WithCreatedKey returns is audited against the created key.
func TestIntentOfCreatedKey(t *testing.T) {
	s := trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "logs-bucket", BucketRegion: "us-east-1",
		LogArchiveAccount: "123456789012", Accounts: []string{"123456789012"}, CreateKey: true}}
	_, _, err := audit.IntentOf(s)
	want := `createKey: "true" names no key ARN yet: audit with -kms-key-arn <the created key's ARN> (in Go, take the intent of the setup that Setup.WithCreatedKey returns)`
	if err == nil || err.Error() != want || !errors.Is(err, policy.ErrUnsupported) {
		t.Errorf("IntentOf(createKey) = %v;\nwant %s", err, want)
	}

	const key = "arn:aws:kms:us-east-1:123456789012:key/7d0c6f0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f"
	d, err := s.WithCreatedKey("keyArn", key)
	if err != nil {
		t.Fatal(err)
	}
	in, b, err := audit.IntentOf(d)
	if err != nil {
		t.Fatal(err)
	}
	if in.Site.KeyARN() != key || in.Site.CreatesKey() || !in.ProtectKey {
		t.Errorf("intent's key %q (created %v, protected %v); want %s, protected", in.Site.KeyARN(), in.Site.CreatesKey(), in.ProtectKey, key)
	}
	kp, ok := b.Documents.Get(trailpolicy.NameKeyPolicy)
	if !ok || kp.Target.CreateKey || kp.Target.KeyARN != key {
		t.Errorf("the key policy's target %+v; want the existing key %s", kp.Target, key)
	}
	if data, _ := kp.Policy.JSON(); strings.Contains(string(data), cloudtrail.PlannedKeyID) {
		t.Errorf("the key policy names the placeholder:\n%s", data)
	}
}
