resource "aws_lb" "web" { # expect: AWS-ELB-006
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]
}
