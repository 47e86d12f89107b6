resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_api_gateway_stage" "no_settings" { # expect: AWS-APIGW-002
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = "dep123"
  stage_name    = "dev"
}

resource "aws_api_gateway_stage" "off" { # expect: AWS-APIGW-002
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = "dep123"
  stage_name    = "prod"
}

resource "aws_api_gateway_method_settings" "off" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = aws_api_gateway_stage.off.stage_name
  method_path = "*/*"
  settings {
    logging_level   = "OFF"
    metrics_enabled = true
  }
}
