resource "aws_kinesis_stream" "managed" {
  name            = "managed"
  encryption_type = "KMS"
  kms_key_id      = "alias/aws/kinesis" # expect: AWS-KINESIS-050
}

resource "aws_kinesis_stream" "no_key" { # expect: AWS-KINESIS-050
  name            = "no-key"
  encryption_type = "KMS"
}
