resource "aws_cloudtrail" "regional" { # expect: AWS-CLOUDTRAIL-001
  name           = "regional"
  s3_bucket_name = "trail-logs"
}

resource "aws_cloudtrail" "explicit" {
  name                  = "explicit"
  s3_bucket_name        = "trail-logs"
  is_multi_region_trail = false # expect: AWS-CLOUDTRAIL-001
}
