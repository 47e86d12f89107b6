resource "aws_security_group" "windows" {
  name = "rdp"
  ingress {
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"] # expect: AWS-EC2-002
  }
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = aws_security_group.windows.id
  cidr_ipv4         = "0.0.0.0/0" # expect: AWS-EC2-002
  from_port         = 3000
  to_port           = 4000
  ip_protocol       = "tcp"
}
