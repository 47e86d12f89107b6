resource "aws_cloudwatch_log_group" "year" {
  name              = "/app/web"
  retention_in_days = 365
}

# No retention: CloudWatch never expires the events.
resource "aws_cloudwatch_log_group" "forever" {
  name = "/app/audit"
}

resource "aws_cloudwatch_log_group" "zero" {
  name              = "/app/zero"
  retention_in_days = 0
}

variable "retention" {
  type = number
}

resource "aws_cloudwatch_log_group" "from_variable" {
  name              = "/app/var"
  retention_in_days = var.retention
}
