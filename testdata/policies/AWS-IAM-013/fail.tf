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

resource "aws_ssoadmin_permission_set_inline_policy" "identity_center" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy = jsonencode({ # expect: AWS-IAM-013
    Statement = [{ Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "*" }]
  })
}
