resource "aws_s3_bucket" "one" {
  bucket = "one"
}

# palisade:ignore-file:AWS-S3-002 sandbox account, wiped nightly

resource "aws_s3_bucket" "two" {
  bucket = "two"
}
