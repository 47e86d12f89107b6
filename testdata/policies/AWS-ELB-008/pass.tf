resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["eu-west-1a"]
  listener {
    lb_port           = 443
    lb_protocol       = "tcp"
    instance_port     = 443
    instance_protocol = "tcp"
  }
  access_logs {
    bucket = "lb-logs"
  }
}
