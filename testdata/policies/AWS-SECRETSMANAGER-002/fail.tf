resource "aws_secretsmanager_secret" "db" { # expect: AWS-SECRETSMANAGER-002
  name = "app/db"
}
