resource "aws_ssm_parameter" "token" { # expect: AWS-SSM-003
  name  = "/app/token"
  type  = "SecureString"
  value = "placeholder"
}
