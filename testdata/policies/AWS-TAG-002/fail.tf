resource "aws_rds_cluster" "untagged" { # expect: AWS-TAG-002
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
}

resource "aws_dynamodb_table" "other_tags" {
  name         = "sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
  tags = { # expect: AWS-TAG-002
    Owner = "platform"
  }
}

resource "aws_s3_bucket" "empty_value" {
  bucket = "data"
  tags = {
    BackupPlan = "" # expect: AWS-TAG-002
  }
}
