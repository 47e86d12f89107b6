resource "aws_iam_policy" "uploader" {
  name = "uploader"
  policy = jsonencode({ # expect: AWS-IAM-050
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "*"
    }]
  })
}

data "aws_iam_policy_document" "ops" {
  statement {
    actions   = ["ec2:Describe*", "ec2:Terminate*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "ops" {
  role   = "ops"
  policy = data.aws_iam_policy_document.ops.json # expect: AWS-IAM-050
}

resource "aws_ssoadmin_permission_set_inline_policy" "dev" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy = jsonencode({ # expect: AWS-IAM-050
    Statement = [{ Effect = "Allow", Action = "dynamodb:DeleteTable", Resource = "*" }]
  })
}
