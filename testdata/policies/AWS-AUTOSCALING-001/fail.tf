resource "aws_launch_configuration" "web" { # expect: AWS-AUTOSCALING-001
  name_prefix   = "web-"
  image_id      = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}

resource "aws_launch_configuration" "optional" {
  name_prefix   = "optional-"
  image_id      = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "optional" # expect: AWS-AUTOSCALING-001
  }
}
