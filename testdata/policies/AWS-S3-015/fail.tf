resource "aws_s3_access_point" "open" {
  bucket = "reports-bucket"
  name   = "open"
  public_access_block_configuration {
    block_public_acls       = true
    block_public_policy     = false # expect: AWS-S3-015
    ignore_public_acls      = true
    restrict_public_buckets = true
  }
}

resource "aws_s3control_multi_region_access_point" "global" {
  details {
    name = "global"
    public_access_block {
      restrict_public_buckets = false # expect: AWS-S3-015
    }
    region {
      bucket = "reports-eu"
    }
  }
}
