resource "aws_iam_policy_attachment" "roles_only" {
  name       = "roles-only"
  roles      = ["app"]
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_group_policy_attachment" "devs" {
  group      = "devs"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# Names no users, roles or groups: attached to nobody.
resource "aws_iam_policy_attachment" "nobody" {
  name       = "nobody"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
