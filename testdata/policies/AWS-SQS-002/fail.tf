resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue_policy" "open" {
  queue_url = aws_sqs_queue.jobs.id
  policy = jsonencode({ # expect: AWS-SQS-002
    Version = "2012-10-17"
    Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = "*"
    }]
  })
}

resource "aws_sqs_queue" "inline" {
  name   = "inline"
  policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": [\"*\"]}, \"Action\": \"sqs:ReceiveMessage\", \"Resource\": \"*\"}]}" # expect: AWS-SQS-002
}
