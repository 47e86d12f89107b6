resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

variable "logging_level" {
  type = string
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = "dep123"
  stage_name    = "prod"
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    logging_level   = "ERROR"
    metrics_enabled = true
  }
}

# The level comes from a variable without a value: unknown, not reported.
resource "aws_api_gateway_stage" "staging" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = "dep123"
  stage_name    = "staging"
}

resource "aws_api_gateway_method_settings" "staging" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = aws_api_gateway_stage.staging.stage_name
  method_path = "*/*"
  settings {
    logging_level = var.logging_level
  }
}
