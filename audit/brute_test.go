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
		res := policy.Strings(pick("*", "arn:aws:s3:::b", "arn:aws:s3:::b/"+pick(pats...), "arn:aws:s3:::b/"+pick(pats...), "arn:aws:s*:*:*:b*", "arn:aws:s3:*:*:b/a*",
			"arn:aws:s3:::b/${aws:PrincipalAccount}/*", "arn:aws:s3:::b/a${aws:PrincipalAccount}*"))
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
			if rng.Intn(4) == 0 && key == "k1" { // k1's universe holds accounts
				val = pick("${aws:PrincipalAccount}", "a*${aws:PrincipalAccount}", "${aws:PrincipalAccount}/*")
			}
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

// signature is what a request does under the policy: the principal's
// account (one the atoms register, "anonymous", "other", or "-" for none), the action,
// the statements that match and the decision. The account is in it because
// the enumeration claims every outcome for each registered account and the
// fresh one, which a policy variable of the principal's account can make
// differ.
func signature(a *atoms, ctx map[string][]string, action string, r eval.Result) string {
	acct := "-"
	if v, ok := get(ctx, "aws:PrincipalAccount"); ok {
		switch acct = "other"; {
		case a.accounts[v], v == anonymousAccount:
			acct = v
		}
	}
	var refs []string
	for _, m := range r.Matched {
		refs = append(refs, fmt.Sprint(m.Index))
	}
	return acct + " " + action + " [" + strings.Join(refs, ",") + "] " + r.Decision.String()
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

// universe is the small world of TestExactAgainstBruteForce: every request
// of it is asked.
type universe struct {
	principals []rep
	resources  []string
	vals       map[string][]*string
}

var bruteActions = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket"}

// bruteUniverse: principals of two accounts and one more, roles named r, a,
// ra and rr, CloudTrail and another service, anonymous; resources the
// bucket and its keys over {a, b, /} up to 2 long and a few more (c is in
// no pattern); k1 absent or over {a, A, b, *} up to 2 long, or c or ac, k2
// over {a, *} up to 1; and resources and k1 values that hold an account,
// for the policies' ${aws:PrincipalAccount} (template.go).
func bruteUniverse() universe {
	var u universe
	for _, acct := range []string{bruteA, bruteB, "333333333333"} {
		root := "arn:aws:iam::" + acct + ":root"
		u.principals = append(u.principals, rep{p: eval.Principal{ARN: root}, roleARN: root, label: root})
		for _, name := range []string{"r", "a", "ra", "rr"} {
			role := "arn:aws:iam::" + acct + ":role/" + name
			u.principals = append(u.principals, rep{p: eval.Principal{ARN: "arn:aws:sts::" + acct + ":assumed-role/" + name + "/s"}, roleARN: role, label: role})
		}
	}
	for i := range u.principals {
		acct := strings.SplitN(u.principals[i].roleARN, ":", 6)[4]
		u.principals[i].ctx = map[string][]string{"aws:PrincipalArn": {u.principals[i].roleARN}, "aws:PrincipalAccount": {acct}}
	}
	for _, svc := range []string{"cloudtrail.amazonaws.com", "config.amazonaws.com"} {
		u.principals = append(u.principals, rep{p: eval.Principal{Type: eval.ServicePrincipal, Service: svc}, label: svc})
	}
	u.principals = append(u.principals, rep{p: eval.Principal{Type: eval.AnonymousPrincipal}, ctx: map[string][]string{"aws:PrincipalAccount": {anonymousAccount}}, label: "anonymous"})
	u.resources = []string{"arn:aws:s3:::b"}
	for _, k := range append(strs("ab/", 2), "a/b", "aab", "bab", "a/a", "c", "c/b", "a:b") {
		u.resources = append(u.resources, "arn:aws:s3:::b/"+k)
	}
	u.resources = append(u.resources, "arn:aws:s3:x::b/a", "arn:aws:s3:x:y:b/ab")
	var accountVals []string
	for _, acct := range []string{bruteA, bruteB, "333333333333", anonymousAccount} {
		for _, v := range []string{acct, acct + "/a", "a" + acct} {
			u.resources = append(u.resources, "arn:aws:s3:::b/"+v)
			accountVals = append(accountVals, v)
		}
	}
	u.vals = map[string][]*string{"k1": append([]*string{nil}, ptrs(append(append(strs("aAb*", 2), "c", "ac", "arn:aws:s3:::b", "arn:aws:s3:::a:b", "arn:aws:s3::b", "arn:aws:sqs:x:y:a"), accountVals...))...),
		"k2": append([]*string{nil}, ptrs(append(strs("a*", 1), "arn:aws:s3:::bb"))...)}
	return u
}

// checkExact fails t unless every request of u gets, under doc, a
// signature some derived request gets; it returns how many requests it
// asked.
func (u universe) checkExact(t *testing.T, name string, doc *policy.Document) int {
	t.Helper()
	a := newAtoms("aws")
	a.account(bruteA) // the resource's account, as Check registers it
	a.collect("bucket-policy", doc)
	s, err := a.build()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	derived := map[string]bool{}
	keys := []string{"k1", "k2"}
	ask := func(principals []rep, resources []string, reps func(string) []*string, f func(p rep, req eval.Request, sig string)) {
		for _, p := range principals {
			for _, action := range bruteActions {
				for _, res := range resources {
					forEachCtx(keys, reps, func(ctx map[string][]string) {
						req := bruteRequest(p, action, res, ctx)
						r, err := eval.Evaluate(req, eval.Policies{Resource: doc})
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						f(p, req, signature(a, req.Context, action, r))
					})
				}
			}
		}
	}
	ask(s.principals, s.resources, func(k string) []*string { return s.keyReps[k] }, func(_ rep, _ eval.Request, sig string) { derived[sig] = true })
	total := 0
	ask(u.principals, u.resources, func(k string) []*string { return u.vals[k] }, func(p rep, req eval.Request, sig string) {
		total++
		if !derived[sig] {
			js, _ := doc.JSON()
			t.Fatalf("%s: %s %s %s %v gives %s, which no derived request gives (%d derived signatures)\n%s",
				name, p.label, req.Action, req.Resource, req.Context, sig, len(derived), js)
		}
	})
	return total
}

func TestExactAgainstBruteForce(t *testing.T) {
	n := 15
	if testing.Short() {
		n = 1
	}
	rng := rand.New(rand.NewSource(18))
	u := bruteUniverse()
	total := 0
	for i := 0; i < n; i++ {
		total += u.checkExact(t, fmt.Sprintf("policy %d", i), randomPolicy(rng))
	}
	t.Logf("%d policies, %d requests of the universe, each matched by a derived request", n, total)
}

// TestTemplatesAgainstBruteForce: the same claim for documents whose
// account variables apply to every principal, so that each account's
// instantiation, the fresh account's too, decides some request.
func TestTemplatesAgainstBruteForce(t *testing.T) {
	if testing.Short() {
		t.Skip("each document asks the whole universe, seconds each")
	}
	all := `"Principal": "*", "Action": "s3:GetObject"`
	docs := []string{
		`{"Effect": "Allow", ` + all + `, "Resource": "arn:aws:s3:::b/${aws:PrincipalAccount}/*"}`,
		`{"Effect": "Allow", ` + all + `, "Resource": "*", "Condition": {"StringEquals": {"k1": "${aws:PrincipalAccount}"}}}`,
		`{"Effect": "Allow", ` + all + `, "Resource": "*"}, {"Effect": "Deny", ` + all + `, "Resource": "arn:aws:s3:::b/*", "Condition": {"StringNotLike": {"k1": "a*${aws:PrincipalAccount}"}}}`,
		`{"Effect": "Allow", ` + all + `, "Resource": "arn:aws:s3:::b/a${aws:PrincipalAccount}*", "Condition": {"StringLikeIfExists": {"k1": "${aws:PrincipalAccount}*"}}}`,
	}
	total := 0
	u := bruteUniverse()
	for i, js := range docs {
		doc, err := policy.Decode(policy.KindBucketPolicy, []byte(`{"Version": "2012-10-17", "Statement": [`+js+`]}`))
		if err != nil {
			t.Fatal(err)
		}
		total += u.checkExact(t, fmt.Sprintf("document %d", i), doc)
	}
	t.Logf("%d documents, %d requests of the universe, each matched by a derived request", len(docs), total)
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
