resource "aws_inspector2_enabler" "lambda_only" {
  account_ids    = ["111122223333"]
  resource_types = ["LAMBDA"] # expect: AWS-INSPECTOR-001
}

resource "aws_inspector2_enabler" "no_ecr" {
  account_ids    = ["444455556666"]
  resource_types = ["EC2", "LAMBDA"] # expect: AWS-INSPECTOR-001
}
