resource "aws_kms_key" "open" {
  description = "open"
  policy = jsonencode({ # expect: AWS-KMS-002
    Statement = [{ Effect = "Allow", Principal = { AWS = "*" }, Action = "kms:*", Resource = "*" }]
  })
}
