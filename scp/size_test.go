package scp_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// roles returns n distinct break-glass role ARNs of the log account.
func roles(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("arn:aws:iam::222222222222:role/incident-response/BreakGlassOperator%03d", i)
	}
	return out
}

func compactSize(t *testing.T, d *policy.Document) int {
	t.Helper()
	b, err := d.CompactJSON()
	if err != nil {
		t.Fatal(err)
	}
	return policy.Size(policy.KindSCP, b)
}

// TestDefaultSize records the size of the default SCP in compact form, the
// form the limit is measured on, against both quotas.
func TestDefaultSize(t *testing.T) {
	docs := mustBuild(t, site(bucket), scp.Config{})
	b, _ := docs[0].CompactJSON()
	if strings.ContainsAny(string(b), "\n\t") || strings.Contains(string(b), ": ") {
		t.Errorf("compact form holds white space between elements: %s", b)
	}
	// 1,116 characters as of this writing; the golden file pins the exact
	// bytes, this pins the order of magnitude against the old quota.
	if got := compactSize(t, docs[0]); got > policy.SCPLimitBefore20260515/4 {
		t.Errorf("default SCP is %d characters in compact form; expected well under a quarter of the old %d limit", got, policy.SCPLimitBefore20260515)
	}
}

// TestSplitOldLimit builds a configuration that fits in one SCP of today's
// 10,240 characters but not in one of the old 5,120, and checks the split.
func TestSplitOldLimit(t *testing.T) {
	sc := cloudtrail.SiteConfig{
		Bucket:            bucket,
		Accounts:          []string{logAccount},
		BreakGlassRoles:   roles(15),
		KMSKeyARN:         keyARN,
		LogArchiveAccount: logAccount,
	}
	cfg := scp.Config{Options: scp.Options{ProtectTrails: []string{trail}}}
	one := mustBuild(t, sc, cfg)
	if len(one) != 1 {
		t.Fatalf("with today's limit: %d documents, want 1", len(one))
	}
	total := compactSize(t, one[0])
	if total <= policy.SCPLimitBefore20260515 || total > policy.SCPLimit {
		t.Fatalf("test setup: the combined SCP is %d characters; it must lie between the old (%d) and new (%d) limits", total, policy.SCPLimitBefore20260515, policy.SCPLimit)
	}

	cfg.Options.SizeLimit = policy.SCPLimitBefore20260515
	docs := mustBuild(t, sc, cfg)
	// Measured when this test was written: bucket 2,138, account-level
	// 1,361, trail 1,491 and key 1,425 characters alone; the first three
	// together 4,914, all four 6,301.
	want := [][]string{
		{scp.SidLogBucket, scp.SidAccountPublicAccess, scp.SidTrails},
		{scp.SidLogKey},
	}
	if diff := cmp.Diff(want, sids(docs)); diff != "" {
		t.Errorf("statements per document (-want +got):\n%s", diff)
	}
	for i, d := range docs {
		if got := compactSize(t, d); got > policy.SCPLimitBefore20260515 {
			t.Errorf("documents[%d] is %d characters, over the %d limit it was split for", i, got, policy.SCPLimitBefore20260515)
		}
		golden.Check(t, d, fmt.Sprintf("testdata/split-old-limit-%d.golden.json", i+1))
	}
	// No split too early: each document is full, in that the next
	// statement would not have fitted into it.
	for i := 1; i < len(docs); i++ {
		grown := policy.New(policy.KindSCP, append(slices.Clone(docs[i-1].Statements), docs[i].Statements[0])...)
		if got := compactSize(t, grown); got <= policy.SCPLimitBefore20260515 {
			t.Errorf("documents[%d] would still fit %s (%d characters): split too early", i-1, docs[i].Statements[0].Sid, got)
		}
	}
	// Splitting moves statements; it neither adds, drops nor changes any.
	merged := policy.New(policy.KindSCP)
	for _, d := range docs {
		merged.Statements = append(merged.Statements, d.Statements...)
	}
	golden.Compare(t, one[0], merged)
}

// TestStatementTooLarge checks the error when one statement alone exceeds
// the limit: it is a *policy.SizeError whose hint names scp.sizeLimit, the
// statement and the list it grows with, and it says by how much the
// statement is over.
func TestStatementTooLarge(t *testing.T) {
	sc := site(bucket)
	sc.BreakGlassRoles = roles(60)
	var cfg scp.Config

	// Measure the bucket statement on its own under today's limit, where it fits.
	fits := mustBuild(t, sc, cfg)
	st, _ := statementBySid(t, fits, scp.SidLogBucket)
	alone := compactSize(t, policy.New(policy.KindSCP, st))
	if alone <= policy.SCPLimitBefore20260515 {
		t.Fatalf("test setup: the bucket statement is only %d characters", alone)
	}

	cfg.Options.SizeLimit = policy.SCPLimitBefore20260515
	docs, err := buildSetup(sc, cfg)
	if err == nil {
		t.Fatalf("Build succeeded with %d documents; want a size error", len(docs))
	}
	if docs != nil {
		t.Errorf("Build returned documents with an error")
	}
	var se *policy.SizeError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *policy.SizeError", err)
	}
	if !errors.Is(err, policy.ErrSize) {
		t.Errorf("error does not wrap policy.ErrSize")
	}
	if got, want := se.Over(), alone-policy.SCPLimitBefore20260515; got != want {
		t.Errorf("Over() = %d, want %d (statement of %d characters against %d)", got, want, alone, policy.SCPLimitBefore20260515)
	}
	if se.Field != "" || se.Kind != policy.KindSCP {
		t.Errorf("Field = %q, Kind = %v; want no field (the limit, not a list, is what to change) and an SCP", se.Field, se.Kind)
	}
	for _, s := range []string{"scp.sizeLimit", strconv.Quote("5120"), scp.SidLogBucket, "breakGlassRoles", strconv.Itoa(se.Over()) + " over"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
}

// TestTrailStatementTooLarge checks the hint of the trail statement, which
// grows with the site's trails and scp.protectTrails as well.
func TestTrailStatementTooLarge(t *testing.T) {
	var trails []string
	for i := range 100 {
		trails = append(trails, fmt.Sprintf("arn:aws:cloudtrail:eu-west-1:222222222222:trail/member-trail-%03d", i))
	}
	_, err := buildSetup(site(bucket), scp.Config{Options: scp.Options{
		ProtectTrails: trails,
		SizeLimit:     policy.SCPLimitBefore20260515,
	}})
	var se *policy.SizeError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *policy.SizeError", err)
	}
	for _, s := range []string{"scp.sizeLimit", scp.SidTrails, "trails, scp.protectTrails and breakGlassRoles"} {
		if !strings.Contains(se.Hint, s) {
			t.Errorf("hint %q does not mention %q", se.Hint, s)
		}
	}
}
