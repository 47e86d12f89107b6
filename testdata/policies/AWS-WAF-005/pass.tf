resource "aws_wafregional_rule" "bad_ips" {
  name        = "bad-ips"
  metric_name = "badips"
  predicate {
    type    = "IPMatch"
    data_id = "11111111-2222-3333-4444-555555555555"
    negated = false
  }
}

resource "aws_waf_rule_group" "group" {
  name        = "group"
  metric_name = "group"
  activated_rule {
    action {
      type = "BLOCK"
    }
    priority = 1
    rule_id  = "11111111-2222-3333-4444-555555555555"
  }
}

resource "aws_waf_web_acl" "edge" {
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
