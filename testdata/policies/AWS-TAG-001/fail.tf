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
