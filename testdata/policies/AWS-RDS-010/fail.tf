resource "aws_rds_cluster" "default" { # expect: AWS-RDS-010
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  master_username    = "app"
  manage_master_user_password = true
}

resource "aws_rds_cluster" "off" {
  cluster_identifier = "billing"
  engine             = "aurora-mysql"
  master_username    = "app"
  manage_master_user_password = true
  storage_encrypted  = false # expect: AWS-RDS-010
}
