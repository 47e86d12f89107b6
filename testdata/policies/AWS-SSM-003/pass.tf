resource "aws_ssm_parameter" "token" {
  name   = "/app/token"
  type   = "SecureString"
  key_id = "alias/params"
  value  = "placeholder"
}

resource "aws_ssm_parameter" "host" {
  name  = "/app/host"
  type  = "String"
  value = "db.internal"
}
