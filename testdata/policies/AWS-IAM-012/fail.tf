resource "aws_iam_user_policy" "self_service" {
  name = "self-service"
  user = "alice"
  policy = jsonencode({ # expect: AWS-IAM-012
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:Put*", "iam:Get*"]
      Resource = "*"
    }]
  })
}

data "aws_iam_policy_document" "lambda_admin" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
  }
  statement {
    actions   = ["lambda:CreateFunction", "lambda:InvokeFunction"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "lambda_admin" {
  name   = "lambda-admin"
  policy = data.aws_iam_policy_document.lambda_admin.json # expect: AWS-IAM-012
}
