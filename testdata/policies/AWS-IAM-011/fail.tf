resource "aws_iam_policy" "deployer" {
  name = "deployer"
  policy = jsonencode({ # expect: AWS-IAM-011
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:PassRole", "lambda:UpdateFunctionCode"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = jsonencode({ Statement = [] })
  inline_policy {
    name   = "pass"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:Pass*", Resource = ["*"] }] }) # expect: AWS-IAM-011
  }
}
