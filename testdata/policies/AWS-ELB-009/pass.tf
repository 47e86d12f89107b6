resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]
}

resource "aws_elb" "classic" {
  name                   = "classic"
  availability_zones     = ["eu-west-1a"]
  desync_mitigation_mode = "strictest"
  listener {
    lb_port           = 443
    lb_protocol       = "tcp"
    instance_port     = 443
    instance_protocol = "tcp"
  }
}
