resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

resource "aws_sns_topic_policy" "open" {
  arn    = aws_sns_topic.alerts.arn
  policy = jsonencode({ # expect: AWS-SNS-002
    Version = "2012-10-17"
    Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = "sns:Publish"
        Resource  = "*"
    }]
  })
}
