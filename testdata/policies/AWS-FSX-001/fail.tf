resource "aws_fsx_openzfs_file_system" "home" { # expect: AWS-FSX-001
  storage_capacity    = 64
  subnet_ids          = ["subnet-0a1b2c3d"]
  deployment_type     = "SINGLE_AZ_1"
  throughput_capacity = 64
  copy_tags_to_backups = true
}

resource "aws_fsx_lustre_file_system" "scratch" { # expect: AWS-FSX-001
  storage_capacity = 1200
  subnet_ids       = ["subnet-0a1b2c3d"]
  deployment_type  = "PERSISTENT_2"
}
