variable "extra_roles" {
  type = number
}

locals {
  grants = {
    admin = { actions = ["*"], resources = ["*"] }
    read  = { actions = ["s3:GetObject"], resources = ["arn:aws:s3:::reports/*"] }
  }
}

# One document per key: "admin" grants everything, "read" one bucket's objects.
data "aws_iam_policy_document" "by_role" {
  for_each = local.grants
  statement {
    actions   = each.value.actions
    resources = each.value.resources
  }
}

resource "aws_iam_policy" "by_role" {
  for_each = local.grants
  name     = "by-role-${each.key}"
  policy   = data.aws_iam_policy_document.by_role[each.key].json
}

# How many documents exist depends on a variable without a value: not judged.
data "aws_iam_policy_document" "extra" {
  count = var.extra_roles
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "extra" {
  name   = "extra"
  policy = data.aws_iam_policy_document.extra[0].json
}
