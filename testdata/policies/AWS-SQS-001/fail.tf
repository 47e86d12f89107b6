resource "aws_sqs_queue" "plain" {
  name                    = "plain"
  sqs_managed_sse_enabled = false # expect: AWS-SQS-001
}
