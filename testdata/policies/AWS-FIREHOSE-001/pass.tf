variable "encrypt" {
  type = bool
}

resource "aws_kinesis_firehose_delivery_stream" "encrypted" {
  name        = "clickstream"
  destination = "extended_s3"

  server_side_encryption {
    enabled  = true
    key_type = "CUSTOMER_MANAGED_CMK"
    key_arn  = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::111122223333:role/firehose"
    bucket_arn = "arn:aws:s3:::clickstream-archive"
  }
}

# Reads from a Kinesis data stream: encryption is the source's.
resource "aws_kinesis_firehose_delivery_stream" "from_stream" {
  name        = "orders"
  destination = "extended_s3"

  kinesis_source_configuration {
    kinesis_stream_arn = "arn:aws:kinesis:eu-west-1:111122223333:stream/orders"
    role_arn           = "arn:aws:iam::111122223333:role/firehose"
  }

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::111122223333:role/firehose"
    bucket_arn = "arn:aws:s3:::orders-archive"
  }
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_kinesis_firehose_delivery_stream" "from_variable" {
  name        = "audit"
  destination = "extended_s3"

  server_side_encryption {
    enabled = var.encrypt
  }

  extended_s3_configuration {
    role_arn   = "arn:aws:iam::111122223333:role/firehose"
    bucket_arn = "arn:aws:s3:::audit-archive"
  }
}
