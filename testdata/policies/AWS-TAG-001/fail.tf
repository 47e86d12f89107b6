resource "aws_s3_bucket" "untagged" { # expect: AWS-TAG-001
  bucket = "untagged"
}

resource "aws_instance" "partly" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  tags = { # expect: AWS-TAG-001
    Owner = "platform"
  }
}

# Default tags come from the configuration that manages the resource: this one has no Environment.
provider "aws" {
  alias  = "west"
  region = "us-west-2"
  default_tags {
    tags = {
      Owner = "platform"
    }
  }
}

resource "aws_sqs_queue" "west" { # expect: AWS-TAG-001
  provider = aws.west
  name     = "west"
}
