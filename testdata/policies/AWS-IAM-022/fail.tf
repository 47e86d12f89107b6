resource "aws_iam_role_policy_attachment" "admin" {
  role       = "ci"
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess" # expect: AWS-IAM-022
}

resource "aws_iam_role" "inline_arns" {
  name                = "ops"
  assume_role_policy  = jsonencode({ Statement = [] })
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] # expect: AWS-IAM-022
}
