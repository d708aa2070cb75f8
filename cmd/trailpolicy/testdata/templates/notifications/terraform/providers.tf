# AWS provider configurations for the CloudTrail logging resources generated
# by trailpolicy: one for each account that applies some of them. Fill in
# each with credentials for its account; in a child module, list the aliases
# in configuration_aliases and pass the configurations in instead.

# The log archive account (222222222222) applies the resources with
# provider = aws.log_archive_account. Configure the provider with credentials
# for that account, for example
#   assume_role {
#     role_arn = "<ARN of a role in 222222222222 that you may assume>"
#   }
# and region = "us-east-1", the key's Region (a KMS key is regional).
provider "aws" {
  alias = "log_archive_account"
}

# The trail account (123456789012) applies the resources with
# provider = aws.trail_account. Configure the provider with credentials
# for that account, for example
#   assume_role {
#     role_arn = "<ARN of a role in 123456789012 that you may assume>"
#   }
# and the Region of its resources.
provider "aws" {
  alias = "trail_account"
}
