resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({ # expect: AWS-IAM-051
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:GetRole", "iam:AttachRolePolicy"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = jsonencode({ Statement = [] })
  inline_policy {
    name   = "buckets"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:PutBucket*", Resource = ["*"] }] }) # expect: AWS-IAM-051
  }
}

resource "aws_ssoadmin_permission_set_inline_policy" "keys" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy = jsonencode({ # expect: AWS-IAM-051
    Statement = [{ Effect = "Allow", Action = "kms:CreateGrant", Resource = "*" }]
  })
}
