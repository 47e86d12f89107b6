resource "aws_sfn_state_machine" "orders" { # expect: AWS-SFN-002
  name       = "orders"
  role_arn   = "arn:aws:iam::111122223333:role/sfn"
  definition = "{}"
}
