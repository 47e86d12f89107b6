resource "aws_sfn_state_machine" "orders" {
  name       = "orders"
  role_arn   = "arn:aws:iam::111122223333:role/sfn"
  definition = "{}"
  logging_configuration {
    log_destination = "arn:aws:logs:eu-west-1:111122223333:log-group:sfn:*"
    level           = "ERROR"
  }
}
