resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  listener {
    lb_port           = 80
    lb_protocol       = "http" # expect: AWS-ELB-003
    instance_port     = 8080
    instance_protocol = "http"
  }
}
