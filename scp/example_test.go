package scp_test

import (
	"errors"
	"fmt"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/scp"
)

// The default SCP for one log bucket: bucket and objects, and the
// account-level Block Public Access setting.
func ExampleBuild() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:   "gov-my-cloudtrail",
		Accounts: []string{"222222222222"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	docs, err := scp.Build(scp.Config{Site: site})
	if err != nil {
		fmt.Println(err)
		return
	}
	compact, _ := docs[0].CompactJSON()
	fmt.Println(len(docs), "SCP,", policy.Size(policy.KindSCP, compact), "characters in compact form")
	out, _ := docs[0].JSON()
	fmt.Print(string(out))
	// Output:
	// 1 SCP, 1116 characters in compact form
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "DenyLogBucketTampering",
	//       "Effect": "Deny",
	//       "Action": [
	//         "s3:BypassGovernanceRetention",
	//         "s3:DeleteBucket",
	//         "s3:DeleteBucketPolicy",
	//         "s3:DeleteObject",
	//         "s3:DeleteObjectTagging",
	//         "s3:DeleteObjectVersion",
	//         "s3:DeleteObjectVersionTagging",
	//         "s3:ObjectOwnerOverrideToBucketOwner",
	//         "s3:PutBucketAcl",
	//         "s3:PutBucketLogging",
	//         "s3:PutBucketObjectLockConfiguration",
	//         "s3:PutBucketOwnershipControls",
	//         "s3:PutBucketPolicy",
	//         "s3:PutBucketPublicAccessBlock",
	//         "s3:PutBucketTagging",
	//         "s3:PutBucketVersioning",
	//         "s3:PutBucketWebsite",
	//         "s3:PutEncryptionConfiguration",
	//         "s3:PutIntelligentTieringConfiguration",
	//         "s3:PutInventoryConfiguration",
	//         "s3:PutLifecycleConfiguration",
	//         "s3:PutObject",
	//         "s3:PutObjectAcl",
	//         "s3:PutObjectLegalHold",
	//         "s3:PutObjectRetention",
	//         "s3:PutObjectTagging",
	//         "s3:PutObjectVersionAcl",
	//         "s3:PutObjectVersionTagging",
	//         "s3:PutReplicationConfiguration",
	//         "s3:RestoreObject",
	//         "s3:UpdateObjectEncryption"
	//       ],
	//       "Resource": [
	//         "arn:aws:s3:::gov-my-cloudtrail",
	//         "arn:aws:s3:::gov-my-cloudtrail/*"
	//       ]
	//     },
	//     {
	//       "Sid": "DenyAccountPublicAccessBlockChanges",
	//       "Effect": "Deny",
	//       "Action": [
	//         "s3:PutAccountPublicAccessBlock"
	//       ],
	//       "Resource": [
	//         "*"
	//       ]
	//     }
	//   ]
	// }
}

// A break-glass role exempted from every statement, and the trail and its
// KMS key protected as well. The security trail and the key are in the
// log-archive account, a member account; the organization trail lives in
// the management account, whose own principals no SCP stops, but it is
// protected from the member accounts', the CloudTrail delegated
// administrator's among them.
func ExampleBuild_breakGlassTrailAndKey() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:       "gov-my-cloudtrail",
		Accounts:     []string{"222222222222"},
		Organization: &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"},
		Trails: []string{
			"arn:aws:cloudtrail:eu-west-1:222222222222:trail/security-trail",
			"arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail",
		},
		LogArchiveAccount: "222222222222",
		KMSKeyARN:         "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		BreakGlassRoles:   []string{"arn:aws:iam::222222222222:role/BreakGlass"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	docs, err := scp.Build(scp.Config{Site: site})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range docs {
		compact, _ := d.CompactJSON()
		fmt.Println("SCP of", policy.Size(policy.KindSCP, compact), "characters:")
		for _, s := range d.Statements {
			exempt, _, _ := s.Condition["ArnNotLike"]["aws:PrincipalArn"].Values()
			fmt.Printf("  %s: %d actions on %v, except %v\n", s.Sid, len(s.Action.Values()), s.Resource.Values(), exempt)
		}
	}
	// The key statement as it appears in the document:
	last := docs[0].Statements[len(docs[0].Statements)-1]
	out, _ := policy.New(policy.KindSCP, last).JSON()
	fmt.Print(string(out))
	// Output:
	// SCP of 2174 characters:
	//   DenyLogBucketTampering: 31 actions on [arn:aws:s3:::gov-my-cloudtrail arn:aws:s3:::gov-my-cloudtrail/*], except [arn:aws:iam::222222222222:role/BreakGlass]
	//   DenyAccountPublicAccessBlockChanges: 1 actions on [*], except [arn:aws:iam::222222222222:role/BreakGlass]
	//   DenyTrailTampering: 6 actions on [arn:aws:cloudtrail:eu-west-1:222222222222:trail/security-trail arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail], except [arn:aws:iam::222222222222:role/BreakGlass]
	//   DenyLogKeyTampering: 5 actions on [arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab], except [arn:aws:iam::222222222222:role/BreakGlass]
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "DenyLogKeyTampering",
	//       "Effect": "Deny",
	//       "Action": [
	//         "kms:DeleteImportedKeyMaterial",
	//         "kms:DisableKey",
	//         "kms:DisableKeyRotation",
	//         "kms:PutKeyPolicy",
	//         "kms:ScheduleKeyDeletion"
	//       ],
	//       "Resource": [
	//         "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	//       ],
	//       "Condition": {
	//         "ArnNotLike": {
	//           "aws:PrincipalArn": "arn:aws:iam::222222222222:role/BreakGlass"
	//         }
	//       }
	//     }
	//   ]
	// }
}

// Bad input yields an error naming every wrong field of the setup and its
// value, and no policy: cloudtrail.New reports the shared values, Build
// the SCP's own options, also when the site has problems (checked against
// the values that passed), so that one run reports everything. Build's
// error also says that the site is incomplete, which New has reported.
func ExampleBuild_invalid() {
	site, siteErr := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "YOUR-BUCKET",
		Organization:      &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"},
		LogArchiveAccount: "111111111111",
		BreakGlassRoles:   []string{"arn:aws:iam::222222222222:user/alice"},
	})
	docs, err := scp.Build(scp.Config{
		Site:    site,
		Options: scp.Options{ProtectTrails: []string{"arn:aws:cloudtrail:eu-west-1:222222222222:security-trail"}},
	})
	fmt.Println(len(docs), "documents")
	fmt.Println(siteErr)
	for _, e := range policy.Unjoin(err) {
		if !errors.Is(e, cloudtrail.ErrIncompleteSite) {
			fmt.Println(e)
		}
	}
	// Output:
	// 0 documents
	// bucket: "YOUR-BUCKET" contains 'Y': a bucket name holds only lower-case letters, digits, dots and hyphens
	// breakGlassRoles[0]: "arn:aws:iam::222222222222:user/alice" is not an IAM role ARN pattern: want arn:<partition>:iam::<account>:role/[path/]name, with * allowed in the name and as the whole account
	// scp.protectTrails[0]: "arn:aws:cloudtrail:eu-west-1:222222222222:security-trail" is not a CloudTrail trail ARN (arn:partition:cloudtrail:region:account:trail/name)
	// logArchiveAccount: "111111111111" is the organization.managementAccount: SCPs never apply to the management account, so this SCP would protect nothing; keep the logs in a member account
}
