variable "default_standards" {
  type = bool
}

resource "aws_securityhub_account" "this" {
  enable_default_standards = false # expect: AWS-SECURITYHUB-001
}

# Default standards are on unless turned off.
resource "aws_securityhub_account" "default" {
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_securityhub_account" "from_variable" {
  enable_default_standards = var.default_standards
}
