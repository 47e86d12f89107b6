resource "aws_iam_role_policy_attachment" "readonly" {
  role       = "ci"
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

variable "policy_arn" {
  type = string
}

resource "aws_iam_user_policy_attachment" "unknown" {
  user       = "x"
  policy_arn = var.policy_arn
}
