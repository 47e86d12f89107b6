resource "aws_s3_bucket" "data" { # expect: AWS-S3-013
  bucket = "data-without-logs"
}
