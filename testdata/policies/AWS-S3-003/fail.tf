resource "aws_s3_bucket" "default_encryption" { # expect: AWS-S3-003
  bucket = "sse-s3-only"
}

resource "aws_s3_bucket" "aes" { # expect: AWS-S3-003
  bucket = "aes256"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "aes" {
  bucket = aws_s3_bucket.aes.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket" "inline_aes" {
  bucket = "inline-aes256"
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256" # expect: AWS-S3-003
      }
    }
  }
}
