resource "aws_dynamodb_table" "orders" { # expect: AWS-RECOVERY-001
  name         = "orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_s3_bucket" "scratch" {
  bucket        = "scratch"
  force_destroy = true # expect: AWS-RECOVERY-001
}

resource "aws_rds_cluster" "unguarded" { # expect: AWS-RECOVERY-001
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  lifecycle {
    prevent_destroy = false
  }
}
