resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({ # expect: AWS-IAM-001
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}

locals {
  heredoc_policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"},
        {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}
      ]
    }
  JSON
}

resource "aws_iam_role_policy" "heredoc" {
  name   = "heredoc"
  role   = "app"
  policy = local.heredoc_policy # expect: AWS-IAM-001
}

resource "aws_iam_role" "inline" {
  name               = "inline"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
  inline_policy {
    name   = "admin"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["*"], Resource = "*" }] }) # expect: AWS-IAM-001
  }
}

data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "ReadLogs"
    actions   = ["logs:GetLogEvents"]
    resources = [aws_s3_bucket.logs.arn]
  }
  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

resource "aws_iam_policy" "from_document" {
  name   = "from-document"
  policy = data.aws_iam_policy_document.admin.json # expect: AWS-IAM-001
}

resource "aws_ssoadmin_permission_set_inline_policy" "identity_center" {
  instance_arn       = "arn:aws:sso:::instance/ssoins-1111111111111111"
  permission_set_arn = "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222"
  inline_policy = jsonencode({ # expect: AWS-IAM-001
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
