resource "aws_lambda_function" "untraced" { # expect: AWS-LAMBDA-002
  function_name = "untraced"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "app.handler"
  filename      = "app.zip"
  runtime       = "python3.13"
}

resource "aws_lambda_function" "passthrough" {
  function_name = "passthrough"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "app.handler"
  filename      = "app.zip"
  runtime       = "python3.13"
  tracing_config {
    mode = "PassThrough" # expect: AWS-LAMBDA-002
  }
}
