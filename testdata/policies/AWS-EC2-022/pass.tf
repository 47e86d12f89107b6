resource "aws_network_interface" "app" {
  subnet_id = "subnet-0a1b2c3d"
}
