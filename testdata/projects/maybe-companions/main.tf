variable "versioned" {
  type = bool
}

# Versioning exists only if var.versioned is true, which nobody knows before deployment: it cannot
# make the bucket pass.
resource "aws_s3_bucket" "maybe" {
  bucket = "maybe"
}

resource "aws_s3_bucket_versioning" "maybe" {
  count  = var.versioned ? 1 : 0
  bucket = aws_s3_bucket.maybe.id
  versioning_configuration {
    status = "Enabled"
  }
}

# Always versioned: passes.
resource "aws_s3_bucket" "sure" {
  bucket = "sure"
}

resource "aws_s3_bucket_versioning" "sure" {
  count  = 1
  bucket = aws_s3_bucket.sure.id
  versioning_configuration {
    status = "Enabled"
  }
}

# A bucket whose own count is unknown is still reported: no instance of it that could exist is
# versioned.
resource "aws_s3_bucket" "unversioned" {
  count  = var.versioned ? 0 : 2
  bucket = "unversioned-${count.index}"
}
