resource "aws_cloudtrail" "main" { # expect: AWS-CLOUDTRAIL-010
  name                  = "org-trail"
  s3_bucket_name        = "org-trail-logs"
  is_multi_region_trail = true
}
