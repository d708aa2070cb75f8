package trailpolicy

import (
	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/internal/jsonstrict"
	"github.com/trailpolicy/trailpolicy/policy"
)

// WithCreatedKey returns the setup as deployed, for a setup with createKey
// whose Terraform or CloudFormation output has created the key: s with
// kmsKeyArn set to keyARN, the created key's ARN, and createKey cleared, so
// that [Setup.Build] (and package audit's IntentOf) names that key where the
// output wrote a reference to it. The documents are otherwise the same:
// createKey changes only which ARN names the key.
//
// keyARN is checked by [cloudtrail.Site.CheckCreatedKeyARN] against the site
// of s (a KMS key ARN as kmsKeyArn takes it, in the setup's partition, in
// logArchiveAccount and bucketRegion, where the output creates the key);
// field names it in the errors, as the caller's user gave it ("-kms-key-arn").
// A setup without createKey is refused: one that names its key with
// kmsKeyArn already says which key it is, and two sources of that value must
// not disagree silently. Every problem of s and of keyARN comes back at
// once; no setup is returned with an error.
func (s Setup) WithCreatedKey(field, keyARN string) (Setup, error) {
	if !s.CreateKey && s.KMSKeyARN != "" {
		return Setup{}, policy.NewFieldError(policy.ErrConflict, field, keyARN,
			"is the key of a setup with createKey, but this setup names its key, kmsKeyArn "+jsonstrict.Quote(s.KMSKeyARN)+
				": check the deployed documents against that key (leave "+field+" out), or change kmsKeyArn if the deployed key is another")
	}
	site, err := cloudtrail.New(s.SiteConfig)
	var p policy.Problems
	p.Add(err)
	p.Add(site.CheckCreatedKeyARN(field, keyARN))
	if err := p.Err(); err != nil {
		return Setup{}, err
	}
	s.KMSKeyARN, s.CreateKey = keyARN, false
	return s, nil
}
