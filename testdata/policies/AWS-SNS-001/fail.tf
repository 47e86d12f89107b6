resource "aws_sns_topic" "alerts" { # expect: AWS-SNS-001
  name = "alerts"
}
