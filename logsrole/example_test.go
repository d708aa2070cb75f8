package logsrole_test

import (
	"fmt"
	"os"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/logsrole"
)

// An organization trail, owned by the management account, sends its events
// to a log group there; the role CloudTrail assumes may write only the
// streams of the organization trail and of the management account's own
// trails.
func Example() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:                 "example-ct-logs",
		Organization:           &cloudtrail.Organization{ID: "o-exampleorgid", ManagementAccount: "111111111111"},
		CloudWatchLogsGroupARN: "arn:aws:logs:us-east-2:111111111111:log-group:CloudTrail/events:*",
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	cfg := logsrole.Config{Site: site}
	arn, _ := cfg.RoleARN()
	fmt.Println("CloudWatchLogsRoleArn:", arn)
	doc, err := logsrole.BuildRolePolicy(cfg)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	out, _ := doc.JSON()
	os.Stdout.Write(out)
	// Output:
	// CloudWatchLogsRoleArn: arn:aws:iam::111111111111:role/CloudTrail-CloudWatchLogs
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "AWSCloudTrailCreateLogStream",
	//       "Effect": "Allow",
	//       "Action": "logs:CreateLogStream",
	//       "Resource": [
	//         "arn:aws:logs:us-east-2:111111111111:log-group:CloudTrail/events:log-stream:111111111111_CloudTrail_us-east-2*",
	//         "arn:aws:logs:us-east-2:111111111111:log-group:CloudTrail/events:log-stream:o-exampleorgid_*"
	//       ]
	//     },
	//     {
	//       "Sid": "AWSCloudTrailPutLogEvents",
	//       "Effect": "Allow",
	//       "Action": "logs:PutLogEvents",
	//       "Resource": [
	//         "arn:aws:logs:us-east-2:111111111111:log-group:CloudTrail/events:log-stream:111111111111_CloudTrail_us-east-2*",
	//         "arn:aws:logs:us-east-2:111111111111:log-group:CloudTrail/events:log-stream:o-exampleorgid_*"
	//       ]
	//     }
	//   ]
	// }
}
