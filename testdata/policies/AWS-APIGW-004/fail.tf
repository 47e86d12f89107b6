resource "aws_api_gateway_stage" "prod" { # expect: AWS-APIGW-004
  rest_api_id   = "abc123"
  deployment_id = "dep123"
  stage_name    = "prod"
}
