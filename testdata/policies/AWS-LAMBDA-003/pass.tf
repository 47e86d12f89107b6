resource "aws_lambda_function_url" "iam" {
  function_name      = "webhook"
  authorization_type = "AWS_IAM"
}

variable "auth" {
  type = string
}

resource "aws_lambda_function_url" "from_variable" {
  function_name      = "other"
  authorization_type = var.auth
}
