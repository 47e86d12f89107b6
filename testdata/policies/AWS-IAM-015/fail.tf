resource "aws_iam_user_policy" "alice" {
  name   = "alice"
  user   = "alice" # expect: AWS-IAM-015
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}

resource "aws_iam_user_policy_attachment" "bob" {
  user       = "bob" # expect: AWS-IAM-015
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "mixed" {
  name       = "mixed"
  users      = ["carol"] # expect: AWS-IAM-015
  roles      = ["app"]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
