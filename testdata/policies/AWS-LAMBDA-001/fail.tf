resource "aws_lambda_function" "legacy" {
  function_name = "legacy"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "app.handler"
  filename      = "app.zip"
  runtime       = "python3.7" # expect: AWS-LAMBDA-001
}

resource "aws_lambda_function" "go" {
  function_name = "go"
  role          = "arn:aws:iam::111122223333:role/lambda"
  handler       = "bootstrap"
  filename      = "go.zip"
  runtime       = "go1.x" # expect: AWS-LAMBDA-001
}
