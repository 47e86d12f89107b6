resource "aws_kinesis_firehose_delivery_stream" "default" { # expect: AWS-FIREHOSE-001
  name        = "clickstream"
  destination = "extended_s3"

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::111122223333:role/firehose"
    bucket_arn = "arn:aws:s3:::clickstream-archive"
  }
}

resource "aws_kinesis_firehose_delivery_stream" "disabled" {
  name        = "audit"
  destination = "extended_s3"

  server_side_encryption {
    enabled = false # expect: AWS-FIREHOSE-001
  }

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::111122223333:role/firehose"
    bucket_arn = "arn:aws:s3:::audit-archive"
  }
}
