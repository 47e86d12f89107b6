resource "aws_lb" "web" {
  name                   = "web"
  subnets                = ["subnet-1", "subnet-2"]
  desync_mitigation_mode = "monitor" # expect: AWS-ELB-009
}
