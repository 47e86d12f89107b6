resource "aws_launch_template" "plain" { # expect: AWS-EC2-014
  name_prefix = "plain-"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 50
    }
  }
}

resource "aws_launch_template" "explicit" {
  name_prefix = "explicit-"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted = false # expect: AWS-EC2-014
    }
  }
}
