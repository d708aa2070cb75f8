package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// perTargetSetup is an organization setup with a key, roles break-glass
// roles and 300 trusted accounts outside the organization: with 52 roles
// its statements need five RCPs.
func perTargetSetup(t *testing.T, roles int) string {
	t.Helper()
	s := map[string]any{
		"bucket":            "org-cloudtrail-logs",
		"logArchiveAccount": "222222222222",
		"organization":      map[string]string{"id": "o-a1b2c3d4e5", "managementAccount": "111111111111"},
		"kmsKeyArn":         "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	}
	var rs, trusted []string
	for i := range roles {
		rs = append(rs, fmt.Sprintf("arn:aws:iam::222222222222:role/incident-response/BreakGlassOperator%03d", i))
	}
	for i := range 300 {
		trusted = append(trusted, fmt.Sprintf("5%011d", i))
	}
	s["breakGlassRoles"] = rs
	s["rcp"] = map[string]any{"trustedAccounts": trusted}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, "setup.json", string(b))
}

// TestTooManyRCPs: four RCPs are printed as rcp-1 to rcp-4; one more
// break-glass role needs a fifth, which is refused in one line naming
// breakGlassRoles, with exit status 1 and nothing on standard output.
func TestTooManyRCPs(t *testing.T) {
	code, stdout, stderr := runCmd("-config", perTargetSetup(t, 50), "rcp")
	if code != 0 {
		t.Fatalf("50 roles: exit %d: %s", code, stderr)
	}
	var byName map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &byName); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 4; i++ {
		if byName[fmt.Sprintf("rcp-%d", i)] == nil {
			t.Errorf("50 roles: no rcp-%d among %d documents", i, len(byName))
		}
	}
	if len(byName) != 4 {
		t.Errorf("50 roles: %d RCPs, want 4", len(byName))
	}

	code, stdout, stderr = runCmd("-config", perTargetSetup(t, 51), "rcp")
	const head = `breakGlassRoles: "51 break-glass roles" make 5 resource control policies, 1 more than the 4 one root, OU or account holds beside RCPFullAWSAccess (5 per target, RCPFullAWSAccess among them): 50 of them fit; `
	if code != exitInvalid || stdout != "" || !strings.HasPrefix(stderr, head) || strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("51 roles: exit %d, stdout %d bytes, stderr:\n%s\nwant exit %d, nothing on stdout, one line starting\n%s", code, len(stdout), stderr, exitInvalid, head)
	}
}
