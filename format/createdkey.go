package format

// TerraformKeyAddress is the address of the KMS key that [Terraform] creates
// for a key policy target with CreateKey; its arn attribute is the created
// key's ARN (terraform state show prints it), as the output [KeyARNName] of
// the [CloudFormation] template that creates the key is.
const TerraformKeyAddress = "aws_kms_key." + tfKey
