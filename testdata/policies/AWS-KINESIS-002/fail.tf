resource "aws_kinesis_stream" "events" { # expect: AWS-KINESIS-002
  name        = "events"
  shard_count = 1
}

resource "aws_kinesis_stream" "short" {
  name             = "short"
  shard_count      = 1
  retention_period = 48 # expect: AWS-KINESIS-002
}
