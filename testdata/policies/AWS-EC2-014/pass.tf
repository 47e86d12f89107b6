resource "aws_launch_template" "encrypted" {
  name_prefix = "encrypted-"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      encrypted   = true
      volume_size = 50
    }
  }
}

resource "aws_launch_template" "ami_defaults" {
  name_prefix = "ami-"
  image_id    = "ami-0abcdef1234567890"
}
