resource "aws_athena_workgroup" "analysts" {
  name = "analysts"
  configuration {
    publish_cloudwatch_metrics_enabled = true
  }
}
