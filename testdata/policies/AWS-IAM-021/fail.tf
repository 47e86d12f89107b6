resource "aws_iam_account_password_policy" "never" { # expect: AWS-IAM-021
  minimum_password_length = 14
}

resource "aws_iam_account_password_policy" "yearly" {
  minimum_password_length = 14
  max_password_age        = 365 # expect: AWS-IAM-021
}
