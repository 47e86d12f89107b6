resource "aws_secretsmanager_secret_policy" "open" {
  secret_arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-AbCdEf"
  policy = jsonencode({ # expect: AWS-SECRETSMANAGER-003
    Statement = [{ Effect = "Allow", Principal = "*", Action = "secretsmanager:GetSecretValue", Resource = "*" }]
  })
}
