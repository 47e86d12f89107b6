resource "aws_s3_bucket" "no_policy" { # expect: AWS-S3-012
  bucket = "no-policy"
}

resource "aws_s3_bucket" "allow_only" { # expect: AWS-S3-012
  bucket = "allow-only"
}

resource "aws_s3_bucket_policy" "allow_only" {
  bucket = aws_s3_bucket.allow_only.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "s3:GetObject", Resource = "arn:aws:s3:::allow-only/*" }]
  })
}
