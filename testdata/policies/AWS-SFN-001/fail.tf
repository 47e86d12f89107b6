resource "aws_sfn_state_machine" "orders" { # expect: AWS-SFN-001
  name       = "orders"
  role_arn   = "arn:aws:iam::111122223333:role/sfn"
  definition = "{}"
}

resource "aws_sfn_state_machine" "off" {
  name       = "off"
  role_arn   = "arn:aws:iam::111122223333:role/sfn"
  definition = "{}"
  logging_configuration {
    level = "OFF" # expect: AWS-SFN-001
  }
}
