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

resource "aws_apigatewayv2_api" "http" {
  name          = "orders"
  protocol_type = "HTTP"
}

# The catch-all route of an HTTP API.
resource "aws_apigatewayv2_route" "catch_all" { # expect: AWS-APIGW-006
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "$default"
}

resource "aws_apigatewayv2_route" "catch_all_explicit" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "$default"
  authorization_type = "NONE" # expect: AWS-APIGW-006
}
