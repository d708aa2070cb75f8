// Command examples prints the policies trailpolicy writes for the Example
// Corp scenario of the AWS blog post "Sharing CloudTrail Log Files Between
// Accounts": Production (123456789012) and Dev (999988887777) delivering to
// the bucket example-ct-logs.
package main

import (
	"fmt"
	"os"

	"github.com/trailpolicy/trailpolicy/policy"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	const bucket = "example-ct-logs"
	p := policy.PartitionAWS
	doc := policy.New(policy.KindBucketPolicy)
	doc.Statements = append(doc.Statements, aclCheck(p, bucket))
	if err := doc.Validate(); err != nil {
		return err
	}
	out, err := doc.JSON()
	if err != nil {
		return err
	}
	fmt.Printf("# S3 bucket policy fragment for %s (the full builders are on their way)\n", bucket)
	_, err = os.Stdout.Write(out)
	return err
}
