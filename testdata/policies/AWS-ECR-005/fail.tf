resource "aws_ecr_repository" "default" { # expect: AWS-ECR-005
  name = "app"
}

resource "aws_ecr_repository" "aws_managed" { # expect: AWS-ECR-005
  name = "worker"
  encryption_configuration {
    encryption_type = "KMS"
  }
}
