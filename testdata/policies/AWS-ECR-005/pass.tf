variable "ecr_key_arn" {
  type = string
}

resource "aws_kms_key" "ecr" {
  description         = "ECR images"
  enable_key_rotation = true
}

resource "aws_ecr_repository" "app" {
  name = "app"
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

# The key comes from a variable without a value: unknown, not reported.
resource "aws_ecr_repository" "worker" {
  name = "worker"
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.ecr_key_arn
  }
}
