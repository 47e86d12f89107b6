resource "aws_security_group" "app" {
  name = "app"
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"] # expect: AWS-EC2-051
  }
}

resource "aws_vpc_security_group_egress_rule" "all_v6" {
  security_group_id = aws_security_group.app.id
  cidr_ipv6         = "::/0" # expect: AWS-EC2-051
  ip_protocol       = "-1"
}

resource "aws_security_group_rule" "all_out" {
  type              = "egress"
  security_group_id = aws_security_group.app.id
  from_port         = 0
  to_port           = 65535
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: AWS-EC2-051
}
