resource "aws_elb" "web" {
  name    = "web"
  subnets = [aws_subnet.a.id, aws_subnet.b.id]
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}

resource "aws_subnet" "a" {
  vpc_id     = "vpc-0a1b2c3d"
  cidr_block = "10.0.1.0/24"
}

resource "aws_subnet" "b" {
  vpc_id     = "vpc-0a1b2c3d"
  cidr_block = "10.0.2.0/24"
}

variable "zones" {
  type = list(string)
}

resource "aws_elb" "param" {
  name               = "param"
  availability_zones = var.zones
  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http"
  }
}
