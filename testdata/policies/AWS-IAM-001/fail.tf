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

resource "aws_iam_role_policy" "heredoc" {
  name   = "heredoc"
  role   = "app"
  policy = <<-JSON # expect: AWS-IAM-001
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"},
        {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}
      ]
    }
  JSON
}
