resource "aws_sns_topic" "jobs" {
  name = "jobs"
}

resource "aws_lambda_permission" "from_topic" {
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.jobs.arn
}

resource "aws_lambda_permission" "from_account" {
  action         = "lambda:InvokeFunction"
  function_name  = "worker"
  principal      = "s3.amazonaws.com"
  source_account = "111122223333"
}

resource "aws_lambda_permission" "other_account" {
  action        = "lambda:InvokeFunction"
  function_name = "worker"
  principal     = "444455556666"
}
