resource "aws_api_gateway_method_settings" "default" { # expect: AWS-APIGW-005
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    caching_enabled = true
  }
}

resource "aws_api_gateway_method_settings" "explicit" {
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "orders/GET"
  settings {
    caching_enabled      = true
    cache_data_encrypted = false # expect: AWS-APIGW-005
  }
}
