resource "aws_waf_web_acl" "edge" { # expect: AWS-WAF-004
  name        = "edge"
  metric_name = "edge"
  default_action {
    type = "ALLOW"
  }
  rules {
    priority = 1
    rule_id  = "11111111-2222-3333-4444-555555555555"
    action {
      type = "BLOCK"
    }
  }
}
