variable "authorization" {
  type = string
}

resource "aws_api_gateway_method" "get_orders" {
  rest_api_id   = "abc123"
  resource_id   = "res123"
  http_method   = "GET"
  authorization = "COGNITO_USER_POOLS"
  authorizer_id = "auth123"
}

resource "aws_api_gateway_method" "preflight" {
  rest_api_id   = "abc123"
  resource_id   = "res123"
  http_method   = "OPTIONS"
  authorization = "NONE"
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_api_gateway_method" "from_variable" {
  rest_api_id   = "abc123"
  resource_id   = "res123"
  http_method   = "DELETE"
  authorization = var.authorization
}

resource "aws_apigatewayv2_route" "jwt" {
  api_id             = "def456"
  route_key          = "GET /orders"
  authorization_type = "JWT"
  authorizer_id      = "jwt123"
}

resource "aws_apigatewayv2_route" "iam" {
  api_id             = "def456"
  route_key          = "POST /orders"
  authorization_type = "AWS_IAM"
}

# WebSocket routes other than $connect cannot have an authorizer.
resource "aws_apigatewayv2_route" "websocket_message" {
  api_id    = "ws789"
  route_key = "sendmessage"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "orders"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "catch_all_jwt" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "$default"
  authorization_type = "JWT"
  authorizer_id      = "jwt123"
}

resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

# A WebSocket API's $default route cannot have an authorizer.
resource "aws_apigatewayv2_route" "chat_default" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$default"
}

# The API is not in the scan: whether it is an HTTP or a WebSocket API is unknown, not reported.
resource "aws_apigatewayv2_route" "elsewhere_default" {
  api_id    = "ghi012"
  route_key = "$default"
}
