locals {
  ports = [22, 443]
  sources = {
    office = "10.0.0.0/8"
    public = "0.0.0.0/0"
  }
}

resource "aws_s3_bucket" "disabled" {
  count  = 0
  bucket = "never-created"
}

resource "aws_s3_bucket" "pair" {
  count  = 2
  bucket = "pair-${count.index}"
}

resource "aws_security_group" "by_source" {
  for_each = local.sources
  name     = each.key
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [each.value]
  }
}

resource "aws_security_group" "dynamic" {
  name = "dynamic"
  dynamic "ingress" {
    for_each = local.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

data "aws_vpc" "main" {
  default = true
}

resource "aws_security_group" "from_data" {
  name = "from-data"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [data.aws_vpc.main.cidr_block]
  }
}
