resource "aws_dynamodb_table" "orders" { # expect: AWS-DYNAMODB-010
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "sessions" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  deletion_protection_enabled = false # expect: AWS-DYNAMODB-010
}
