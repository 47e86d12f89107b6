resource "aws_iam_policy" "reader" {
  name = "reader"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:List*"], Resource = "*" }]
  })
}

resource "aws_iam_policy" "scoped" {
  name = "scoped"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:PutObject", Resource = "arn:aws:s3:::uploads/*" }]
  })
}

resource "aws_iam_policy" "conditioned" {
  name = "conditioned"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "ec2:TerminateInstances"
      Resource  = "*"
      Condition = { StringEquals = { "aws:ResourceTag/team" = "ops" } }
    }]
  })
}

# Wildcard-only actions cannot be scoped to a resource.
resource "aws_iam_policy" "metrics" {
  name = "metrics"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "cloudwatch:PutMetricData", Resource = "*" }]
  })
}

# Taken back by an unconditional Deny.
resource "aws_iam_policy" "denied" {
  name = "denied"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "dynamodb:DeleteTable", Resource = "*" },
      { Effect = "Deny", Action = "dynamodb:Delete*", Resource = "*" },
    ]
  })
}

# Full administrator access is AWS-IAM-001's finding.
resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
