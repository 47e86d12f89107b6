resource "aws_launch_template" "nodes" { # expect: AWS-EC2-011
  name_prefix   = "nodes-"
  image_id      = "ami-0abcdef1234567890"
  instance_type = "m5.large"
}
