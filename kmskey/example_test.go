package kmskey_test

import (
	"errors"
	"fmt"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// One account's trails encrypt with a key in the same account. The site,
// validated once by cloudtrail.New, is the one every document of the setup
// is built from.
func ExampleBuild() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:    "example-ct-logs",
		Accounts:  []string{"123456789012"},
		KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := kmskey.Build(kmskey.Config{Site: site})
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := doc.JSON()
	fmt.Print(string(out))
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "EnableIAMUserPermissions",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "AWS": "arn:aws:iam::123456789012:root"
	//       },
	//       "Action": "kms:*",
	//       "Resource": "*"
	//     },
	//     {
	//       "Sid": "AllowCloudTrailToEncryptLogs",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "Service": "cloudtrail.amazonaws.com"
	//       },
	//       "Action": "kms:GenerateDataKey*",
	//       "Resource": "*",
	//       "Condition": {
	//         "StringLike": {
	//           "aws:SourceArn": "arn:aws:cloudtrail:*:123456789012:trail/*",
	//           "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "AllowCloudTrailToDescribeKey",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "Service": "cloudtrail.amazonaws.com"
	//       },
	//       "Action": "kms:DescribeKey",
	//       "Resource": "*",
	//       "Condition": {
	//         "StringLike": {
	//           "aws:SourceArn": "arn:aws:cloudtrail:*:123456789012:trail/*"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "AllowKeyAccountToDecryptOwnLogFiles",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "AWS": "*"
	//       },
	//       "Action": [
	//         "kms:Decrypt",
	//         "kms:ReEncryptFrom"
	//       ],
	//       "Resource": "*",
	//       "Condition": {
	//         "StringEquals": {
	//           "kms:CallerAccount": "123456789012"
	//         },
	//         "StringLike": {
	//           "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:123456789012:trail/*"
	//         }
	//       }
	//     }
	//   ]
	// }
}

// An organization trail of management account 111111111111, a key in the
// security account 444444444444 (as in the AWS Security Reference
// Architecture), and the vendor's read role in the log-archive account
// 222222222222, the role the trust package creates.
func ExampleBuild_organization() {
	const logArchive = "222222222222"
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "example-ct-logs",
		BucketRegion:      "eu-west-1",
		Organization:      &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111111111111"},
		Trails:            []string{"arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"},
		KMSKeyARN:         "arn:aws:kms:eu-west-1:444444444444:key/mrk-1234abcd12ab34cd56ef1234567890ab",
		LogArchiveAccount: logArchive,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := kmskey.Build(kmskey.Config{
		Site:          site,
		VendorRoleARN: policy.RoleARN(policy.PartitionAWS, logArchive, "VendorReadOnly"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := doc.JSON()
	fmt.Print(string(out))
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "EnableIAMUserPermissions",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "AWS": "arn:aws:iam::444444444444:root"
	//       },
	//       "Action": "kms:*",
	//       "Resource": "*"
	//     },
	//     {
	//       "Sid": "AllowCloudTrailToEncryptLogs",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "Service": "cloudtrail.amazonaws.com"
	//       },
	//       "Action": "kms:GenerateDataKey*",
	//       "Resource": "*",
	//       "Condition": {
	//         "StringEquals": {
	//           "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"
	//         },
	//         "StringLike": {
	//           "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "AllowCloudTrailToDescribeKey",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "Service": "cloudtrail.amazonaws.com"
	//       },
	//       "Action": "kms:DescribeKey",
	//       "Resource": "*",
	//       "Condition": {
	//         "StringEquals": {
	//           "aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "AllowAccount111111111111ToDecryptOwnLogFiles",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "AWS": "*"
	//       },
	//       "Action": [
	//         "kms:Decrypt",
	//         "kms:ReEncryptFrom"
	//       ],
	//       "Resource": "*",
	//       "Condition": {
	//         "StringEquals": {
	//           "kms:CallerAccount": "111111111111"
	//         },
	//         "StringLike": {
	//           "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "AllowReadersToDecryptLogFiles",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "AWS": "arn:aws:iam::222222222222:role/VendorReadOnly"
	//       },
	//       "Action": "kms:Decrypt",
	//       "Resource": "*",
	//       "Condition": {
	//         "StringLike": {
	//           "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"
	//         }
	//       }
	//     }
	//   ]
	// }
}

// Bad input yields every problem at once, each naming the field of the
// setup and the value, and no document: cloudtrail.New reports the site's
// problems and Build those of its own options, checked against what the
// site holds. Build also refuses the incomplete site; that refusal wraps
// cloudtrail.ErrIncompleteSite and is left out, since New has said why.
//
// The reader in account 999999999999, outside the setup's accounts, is not
// reported in this run: with the key given by an alias, the site has no key
// account to check readers against, and New reports it once the key is
// named by its key ARN.
func ExampleBuild_invalid() {
	site, siteErr := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:    "example-ct-logs",
		Accounts:  []string{"123456789012", "aws-account-id-B"},
		KMSKeyARN: "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail",
		Readers:   []string{"arn:aws:iam::999999999999:role/Auditor"},
	})
	doc, err := kmskey.Build(kmskey.Config{
		Site:              site,
		KeyAdministrators: []string{"alice"},
	})
	fmt.Println(doc == nil)
	for _, e := range policy.Unjoin(errors.Join(siteErr, err)) {
		if !errors.Is(e, cloudtrail.ErrIncompleteSite) {
			fmt.Println(e)
		}
	}
	// Output:
	// true
	// accounts[1]: "aws-account-id-B" is not a 12-digit AWS account ID
	// kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail" is a KMS alias: name the key by its key ARN, because an alias resolves in the caller's account
	// keyAdministrators[0]: "alice" is not an ARN: want arn:partition:service:region:account:resource
}
