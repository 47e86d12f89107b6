resource "aws_iam_role_policy" "app" {
  name = "app"
  role = "app"
  policy = jsonencode({ # expect: AWS-IAM-013
    Statement = [{ Effect = "Allow", Action = ["secretsmanager:GetSecretValue"], Resource = "*" }]
  })
}

data "aws_iam_policy_document" "params" {
  statement {
    actions   = ["ssm:GetParam*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "params" {
  name   = "params"
  policy = data.aws_iam_policy_document.params.json # expect: AWS-IAM-013
}
