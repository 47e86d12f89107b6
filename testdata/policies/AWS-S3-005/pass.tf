resource "aws_s3_bucket" "declared" {
  bucket = "with-public-access-block"
}

resource "aws_s3_bucket_public_access_block" "declared" {
  bucket                  = aws_s3_bucket.declared.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
