module "branch" {
  source = "git::https://example.com/acme/vpc.git?ref=main" # expect: TF-MODULE-050
}

module "tag" {
  source = "github.com/acme/terraform-vpc?ref=v1.2.0" # expect: TF-MODULE-050
}

module "floating" {
  source = "git@github.com:acme/terraform-vpc.git" # expect: TF-MODULE-050
}

module "registry" {
  source = "terraform-aws-modules/vpc/aws" # expect: TF-MODULE-050
}
