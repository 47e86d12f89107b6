resource "aws_instance" "encrypted" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
}

resource "aws_instance" "ami_defaults" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}
