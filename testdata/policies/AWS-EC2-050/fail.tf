resource "aws_security_group" "web" {
  name = "web"
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: AWS-EC2-050
  }
}

resource "aws_vpc_security_group_ingress_rule" "http_v6" {
  security_group_id = aws_security_group.web.id
  cidr_ipv6         = "::/0" # expect: AWS-EC2-050
  from_port         = 80
  to_port           = 80
  ip_protocol       = "tcp"
}

resource "aws_security_group_rule" "range" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  from_port         = 0
  to_port           = 1024
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: AWS-EC2-050
}
