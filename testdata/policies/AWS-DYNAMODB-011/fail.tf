resource "aws_dynamodb_table" "orders" { # expect: AWS-DYNAMODB-011
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

# The AWS managed key aws/dynamodb.
resource "aws_dynamodb_table" "sessions" { # expect: AWS-DYNAMODB-011
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  server_side_encryption {
    enabled = true
  }
}
