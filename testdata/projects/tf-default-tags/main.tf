provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      Owner       = "platform"
      Environment = "production"
    }
  }
}

provider "aws" {
  alias  = "audit"
  region = "eu-west-1"
  default_tags {
    tags = {
      Owner = "audit"
    }
  }
}

# Tagged by the default configuration, which the module inherits.
module "inherits" {
  source = "./modules/queue"
}

# Only the configuration passed in tags it: no Environment.
module "passed" {
  source = "./modules/queue"
  providers = {
    aws = aws.audit
  }
}

resource "aws_s3_bucket" "root" {
  bucket = "root"
  tags = {
    Service = "storage"
  }
}
