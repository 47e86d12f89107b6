resource "aws_secretsmanager_secret" "db" { # expect: AWS-SECRETSMANAGER-001
  name = "app/db"
}
