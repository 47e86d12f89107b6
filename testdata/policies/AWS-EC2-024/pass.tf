resource "aws_spot_fleet_request" "workers" {
  iam_fleet_role  = "arn:aws:iam::111122223333:role/spot-fleet"
  target_capacity = 2
  launch_specification {
    ami           = "ami-0abcdef1234567890"
    instance_type = "m5.large"
    root_block_device {
      volume_size = 50
      encrypted   = true
    }
  }
}
