resource "aws_s3_bucket" "site" {
  bucket = "public-site"
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = false # expect: AWS-S3-001
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Flags not written default to false in the provider.
resource "aws_s3_bucket_public_access_block" "partial" { # expect: AWS-S3-001
  bucket            = aws_s3_bucket.site.id
  block_public_acls = true
}

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = false # expect: AWS-S3-001
  restrict_public_buckets = true
}
