resource "aws_rds_cluster" "aurora" { # expect: AWS-RDS-050
  cluster_identifier = "aurora"
  engine             = "aurora-postgresql"
  master_username    = "app"
  storage_encrypted  = true
}
