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
# and the Region of its resources.
provider "aws" {
  alias = "log_archive_account"
}

# The key account (333333333333) applies the resources with
# provider = aws.key_account. Configure the provider with credentials
# for that account, for example
#   assume_role {
#     role_arn = "<ARN of a role in 333333333333 that you may assume>"
#   }
# and region = "us-east-1", the key's Region (a KMS key is regional).
provider "aws" {
  alias = "key_account"
}

# The management account (111111111111) applies the resources with
# provider = aws.management_account. Configure the provider with credentials
# for that account, for example
#   assume_role {
#     role_arn = "<ARN of a role in 111111111111 that you may assume>"
#   }
# and the Region of its resources.
provider "aws" {
  alias = "management_account"
}

# The reader account 444444444444 applies the resources with
# provider = aws.reader_account_444444444444. Configure the provider with credentials
# for that account, for example
#   assume_role {
#     role_arn = "<ARN of a role in 444444444444 that you may assume>"
#   }
# and the Region of its resources.
provider "aws" {
  alias = "reader_account_444444444444"
}

# The reader account 555555555555 applies the resources with
# provider = aws.reader_account_555555555555. Configure the provider with credentials
# for that account, for example
#   assume_role {
#     role_arn = "<ARN of a role in 555555555555 that you may assume>"
#   }
# and the Region of its resources.
provider "aws" {
  alias = "reader_account_555555555555"
}
