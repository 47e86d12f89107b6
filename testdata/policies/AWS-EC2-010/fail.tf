resource "aws_instance" "default" { # expect: AWS-EC2-010
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}

resource "aws_instance" "optional" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "optional" # expect: AWS-EC2-010
  }
}
