resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_ecr_repository_policy" "open" {
  repository = aws_ecr_repository.app.name
  policy     = jsonencode({ # expect: AWS-ECR-004
    Version = "2012-10-17"
    Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = "ecr:BatchGetImage"
        Resource  = "*"
    }]
  })
}
