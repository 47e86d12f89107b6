resource "aws_lambda_function" "current" {
  function_name = "current"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "app.handler"
  filename      = "app.zip"
  runtime       = "python3.13"
}

resource "aws_lambda_function" "image" {
  function_name = "image"
  role          = "arn:aws:iam::111122223333:role/lambda"
  package_type  = "Image"
  image_uri     = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1"
}

variable "runtime" {
  type = string
}

resource "aws_lambda_function" "from_variable" {
  function_name = "from-variable"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "app.handler"
  filename      = "app.zip"
  runtime       = var.runtime
}
