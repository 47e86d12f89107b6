resource "aws_lb" "web" { # expect: AWS-ELB-005
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-1", "subnet-2"]
}

resource "aws_alb" "explicit" {
  name                       = "explicit"
  subnets                    = ["subnet-1", "subnet-2"]
  drop_invalid_header_fields = false # expect: AWS-ELB-005
}
