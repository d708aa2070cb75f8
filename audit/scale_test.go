package audit_test

import (
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
)

// TestManyAccounts: a setup of 16 delivering accounts with a key is
// audited, and passes. The per-account StringLike patterns of aws:SourceArn
// and of the encryption context let a string with colons match any subset
// of the accounts, so their witnesses were 2^n and audit gave up ("too many
// combinations of patterns to explore") from about 12 accounts; source ARNs
// and contexts now have the shapes AWS gives them (trailShape,
// sourceShapes).
func TestManyAccounts(t *testing.T) {
	if testing.Short() {
		t.Skip("a whole audit of 16 accounts, seconds")
	}
	var accounts []string
	for i := range 16 {
		accounts = append(accounts, fmt.Sprintf("%012d", 100000000000+7*i))
	}
	s := trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "many-ct-logs", BucketRegion: "us-east-1", LogArchiveAccount: accounts[0],
		Accounts: accounts, KMSKeyARN: "arn:aws:kms:us-east-1:" + accounts[0] + ":key/0f3c9a2e-7b41-4d8e-9c55-2a6e1b7d4f90"}}
	rep := auditCase(t, s, nil)
	n := 0
	for _, r := range rep.Results {
		n += r.Requests
		if r.Status != audit.Pass {
			t.Errorf("%s: %s: %s", r.Property, r.Status, describe(r))
		}
	}
	t.Logf("%d properties, %d requests", len(rep.Results), n)
}
