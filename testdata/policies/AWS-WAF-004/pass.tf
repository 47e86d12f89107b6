resource "aws_waf_web_acl" "edge" {
  name        = "edge"
  metric_name = "edge"
  default_action {
    type = "ALLOW"
  }
  logging_configuration {
    log_destination = "arn:aws:firehose:us-east-1:111122223333:deliverystream/aws-waf-logs-edge"
  }
}
