resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_ecr_repository_policy" "org" {
  repository = aws_ecr_repository.app.name
  policy     = jsonencode({
    Version = "2012-10-17"
    Statement = [{
        Effect    = "Allow"
        Principal = { AWS = "*" }
        Action    = "ecr:BatchGetImage"
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = "123456789012" } }
    }]
  })
}
