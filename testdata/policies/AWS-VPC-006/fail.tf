resource "aws_vpc" "unmanaged" { # expect: AWS-VPC-006
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "open" { # expect: AWS-VPC-006
  cidr_block = "10.1.0.0/16"
}

resource "aws_default_security_group" "open" {
  vpc_id = aws_vpc.open.id
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
