resource "aws_lambda_permission" "from_s3" {
  action        = "lambda:InvokeFunction"
  function_name = "thumbnailer"
  principal     = "s3.amazonaws.com" # expect: AWS-LAMBDA-005
}
