# A root module calling registry modules that `terraform init` downloaded into .terraform/modules/
# (written by hand here, as `terraform init` would lay them out).
module "db" {
  source              = "terraform-aws-modules/rds/aws"
  version             = "~> 6.1"
  identifier          = "orders"
  publicly_accessible = var.db_public
}

module "store" {
  source  = "acme/store/aws"
  version = ">= 2.0, < 3.0, != 2.2.0"
  name    = "orders-archive"
}

# The cache holds version 1.4.0, which this constraint refuses: stale, so not evaluated.
module "old" {
  source  = "acme/old/aws"
  version = "~> 2.0"
}

# The store module's output flows back: versioning on its bucket.
resource "aws_s3_bucket_versioning" "store" {
  bucket = module.store.bucket_id
  versioning_configuration {
    status = "Enabled"
  }
}
