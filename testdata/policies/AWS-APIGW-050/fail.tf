resource "aws_api_gateway_stage" "prod" { # expect: AWS-APIGW-050
  rest_api_id   = "a1b2c3d4e5"
  deployment_id = "abc123"
  stage_name    = "prod"
}
