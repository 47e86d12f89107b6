resource "aws_lambda_function" "api" { # expect: AWS-LAMBDA-006
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "app.handler"
  filename      = "app.zip"
  runtime       = "python3.13"
  environment {
    variables = {
      TABLE = "orders"
    }
  }
}
