resource "aws_subnet" "private" {
  vpc_id     = "vpc-12345678"
  cidr_block = "10.0.1.0/24"
}
