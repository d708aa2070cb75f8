package bucket_test

import (
	"fmt"
	"os"
	"slices"

	"github.com/trailpolicy/trailpolicy/bucket"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
)

// One account delivering to its own bucket, with the defaults: any trail of
// that account (aws:SourceArn pattern), and no plain-HTTP access.
func ExampleBuild_singleAccount() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:   "example-ct-logs",
		Accounts: []string{"123456789012"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := bucket.Build(bucket.Config{Site: site})
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := doc.JSON()
	os.Stdout.Write(out)
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "AWSCloudTrailAclCheck",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "Service": "cloudtrail.amazonaws.com"
	//       },
	//       "Action": "s3:GetBucketAcl",
	//       "Resource": "arn:aws:s3:::example-ct-logs",
	//       "Condition": {
	//         "StringLike": {
	//           "aws:SourceArn": "arn:aws:cloudtrail:*:123456789012:trail/*"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "AWSCloudTrailWrite",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "Service": "cloudtrail.amazonaws.com"
	//       },
	//       "Action": "s3:PutObject",
	//       "Resource": "arn:aws:s3:::example-ct-logs/AWSLogs/123456789012/*",
	//       "Condition": {
	//         "StringEquals": {
	//           "s3:x-amz-acl": "bucket-owner-full-control"
	//         },
	//         "StringLike": {
	//           "aws:SourceArn": "arn:aws:cloudtrail:*:123456789012:trail/*"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "DenyInsecureTransport",
	//       "Effect": "Deny",
	//       "Principal": "*",
	//       "Action": "s3:*",
	//       "Resource": [
	//         "arn:aws:s3:::example-ct-logs",
	//         "arn:aws:s3:::example-ct-logs/*"
	//       ],
	//       "Condition": {
	//         "Bool": {
	//           "aws:SecureTransport": "false"
	//         }
	//       }
	//     }
	//   ]
	// }
}

// An organization trail named exactly, writing logs encrypted with a key in
// the log archive account. The policy is the same size for 5 member
// accounts or 5,000.
func ExampleBuild_organization() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:       "org-trail-logs",
		BucketRegion: "eu-west-1",
		KMSKeyARN:    "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		Organization: &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"},
		Trails:       []string{"arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := bucket.Build(bucket.Config{Site: site})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range doc.Statements {
		fmt.Printf("%-30s %-5s %s\n", s.Sid, s.Effect, s.Resource.Values())
	}
	// Output:
	// AWSCloudTrailAclCheck          Allow [arn:aws:s3:::org-trail-logs]
	// AWSCloudTrailWrite             Allow [arn:aws:s3:::org-trail-logs/AWSLogs/111111111111/*]
	// AWSCloudTrailOrganizationWrite Allow [arn:aws:s3:::org-trail-logs/AWSLogs/o-exampleorgid/*]
	// DenyInsecureTransport          Deny  [arn:aws:s3:::org-trail-logs arn:aws:s3:::org-trail-logs/*]
	// DenyUnencryptedObjectUploads   Deny  [arn:aws:s3:::org-trail-logs/AWSLogs/*/CloudTrail/* arn:aws:s3:::org-trail-logs/AWSLogs/*/CloudTrail-Insight/*]
	// DenyWrongKMSKey                Deny  [arn:aws:s3:::org-trail-logs/AWSLogs/*/CloudTrail/* arn:aws:s3:::org-trail-logs/AWSLogs/*/CloudTrail-Insight/*]
}

// Two accounts deliver to a bucket in 123456789012, the log archive
// account, and the security team's role in 999988887777 reads the logs. Each account
// gets its own write statement, so neither account's trails can write under
// the other's AWSLogs/<account>/; the reader gets list and read under
// AWSLogs/, which a role in another account than the bucket's needs from the
// bucket policy (a reader in the log archive account would get no grant).
func ExampleBuild_severalAccountsAndReader() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "example-ct-logs",
		LogArchiveAccount: "123456789012",
		Accounts:          []string{"999988887777", "123456789012"},
		Readers:           []string{"arn:aws:iam::999988887777:role/SecurityTeam"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := bucket.Build(bucket.Config{Site: site})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range doc.Statements {
		var cond []string
		for op, keys := range s.Condition {
			for k, v := range keys {
				vals, _, _ := v.Values()
				cond = append(cond, fmt.Sprintf("%s %s %v", op, k, vals))
			}
		}
		slices.Sort(cond)
		fmt.Printf("%s %s %v\n", s.Sid, s.Effect, s.Resource.Values())
		for _, c := range cond {
			fmt.Println("    " + c)
		}
	}
	// Output:
	// AWSCloudTrailAclCheck Allow [arn:aws:s3:::example-ct-logs]
	//     StringLike aws:SourceArn [arn:aws:cloudtrail:*:123456789012:trail/* arn:aws:cloudtrail:*:999988887777:trail/*]
	// AWSCloudTrailWrite123456789012 Allow [arn:aws:s3:::example-ct-logs/AWSLogs/123456789012/*]
	//     StringEquals s3:x-amz-acl [bucket-owner-full-control]
	//     StringLike aws:SourceArn [arn:aws:cloudtrail:*:123456789012:trail/*]
	// AWSCloudTrailWrite999988887777 Allow [arn:aws:s3:::example-ct-logs/AWSLogs/999988887777/*]
	//     StringEquals s3:x-amz-acl [bucket-owner-full-control]
	//     StringLike aws:SourceArn [arn:aws:cloudtrail:*:999988887777:trail/*]
	// AllowLogReadersToList Allow [arn:aws:s3:::example-ct-logs]
	//     StringLike s3:prefix [AWSLogs/*]
	// AllowLogReadersToRead Allow [arn:aws:s3:::example-ct-logs/AWSLogs/*]
	// DenyInsecureTransport Deny [arn:aws:s3:::example-ct-logs arn:aws:s3:::example-ct-logs/*]
	//     Bool aws:SecureTransport [false]
}

// Bad input never yields a policy; every problem is reported with its
// field path, as a setup file names it. cloudtrail.New reports the site's
// problems; Build reports its own options' problems, checked against what
// the site holds, and refuses to build from an incomplete site.
func ExampleBuild_invalidConfig() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:       "myBucketName",
		Prefix:       "logs/",
		KMSKeyARN:    "arn:aws:kms:us-east-1:111111111111:alias/cloudtrail",
		Accounts:     []string{"1111111111"},
		Organization: &cloudtrail.Organization{ID: "o-YOUR-ORGANIZATIONS-ID"},
	})
	fmt.Println(err)
	doc, err := bucket.Build(bucket.Config{Site: site, Options: bucket.Options{SidSuffix: "2015-03-19"}})
	fmt.Println(doc == nil)
	fmt.Println(err)
	// Output:
	// bucket: "myBucketName" contains 'B': a bucket name holds only lower-case letters, digits, dots and hyphens
	// prefix: "logs/" must not start or end with /: write it as CloudTrail's S3KeyPrefix, e.g. logs/org
	// accounts[0]: "1111111111" is not a 12-digit AWS account ID
	// organization.id: "o-YOUR-ORGANIZATIONS-ID" is not an AWS Organizations ID: want o- followed by 10 to 32 lower-case letters or digits
	// organization.managementAccount: "" is empty: an organization trail is owned by the management account, whose 12-digit ID is required
	// kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:alias/cloudtrail" is a KMS alias: name the key by its key ARN, because an alias resolves in the caller's account
	// true
	// site: "" has problems of its own, which cloudtrail.New reported: fix them first
	// bucketPolicy.sidSuffix: "2015-03-19" may hold only letters A-Z, a-z and digits 0-9, because it becomes part of every Sid
}
