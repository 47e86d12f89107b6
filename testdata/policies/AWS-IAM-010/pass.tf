resource "aws_iam_policy" "scoped" {
  name = "scoped"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:List*"]
      Resource = "*"
    }, {
      Effect   = "Deny"
      Action   = "s3:*"
      Resource = "*"
    }]
  })
}

variable "actions" {
  type = list(string)
}

# Unknown actions: not reported.
resource "aws_iam_policy" "from_var" {
  name = "from-var"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = var.actions, Resource = "arn:aws:s3:::x" }]
  })
}
