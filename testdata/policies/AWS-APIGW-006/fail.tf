resource "aws_api_gateway_method" "get_orders" {
  rest_api_id   = "abc123"
  resource_id   = "res123"
  http_method   = "GET"
  authorization = "NONE" # expect: AWS-APIGW-006
}

resource "aws_api_gateway_method" "with_key" {
  rest_api_id      = "abc123"
  resource_id      = "res123"
  http_method      = "POST"
  authorization    = "NONE" # expect: AWS-APIGW-006
  api_key_required = true
}

resource "aws_apigatewayv2_route" "default_type" { # expect: AWS-APIGW-006
  api_id    = "def456"
  route_key = "GET /orders"
}

resource "aws_apigatewayv2_route" "explicit" {
  api_id             = "def456"
  route_key          = "POST /orders"
  authorization_type = "NONE" # expect: AWS-APIGW-006
}
