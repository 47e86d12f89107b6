resource "aws_s3_bucket_ownership_controls" "writer" {
  bucket = "shared"
  rule {
    object_ownership = "ObjectWriter" # expect: AWS-S3-014
  }
}
