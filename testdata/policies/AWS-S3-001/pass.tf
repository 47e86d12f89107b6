resource "aws_s3_bucket" "data" {
  bucket = "private-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

variable "allow_public_policy" {
  type = bool
}

# The flag depends on a variable without a value: unknown, not reported.
resource "aws_s3_bucket_public_access_block" "configurable" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = var.allow_public_policy
  ignore_public_acls      = true
  restrict_public_buckets = true
}
