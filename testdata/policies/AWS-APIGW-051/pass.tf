resource "aws_api_gateway_request_validator" "all" {
  rest_api_id                 = "a1b2c3d4e5"
  name                        = "body-and-parameters"
  validate_request_body       = true
  validate_request_parameters = true
}

resource "aws_api_gateway_method" "create" {
  rest_api_id          = "a1b2c3d4e5"
  resource_id          = "res123"
  http_method          = "POST"
  authorization        = "AWS_IAM"
  request_validator_id = aws_api_gateway_request_validator.all.id
}

resource "aws_api_gateway_method" "preflight" {
  rest_api_id   = "a1b2c3d4e5"
  resource_id   = "res123"
  http_method   = "OPTIONS"
  authorization = "NONE"
}
