package trust_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/trailpolicy/trailpolicy/internal/golden"
	"github.com/trailpolicy/trailpolicy/policy"
	"github.com/trailpolicy/trailpolicy/trust"
)

// fuzzCheck holds the invariants every builder of the package keeps (see
// golden.CheckBuilt); besides field errors, a size error may come.
func fuzzCheck(t *testing.T, what string, doc *policy.Document, err error) {
	t.Helper()
	golden.CheckBuilt(t, what, doc, err, func(e error) bool { var se *policy.SizeError; return errors.As(e, &se) })
}

// FuzzBuildTrustPolicy builds the vendor trust policy, and the reader trust
// policy from the same values, from fuzzed accounts, external ID, role name
// and role ARN.
func FuzzBuildTrustPolicy(f *testing.F) {
	f.Add("", "111122223333", "444455556666", "ExampleVendorID-1234", "", "", "")
	f.Add("aws", "111122223333", "444455556666", "a:b/c@d=e,f+g.h-i_j", "CloudTrailLogReader", "arn:aws:iam::444455556666:role/Ingest", "o-exampleorgid")
	f.Add("aws-us-gov", "111122223333", "444455556666", "xx", "r", "arn:aws-us-gov:iam::444455556666:role/path/Ingest", "")
	f.Add("aws", "111122223333", "111122223333", "x", "bad name", "arn:aws-cn:iam::444455556666:role/Ingest", "o-BAD")
	f.Add("aws", "١١١١٢٢٢٢٣٣٣٣", " 444455556666", "ext id\n", "", "arn:aws:iam::777788889999:role/x", "")
	f.Add("", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, part, logAcct, vendorAcct, extID, roleName, roleARN, org string) {
		vc := trust.VendorConfig{
			Partition:         policy.Partition(part),
			LogArchiveAccount: logAcct,
			VendorAccount:     vendorAcct,
			ExternalID:        extID,
			RoleName:          roleName,
		}
		if roleARN != "" {
			vc.VendorRoles = []string{roleARN, roleARN}
		}
		roles := slices.Clone(vc.VendorRoles)
		doc, err := trust.BuildTrustPolicy(vc)
		fuzzCheck(t, "BuildTrustPolicy", doc, err)
		if !slices.Equal(roles, vc.VendorRoles) {
			t.Errorf("BuildTrustPolicy modified VendorRoles: %q, now %q", roles, vc.VendorRoles)
		}
		if err == nil && vendorAcct == logAcct {
			t.Errorf("BuildTrustPolicy trusted the log archive account %s as a vendor", vendorAcct)
		}

		rc := trust.ReaderConfig{Partition: policy.Partition(part), LogArchiveAccount: logAcct, OrganizationID: org, RoleName: roleName}
		if roleARN != "" {
			rc.Principals = []string{roleARN}
		}
		if vendorAcct != "" {
			rc.Principals = append(rc.Principals, "arn:aws:iam::"+vendorAcct+":root")
		}
		doc, err = trust.BuildReaderTrustPolicy(rc)
		fuzzCheck(t, "BuildReaderTrustPolicy", doc, err)
	})
}

// FuzzBuildReadPolicy builds the vendor's read policy from a fuzzed bucket,
// prefix, accounts, organization ID and key ARN.
func FuzzBuildReadPolicy(f *testing.F) {
	const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	f.Add("", "example-cloudtrail-logs", "", "", "", "", "", uint8(0))
	f.Add("aws", "example-cloudtrail-logs", "logs/org", "111122223333", "444455556666", "o-exampleorgid", key, uint8(3))
	f.Add("aws-cn", "cn-logs", "", "111122223333", "", "", "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", uint8(1))
	f.Add("aws", "Bad..Bucket", "a//b", "11112222333", "１１１１２２２２３３３３", "o-x", "arn:aws:kms:us-east-1:111122223333:alias/x", uint8(2))
	f.Add("aws", "example-cloudtrail-logs", "x/../y", "111122223333\n", "", "", "arn:aws-cn:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", uint8(0))
	f.Fuzz(func(t *testing.T, part, bucketName, prefix, acct1, acct2, org, keyARN string, flags uint8) {
		cfg := trust.ReadConfig{
			Partition:              policy.Partition(part),
			Bucket:                 bucketName,
			Prefix:                 prefix,
			OrganizationID:         org,
			KMSKeyARN:              keyARN,
			BroadActions:           flags&1 != 0,
			AllowGetBucketLocation: flags&2 != 0,
		}
		for _, a := range []string{acct1, acct2} {
			if a != "" {
				cfg.Accounts = append(cfg.Accounts, a)
			}
		}
		accounts := slices.Clone(cfg.Accounts)
		doc, err := trust.BuildReadPolicy(cfg)
		fuzzCheck(t, "BuildReadPolicy", doc, err)
		if !slices.Equal(accounts, cfg.Accounts) {
			t.Errorf("BuildReadPolicy modified Accounts: %q, now %q", accounts, cfg.Accounts)
		}
	})
}
