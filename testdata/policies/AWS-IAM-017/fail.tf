resource "aws_iam_group_policy" "admins" {
  name  = "admins"
  group = "admins"
  policy = jsonencode({ # expect: AWS-IAM-017
    Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }]
  })
}

resource "aws_iam_user_policy" "ops" {
  name = "ops"
  user = "ops"
  policy = jsonencode({ # expect: AWS-IAM-017
    Statement = [{ Effect = "Allow", Action = ["cloudtrail:StopLogging"], Resource = "*", Condition = { IpAddress = { "aws:SourceIp" = "203.0.113.0/24" } } }]
  })
}
