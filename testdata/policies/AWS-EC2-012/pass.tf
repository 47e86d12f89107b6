resource "aws_instance" "private" {
  ami                         = "ami-0abcdef1234567890"
  instance_type               = "t3.micro"
  associate_public_ip_address = false
}

resource "aws_instance" "subnet_decides" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}
