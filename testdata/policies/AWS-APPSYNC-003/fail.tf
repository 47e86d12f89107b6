resource "aws_appsync_api_cache" "cache" { # expect: AWS-APPSYNC-003
  api_id               = "abcdefghijklmnopqrstuvwxyz"
  type                 = "SMALL"
  api_caching_behavior = "FULL_REQUEST_CACHING"
  ttl                  = 300
}

resource "aws_appsync_api_cache" "half" {
  api_id               = "abcdefghijklmnopqrstuvwxyz"
  type                 = "SMALL"
  api_caching_behavior = "FULL_REQUEST_CACHING"
  ttl                  = 300
  at_rest_encryption_enabled = true
  transit_encryption_enabled = false # expect: AWS-APPSYNC-003
}
