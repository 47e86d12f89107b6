resource "aws_wafv2_web_acl" "empty" { # expect: AWS-WAF-002
  name  = "empty"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "empty"
    sampled_requests_enabled   = true
  }
}
