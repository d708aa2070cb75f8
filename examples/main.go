// Command examples prints every policy trailpolicy writes for the Example
// Corp scenario of the AWS blog post "Sharing CloudTrail Log Files Between
// Accounts": Production (123456789012) and Dev (999988887777) deliver their
// CloudTrail logs to the bucket example-ct-logs in Production; the vendor
// AnyCompany (998877665544, external ID 8900-544) reads them through the role
// CloudTrailAccessForAnyCompany in Production. A KMS key in Production
// (us-east-1) encrypts the logs. Each document is printed under a heading
// that says what it is and where it goes.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/trust"
)

// setup is the scenario, described once.
func setup() trailpolicy.Setup {
	return trailpolicy.Setup{
		SiteConfig: cloudtrail.SiteConfig{
			Bucket:            "example-ct-logs",
			BucketRegion:      "us-east-1",
			LogArchiveAccount: "123456789012", // Production owns the bucket
			Accounts:          []string{"123456789012", "999988887777"},
			KMSKeyARN:         "arn:aws:kms:us-east-1:123456789012:key/0f3c9a2e-7b41-4d8e-9c55-2a6e1b7d4f90",
		},
		Vendor: &trust.Vendor{
			Account:    "998877665544",
			ExternalID: "8900-544",
			RoleName:   "CloudTrailAccessForAnyCompany",
		},
	}
}

// heading says what a document is and where it goes, from its target.
func heading(s trailpolicy.Setup, d cloudtrail.Document) string {
	t := d.Target
	switch d.Name {
	case trailpolicy.NameBucketPolicy:
		return fmt.Sprintf("S3 bucket policy: attach to bucket %s in Production (%s)", t.Bucket, t.Account)
	case trailpolicy.NameKeyPolicy:
		return fmt.Sprintf("KMS key policy: set on key %s in Production (%s)", t.KeyARN, t.Account)
	case trailpolicy.NameVendorTrustPolicy:
		return fmt.Sprintf("Vendor trust policy: trust policy of role %s in Production, assumed by AnyCompany (%s)", t.RoleARN, s.Vendor.Account)
	case trailpolicy.NameVendorReadPolicy:
		return fmt.Sprintf("Vendor read policy: permissions policy of role %s in Production", t.RoleARN)
	}
	return "Service control policy: create in the organization's management account, attach to Production and Dev"
}

// printAll writes every document of the scenario to w, each under a "# " heading.
func printAll(w io.Writer) error {
	s := setup()
	b, err := s.Build()
	if err != nil {
		return err
	}
	for i, d := range b.Documents {
		js, err := d.Policy.JSON()
		if err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "# %s\n", heading(s, d))
		if _, err := w.Write(js); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	if err := printAll(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
