resource "aws_s3_bucket" "split" {
  bucket = "split-versioning"
}

resource "aws_s3_bucket_versioning" "split" {
  bucket = aws_s3_bucket.split.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "inline" {
  bucket = "inline-versioning"
  versioning {
    enabled = true
  }
}

# A versioning resource that names the bucket by its literal name.
resource "aws_s3_bucket" "by_name" {
  bucket = "named-bucket"
}

resource "aws_s3_bucket_versioning" "by_name" {
  bucket = "named-bucket"
  versioning_configuration {
    status = "Enabled"
  }
}

# The bucket name comes from a variable with no value: which bucket this versions is unknown, so the
# bucket below cannot be judged, and must not be reported.
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket" "maybe" {
  bucket = "maybe-versioned"
}

resource "aws_s3_bucket_versioning" "unknown_target" {
  bucket = var.bucket_name
  versioning_configuration {
    status = "Enabled"
  }
}
