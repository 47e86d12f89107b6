resource "aws_fsx_ontap_file_system" "nas" {
  storage_capacity    = 1024
  subnet_ids          = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  preferred_subnet_id = "subnet-0a1b2c3d"
  deployment_type     = "MULTI_AZ_1"
  throughput_capacity = 128
}

resource "aws_fsx_lustre_file_system" "scratch" {
  storage_capacity = 1200
  subnet_ids       = ["subnet-0a1b2c3d"]
  deployment_type  = "PERSISTENT_2"
}
