package audit

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// The claim of the package doc, tested: on a small universe, every request
// (every principal, action, resource and context the universe holds) gets a
// combination of matching statements and a decision that some derived
// representative request gets too. Policies are random over a tiny
// alphabet, so that the patterns overlap in every way the alphabet allows.

const (
	bruteA = "111111111111"
	bruteB = "222222222222"
)

// randomPolicy returns a bucket policy of 1 to 3 random statements.
func randomPolicy(rng *rand.Rand) *policy.Document {
	pick := func(xs ...string) string { return xs[rng.Intn(len(xs))] }
	pats := []string{"a*", "*b", "a?", "*", "ab", "?b*", "a/*", "*/b", "A*", "b"}
	var stmts []iampolicy.Statement
	for n := 1 + rng.Intn(3); n > 0; n-- {
		st := iampolicy.Statement{Effect: pick(iampolicy.EffectAllow, iampolicy.EffectDeny)}
		switch rng.Intn(6) {
		case 0:
			st.Principal = policy.Everyone()
		case 1:
			st.Principal = policy.AWSPrincipal(bruteA)
		case 2:
			st.Principal = policy.AWSPrincipal("arn:aws:iam::" + bruteA + ":role/r")
		case 3:
			st.Principal = policy.ServicePrincipal("cloudtrail.amazonaws.com")
		case 4:
			st.Principal = policy.AWSPrincipal("arn:aws:iam::" + bruteB + ":root")
		default:
			st.NotPrincipal = policy.AWSPrincipal("arn:aws:iam::" + bruteA + ":role/r")
		}
		acts := policy.Strings(pick("s3:GetObject", "s3:Get*", "s3:*", "s3:PutObject", "S3:getobject"))
		if rng.Intn(5) == 0 {
			st.NotAction = acts
		} else {
			st.Action = acts
		}
		res := policy.Strings(pick("*", "arn:aws:s3:::b", "arn:aws:s3:::b/"+pick(pats...), "arn:aws:s3:::b/"+pick(pats...), "arn:aws:s*:*:*:b*", "arn:aws:s3:*:*:b/a*"))
		if rng.Intn(5) == 0 {
			st.NotResource = res
		} else {
			st.Resource = res
		}
		for c := rng.Intn(3); c > 0; c-- {
			op := pick("StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase",
				"StringNotLikeIfExists", "Null", "ArnLike", "StringEqualsIfExists")
			key := pick("k1", "k1", "k2", "aws:PrincipalArn")
			val := pick(pats...)
			switch {
			case op == "Null":
				val = pick("true", "false")
			case key == "aws:PrincipalArn":
				val = pick("arn:aws:iam::*:role/r", "arn:aws:iam::"+bruteA+":role/r*", "arn:aws:iam::*:role/?a", "arn:*:*:*:*:"+val, "arn:aws:iam::*:*")
			case op == "ArnLike":
				// Stars that end a segment and stars inside one.
				val = pick("arn:aws:s3:*:*:*", "arn:*:s3:::b*", "arn:aws:*:*:*:a*", "arn:a?s:s3:::*", "arn:aws:s*:::b")
			}
			if st.Condition == nil {
				st.Condition = map[string]map[string]*iampolicy.ConditionValue{}
			}
			if st.Condition[op] == nil {
				st.Condition[op] = map[string]*iampolicy.ConditionValue{}
			}
			st.Condition[op][key] = iampolicy.NewConditionValueString(true, val)
		}
		stmts = append(stmts, st)
	}
	return policy.New(policy.KindBucketPolicy, stmts...)
}

// strs returns every string over alphabet of length at most n.
func strs(alphabet string, n int) []string {
	out := []string{""}
	level := []string{""}
	for i := 0; i < n; i++ {
		var next []string
		for _, s := range level {
			for _, c := range alphabet {
				next = append(next, s+string(c))
			}
		}
		out = append(out, next...)
		level = next
	}
	return out
}

// signature is what a request does under the policy: the action, the
// statements that match and the decision.
func signature(action string, r eval.Result) string {
	var refs []string
	for _, m := range r.Matched {
		refs = append(refs, fmt.Sprint(m.Index))
	}
	return action + " [" + strings.Join(refs, ",") + "] " + r.Decision.String()
}

func bruteRequest(p rep, action, resource string, ctx map[string][]string) eval.Request {
	full := map[string][]string{}
	for k, v := range p.ctx {
		full[k] = v
	}
	for k, v := range ctx {
		full[k] = v
	}
	req := eval.Request{Principal: p.p, Action: action, Resource: resource, Context: full}
	if p.p.Type == eval.AWSPrincipal {
		req.ResourceAccount = bruteA
	}
	return req
}

func TestExactAgainstBruteForce(t *testing.T) {
	n := 15
	if testing.Short() {
		n = 1
	}
	rng := rand.New(rand.NewSource(18))
	actions := []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket"}
	// The universe: principals of two accounts and one more, roles named
	// r, a, ra and rr, CloudTrail and another service, anonymous; resources the
	// bucket and its keys over {a, b, /} up to 2 long and a few more (c is in no pattern); k1
	// absent or over {a, A, b, *} up to 2 long, or c or ac, k2 over {a, *} up to 1.
	var principals []rep
	for _, acct := range []string{bruteA, bruteB, "333333333333"} {
		root := "arn:aws:iam::" + acct + ":root"
		principals = append(principals, rep{p: eval.Principal{ARN: root}, roleARN: root, label: root})
		for _, name := range []string{"r", "a", "ra", "rr"} {
			role := "arn:aws:iam::" + acct + ":role/" + name
			principals = append(principals, rep{p: eval.Principal{ARN: "arn:aws:sts::" + acct + ":assumed-role/" + name + "/s"}, roleARN: role, label: role})
		}
	}
	for i := range principals {
		acct := strings.SplitN(principals[i].roleARN, ":", 6)[4]
		principals[i].ctx = map[string][]string{"aws:PrincipalArn": {principals[i].roleARN}, "aws:PrincipalAccount": {acct}}
	}
	for _, svc := range []string{"cloudtrail.amazonaws.com", "config.amazonaws.com"} {
		principals = append(principals, rep{p: eval.Principal{Type: eval.ServicePrincipal, Service: svc}, label: svc})
	}
	principals = append(principals, rep{p: eval.Principal{Type: eval.AnonymousPrincipal}, label: "anonymous"})
	resources := []string{"arn:aws:s3:::b"}
	for _, k := range append(strs("ab/", 2), "a/b", "aab", "bab", "a/a", "c", "c/b", "a:b") {
		resources = append(resources, "arn:aws:s3:::b/"+k)
	}
	resources = append(resources, "arn:aws:s3:x::b/a", "arn:aws:s3:x:y:b/ab")
	vals := map[string][]*string{"k1": append([]*string{nil}, ptrs(append(strs("aAb*", 2), "c", "ac", "arn:aws:s3:::b", "arn:aws:s3:::a:b", "arn:aws:s3::b", "arn:aws:sqs:x:y:a"))...),
		"k2": append([]*string{nil}, ptrs(append(strs("a*", 1), "arn:aws:s3:::bb"))...)}

	total := 0
	for i := 0; i < n; i++ {
		doc := randomPolicy(rng)
		a := newAtoms("aws")
		a.account(bruteA) // the resource's account, as Check registers it
		a.collect("bucket-policy", doc)
		s, err := a.build()
		if err != nil {
			t.Fatalf("policy %d: %v", i, err)
		}
		derived := map[string]bool{}
		keys := []string{"k1", "k2"}
		for _, p := range s.principals {
			for _, action := range actions {
				for _, res := range s.resources {
					forEachCtx(keys, func(k string) []*string { return s.keyReps[k] }, func(ctx map[string][]string) {
						r, err := eval.Evaluate(bruteRequest(p, action, res, ctx), eval.Policies{Resource: doc})
						if err != nil {
							t.Fatalf("policy %d: %v", i, err)
						}
						derived[signature(action, r)] = true
					})
				}
			}
		}
		for _, p := range principals {
			for _, action := range actions {
				for _, res := range resources {
					forEachCtx(keys, func(k string) []*string { return vals[k] }, func(ctx map[string][]string) {
						req := bruteRequest(p, action, res, ctx)
						r, err := eval.Evaluate(req, eval.Policies{Resource: doc})
						if err != nil {
							t.Fatalf("policy %d: %v", i, err)
						}
						total++
						if sig := signature(action, r); !derived[sig] {
							js, _ := doc.JSON()
							t.Fatalf("policy %d: %s %s %s %v gives %s, which no derived request gives (%d derived signatures)\n%s",
								i, p.label, action, res, ctx, sig, len(derived), js)
						}
					})
				}
			}
		}
	}
	t.Logf("%d policies, %d requests of the universe, each matched by a derived request", n, total)
}

func ptrs(xs []string) []*string {
	out := make([]*string, len(xs))
	for i := range xs {
		out[i] = &xs[i]
	}
	return out
}

// forEachCtx calls f with every combination of values of keys (a nil
// value leaves the key out), keys absent from reps included as absent.
func forEachCtx(keys []string, reps func(string) []*string, f func(map[string][]string)) {
	sort.Strings(keys)
	ctx := map[string][]string{}
	var rec func(int)
	rec = func(i int) {
		if i == len(keys) {
			cp := map[string][]string{}
			for k, v := range ctx {
				cp[k] = v
			}
			f(cp)
			return
		}
		vs := reps(keys[i])
		if len(vs) == 0 {
			vs = []*string{nil}
		}
		for _, v := range vs {
			delete(ctx, keys[i])
			if v != nil {
				ctx[keys[i]] = []string{*v}
			}
			rec(i + 1)
		}
		delete(ctx, keys[i])
	}
	rec(0)
}
