resource "aws_security_group" "inline" {
  name = "inline-ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8", "0.0.0.0/0"] # expect: AWS-EC2-001
  }
}

resource "aws_security_group_rule" "range" {
  type              = "ingress"
  security_group_id = aws_security_group.inline.id
  from_port         = 0
  to_port           = 1024
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"] # expect: AWS-EC2-001
}

resource "aws_vpc_security_group_ingress_rule" "ipv6" {
  security_group_id = aws_security_group.inline.id
  cidr_ipv6         = "::/0" # expect: AWS-EC2-001
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

# Every port, SSH included: reported once, by AWS-EC2-003, not again here.
resource "aws_vpc_security_group_ingress_rule" "everything" {
  security_group_id = aws_security_group.inline.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

variable "admin_cidr" {
  default = "0.0.0.0/0"
}

resource "aws_security_group_rule" "from_variable_default" {
  type              = "ingress"
  security_group_id = aws_security_group.inline.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = [var.admin_cidr] # expect: AWS-EC2-001
}
