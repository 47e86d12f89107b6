resource "aws_vpn_connection" "office" {
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
      log_enabled   = true
      log_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:vpn"
    }
  }
}
