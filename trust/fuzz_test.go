package trust_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
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

// checkRefused fails t when a builder built a document from a Site that
// cloudtrail.New refused, or refused it without saying so: whatever the
// input, a Site with problems yields no document.
func checkRefused(t *testing.T, what string, siteErr error, doc *policy.Document, err error) {
	t.Helper()
	if siteErr != nil && (doc != nil || !errors.Is(err, cloudtrail.ErrIncompleteSite)) {
		t.Errorf("%s built from a Site that cloudtrail.New refused (%v): %v, %v", what, siteErr, doc, err)
	}
}

// FuzzBuildTrustPolicy builds the vendor trust policy, and the reader trust
// policy from the same values, from a fuzzed partition and log archive
// account (through cloudtrail.New), vendor account, external ID, role name,
// role ARN and organization ID.
func FuzzBuildTrustPolicy(f *testing.F) {
	f.Add("", "111122223333", "444455556666", "ExampleVendorID-1234", "", "", "")
	f.Add("aws", "111122223333", "444455556666", "a:b/c@d=e,f+g.h-i_j", "CloudTrailLogReader", "arn:aws:iam::444455556666:role/Ingest", "o-exampleorgid")
	f.Add("aws-us-gov", "111122223333", "444455556666", "xx", "r", "arn:aws-us-gov:iam::444455556666:role/path/Ingest", "")
	f.Add("aws", "111122223333", "111122223333", "x", "bad name", "arn:aws-cn:iam::444455556666:role/Ingest", "o-BAD")
	f.Add("aws", "١١١١٢٢٢٢٣٣٣٣", " 444455556666", "ext id\n", "", "arn:aws:iam::777788889999:role/x", "")
	f.Add("", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, part, logAcct, vendorAcct, extID, roleName, roleARN, org string) {
		sc := cloudtrail.SiteConfig{
			Partition:         policy.Partition(part),
			Bucket:            "example-cloudtrail-logs",
			LogArchiveAccount: logAcct,
			Accounts:          []string{"111122223333"},
		}
		if org != "" {
			sc.Organization = &cloudtrail.Organization{ID: org, ManagementAccount: "555566667777"}
		}
		site, siteErr := cloudtrail.New(sc)
		vc := trust.VendorConfig{
			Site:   site,
			Vendor: trust.Vendor{Account: vendorAcct, ExternalID: extID, RoleName: roleName},
		}
		if roleARN != "" {
			vc.Vendor.Roles = []string{roleARN, roleARN}
		}
		roles := slices.Clone(vc.Vendor.Roles)
		doc, err := trust.BuildTrustPolicy(vc)
		fuzzCheck(t, "BuildTrustPolicy", doc, err)
		checkRefused(t, "BuildTrustPolicy", siteErr, doc, err)
		if !slices.Equal(roles, vc.Vendor.Roles) {
			t.Errorf("BuildTrustPolicy modified vendor.roles: %q, now %q", roles, vc.Vendor.Roles)
		}
		if err == nil && vendorAcct == logAcct {
			t.Errorf("BuildTrustPolicy trusted the log archive account %s as a vendor", vendorAcct)
		}
		if arn, ok := vc.RoleARN(); err == nil && !ok {
			t.Errorf("BuildTrustPolicy accepted a config whose RoleARN is %q, false", arn)
		}

		rc := trust.ReaderConfig{Site: site, LimitToOrganization: org != "", RoleName: roleName}
		if roleARN != "" {
			rc.Principals = []string{roleARN}
		}
		if vendorAcct != "" {
			rc.Principals = append(rc.Principals, "arn:aws:iam::"+vendorAcct+":root")
		}
		doc, err = trust.BuildReaderTrustPolicy(rc)
		fuzzCheck(t, "BuildReaderTrustPolicy", doc, err)
		checkRefused(t, "BuildReaderTrustPolicy", siteErr, doc, err)
	})
}

// FuzzBuildReadPolicy builds the vendor's read policy from a fuzzed
// partition, bucket, prefix, organization ID and key ARN (through
// cloudtrail.New), accounts to limit reading to, and flags: bit 0
// BroadActions, bit 1 AllowGetBucketLocation, and bit 2 flips
// LimitToOrganization, which is otherwise set when there is an organization
// (so that it is also tried without one, and an organization without it).
func FuzzBuildReadPolicy(f *testing.F) {
	const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	f.Add("", "example-cloudtrail-logs", "", "", "", "", "", uint8(0))
	f.Add("aws", "example-cloudtrail-logs", "logs/org", "111122223333", "444455556666", "o-exampleorgid", key, uint8(3))
	f.Add("aws-cn", "cn-logs", "", "111122223333", "", "", "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", uint8(1))
	f.Add("aws", "Bad..Bucket", "a//b", "11112222333", "１１１１２２２２３３３３", "o-x", "arn:aws:kms:us-east-1:111122223333:alias/x", uint8(2))
	f.Add("aws", "example-cloudtrail-logs", "x/../y", "111122223333\n", "", "", "arn:aws-cn:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", uint8(0))
	f.Add("aws", "example-cloudtrail-logs", "", "111122223333", "", "", "", uint8(4))
	f.Fuzz(func(t *testing.T, part, bucketName, prefix, acct1, acct2, org, keyARN string, flags uint8) {
		sc := cloudtrail.SiteConfig{
			Partition: policy.Partition(part),
			Bucket:    bucketName,
			Prefix:    prefix,
			Accounts:  []string{"111122223333"},
			KMSKeyARN: keyARN,
		}
		if org != "" {
			sc.Organization = &cloudtrail.Organization{ID: org, ManagementAccount: "555566667777"}
		}
		site, siteErr := cloudtrail.New(sc)
		cfg := trust.ReadConfig{
			Site: site,
			ReadOptions: trust.ReadOptions{
				LimitToOrganization:    (org != "") != (flags&4 != 0),
				BroadActions:           flags&1 != 0,
				AllowGetBucketLocation: flags&2 != 0,
			},
		}
		for _, a := range []string{acct1, acct2} {
			if a != "" {
				cfg.LimitToAccounts = append(cfg.LimitToAccounts, a)
			}
		}
		accounts := slices.Clone(cfg.LimitToAccounts)
		doc, err := trust.BuildReadPolicy(cfg)
		fuzzCheck(t, "BuildReadPolicy", doc, err)
		checkRefused(t, "BuildReadPolicy", siteErr, doc, err)
		if !slices.Equal(accounts, cfg.LimitToAccounts) {
			t.Errorf("BuildReadPolicy modified limitToAccounts: %q, now %q", accounts, cfg.LimitToAccounts)
		}
		if err == nil && cfg.LimitToOrganization && org == "" {
			t.Errorf("BuildReadPolicy limited reading to the organization of a setup without one")
		}
	})
}
