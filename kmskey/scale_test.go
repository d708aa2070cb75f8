package kmskey_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// scaleFit is how many delivering accounts, none of them the key's own,
// fit in one key policy: each adds a decrypt statement of its own. The
// README's table of break points quotes it.
const scaleFit = 70

func scaleAccounts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("5%011d", i)
	}
	return out
}

// TestScale builds the key policy for 1 to 10,000 delivering accounts: up
// to the break point the document is valid and within 32,768 bytes; past it
// there is no document, and the error names accounts, how many were given
// and the organization trail as the way out.
func TestScale(t *testing.T) {
	all := scaleAccounts(10000)
	for _, n := range []int{1, 10, scaleFit, scaleFit + 1, 100, 1000, 10000} {
		t.Run(fmt.Sprintf("accounts=%d", n), func(t *testing.T) {
			doc, err := kmskey.Build(kmskey.Config{Site: mustSite(t, cloudtrail.SiteConfig{KMSKeyARN: keySec, Accounts: all[:n]})})
			if n <= scaleFit {
				if err != nil {
					t.Fatalf("%d accounts should fit: %v", n, err)
				}
				if err := doc.Validate(); err != nil {
					t.Fatalf("invalid document: %v", err)
				}
				compact, _ := doc.CompactJSON()
				if size := policy.Size(policy.KindKeyPolicy, compact); size > policy.KeyPolicyLimit {
					t.Errorf("%d bytes, over the limit of %d", size, policy.KeyPolicyLimit)
				}
				return
			}
			if doc != nil {
				t.Errorf("a document came back for %d accounts", n)
			}
			if !errors.Is(err, policy.ErrSize) {
				t.Fatalf("want policy.ErrSize, got %v", err)
			}
			for _, want := range []string{fmt.Sprintf(`accounts: "%d delivering accounts other than the key's"`, n), "organization trail"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q: %v", want, err)
				}
			}
		})
	}
}

// TestScaleOrganization checks that an organization trail's key policy is
// the same document whatever the organization's size: it names the
// management account's trails, not the members.
func TestScaleOrganization(t *testing.T) {
	doc, err := kmskey.Build(kmskey.Config{Site: mustSite(t, cloudtrail.SiteConfig{KMSKeyARN: keySec, Organization: &cloudtrail.Organization{ID: orgID, ManagementAccount: acctA}})})
	if err != nil {
		t.Fatal(err)
	}
	compact, _ := doc.CompactJSON()
	if size := policy.Size(policy.KindKeyPolicy, compact); size > 2048 {
		t.Errorf("organization key policy is %d bytes, want a small constant (under 2 KB)", size)
	}
	if strings.Contains(string(compact), "5000000") {
		t.Errorf("organization key policy names member accounts: %s", compact)
	}
}
