resource "aws_vpn_connection" "office" { # expect: AWS-EC2-023
  customer_gateway_id = "cgw-0123456789abcdef0"
  transit_gateway_id  = "tgw-0123456789abcdef0"
  type                = "ipsec.1"
}

resource "aws_vpn_connection" "half" {
  customer_gateway_id = "cgw-0123456789abcdef0"
  transit_gateway_id  = "tgw-0123456789abcdef0"
  type                = "ipsec.1"
  tunnel1_log_options {
    cloudwatch_log_options {
      log_enabled   = true
      log_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:vpn"
    }
  }
  tunnel2_log_options {
    cloudwatch_log_options {
      log_enabled = false # expect: AWS-EC2-023
    }
  }
}
