module "internal" {
  source = "./modules/sg"
  name   = "internal"
  cidr   = "10.0.0.0/8"
}

module "public" {
  source = "./modules/sg"
  name   = "public"
  cidr   = "0.0.0.0/0"
}

module "loop" {
  source = "./modules/loop"
}

locals {
  a = local.b
  b = local.a
}

resource "aws_s3_bucket" "cyclic" {
  bucket = local.a
}
