resource "aws_cloudfront_distribution" "bad" { # expect: AWS-CLOUDFRONT-004
  enabled    = true
  web_acl_id = "arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/abc"
  origin {
    domain_name = "origin.example.com"
    origin_id   = "app"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }
  origin {
    domain_name              = "assets.s3.eu-west-1.amazonaws.com"
    origin_id                = "assets"
    origin_access_control_id = "E2QWRUHAPOMQZL"
  }
  default_cache_behavior {
    target_origin_id       = "app"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}

# A delivery source for another kind of log, or for another resource, is not this one's access log.
resource "aws_cloudwatch_log_delivery_source" "not_access_logs" {
  name         = "cloudfront-other"
  log_type     = "CONNECTION_LOGS"
  resource_arn = aws_cloudfront_distribution.bad.arn
}
