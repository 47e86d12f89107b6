resource "aws_sqs_queue" "this" {
  name = "queue"
  tags = {
    Service = "queue"
  }
}
