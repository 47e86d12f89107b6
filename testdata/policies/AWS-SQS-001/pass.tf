# SSE-SQS by default.
resource "aws_sqs_queue" "default" {
  name = "default"
}

resource "aws_sqs_queue" "kms" {
  name                    = "kms"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = "alias/app-queues"
}
