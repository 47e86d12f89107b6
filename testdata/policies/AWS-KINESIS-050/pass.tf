resource "aws_kinesis_stream" "cmk" {
  name            = "cmk"
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.kinesis.arn
}

resource "aws_kms_key" "kinesis" {
  enable_key_rotation = true
}

# Not encrypted at all: AWS-KINESIS-001's finding.
resource "aws_kinesis_stream" "plain" {
  name = "plain"
}
