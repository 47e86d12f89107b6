resource "aws_dynamodb_table" "orders" { # expect: AWS-DYNAMODB-001
  name     = "orders"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "disabled" {
  name     = "sessions"
  hash_key = "id"
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = false # expect: AWS-DYNAMODB-001
  }
}
