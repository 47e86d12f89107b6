resource "aws_lb" "web" { # expect: AWS-ELB-010
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]
}
