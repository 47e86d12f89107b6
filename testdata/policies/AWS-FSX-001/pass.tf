resource "aws_fsx_openzfs_file_system" "home" {
  storage_capacity    = 64
  subnet_ids          = ["subnet-0a1b2c3d"]
  deployment_type     = "SINGLE_AZ_1"
  throughput_capacity = 64
  copy_tags_to_backups = true
  copy_tags_to_volumes = true
}

resource "aws_fsx_lustre_file_system" "scratch" {
  storage_capacity = 1200
  subnet_ids       = ["subnet-0a1b2c3d"]
  deployment_type  = "PERSISTENT_2"
  copy_tags_to_backups = true
}
