resource "aws_lambda_function" "traced" {
  function_name = "traced"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "app.handler"
  filename      = "app.zip"
  runtime       = "python3.13"
  tracing_config {
    mode = "Active"
  }
}
