resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]
  access_logs {
    bucket  = "lb-logs"
    enabled = true
  }
}

resource "aws_lb" "nlb" {
  name               = "nlb"
  load_balancer_type = "network"
  subnets            = ["subnet-1", "subnet-2"]
}
