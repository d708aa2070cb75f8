package rcp_test

import (
	"fmt"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/rcp"
)

// The RCP of an organization trail's log bucket and key: who is denied
// what, statement by statement.
func ExampleBuild() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "org-cloudtrail-logs",
		LogArchiveAccount: "222222222222",
		Organization:      &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111111111111"},
		KMSKeyARN:         "arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	docs, err := rcp.Build(rcp.Config{Site: site})
	if err != nil {
		fmt.Println(err)
		return
	}
	compact, _ := docs[0].CompactJSON()
	fmt.Printf("%d %s, %d of %d characters\n", len(docs), docs[0].Kind, policy.Size(policy.KindRCP, compact), policy.RCPLimit)
	for _, s := range docs[0].Statements {
		var ops []string
		for op, keys := range s.Condition {
			for k := range keys {
				ops = append(ops, op+" "+k)
			}
		}
		fmt.Println(s.Sid, len(s.Action.Values()), "actions on", len(s.Resource.Values()), "resources,", len(ops), "conditions")
	}
	// Output:
	// 1 resource control policy, 2642 of 5120 characters
	// DenyPrincipalsOutsideOrganization 2 actions on 3 resources, 2 conditions
	// DenyServicesOutsideOrganization 2 actions on 3 resources, 4 conditions
	// DenyInsecureTransport 2 actions on 3 resources, 1 conditions
	// DenyLogBucketTampering 31 actions on 2 resources, 1 conditions
	// DenyLogKeyTampering 5 actions on 1 resources, 1 conditions
}

// A site whose log bucket is in the management account gets no RCP: RCPs
// never apply to the management account's resources.
func ExampleBuild_managementAccount() {
	site, err := cloudtrail.New(cloudtrail.SiteConfig{
		Bucket:            "org-cloudtrail-logs",
		LogArchiveAccount: "111111111111",
		Organization:      &cloudtrail.Organization{ID: "o-a1b2c3d4e5", ManagementAccount: "111111111111"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = rcp.Build(rcp.Config{Site: site})
	fmt.Println(err)
	// Output:
	// logArchiveAccount: "111111111111" is the organization.managementAccount: RCPs never apply to the management account's resources, so this RCP would guard nothing; keep the logs in a member account, or set rcp.omit
}
