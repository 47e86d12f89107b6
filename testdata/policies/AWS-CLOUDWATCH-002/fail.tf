resource "aws_cloudwatch_log_group" "app" { # expect: AWS-CLOUDWATCH-002
  name              = "/app/web"
  retention_in_days = 365
}
