resource "aws_launch_template" "web" {
  name_prefix = "web-"
  image_id    = "ami-0abcdef1234567890"
  network_interfaces {
    associate_public_ip_address = false
  }
}
