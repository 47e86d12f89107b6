resource "aws_s3_bucket" "data" { # expect: AWS-S3-017
  bucket = "data-bucket"
}

resource "aws_s3_directory_bucket" "express" { # expect: AWS-S3-017
  bucket = "express--euw1-az1--x-s3"
  location {
    name = "euw1-az1"
  }
}
