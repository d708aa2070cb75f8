package snstopic_test

import (
	"fmt"
	"os"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/snstopic"
)

// Example Corp's trails notify a topic in the account that owns them; the
// topic policy lets CloudTrail publish for that account's trails homed in
// the topic's Region, and for nobody else's.
func Example() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:      "example-ct-logs",
		Accounts:    []string{"123456789012"},
		SNSTopicARN: "arn:aws:sns:us-east-1:123456789012:cloudtrail-notifications",
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	doc, err := snstopic.Build(snstopic.Config{Site: site})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	out, _ := doc.JSON()
	os.Stdout.Write(out)
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Id": "CloudTrailTopicPolicy",
	//   "Statement": [
	//     {
	//       "Sid": "AllowCloudTrailPublish",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "Service": "cloudtrail.amazonaws.com"
	//       },
	//       "Action": "SNS:Publish",
	//       "Resource": "arn:aws:sns:us-east-1:123456789012:cloudtrail-notifications",
	//       "Condition": {
	//         "StringLike": {
	//           "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:123456789012:trail/*"
	//         }
	//       }
	//     }
	//   ]
	// }
}
