resource "aws_s3_bucket_ownership_controls" "enforced" {
  bucket = "shared"
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
