resource "aws_s3_bucket" "tls" {
  bucket = "tls-only"
}

data "aws_iam_policy_document" "tls" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["arn:aws:s3:::tls-only", "arn:aws:s3:::tls-only/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tls" {
  bucket = aws_s3_bucket.tls.id
  policy = data.aws_iam_policy_document.tls.json
}

resource "aws_s3_bucket" "inline" {
  bucket = "inline-tls"
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = { AWS = "*" }
      Action    = "s3:Get*"
      Resource  = "arn:aws:s3:::inline-tls/*"
      Condition = { Bool = { "aws:SecureTransport" = false } }
    }]
  })
}
