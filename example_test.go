package trailpolicy_test

import (
	"fmt"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// exampleSetup is the scenario of the AWS blog post "Sharing CloudTrail Log
// Files Between Accounts": Production and Dev deliver to example-ct-logs in
// Production, and the vendor AnyCompany reads the logs.
func exampleSetup() trailpolicy.Setup {
	return trailpolicy.Setup{
		SiteConfig: cloudtrail.SiteConfig{
			Bucket:            "example-ct-logs",
			LogArchiveAccount: "123456789012",
			Accounts:          []string{"123456789012", "999988887777"},
			KMSKeyARN:         "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		},
		Vendor: &trust.Vendor{
			Account:    "998877665544",
			ExternalID: "8900-544",
			RoleName:   "CloudTrailAccessForAnyCompany",
		},
	}
}

func ExampleSetup_Build() {
	b, err := exampleSetup().Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Names())
	trustPolicy, _ := b.Documents.Get(trailpolicy.NameVendorTrustPolicy)
	fmt.Println(trustPolicy.Target.RoleARN)
	keyPolicy, _ := b.Documents.Get(trailpolicy.NameKeyPolicy)
	for _, st := range keyPolicy.Policy.Statements {
		if st.Sid == "AllowReadersToDecryptLogFiles" {
			fmt.Println(st.Principal.AWS().Values())
		}
	}
	// Output:
	// [bucket-policy key-policy vendor-trust-policy vendor-read-policy scp]
	// arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany
	// [arn:aws:iam::123456789012:role/CloudTrailAccessForAnyCompany]
}

func ExampleSetup_Build_errors() {
	s := exampleSetup()
	s.Accounts = append(s.Accounts, "99998888777")
	s.Vendor.ExternalID = ""
	s.Organization = &cloudtrail.Organization{ID: "o-EXAMPLE", ManagementAccount: "111122223333"}
	_, err := s.Build()
	for _, e := range policy.Unjoin(err) {
		fmt.Println(e)
	}
	// Output:
	// accounts[2]: "99998888777" is not a 12-digit AWS account ID
	// organization.id: "o-EXAMPLE" is not an AWS Organizations ID: want o- followed by 10 to 32 lower-case letters or digits
	// vendor.externalId: "" is empty: a third party must present an external ID (2 to 1,224 characters of letters, digits and _+=,.@:/-) so that it cannot be made to use this role for another customer (the confused deputy problem)
}

func ExampleLoadSetup() {
	s, err := trailpolicy.LoadSetup([]byte(`
bucket: example-ct-logs
accounts: [123456789012, "999988887777"]
`), "setup.yaml")
	fmt.Println(s.Bucket, s.Accounts, err)

	_, err = trailpolicy.LoadSetup([]byte(`{"bucket": "example-ct-logs", "acounts": ["123456789012"]}`), "setup.json")
	fmt.Println(err)
	// Output:
	// example-ct-logs [123456789012 999988887777] <nil>
	// setup.json: acounts: unknown field; did you mean accounts?
}
