resource "aws_autoscaling_group" "web" { # expect: AWS-AUTOSCALING-004
  max_size            = 4
  min_size            = 2
  vpc_zone_identifier = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  launch_template {
    id      = "lt-0abcdef1234567890"
    version = "$Latest"
  }
  target_group_arns = ["arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef"]
}
