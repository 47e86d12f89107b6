resource "aws_cloudfront_distribution" "good" {
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
  logging_config {
    bucket = "cf-logs.s3.amazonaws.com"
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

# Standard logging v2: a CloudWatch Logs delivery source for the distribution's access logs.
resource "aws_cloudfront_distribution" "logged_v2" {
  enabled = true
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
    cloudfront_default_certificate = true
  }
}

resource "aws_cloudwatch_log_delivery_source" "logged_v2" {
  name         = "cloudfront-access"
  log_type     = "ACCESS_LOGS"
  resource_arn = aws_cloudfront_distribution.logged_v2.arn
}

resource "aws_cloudwatch_log_delivery_destination" "logs" {
  name = "cloudfront-access-s3"
  delivery_destination_configuration {
    destination_resource_arn = "arn:aws:s3:::cf-logs"
  }
}

resource "aws_cloudwatch_log_delivery" "logged_v2" {
  delivery_source_name     = aws_cloudwatch_log_delivery_source.logged_v2.name
  delivery_destination_arn = aws_cloudwatch_log_delivery_destination.logs.arn
}
