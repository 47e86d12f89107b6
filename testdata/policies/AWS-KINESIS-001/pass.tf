variable "setting" {}

resource "aws_kinesis_stream" "good" {
  name        = "clicks"
  shard_count = 1
  encryption_type = "KMS"
}

resource "aws_kinesis_stream" "from_variable" {
  name        = "clicks"
  shard_count = 1
  encryption_type = var.setting
}
