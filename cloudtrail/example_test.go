package cloudtrail_test

import (
	"errors"
	"fmt"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// New validates the setup once; the builders of every document then read
// the same values from the Site.
func ExampleNew() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "org-trail-logs",
		BucketRegion:      "eu-west-1",
		Prefix:            "cloudtrail",
		LogArchiveAccount: "555566667777",
		Accounts:          []string{"444455556666", "111122223333", "444455556666"},
		Organization:      &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "999988887777"},
		KMSKeyARN:         "arn:aws:kms:eu-west-1:555566667777:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Readers:           []string{"arn:aws:iam::555566667777:role/Security"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("partition:", site.Partition())
	fmt.Println("bucket:", site.BucketARN())
	fmt.Println("logs under:", site.ObjectARN(site.LogPath()+"/*"))
	fmt.Println("owner accounts:", site.OwnerAccounts())
	fmt.Println("exact trails:", site.ExactTrails())
	for _, arn := range site.TrailARNs() {
		fmt.Println("aws:SourceArn like", arn)
	}
	fmt.Println("key policy applied by:", site.KeyPolicyTarget().Account)
	// Output:
	// partition: aws
	// bucket: arn:aws:s3:::org-trail-logs
	// logs under: arn:aws:s3:::org-trail-logs/cloudtrail/AWSLogs/*
	// owner accounts: [111122223333 444455556666 999988887777]
	// exact trails: false
	// aws:SourceArn like arn:aws:cloudtrail:*:111122223333:trail/*
	// aws:SourceArn like arn:aws:cloudtrail:*:444455556666:trail/*
	// aws:SourceArn like arn:aws:cloudtrail:*:999988887777:trail/*
	// key policy applied by: 555566667777
}

// New reports every problem of a setup at once, each on the setup file's
// field path, and still returns a Site, which no builder builds from.
func ExampleNew_problems() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:       "YOUR-BUCKET",
		BucketRegion: "eu-west-1",
		Accounts:     []string{"111122223333", "1111-2222-3333"},
		Trails:       []string{"arn:aws:cloudtrail:eu-west-1:444455556666:trail/org-trail"},
		KMSKeyARN:    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	})
	for _, e := range policy.Unjoin(err) {
		fmt.Println(e)
	}
	fmt.Println(errors.Is(site.Check(), cloudtrail.ErrIncompleteSite))
	fmt.Println("valid accounts kept:", site.Accounts())
	// Output:
	// bucket: "YOUR-BUCKET" contains 'Y': a bucket name holds only lower-case letters, digits, dots and hyphens
	// accounts[1]: "1111-2222-3333" is not a 12-digit AWS account ID
	// trails[0]: "arn:aws:cloudtrail:eu-west-1:444455556666:trail/org-trail" belongs to account 444455556666, which is not a delivering account (for an organization trail, the management account owns the trail)
	// accounts[0]: "111122223333" owns none of the trails, so its trails could not deliver: name its trail in trails, or leave trails empty to admit any trail of the delivering accounts
	// kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" is in Region us-east-1, but bucketRegion is eu-west-1: SSE-KMS needs a key in the bucket's Region
	// true
	// valid accounts kept: [111122223333]
}

// With exact trails, TrailARNs returns the trails the given accounts own,
// for an Equals operator.
func ExampleSite_TrailARNs() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:   "org-trail-logs",
		Accounts: []string{"111122223333", "444455556666"},
		Trails: []string{
			"arn:aws:cloudtrail:us-east-1:444455556666:trail/audit",
			"arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(site.ExactTrails())
	fmt.Println(site.TrailARNs())
	fmt.Println(site.TrailARNs("444455556666"))
	// Output:
	// true
	// [arn:aws:cloudtrail:us-east-1:111122223333:trail/main arn:aws:cloudtrail:us-east-1:444455556666:trail/audit]
	// [arn:aws:cloudtrail:us-east-1:444455556666:trail/audit]
}

// WithAccounts and policy.MostThatFit find how many delivering accounts a
// document has room for.
func ExampleSite_WithAccounts() {
	accounts := make([]string, 300)
	for i := range accounts {
		accounts[i] = fmt.Sprintf("%012d", 100000000000+i)
	}
	site, err := cloudtrail.New(cloudtrail.SiteConfig{Bucket: "org-trail-logs", Accounts: accounts})
	if err != nil {
		fmt.Println(err)
		return
	}
	// A stand-in for a builder: one ARN pattern per account, in a document
	// that may hold 4,096 characters of them.
	fits := func(k int) bool {
		n := 0
		for _, arn := range site.WithAccounts(k).TrailARNs() {
			n += len(arn) + 3 // quotes and comma
		}
		return n <= 4096
	}
	fmt.Println(policy.MostThatFit(len(site.Accounts()), fits), "of", len(site.Accounts()))
	// Output:
	// 93 of 300
}

// A site's documents are listed with where each is deployed.
func ExampleDocuments_Get() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket: "org-trail-logs", LogArchiveAccount: "555566667777", Accounts: []string{"111122223333"},
		Organization: &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "999988887777"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	docs := cloudtrail.Documents{
		{Name: "bucket-policy", Policy: policy.New(policy.KindBucketPolicy), Target: site.BucketPolicyTarget()},
		{Name: "scp-1", Policy: policy.New(policy.KindSCP), Target: site.OrganizationPolicyTarget(cloudtrail.ServiceControlPolicy, "protect-cloudtrail-logs")},
	}
	fmt.Println(docs.Names())
	if d, ok := docs.Get("scp-1"); ok {
		fmt.Printf("%s: %s %q in account %s\n", d.Name, d.Target.Kind, d.Target.PolicyName, d.Target.Account)
	}
	fmt.Println(len(docs.Of(cloudtrail.BucketPolicyTarget)))
	// Output:
	// [bucket-policy scp-1]
	// scp-1: organization policy "protect-cloudtrail-logs" in account 999988887777
	// 1
}
