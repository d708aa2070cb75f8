package kmskey_test

import (
	"fmt"

	"github.com/trailpolicy/trailpolicy/kmskey"
	"github.com/trailpolicy/trailpolicy/policy"
)

// One account's trails encrypt with a key in the same account.
func ExampleBuild() {
	doc, err := kmskey.Build(kmskey.Config{
		Sources: policy.Sources{Accounts: []string{"123456789012"}},
		KeyARN:  "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
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
	doc, err := kmskey.Build(kmskey.Config{
		Sources: policy.Sources{
			Organization: &policy.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111111111111"},
			Trails:       []string{"arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail"},
		},
		KeyARN:            "arn:aws:kms:eu-west-1:444444444444:key/mrk-1234abcd12ab34cd56ef1234567890ab",
		BucketRegion:      "eu-west-1",
		LogArchiveAccount: logArchive,
		Readers:           []string{policy.RoleARN(policy.PartitionAWS, logArchive, "VendorReadOnly")},
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

// Bad input yields every problem at once, each naming the field and the
// value, and no document.
func ExampleBuild_invalid() {
	doc, err := kmskey.Build(kmskey.Config{
		Sources:           policy.Sources{Accounts: []string{"123456789012", "aws-account-id-B"}},
		KeyARN:            "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail",
		KeyAdministrators: []string{"alice"},
		Readers:           []string{"arn:aws:iam::999999999999:role/Auditor"},
	})
	fmt.Println(doc == nil)
	for _, e := range policy.Unjoin(err) {
		fmt.Println(e)
	}
	// Output:
	// true
	// Accounts[1]: "aws-account-id-B" is not a 12-digit AWS account ID
	// KeyARN: "arn:aws:kms:us-east-1:123456789012:alias/cloudtrail" is a KMS alias: name the key by its key ARN, because an alias resolves in the caller's account
	// KeyAdministrators[0]: "alice" is not an ARN: want arn:partition:service:region:account:resource
	// Readers[0]: "arn:aws:iam::999999999999:role/Auditor" belongs to account 999999999999, which is not the key's account, a delivering account or LogArchiveAccount (allowed: 123456789012)
}
