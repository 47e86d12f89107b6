resource "aws_wafv2_web_acl" "acl_off" {
  name  = "acl_off"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "aws-common"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "aws-common"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = false # expect: AWS-WAF-003
    metric_name                = "acl_off"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl" "rule_off" {
  name  = "rule_off"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  rule {
    name     = "aws-common"
    priority = 1
    override_action {
      none {}
    }
    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = false # expect: AWS-WAF-003
      metric_name                = "aws-common"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "rule_off"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_rule_group" "rate_limit" {
  name     = "rate-limit"
  scope    = "REGIONAL"
  capacity = 10

  visibility_config {
    cloudwatch_metrics_enabled = false # expect: AWS-WAF-003
    metric_name                = "rate-limit"
    sampled_requests_enabled   = true
  }
}
