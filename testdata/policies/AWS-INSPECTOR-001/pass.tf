variable "scan_types" {
  type = list(string)
}

resource "aws_inspector2_enabler" "all" {
  account_ids    = ["111122223333"]
  resource_types = ["EC2", "ECR", "LAMBDA"]
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_inspector2_enabler" "from_variable" {
  account_ids    = ["444455556666"]
  resource_types = var.scan_types
}
