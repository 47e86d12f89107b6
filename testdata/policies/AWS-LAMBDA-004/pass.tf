resource "aws_lambda_permission" "org" {
  action           = "lambda:InvokeFunction"
  function_name    = "api"
  principal        = "*"
  principal_org_id = "o-abc123def4"
}

resource "aws_lambda_permission" "bucket" {
  action         = "lambda:InvokeFunction"
  function_name  = "api"
  principal      = "s3.amazonaws.com"
  source_arn     = "arn:aws:s3:::uploads"
  source_account = "111122223333"
}

variable "principal" {
  type = string
}

resource "aws_lambda_permission" "from_variable" {
  action        = "lambda:InvokeFunction"
  function_name = "api"
  principal     = var.principal
  source_arn    = "arn:aws:execute-api:eu-west-1:111122223333:abc123/*"
}
