resource "aws_iam_role_policy" "ci" {
  role = "ci"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111122223333:role/deploy-*" }]
  })
}

resource "aws_iam_role_policy" "org" {
  role = "org"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Resource  = "*"
      Condition = { StringEquals = { "aws:ResourceOrgID" = "o-abc123" } }
    }]
  })
}

resource "aws_iam_role_policy" "admin" {
  role   = "admin"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
