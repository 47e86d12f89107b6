resource "aws_cloudwatch_metric_alarm" "root_login" {
  alarm_name          = "root-login"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 1
  metric_name         = "RootLogin"
  namespace           = "Security"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
  alarm_actions       = ["arn:aws:sns:eu-west-1:111122223333:security"]
}
