package audit_test

import (
	"fmt"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/audit"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// A setup's own documents prove every property; a bucket policy without
// its TLS deny does not, and the counterexample says which request gets
// through.
func Example() {
	setup := trailpolicy.Setup{SiteConfig: cloudtrail.SiteConfig{
		Bucket: "example-ct-logs", LogArchiveAccount: "123456789012", Accounts: []string{"123456789012"},
	}}
	in, bundle, err := audit.IntentOf(setup)
	if err != nil {
		fmt.Println(err)
		return
	}
	deployed, err := audit.FromBundle(bundle)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Someone removes DenyInsecureTransport from the deployed bucket policy.
	var kept policy.Document = *deployed.BucketPolicy
	kept.Statements = nil
	for _, s := range deployed.BucketPolicy.Statements {
		if s.Sid != "DenyInsecureTransport" {
			kept.Statements = append(kept.Statements, s)
		}
	}
	deployed.BucketPolicy = &kept

	report, err := audit.Check(in, deployed)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range report.Results {
		fmt.Println(r.Status, r.Property)
		if c := r.Counterexample; c != nil {
			fmt.Println("  ", c.Principal, c.Action, c.Resource, "aws:SecureTransport =", c.Context["aws:SecureTransport"], "->", c.Decision)
		}
	}
	// Output:
	// PASS delivery/trail-writes-logs
	// PASS delivery/trail-writes-digests
	// PASS delivery/trail-reads-bucket-acl
	// PASS writes/only-delivering-trails
	// FAIL writes/tls-required
	//    cloudtrail.amazonaws.com for arn:aws:cloudtrail::123456789012:trail/ s3:PutObject arn:aws:s3:::example-ct-logs/AWSLogs/123456789012/ aws:SecureTransport = [false] -> Allow
	// PASS reads/only-intended-readers
	// PASS tamper/only-break-glass
}
