package trust_test

import (
	"fmt"
	"os"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// printJSON writes a document as it would be saved, or the error.
func printJSON(doc *policy.Document, err error) {
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	out, err := doc.JSON()
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	os.Stdout.Write(out)
}

// A vendor, AnyCompany (account 998877665544), reads Example Corp's
// unencrypted logs in example-ct-logs through a role in Example Corp's
// Production account. The role gets the trust policy and the read policy.
func Example_vendorWithoutKMS() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "example-ct-logs",
		LogArchiveAccount: "123456789012",
		Accounts:          []string{"123456789012", "999988887777"},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	vendor := trust.VendorConfig{
		Site: site,
		Vendor: trust.Vendor{
			Account:    "998877665544",
			ExternalID: "8900-544",
			RoleName:   "CloudTrailAccessForAnyCompany",
		},
	}
	role, _ := vendor.RoleARN()
	fmt.Println("role:", role)
	printJSON(trust.BuildTrustPolicy(vendor))
	printJSON(trust.BuildReadPolicy(trust.ReadConfig{Site: site}))
	// Output:
	// role: arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "AllowVendorAssumeRoleWithExternalID",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "AWS": "arn:aws:iam::998877665544:root"
	//       },
	//       "Action": "sts:AssumeRole",
	//       "Condition": {
	//         "StringEquals": {
	//           "sts:ExternalId": "8900-544"
	//         }
	//       }
	//     }
	//   ]
	// }
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "ListCloudTrailLogFiles",
	//       "Effect": "Allow",
	//       "Action": "s3:ListBucket",
	//       "Resource": "arn:aws:s3:::example-ct-logs",
	//       "Condition": {
	//         "StringLike": {
	//           "s3:prefix": "AWSLogs/*"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "ReadCloudTrailLogFiles",
	//       "Effect": "Allow",
	//       "Action": "s3:GetObject",
	//       "Resource": "arn:aws:s3:::example-ct-logs/AWSLogs/*"
	//     }
	//   ]
	// }
}

// When the logs are encrypted with SSE-KMS, the read policy also allows
// kms:Decrypt on the key, for CloudTrail log files read through S3 only. The
// key policy must allow the same role, named by RoleARN. This vendor reads
// only the Dev account's files under the prefix "logs".
func Example_vendorWithKMS() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "example-ct-logs",
		Prefix:            "logs",
		LogArchiveAccount: "123456789012",
		Accounts:          []string{"123456789012", "999988887777"},
		KMSKeyARN:         "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	vendor := trust.VendorConfig{
		Site:   site,
		Vendor: trust.Vendor{Account: "998877665544", ExternalID: "8900-544"},
	}
	if _, err := trust.BuildTrustPolicy(vendor); err != nil {
		fmt.Println("error:", err)
		return
	}
	if role, ok := vendor.RoleARN(); ok {
		fmt.Println("grant kms:Decrypt in the key policy to:", role)
	}
	printJSON(trust.BuildReadPolicy(trust.ReadConfig{
		Site: site,
		ReadOptions: trust.ReadOptions{
			LimitToAccounts: []string{"999988887777"},
		},
	}))
	// Output:
	// grant kms:Decrypt in the key policy to: arn:aws:iam::123456789012:role/CloudTrailLogReader
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "ListCloudTrailLogFiles",
	//       "Effect": "Allow",
	//       "Action": "s3:ListBucket",
	//       "Resource": "arn:aws:s3:::example-ct-logs",
	//       "Condition": {
	//         "StringLike": {
	//           "s3:prefix": "logs/AWSLogs/999988887777/*"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "ReadCloudTrailLogFiles",
	//       "Effect": "Allow",
	//       "Action": "s3:GetObject",
	//       "Resource": "arn:aws:s3:::example-ct-logs/logs/AWSLogs/999988887777/*"
	//     },
	//     {
	//       "Sid": "DecryptCloudTrailLogFiles",
	//       "Effect": "Allow",
	//       "Action": "kms:Decrypt",
	//       "Resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	//       "Condition": {
	//         "Null": {
	//           "kms:EncryptionContext:aws:cloudtrail:arn": "false"
	//         },
	//         "StringEquals": {
	//           "kms:ViaService": "s3.us-east-1.amazonaws.com"
	//         }
	//       }
	//     }
	//   ]
	// }
}

// An external ID with a space is refused, and so is a vendor account that is
// the log archive account itself: every problem is reported, and no policy
// is returned.
func ExampleBuildTrustPolicy_invalidExternalID() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "example-ct-logs",
		LogArchiveAccount: "123456789012",
		Accounts:          []string{"123456789012"},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	doc, err := trust.BuildTrustPolicy(trust.VendorConfig{
		Site:   site,
		Vendor: trust.Vendor{Account: "123456789012", ExternalID: "8900 544"},
	})
	fmt.Println(doc == nil)
	for _, e := range policy.Unjoin(err) {
		fmt.Println(e)
	}
	// Output:
	// true
	// vendor.account: "123456789012" is the log archive account (logArchiveAccount): a vendor is a third party with its own AWS account; principals of your own organization are not a third party and need no external ID: give them a reader role of their own instead of the vendor's role
	// vendor.externalId: "8900 544" is not a valid external ID: 2 to 1,224 characters of letters, digits and _+=,.@:/- without spaces
}

// The security team's own read role needs no external ID; the organization
// condition keeps it to principals of the setup's organization.
func ExampleBuildReaderTrustPolicy() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "example-ct-logs",
		LogArchiveAccount: "123456789012",
		Organization:      &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"},
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	printJSON(trust.BuildReaderTrustPolicy(trust.ReaderConfig{
		Site:                site,
		LimitToOrganization: true,
		Principals:          []string{"arn:aws:iam::111122223333:role/SecurityAnalyst"},
	}))
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "AllowReadersAssumeRole",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "AWS": "arn:aws:iam::111122223333:role/SecurityAnalyst"
	//       },
	//       "Action": "sts:AssumeRole",
	//       "Condition": {
	//         "StringEquals": {
	//           "aws:PrincipalOrgID": "o-exampleorgid"
	//         }
	//       }
	//     }
	//   ]
	// }
}
