resource "aws_inspector2_enabler" "hosts" {
  account_ids    = ["111122223333"]
  resource_types = ["EC2", "ECR"] # expect: AWS-INSPECTOR-002
}

resource "aws_inspector2_enabler" "no_code" {
  account_ids    = ["444455556666"]
  resource_types = ["EC2", "ECR", "LAMBDA"] # expect: AWS-INSPECTOR-002
}
