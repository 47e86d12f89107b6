resource "aws_cloudtrail" "unvalidated" { # expect: AWS-CLOUDTRAIL-002
  name                  = "unvalidated"
  s3_bucket_name        = "trail-logs"
  is_multi_region_trail = true
}
