resource "aws_api_gateway_stage" "prod" { # expect: AWS-APIGW-001
  rest_api_id   = "abc123"
  deployment_id = "dep123"
  stage_name    = "prod"
}

resource "aws_apigatewayv2_stage" "http" { # expect: AWS-APIGW-001
  api_id      = "def456"
  name        = "$default"
  auto_deploy = true
}
