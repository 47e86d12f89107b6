resource "aws_waf_rule" "empty" { # expect: AWS-WAF-005
  name        = "empty"
  metric_name = "empty"
}

resource "aws_wafregional_rule_group" "empty" { # expect: AWS-WAF-005
  name        = "empty"
  metric_name = "empty"
}

resource "aws_wafregional_web_acl" "empty" { # expect: AWS-WAF-005
  name        = "empty"
  metric_name = "empty"
  default_action {
    type = "BLOCK"
  }
}
