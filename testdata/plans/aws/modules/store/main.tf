variable "name" {
  type = string
}

resource "aws_s3_bucket" "this" {
  count  = 1
  bucket = var.name
}
