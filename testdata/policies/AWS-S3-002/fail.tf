resource "aws_s3_bucket" "no_versioning" { # expect: AWS-S3-002
  bucket = "logs-without-versioning"
}

resource "aws_s3_bucket" "suspended" { # expect: AWS-S3-002
  bucket = "suspended-versioning"
}

resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.suspended.id
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket" "inline_disabled" {
  bucket = "inline-disabled"
  versioning {
    enabled = false # expect: AWS-S3-002
  }
}
