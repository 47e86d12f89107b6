resource "aws_kms_key" "trail" {
  description = "cloudtrail"
}

resource "aws_cloudtrail" "main" {
  name           = "org-trail"
  s3_bucket_name = "org-trail-logs"
  kms_key_id     = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "literal" {
  name           = "literal-key"
  s3_bucket_name = "org-trail-logs"
  kms_key_id     = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

variable "trail_key" {
  type = string
}

# The key comes from a variable without a value: unknown, not reported.
resource "aws_cloudtrail" "from_variable" {
  name           = "variable-key"
  s3_bucket_name = "org-trail-logs"
  kms_key_id     = var.trail_key
}
