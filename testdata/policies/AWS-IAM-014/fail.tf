resource "aws_iam_role" "open" {
  name = "open"
  assume_role_policy = jsonencode({ # expect: AWS-IAM-014
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "*" }
    }]
  })
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_role" "from_data" {
  name               = "from-data"
  assume_role_policy = data.aws_iam_policy_document.trust.json # expect: AWS-IAM-014
}
