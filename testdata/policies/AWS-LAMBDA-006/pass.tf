resource "aws_kms_key" "lambda" {
  description = "lambda"
}

resource "aws_lambda_function" "encrypted" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "app.handler"
  filename      = "app.zip"
  runtime       = "python3.13"
  kms_key_arn   = aws_kms_key.lambda.arn
  environment {
    variables = {
      TABLE = "orders"
    }
  }
}

# No environment variables, nothing to encrypt.
resource "aws_lambda_function" "plain" {
  function_name = "plain"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "app.handler"
  filename      = "app.zip"
  runtime       = "python3.13"
}
