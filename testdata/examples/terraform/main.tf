# A small web application: a bucket for uploads, a database, and two web tiers from one local module.

variable "environment" {
  default = "staging"
}

variable "admin_cidr" {
  description = "Who may SSH to the web servers"
  default     = "0.0.0.0/0"
}

locals {
  tags = {
    Owner       = "web-team"
    Environment = var.environment
  }
}

resource "aws_s3_bucket" "uploads" {
  bucket = "example-uploads-${var.environment}"
  tags   = local.tags
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_db_instance" "main" {
  identifier              = "example-${var.environment}"
  engine                  = "postgres"
  instance_class          = "db.t4g.micro"
  allocated_storage       = 20
  publicly_accessible     = true
  backup_retention_period = 1
  tags                    = local.tags
}

module "web" {
  for_each   = toset(["blue", "green"])
  source     = "./modules/web"
  name       = "web-${each.key}"
  admin_cidr = var.admin_cidr
}
