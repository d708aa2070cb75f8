package audit

import (
	"math/rand"
	"sort"
	"strings"
	"testing"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/policy/eval"
)

// TestPruningLosesNothing: the enumeration's two shortcuts (one resource
// per class that the statements and property tests treat alike; only the
// keys a statement that can apply tests) reach, for every principal and
// action, exactly the outcomes that the full product of representatives
// reaches. Random bucket policies over the setup's bucket.
func TestPruningLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("the full product is slow: runs without -short")
	}
	const n = 2
	in, b, err := IntentOf(trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{Bucket: "logs-bucket", LogArchiveAccount: bruteA,
		Accounts: []string{bruteA}, KMSKeyARN: policy.KeyARN(policy.PartitionAWS, "us-east-1", bruteA, "1234abcd-12ab-34cd-56ef-1234567890ab")}})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(17))
	var policies []*policy.Document
	for range n {
		policies = append(policies, randomPolicy(rng))
	}
	// A NotResource with an account variable: a resource that one account's
	// instantiation excludes is still in force for the others.
	notRes, err := policy.Decode(policy.KindBucketPolicy, []byte(`{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b/${aws:PrincipalAccount}/*", "Condition": {"StringEquals": {"k1": "a"}}},
	 {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	policies = append(policies, notRes)
	for i, rp := range policies {
		d, err := FromBundle(b)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := rp.JSON()
		js = []byte(strings.ReplaceAll(strings.ReplaceAll(string(js), "arn:aws:s3:::b/", "arn:aws:s3:::logs-bucket/AWSLogs/"), `"arn:aws:s3:::b"`, `"arn:aws:s3:::logs-bucket"`))
		rp, err = policy.Decode(policy.KindBucketPolicy, js)
		if err != nil {
			t.Fatal(err)
		}
		// The random statements after the setup's own.
		d.BucketPolicy = policy.New(policy.KindBucketPolicy, append(append([]iampolicy.Statement{}, d.BucketPolicy.Statements...), rp.Statements...)...)
		c := &checker{in: in, d: d, a: newAtoms("aws"), memo: map[memoKey]bool{}, prepared: map[string]*eval.Prepared{}, classes: map[string]map[*stmtInfo]bool{}}
		if err := c.validate(); err != nil {
			t.Fatal(err)
		}
		c.register()
		if c.s, err = c.a.build(); err != nil {
			t.Fatal(err)
		}
		var all []string
		for k := range c.s.keyReps {
			if !boundKeys[k] {
				all = append(all, k)
			}
		}
		sort.Strings(all)
		for _, action := range []string{"s3:PutObject", "s3:GetObject", "s3:ListBucket"} {
			resources := append([]string{c.in.Site.BucketARN()}, c.pick(&c.sc.objects)...)
			for pi := range c.s.principals {
				r := &c.s.principals[pi]
				pruned, full := map[string]bool{}, map[string]bool{}
				ask := func(set map[string]bool, resources []string, keys func(ps polset, res string) []string) {
					for _, res := range resources {
						ps := c.policies(r, res)
						ctx := map[string][]string{}
						for k, v := range r.ctx {
							ctx[k] = v
						}
						if err := c.product(keys(ps, res), ctx, func(ctx map[string][]string) (bool, error) {
							req := eval.Request{Principal: r.p, Action: action, Resource: res, Context: ctx, ResourceAccount: c.resourceAccount(res)}
							if r.p.Type != eval.AWSPrincipal {
								req.ResourceAccount = ""
							}
							out, err := eval.Evaluate(req, ps.p)
							if err != nil {
								return false, err
							}
							// Per class of resources: a resource the shortcuts
							// drop is represented by one of its class.
							set[c.resourceClass(strings.ToLower(action), res)+" "+signature(c.a, ctx, action, out)] = true
							return true, nil
						}); err != nil {
							t.Fatal(err)
						}
					}
				}
				ask(pruned, c.distinct(strings.ToLower(action), resources), func(ps polset, res string) []string {
					return c.relevantKeys(r, ps.p, strings.ToLower(action), res, nil, nil)
				})
				ask(full, resources, func(polset, string) []string { return all })
				for sig := range full {
					if !pruned[sig] {
						t.Fatalf("policy %d: %s: %s is reached by the full product only\n%s", i, r.label, sig, js)
					}
				}
			}
		}
	}
}
