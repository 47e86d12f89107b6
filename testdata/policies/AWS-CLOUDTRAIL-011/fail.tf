resource "aws_cloudtrail" "main" { # expect: AWS-CLOUDTRAIL-011
  name           = "org-trail"
  s3_bucket_name = "org-trail-logs"
}
