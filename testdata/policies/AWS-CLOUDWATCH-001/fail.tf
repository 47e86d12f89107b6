resource "aws_cloudwatch_log_group" "short" {
  name              = "/app/web"
  retention_in_days = 30 # expect: AWS-CLOUDWATCH-001
}
