# PassRole without a way to run code with the role is not escalation by itself (AWS-IAM-011 reports it).
resource "aws_iam_policy" "pass_only" {
  name = "pass-only"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole", "lambda:InvokeFunction"], Resource = "arn:aws:iam::111122223333:role/x" }]
  })
}

resource "aws_iam_policy" "scoped" {
  name = "scoped"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = ["iam:PutRolePolicy", "iam:AttachRolePolicy"]
      Resource = "arn:aws:iam::111122223333:role/app-*"
    }]
  })
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [var.extra]
  statement {
    actions   = ["iam:GetRole"]
    resources = ["*"]
  }
}

variable "extra" {
  type = string
}

# The merged document may add anything: unknown, not reported.
resource "aws_iam_policy" "merged" {
  name   = "merged"
  policy = data.aws_iam_policy_document.merged.json
}

# Updating the code of the workload's own functions only.
resource "aws_iam_role_policy" "function_deployer" {
  name = "function-deployer"
  role = "deployer"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = "arn:aws:lambda:eu-west-1:111122223333:function:app-*" }]
  })
}
