resource "aws_dynamodb_table" "orders" { # expect: AWS-DYNAMODB-014
  name           = "orders"
  hash_key       = "id"
  read_capacity  = 5
  write_capacity = 5
  attribute {
    name = "id"
    type = "S"
  }
}
