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

resource "aws_ssoadmin_permission_set_inline_policy" "identity_center" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy = jsonencode({ # expect: AWS-IAM-012
    Statement = [{ Effect = "Allow", Action = "iam:CreatePolicyVersion", Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "function_deployer" {
  name = "function-deployer"
  role = "deployer"
  policy = jsonencode({ # expect: AWS-IAM-012
    Statement = [{ Effect = "Allow", Action = ["lambda:UpdateFunctionCode", "lambda:GetFunction"], Resource = "*" }]
  })
}
