resource "aws_ssm_parameter" "db_password" {
  name  = "/app/db/password"
  type  = "String" # expect: AWS-SSM-001
  value = "placeholder"
}
