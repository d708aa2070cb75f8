package bucket

// legacyAccounts maps each Region to the AWS account that CloudTrail used to
// deliver from before bucket policies named the service principal: policies
// of 2013–2015 granted arn:<partition>:iam::<account>:root of every Region's
// account instead of {"Service": "cloudtrail.amazonaws.com"}.
//
// Source: AWS CloudTrail User Guide, "CloudTrail supported Regions"
// (awsdocs/aws-cloudtrail-user-guide, doc_source/cloudtrail-supported-regions.md,
// commit 78deb3c9856de5674a2a45467c91e226595bb794, 2023-01-25), copied from the
// repository's shared data file cloudtrail-legacy-region-account-ids.json.
// Keyed by Region code, because that is what a caller knows.
//
// Two known disagreements with terraform-provider-aws
// (internal/service/cloudtrail/service_account_data_source.go) are left as AWS
// documents them: AWS lists 886388586500 for us-gov-east-1 where Terraform
// has 608710470296 (the us-gov-west-1 account), and AWS's table has no
// il-central-1 (Terraform: 683224464357), so that Region is not offered.
var legacyAccounts = map[string]string{
	"af-south-1":     "525921808201",
	"ap-east-1":      "119688915426",
	"ap-northeast-1": "216624486486",
	"ap-northeast-2": "492519147666",
	"ap-northeast-3": "765225791966",
	"ap-south-1":     "977081816279",
	"ap-south-2":     "582488909970",
	"ap-southeast-1": "903692715234",
	"ap-southeast-2": "284668455005",
	"ap-southeast-3": "069019280451",
	"ap-southeast-4": "187074758985",
	"ca-central-1":   "819402241893",
	"cn-north-1":     "193415116832",
	"cn-northwest-1": "681348832753",
	"eu-central-1":   "035351147821",
	"eu-central-2":   "453052556044",
	"eu-north-1":     "829690693026",
	"eu-south-1":     "669305197877",
	"eu-south-2":     "757211635381",
	"eu-west-1":      "859597730677",
	"eu-west-2":      "282025262664",
	"eu-west-3":      "262312530599",
	"me-central-1":   "585772288577",
	"me-south-1":     "034638983726",
	"sa-east-1":      "814480443879",
	"us-east-1":      "086441151436",
	"us-east-2":      "475085895292",
	"us-gov-east-1":  "886388586500",
	"us-gov-west-1":  "608710470296",
	"us-west-1":      "388731089494",
	"us-west-2":      "113285607260",
}

// LegacyAccountID returns the account CloudTrail delivered from in region
// before the service principal existed, and whether the Region is in AWS's
// table (see [Options.LegacyPrincipalRegions]).
func LegacyAccountID(region string) (string, bool) {
	id, ok := legacyAccounts[region]
	return id, ok
}
