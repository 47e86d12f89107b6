resource "aws_kinesis_stream" "missing" { # expect: AWS-KINESIS-001
  name        = "clicks"
  shard_count = 1
}

resource "aws_kinesis_stream" "explicit" {
  name        = "clicks"
  shard_count = 1
  encryption_type = "NONE" # expect: AWS-KINESIS-001
}
