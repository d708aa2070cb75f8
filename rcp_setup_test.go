package trailpolicy_test

import (
	"errors"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/rcp"
)

// TestSetupRCP: the setup calls for the RCP exactly when it has an
// organization and rcp.omit is unset, applied from the management account.
func TestSetupRCP(t *testing.T) {
	org := cloudtrail.SiteConfig{Bucket: "org-cloudtrail-logs", LogArchiveAccount: "222222222222",
		Organization: &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111111111111"}}
	noOrg := cloudtrail.SiteConfig{Bucket: "org-cloudtrail-logs", Accounts: []string{"222222222222"}}

	t.Run("organization", func(t *testing.T) {
		b, err := trailpolicy.Setup{SiteConfig: org}.Build()
		if err != nil {
			t.Fatal(err)
		}
		docs, ok := b.Select(trailpolicy.NameRCP)
		if !ok || len(docs) != 1 {
			t.Fatalf("Select(rcp) = %d documents, %v; want one", len(docs), ok)
		}
		want := cloudtrail.Target{Kind: cloudtrail.OrganizationPolicyTarget, Account: "111111111111", AppliedIn: cloudtrail.ManagementAccount,
			PolicyType: cloudtrail.ResourceControlPolicy, PolicyName: trailpolicy.RCPPolicyName}
		if d := docs[0]; d.Name != "rcp" || d.Target != want || d.Policy.Kind != policy.KindRCP {
			t.Errorf("got %s %+v (%s); want rcp %+v (resource control policy)", d.Name, d.Target, d.Policy.Kind, want)
		}
		if k, ok := docs[0].Target.DocumentKind(); !ok || k != policy.KindRCP {
			t.Errorf("the target takes %v, %v; want the RCP kind", k, ok)
		}
	})
	t.Run("no-organization", func(t *testing.T) {
		b, err := trailpolicy.Setup{SiteConfig: noOrg}.Build()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := b.Select(trailpolicy.NameRCP); ok {
			t.Error("an RCP without an organization")
		}
		var fe *policy.FieldError
		if err := trailpolicy.MissingDocument(trailpolicy.NameRCP); !errors.As(err, &fe) || fe.Field != "organization" {
			t.Errorf("MissingDocument(rcp) = %v; want it to name organization", err)
		}
	})
	t.Run("omit", func(t *testing.T) {
		b, err := trailpolicy.Setup{SiteConfig: org, RCP: rcp.Options{Omit: true}}.Build()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := b.Select(trailpolicy.NameRCP); ok {
			t.Error("rcp.omit left an RCP")
		}
	})
	t.Run("options-without-organization", func(t *testing.T) {
		b, err := trailpolicy.Setup{SiteConfig: noOrg, RCP: rcp.Options{TrustedAccounts: []string{"333333333333"}}}.Build()
		golden.CheckProblems(t, b, err, []golden.Problem{{Field: "rcp.trustedAccounts[0]", Value: "333333333333", Err: policy.ErrConflict}})
	})
	t.Run("bad-option", func(t *testing.T) {
		b, err := trailpolicy.Setup{SiteConfig: org, RCP: rcp.Options{TrustedAccounts: []string{"3333"}}}.Build()
		golden.CheckProblems(t, b, err, []golden.Problem{{Field: "rcp.trustedAccounts[0]", Value: "3333", Err: policy.ErrAccountID}})
	})
	t.Run("yaml", func(t *testing.T) {
		s, err := trailpolicy.LoadSetup([]byte("rcp: {omit: true, trustedAccounts: [\"333333333333\"]}\n"), "setup.yaml")
		if err != nil || !s.RCP.Omit || len(s.RCP.TrustedAccounts) != 1 {
			t.Errorf("LoadSetup: %+v, %v; want rcp.omit and one trusted account", s.RCP, err)
		}
		if _, err := trailpolicy.LoadSetup([]byte("rcp: {omitt: true}\n"), "setup.yaml"); err == nil || !errors.Is(err, trailpolicy.ErrSetupFile) {
			t.Errorf("a misspelt rcp field: %v; want ErrSetupFile", err)
		}
	})
}
