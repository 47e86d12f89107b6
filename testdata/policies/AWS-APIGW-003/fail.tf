resource "aws_api_gateway_stage" "default" { # expect: AWS-APIGW-003
  rest_api_id   = "abc123"
  deployment_id = "dep123"
  stage_name    = "dev"
}

resource "aws_api_gateway_stage" "off" {
  rest_api_id          = "abc123"
  deployment_id        = "dep123"
  stage_name           = "prod"
  xray_tracing_enabled = false # expect: AWS-APIGW-003
}
