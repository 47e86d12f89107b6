resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # expect: AWS-EC2-004
  }
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  security_group_id = aws_security_group.db.id
  cidr_ipv6         = "::/0" # expect: AWS-EC2-004
  from_port         = 6379
  to_port           = 6379
  ip_protocol       = "tcp"
}
