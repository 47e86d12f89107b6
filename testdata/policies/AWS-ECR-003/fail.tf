resource "aws_ecr_repository" "app" { # expect: AWS-ECR-003
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"
}
