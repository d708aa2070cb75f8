package snstopic

import (
	"fmt"

	iampolicy "github.com/micahhausler/aws-iam-policy/policy"

	"github.com/trailpolicy/trailpolicy/cloudtrail"
	"github.com/trailpolicy/trailpolicy/policy"
)

// PolicyID is the topic policy's Id element. SNS requires a unique Id per
// policy, and the topic has one policy.
const PolicyID = "CloudTrailTopicPolicy"

// Config describes the topic policy. The zero value is not usable: Site is
// required and must name an SNS topic (snsTopicArn).
type Config struct {
	// Site is the logging site, made by [cloudtrail.New]. Required; its
	// SNS topic ([cloudtrail.Site.SNSTopic]) is the policy's Resource and
	// its trails the aws:SourceArn values.
	Site *cloudtrail.Site
	// Limits overrides the size limits; a zero field means the AWS default
	// ([policy.TopicPolicyLimit]).
	Limits policy.Limits
}

// Build returns the topic policy described in the package documentation,
// or every problem at once with no document: the Site's own state (an error
// wrapping [cloudtrail.ErrIncompleteSite]) and a site without a topic
// (snsTopicArn, [policy.ErrRequired]).
func Build(cfg Config) (*policy.Document, error) {
	s := cfg.Site
	var p policy.Problems
	p.Add(s.Check())
	topic, ok := s.SNSTopic()
	if s != nil && !ok && !s.Refused("snsTopicArn") {
		p.Addf(policy.ErrRequired, "snsTopicArn", "", "is empty: the topic policy needs the ARN of the topic the trails notify")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	trails := s.TrailsIn(topic.AccountID, topic.Region)
	op := "StringLike"
	if s.ExactTrails() {
		// Exact ARNs, as AWS's example writes them: a *Like operator would
		// read a * in them as a wildcard.
		op = "StringEquals"
	}
	doc := policy.New(policy.KindTopicPolicy, iampolicy.Statement{
		Sid:       "AllowCloudTrailPublish",
		Effect:    iampolicy.EffectAllow,
		Principal: policy.ServicePrincipal(cloudtrail.ServicePrincipal),
		// Spelt as AWS's page spells it; actions are case-insensitive.
		Action:   policy.Strings("SNS:Publish"),
		Resource: policy.Strings(topic.String()),
		// Only the setup's trails: without it any trail of any account
		// could have CloudTrail publish to the topic.
		Condition: policy.Conditions{}.With(op, "aws:SourceArn", trails...),
	})
	doc.ID = PolicyID
	if err := doc.ValidateWithLimits(cfg.Limits); err != nil {
		return nil, err
	}
	return doc, nil
}

// KeyPolicyNote says what the key policy of a KMS key that encrypts the
// topic must allow, for the CLI to print beside the topic policy: AWS's
// page lists kms:GenerateDataKey* and kms:Decrypt for the CloudTrail
// service principal. The setup's own key gets that statement with
// keyPolicy.allowCloudTrailToEncryptTopic (package kmskey).
func KeyPolicyNote(topicARN string) string {
	return fmt.Sprintf("if the SNS topic %s is encrypted with a customer managed KMS key, that key's policy must also allow %s kms:GenerateDataKey* and kms:Decrypt (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-permissions-for-sns-notifications.html); for the setup's own key, set keyPolicy.allowCloudTrailToEncryptTopic", topicARN, cloudtrail.ServicePrincipal)
}
