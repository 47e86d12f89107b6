resource "aws_kinesis_firehose_delivery_stream" "logs" {
  name        = "logs"
  destination = "extended_s3"
  extended_s3_configuration {
    role_arn   = "arn:aws:iam::111122223333:role/firehose"
    bucket_arn = "arn:aws:s3:::logs"
  }
  server_side_encryption {
    enabled  = true
    key_type = "AWS_OWNED_CMK" # expect: AWS-FIREHOSE-050
  }
}

resource "aws_kinesis_firehose_delivery_stream" "default_key" { # expect: AWS-FIREHOSE-050
  name        = "default-key"
  destination = "extended_s3"
  extended_s3_configuration {
    role_arn   = "arn:aws:iam::111122223333:role/firehose"
    bucket_arn = "arn:aws:s3:::logs"
  }
  server_side_encryption {
    enabled = true
  }
}
