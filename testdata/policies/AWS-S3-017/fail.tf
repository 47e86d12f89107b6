resource "aws_s3_bucket" "data" { # expect: AWS-S3-017
  bucket = "data-bucket"
}
