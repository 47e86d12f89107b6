resource "aws_s3_bucket" "site" {
  bucket = "public-site"
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({ # expect: AWS-S3-011
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::public-site/*"
    }]
  })
}

data "aws_iam_policy_document" "upload" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::uploads/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "upload" {
  bucket = "uploads"
  policy = data.aws_iam_policy_document.upload.json # expect: AWS-S3-011
}
