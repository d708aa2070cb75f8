package cloudtrail

import (
	"strings"

	"github.com/trailpolicy/trailpolicy/policy"
)

// CheckCreatedKeyARN checks that arn, given in field (the command's
// "-kms-key-arn"), can be the ARN of the key that the Terraform or
// CloudFormation output of a site with createKey created, so that the
// deployed documents, which name that key, can be checked against it
// (package audit). Every problem is reported at once, each naming field and
// arn:
//
//   - arn is a KMS key ARN, parsed as kmsKeyArn is ([policy.ParseKeyARN]:
//     arn:<partition>:kms:<region>:<account>:key/<key id>, no alias; the
//     shape AWS KMS documents in "Find the key ID and key ARN",
//     https://docs.aws.amazon.com/kms/latest/developerguide/find-cmk-id-arn.html,
//     read 2026-12-02), in the site's partition, as [New] checks kmsKeyArn;
//   - it is in logArchiveAccount and bucketRegion, where the output creates
//     the key (the account and Region of the placeholder, [PlannedKeyID]):
//     kmsKeyArn may name a key of another account, but the created key is
//     the log archive account's, and the Region is the bucket's for both
//     (SSE-KMS needs a key in the bucket's Region, see [New]);
//   - it is not the placeholder itself, which no key has.
//
// On a site that [New] returned with an error, only the checks that the
// values it holds allow are made (its own problems are New's to report). A
// complete site without createKey has no created key: arn is refused.
func (s *Site) CheckCreatedKeyARN(field, arn string) error {
	if s == nil {
		return policy.NewFieldError(ErrIncompleteSite, "site", "", "is nil: make one with cloudtrail.New")
	}
	if !s.createKey && !s.incomplete {
		return fieldErr(policy.ErrConflict, field, arn, "names the key the output created, but the setup does not set createKey: a setup that names its key (kmsKeyArn) is checked against that key")
	}
	if arn == "" {
		return fieldErr(policy.ErrRequired, field, arn, "is empty: give the ARN of the key the output created (createKey), arn:%s:kms:<region>:<account>:key/<key id>", s.part)
	}
	a, err := policy.ParseKeyARN(field, arn)
	if err != nil {
		return err
	}
	if err := s.CheckPartitionOf(field, arn, a); err != nil {
		return err
	}
	if !s.createKey {
		return nil // the incomplete site has no planned key to compare with
	}
	planned := *s.key
	var got, want []string
	if a.AccountID != planned.AccountID {
		got = append(got, "account "+a.AccountID)
		want = append(want, "logArchiveAccount "+planned.AccountID)
	}
	if a.Region != planned.Region {
		got = append(got, "Region "+a.Region)
		want = append(want, "bucketRegion "+planned.Region)
	}
	switch {
	case len(got) > 0:
		return fieldErr(policy.ErrConflict, field, arn, "is in %s, but the output creates the key in %s: give the ARN of the key it created", strings.Join(got, " and "), strings.Join(want, " and "))
	case a.Resource == planned.Resource:
		return fieldErr(policy.ErrConflict, field, arn, "is the placeholder ARN (key ID %s) by which the documents name the key before it exists: give the ARN the created key got", PlannedKeyID)
	}
	return nil
}
