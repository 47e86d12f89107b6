resource "aws_network_interface" "nat" {
  subnet_id         = "subnet-0a1b2c3d"
  source_dest_check = false # expect: AWS-EC2-022
}
