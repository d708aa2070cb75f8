package policy_test

import (
	"errors"
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"
	"github.com/trailpolicy/trailpolicy/policy"
)

// Build a one-statement bucket policy, validate it and print it the way AWS
// shows it.
func ExampleDocument_JSON() {
	bucket := "trail-logs"
	doc := policy.New(policy.KindBucketPolicy, iampolicy.Statement{
		Sid:       "AWSCloudTrailWrite",
		Effect:    iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal("cloudtrail.amazonaws.com"),
		Action:    policy.Strings("s3:PutObject"),
		Resource:  policy.Strings(policy.ObjectARN(policy.PartitionAWS, bucket, "AWSLogs/111122223333/*")),
		Condition: policy.Conditions{}.
			With("StringEquals", "s3:x-amz-acl", "bucket-owner-full-control").
			With("StringEquals", "aws:SourceArn", "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail"),
	})
	if err := doc.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	out, err := doc.JSON()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "AWSCloudTrailWrite",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "Service": "cloudtrail.amazonaws.com"
	//       },
	//       "Action": "s3:PutObject",
	//       "Resource": "arn:aws:s3:::trail-logs/AWSLogs/111122223333/*",
	//       "Condition": {
	//         "StringEquals": {
	//           "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-trail",
	//           "s3:x-amz-acl": "bucket-owner-full-control"
	//         }
	//       }
	//     }
	//   ]
	// }
}

// A FieldError names the field path, quotes the value and says what is
// allowed; it wraps a sentinel for errors.Is.
func ExampleFieldError() {
	err := policy.CheckOrgID("Organization.ID", "o-EXAMPLE")
	fmt.Println(err)

	var fe *policy.FieldError
	if errors.As(err, &fe) {
		fmt.Printf("field %s, value %q\n", fe.Field, fe.Value)
	}
	fmt.Println(errors.Is(err, policy.ErrOrgID))
	// Output:
	// Organization.ID: "o-EXAMPLE" is not an AWS Organizations ID: want o- followed by 10 to 32 lower-case letters or digits
	// field Organization.ID, value "o-EXAMPLE"
	// true
}

// Validate reports every problem at once; Unjoin splits them.
func ExampleDocument_Validate() {
	doc := policy.New(policy.KindSCP,
		iampolicy.Statement{
			Sid:       "DenyLogDeletion",
			Effect:    iampolicy.EffectDeny,
			Principal: policy.Everyone(), // SCPs have no Principal
			Action:    policy.Strings("s3:DeleteObject"),
			Resource:  policy.Strings("arn:aws:s3:::trail-logs/*"),
		},
		iampolicy.Statement{
			Sid:      "DenyLogDeletion", // used twice
			Effect:   "deny",            // case-sensitive
			Action:   policy.Strings("s3:DeleteBucket"),
			Resource: policy.Strings("arn:aws:s3:::trail-logs"),
		},
	)
	for _, err := range policy.Unjoin(doc.Validate()) {
		fmt.Println(err)
	}
	// Output:
	// Statement[0].Principal: "*" must be absent: a service control policy applies to the principals it is attached to
	// Statement[1].Effect: "deny" does not match the service control policy schema: must be one of the following: "Allow", "Deny"
	// Statement[1].Sid: "DenyLogDeletion" repeats the Sid of Statement[0]: give each statement its own Sid
}

func ExampleCheckAccountID() {
	for _, id := range []string{"111122223333", "11112222333", "１１１１２２２２３３３３", ""} {
		if err := policy.CheckAccountID("Accounts[0]", id); err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s is an account ID\n", id)
	}
	// Output:
	// 111122223333 is an account ID
	// Accounts[0]: "11112222333" is not a 12-digit AWS account ID
	// Accounts[0]: "１１１１２２２２３３３３" is not a 12-digit AWS account ID
	// Accounts[0]: "" is empty: an AWS account ID is 12 digits
}
