resource "aws_rds_cluster" "guarded" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  lifecycle {
    prevent_destroy = true
  }
}

# Terraform cannot destroy a non-empty bucket without force_destroy.
resource "aws_s3_bucket" "data" {
  bucket = "data"
}

resource "aws_kms_key" "data" {
  enable_key_rotation = true
}
