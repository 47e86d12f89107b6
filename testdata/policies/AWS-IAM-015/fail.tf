resource "aws_iam_user_policy" "alice" { # expect: AWS-IAM-015
  name   = "alice"
  user   = "alice"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}

resource "aws_iam_user_policy_attachment" "bob" { # expect: AWS-IAM-015
  user       = "bob"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "mixed" {
  name       = "mixed"
  users      = ["carol"] # expect: AWS-IAM-015
  roles      = ["app"]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user" "dave" {
  name = "dave-${var.suffix}"
}

variable "suffix" {
  type = string
}

# Which user is unknown, but it is a user.
resource "aws_iam_user_policy_attachment" "dave" { # expect: AWS-IAM-015
  user       = aws_iam_user.dave.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
