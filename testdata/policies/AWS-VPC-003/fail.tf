resource "aws_network_acl" "public" {
  vpc_id = "vpc-12345678"
  ingress {
    protocol   = "tcp"
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0" # expect: AWS-VPC-003
    from_port  = 22
    to_port    = 22
  }
}

resource "aws_network_acl_rule" "everything" {
  network_acl_id = "acl-12345678"
  rule_number    = 200
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
  cidr_block     = "0.0.0.0/0" # expect: AWS-VPC-003
}

resource "aws_default_network_acl" "default" {
  default_network_acl_id = "acl-87654321"
  ingress {
    protocol   = -1
    rule_no    = 100
    action     = "allow"
    cidr_block = "0.0.0.0/0" # expect: AWS-VPC-003
    from_port  = 0
    to_port    = 0
  }
}
