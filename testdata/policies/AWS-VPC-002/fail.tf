resource "aws_default_security_group" "default" {
  vpc_id = "vpc-12345678"
  ingress {
    protocol  = -1 # expect: AWS-VPC-002
    self      = true
    from_port = 0
    to_port   = 0
  }
}
