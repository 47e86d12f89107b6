resource "aws_iam_policy_attachment" "roles_only" {
  name       = "roles-only"
  roles      = ["app"]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "nobody" {
  name       = "nobody"
  users      = []
  groups     = ["devs"]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
