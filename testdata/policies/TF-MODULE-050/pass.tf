module "pinned" {
  source = "git::https://example.com/acme/vpc.git//modules/subnets?ref=3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39"
}

module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}

module "private_registry" {
  source  = "app.terraform.io/acme/network/aws"
  version = "~> 2.0"
}

module "archive" {
  source = "s3::https://s3-eu-west-1.amazonaws.com/acme-modules/vpc.zip"
}
