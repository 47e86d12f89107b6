resource "aws_iam_policy" "s3_all" {
  name = "s3-all"
  policy = jsonencode({ # expect: AWS-IAM-010
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:*"]
      Resource = "arn:aws:s3:::data/*"
    }]
  })
}

data "aws_iam_policy_document" "kms" {
  statement {
    actions   = ["kms:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "kms" {
  name   = "kms"
  role   = "app"
  policy = data.aws_iam_policy_document.kms.json # expect: AWS-IAM-010
}

resource "aws_ssoadmin_permission_set_inline_policy" "identity_center" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy = jsonencode({ # expect: AWS-IAM-010
    Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::data/*" }]
  })
}
