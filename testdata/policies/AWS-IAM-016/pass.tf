resource "aws_iam_access_key" "retired" {
  user   = "legacy"
  status = "Inactive"
}

variable "key_status" {
  type = string
}

resource "aws_iam_access_key" "unknown" {
  user   = "legacy"
  status = var.key_status
}
