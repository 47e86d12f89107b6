resource "aws_instance" "root" { # expect: AWS-EC2-015
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  root_block_device {
    volume_size = 30
  }
}

resource "aws_instance" "data" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  ebs_block_device {
    device_name = "/dev/sdf"
    encrypted   = false # expect: AWS-EC2-015
  }
}
