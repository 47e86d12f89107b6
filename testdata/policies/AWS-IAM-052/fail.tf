resource "aws_iam_role_policy" "ci" {
  role = "ci"
  policy = jsonencode({ # expect: AWS-IAM-052
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }]
  })
}

data "aws_iam_policy_document" "hop" {
  statement {
    actions   = ["sts:*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "hop" {
  name   = "hop"
  policy = data.aws_iam_policy_document.hop.json # expect: AWS-IAM-052
}

resource "aws_ssoadmin_permission_set_inline_policy" "jump" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy = jsonencode({ # expect: AWS-IAM-052
    Statement = [{ Effect = "Allow", Action = ["sts:AssumeRole"], Resource = "*" }]
  })
}
