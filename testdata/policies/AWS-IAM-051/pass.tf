resource "aws_iam_policy" "scoped" {
  name = "scoped"
  policy = jsonencode({
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:AttachRolePolicy"
      Resource = "arn:aws:iam::111122223333:role/app-*"
    }]
  })
}

resource "aws_iam_policy" "bounded" {
  name = "bounded"
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = ["iam:CreateRole", "iam:AttachRolePolicy"]
      Resource  = "*"
      Condition = { StringEquals = { "iam:PermissionsBoundary" = "arn:aws:iam::111122223333:policy/boundary" } }
    }]
  })
}

# Write actions that are not permissions management: AWS-IAM-050's.
resource "aws_iam_policy" "writer" {
  name = "writer"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:PutObject", "iam:GetRole"], Resource = "*" }]
  })
}

# A wildcard-only permissions-management action.
resource "aws_iam_policy" "registry" {
  name = "registry"
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "ecr:PutRegistryPolicy", Resource = "*" }]
  })
}
