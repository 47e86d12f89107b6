variable "encrypt_cache" {
  type = bool
}

resource "aws_api_gateway_method_settings" "encrypted" {
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    caching_enabled      = true
    cache_data_encrypted = true
  }
}

resource "aws_api_gateway_method_settings" "no_cache" {
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "orders/GET"
  settings {
    logging_level = "ERROR"
  }
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_api_gateway_method_settings" "from_variable" {
  rest_api_id = "abc123"
  stage_name  = "prod"
  method_path = "orders/POST"
  settings {
    caching_enabled      = true
    cache_data_encrypted = var.encrypt_cache
  }
}
