resource "aws_fsx_openzfs_file_system" "home" {
  storage_capacity    = 64
  subnet_ids          = ["subnet-0a1b2c3d"]
  deployment_type     = "SINGLE_AZ_1" # expect: AWS-FSX-002
  throughput_capacity = 64
}

resource "aws_fsx_windows_file_system" "shares" { # expect: AWS-FSX-002
  storage_capacity    = 32
  subnet_ids          = ["subnet-0a1b2c3d"]
  throughput_capacity = 32
}
