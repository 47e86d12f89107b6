resource "aws_cloudwatch_log_group" "access" {
  name = "api-access"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = "abc123"
  deployment_id = "dep123"
  stage_name    = "prod"
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}

resource "aws_apigatewayv2_stage" "http" {
  api_id      = "def456"
  name        = "$default"
  auto_deploy = true
  access_log_settings {
    destination_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:api-access"
    format          = "$context.requestId"
  }
}
