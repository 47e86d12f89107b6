resource "aws_s3_bucket_policy" "partner" {
  bucket = "shared-data"
  policy = jsonencode({ # expect: AWS-S3-016
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = ["s3:GetObject", "s3:PutObjectAcl"]
      Resource  = "arn:aws:s3:::shared-data/*"
    }]
  })
}

resource "aws_s3_bucket_policy" "wild" {
  bucket = "other-data"
  policy = jsonencode({ # expect: AWS-S3-016
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "arn:aws:s3:::other-data"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }
    }]
  })
}
