resource "aws_secretsmanager_secret_policy" "scoped" {
  secret_arn          = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-AbCdEf"
  block_public_policy = true
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/app" }, Action = "secretsmanager:GetSecretValue", Resource = "*" }]
  })
}
