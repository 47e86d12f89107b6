resource "aws_iam_policy" "scoped" {
  name = "scoped"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::data/*"
      },
      {
        Effect   = "Deny"
        Action   = "*"
        Resource = "*"
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      }
    ]
  })
}

data "aws_iam_policy_document" "remote" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["*"]
  }
}

# A document rendered by the data source: scoped to one action, not reported.
resource "aws_iam_policy" "from_data" {
  name   = "from-data"
  policy = data.aws_iam_policy_document.remote.json
}
