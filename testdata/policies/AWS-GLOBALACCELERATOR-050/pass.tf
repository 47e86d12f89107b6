resource "aws_globalaccelerator_accelerator" "edge" {
  name = "edge"
  attributes {
    flow_logs_enabled   = true
    flow_logs_s3_bucket = "flow-logs"
    flow_logs_s3_prefix = "edge/"
  }
}
