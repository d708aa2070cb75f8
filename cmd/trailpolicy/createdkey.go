package main

import (
	"flag"

	"github.com/trailpolicy/trailpolicy"
	"github.com/trailpolicy/trailpolicy/format"
	"github.com/trailpolicy/trailpolicy/policy"
)

// keyFlag is the setup flag that, for the commands that read what is
// deployed (audit, check, diff), names the key that the output of a setup with
// createKey created.
const keyFlag = "kms-key-arn"

// createdKeyHelp says, in the help of audit and check, what -kms-key-arn
// means there.
const createdKeyHelp = `With createKey in the setup, -kms-key-arn ARN is required: the ARN of the
key the Terraform or CloudFormation output created (the stack's output
` + format.KeyARNName + `, or the arn of ` + format.TerraformKeyAddress + ` in the
Terraform state), in logArchiveAccount and bucketRegion, as deployed. With
kmsKeyArn in the setup file, -kms-key-arn is refused: the file names the key.
`

// errCreatedKeyARN is why a setup with createKey is not audited, asked or
// compared without -kms-key-arn: its documents name a key that exists only once the
// output has created it.
var errCreatedKeyARN = policy.NewFieldError(policy.ErrRequired, "createKey", "true",
	"names no key ARN yet: give the ARN of the key the output created, as deployed, with -"+keyFlag+
		" (the CloudFormation output "+format.KeyARNName+", or the arn of "+format.TerraformKeyAddress+" in the Terraform state)")

// deployedSetup is [setupFlags.setup] for the commands that read what is
// deployed. For a setup with createKey, -kms-key-arn is required and names
// the created key (see [trailpolicy.Setup.WithCreatedKey], which checks it
// and returns the setup as deployed); with kmsKeyArn in the -config file it
// is refused, since the file names the key; for a setup whose key neither
// the file names nor the output creates, it is kmsKeyArn, as for every
// command. On failure it prints every problem and returns false.
func (sf *setupFlags) deployedSetup(e *env) (trailpolicy.Setup, bool) {
	s, _, ok := sf.setup(e)
	if !ok {
		return s, false
	}
	given := false
	sf.fs.Visit(func(f *flag.Flag) { given = given || f.Name == keyFlag })
	if !given {
		if !s.CreateKey {
			return s, true
		}
		var p policy.Problems
		p.Add(errCreatedKeyARN)
		_, err := s.Build() // the setup's own problems, in the same run
		p.Add(err)
		sf.problems(e, p.Err())
		return s, false
	}
	arn := s.KMSKeyARN // the flag's, which setup put in place of the file's
	s.KMSKeyARN = sf.fileKMSKeyARN
	if !s.CreateKey && s.KMSKeyARN == "" {
		s.KMSKeyARN = arn
		return s, true
	}
	d, err := s.WithCreatedKey("-"+keyFlag, arn)
	if err != nil {
		sf.problems(e, err)
		return s, false
	}
	return d, true
}

// deployedBundle builds [setupFlags.deployedSetup]; on failure it prints
// every problem and returns false.
func (sf *setupFlags) deployedBundle(e *env) (*trailpolicy.Bundle, bool) {
	s, ok := sf.deployedSetup(e)
	if !ok {
		return nil, false
	}
	b, err := s.Build()
	if err != nil {
		sf.problems(e, err)
		return nil, false
	}
	return b, true
}
