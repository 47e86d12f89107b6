resource "aws_s3_bucket_acl" "private" {
  bucket = "private"
  acl    = "private"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = "logs"
  acl    = "log-delivery-write"
}

variable "acl" {
  type = string
}

resource "aws_s3_bucket_acl" "unknown" {
  bucket = "unknown"
  acl    = var.acl
}
