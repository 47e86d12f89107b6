resource "aws_cloudtrail" "default" {
  name           = "logging-by-default"
  s3_bucket_name = "org-trail-logs"
}

resource "aws_cloudtrail" "explicit" {
  name           = "logging"
  s3_bucket_name = "org-trail-logs"
  enable_logging = true
}

variable "logging" {
  type = bool
}

resource "aws_cloudtrail" "from_variable" {
  name           = "maybe"
  s3_bucket_name = "org-trail-logs"
  enable_logging = var.logging
}
