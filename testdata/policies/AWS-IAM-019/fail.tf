resource "aws_iam_account_password_policy" "short_history" {
  minimum_password_length   = 14
  password_reuse_prevention = 5 # expect: AWS-IAM-019
}
