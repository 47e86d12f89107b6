resource "aws_inspector2_enabler" "all" {
  account_ids    = ["111122223333"]
  resource_types = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]
}
