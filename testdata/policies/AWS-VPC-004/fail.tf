resource "aws_security_group" "dev" {
  name = "dev"
  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: AWS-VPC-004
  }
}

resource "aws_vpc_security_group_ingress_rule" "smb" {
  security_group_id = "sg-12345678"
  cidr_ipv6         = "::/0" # expect: AWS-VPC-004
  from_port         = 445
  to_port           = 445
  ip_protocol       = "tcp"
}
