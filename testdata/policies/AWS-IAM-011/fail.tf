resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({ # expect: AWS-IAM-011
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:PassRole", "lambda:UpdateFunctionCode"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = jsonencode({ Statement = [] })
  inline_policy {
    name   = "pass"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:Pass*", Resource = ["*"] }] }) # expect: AWS-IAM-011
  }
}

resource "aws_ssoadmin_permission_set_inline_policy" "identity_center" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy = jsonencode({ # expect: AWS-IAM-011
    Statement = [{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }]
  })
}
