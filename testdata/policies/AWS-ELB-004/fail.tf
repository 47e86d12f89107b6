resource "aws_elb" "web" {
  name               = "web"
  availability_zones = ["eu-west-1a", "eu-west-1b"]
  listener {
    lb_port            = 443
    lb_protocol        = "https"
    instance_port      = 8080
    instance_protocol  = "http"
    ssl_certificate_id = "arn:aws:iam::111122223333:server-certificate/web-2019" # expect: AWS-ELB-004
  }
}
