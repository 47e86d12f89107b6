variable "extra_tags" {
  type = map(string)
}

resource "aws_s3_bucket" "tagged" {
  bucket = "tagged"
  tags = {
    Owner       = "platform"
    Environment = "production"
  }
}

# Tags merged from a variable without a value may hold the missing key: unknown, not reported.
resource "aws_instance" "merged" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  tags          = merge(var.extra_tags, { Owner = "platform" })
}

# Not a taggable resource type.
resource "aws_s3_bucket_versioning" "tagged" {
  bucket = aws_s3_bucket.tagged.id
  versioning_configuration {
    status = "Enabled"
  }
}

# The provider merges its default tags into every resource it manages (`tags_all`).
provider "aws" {
  default_tags {
    tags = {
      Environment = "production"
    }
  }
}

resource "aws_sqs_queue" "defaulted" {
  name = "defaulted"
  tags = {
    Owner = "platform"
  }
}
