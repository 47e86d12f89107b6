resource "aws_lb" "web" {
  name                       = "web"
  subnets                    = ["subnet-1", "subnet-2"]
  enable_deletion_protection = true
}
