resource "aws_iam_group_policy" "admins" {
  name  = "admins"
  group = "admins"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "iam:*"
      Resource  = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "true" } }
    }]
  })
}

resource "aws_iam_user_policy" "reader" {
  name   = "reader"
  user   = "reader"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["s3:Get*", "iam:List*"], Resource = "*" }] })
}
