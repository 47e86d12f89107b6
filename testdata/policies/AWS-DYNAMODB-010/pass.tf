variable "protect" {
  type = bool
}

resource "aws_dynamodb_table" "orders" {
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  deletion_protection_enabled = true
}

resource "aws_dynamodb_table" "configurable" {
  name         = "configurable"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  deletion_protection_enabled = var.protect
}
