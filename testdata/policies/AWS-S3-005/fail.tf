resource "aws_s3_bucket" "undeclared" { # expect: AWS-S3-005
  bucket = "no-public-access-block"
}
