variable "tracing" {
  type = bool
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = "abc123"
  deployment_id        = "dep123"
  stage_name           = "prod"
  xray_tracing_enabled = true
}

# Decided by a variable without a value: unknown, not reported.
resource "aws_api_gateway_stage" "from_variable" {
  rest_api_id          = "abc123"
  deployment_id        = "dep123"
  stage_name           = "staging"
  xray_tracing_enabled = var.tracing
}
