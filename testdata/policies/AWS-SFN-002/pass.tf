resource "aws_sfn_state_machine" "orders" {
  name       = "orders"
  role_arn   = "arn:aws:iam::111122223333:role/sfn"
  definition = "{}"
  tracing_configuration {
    enabled = true
  }
}
