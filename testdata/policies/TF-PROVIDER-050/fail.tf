terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = { # expect: TF-PROVIDER-050
      source = "hashicorp/aws"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}
