data "aws_caller_identity" "current" {}

resource "aws_s3_bucket_policy" "partner" {
  bucket = "shared-data"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::444455556666:root" }
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = ["arn:aws:s3:::shared-data", "arn:aws:s3:::shared-data/*"]
      },
      {
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/admin" }
        Action    = "s3:PutBucketPolicy"
        Resource  = "arn:aws:s3:::shared-data"
      },
    ]
  })
}
