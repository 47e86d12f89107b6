resource "aws_iam_account_password_policy" "default_length" { # expect: AWS-IAM-018
  require_symbols = true
}
