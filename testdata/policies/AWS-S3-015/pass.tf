resource "aws_s3_access_point" "default" {
  bucket = "reports-bucket"
  name   = "default"
}

resource "aws_s3_access_point" "explicit" {
  bucket = "reports-bucket"
  name   = "explicit"
  public_access_block_configuration {
    block_public_acls       = true
    block_public_policy     = true
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}

resource "aws_s3control_multi_region_access_point" "global" {
  details {
    name = "global"
    region {
      bucket = "reports-eu"
    }
  }
}
