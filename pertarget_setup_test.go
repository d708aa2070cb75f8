package trailpolicy_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// TestSetupTooManyRCPs: a setup whose RCPs one target cannot hold is
// refused on the setup's own field, breakGlassRoles, as rcp.Build words it
// (not wrapped as a problem of the rcp document), together with the
// setup's other problems.
func TestSetupTooManyRCPs(t *testing.T) {
	s := trailpolicy.Setup{
		SiteConfig: cloudtrail.SiteConfig{
			Bucket:            "org-cloudtrail-logs",
			LogArchiveAccount: "222222222222",
			Organization:      &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111111111111"},
			KMSKeyARN:         "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		},
		SCP: scp.Options{SizeLimit: -1},
	}
	for i := range 51 {
		s.BreakGlassRoles = append(s.BreakGlassRoles, fmt.Sprintf("arn:aws:iam::222222222222:role/incident-response/BreakGlassOperator%03d", i))
	}
	for i := range 300 {
		s.RCP.TrustedAccounts = append(s.RCP.TrustedAccounts, fmt.Sprintf("5%011d", i))
	}
	b, err := s.Build()
	if b != nil {
		t.Fatalf("Build returned a bundle with %d documents and error %v", len(b.Documents), err)
	}
	var fields []string
	for _, e := range policy.Unjoin(err) {
		var fe *policy.FieldError
		if !errors.As(e, &fe) || e != error(fe) {
			t.Errorf("problem %v (%T) is not a bare *policy.FieldError", e, e)
			continue
		}
		fields = append(fields, fe.Field)
		if fe.Field == "breakGlassRoles" && (fe.Value != "51 break-glass roles" || !errors.Is(e, policy.ErrTooManyPolicies)) {
			t.Errorf("breakGlassRoles problem %v: want the 51 roles and policy.ErrTooManyPolicies", e)
		}
	}
	if want := []string{"scp.sizeLimit", "breakGlassRoles"}; fmt.Sprint(fields) != fmt.Sprint(want) {
		t.Errorf("problems on %v, want %v:\n%v", fields, want, err)
	}

	s.SCP.SizeLimit = 0
	s.BreakGlassRoles = s.BreakGlassRoles[:50]
	b, err = s.Build()
	if err != nil {
		t.Fatal(err)
	}
	if docs, _ := b.Select(trailpolicy.NameRCP); len(docs) != 4 {
		t.Errorf("50 roles: %d RCPs, want 4", len(docs))
	}
}
