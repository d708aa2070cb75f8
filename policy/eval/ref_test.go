package eval_test

import (
	"testing"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// TestStatementRefDocument resolves the refs Evaluate reports back to the
// documents and statements they name, and refuses names it does not write.
func TestStatementRefDocument(t *testing.T) {
	allowRead := `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`
	denyAll := `{"Effect":"Deny","Action":"*","Resource":"*"}`
	p := eval.Policies{
		Resource: doc(t, policy.KindBucketPolicy, `{"Effect":"Allow","Principal":{"AWS":"`+roleB+`"},"Action":"s3:GetObject","Resource":"`+object+`"}`),
		Identity: []*policy.Document{doc(t, policy.KindIdentityPolicy, denyAll), doc(t, policy.KindIdentityPolicy, denyAll, allowRead)},
		SCPs:     []*policy.Document{doc(t, policy.KindSCP, denyAll)},
	}
	for _, tc := range []struct {
		policy string
		index  int
		slot   string
		at     int
		ok     bool
		doc    *policy.Document
		effect string
		reason string
	}{
		{"resource", 0, eval.SlotResource, 0, true, p.Resource, "Allow", "the resource policy"},
		{"identity[1]", 1, eval.SlotIdentity, 1, true, p.Identity[1], "Allow", "the second identity policy's second statement"},
		{"identity[1]", 2, eval.SlotIdentity, 1, true, p.Identity[1], "", "a statement past the end has no effect"},
		{"scp[0]", 0, eval.SlotSCP, 0, true, p.SCPs[0], "Deny", "an SCP"},
		{"rcp[0]", 0, eval.SlotRCP, 0, true, nil, "", "a slot p leaves empty"},
		{"identity[2]", 0, eval.SlotIdentity, 2, true, nil, "", "an index past the slice"},
		{"identity[-1]", 0, "", 0, false, nil, "", "no negative index"},
		{"identity[]", 0, "", 0, false, nil, "", "no index"},
		{"identity[1", 0, "", 0, false, nil, "", "unclosed"},
		{"session[0]", 0, "", 0, false, nil, "", "not a slot"},
		{"", 0, "", 0, false, nil, "", "empty"},
	} {
		ref := eval.StatementRef{Policy: tc.policy, Index: tc.index}
		slot, at, ok := ref.Slot()
		if slot != tc.slot || at != tc.at || ok != tc.ok {
			t.Errorf("%q.Slot() = %q, %d, %v; want %q, %d, %v (%s)", tc.policy, slot, at, ok, tc.slot, tc.at, tc.ok, tc.reason)
		}
		if got := p.Document(ref); got != tc.doc {
			t.Errorf("Document(%q) = %p, want %p (%s)", tc.policy, got, tc.doc, tc.reason)
		}
		if got := p.Effect(ref); got != tc.effect {
			t.Errorf("Effect(%q, %d) = %q, want %q (%s)", tc.policy, tc.index, got, tc.effect, tc.reason)
		}
	}

	// The refs Evaluate reports resolve to the statements that decided: the
	// denies of both identity policies and of the SCP.
	res, err := eval.Evaluate(eval.Request{Principal: eval.Principal{ARN: roleB}, Action: "s3:GetObject", Resource: object, ResourceAccount: acctA}, p)
	if err != nil {
		t.Fatal(err)
	}
	want := []*policy.Document{p.Identity[0], p.Identity[1], p.SCPs[0]}
	if res.Decision != eval.ExplicitDeny || len(res.Deciding) != len(want) {
		t.Fatalf("got %v deciding %v, want ExplicitDeny by identity[0], identity[1] and scp[0]", res.Decision, res.Deciding)
	}
	for i, ref := range res.Deciding {
		if p.Document(ref) != want[i] || p.Effect(ref) != "Deny" {
			t.Errorf("deciding %v resolves to %p with effect %q, want %p's Deny", ref, p.Document(ref), p.Effect(ref), want[i])
		}
	}
}
